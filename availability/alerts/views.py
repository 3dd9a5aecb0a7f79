"""The alert pages: a card's alert rule, the notifications list, alert settings (with a webhook
test), and the unsubscribe link of alert emails."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from availability.alerts import emails, webhooks
from availability.alerts.forms import AlertRuleForm, AlertSettingsForm
from availability.alerts.models import AlertRule, AlertSettings, Notification
from availability.alerts.rules import AlertCriteria, not_compared_stores
from cards.wishlist.changes import tracked_card_or_404
from stores.models import Store

NOTIFICATIONS_PER_PAGE = 50


@login_required
def card_alert_rule(request, tracked_card_id: int):
    tracked = tracked_card_or_404(request.user, tracked_card_id)
    rule = AlertRule.objects.filter(tracked_card=tracked).first() or AlertRule(tracked_card=tracked)
    form = AlertRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved the alert rule for {tracked.card.name}.")
        return redirect("card_history", tracked.pk)
    defaults = AlertSettings.for_user(request.user)
    return render(request, "alerts/rule.html", {
        "tracked": tracked, "form": form, "defaults": defaults,
        **_not_compared(request.user, AlertCriteria.for_tracked_card(tracked, defaults)),
    })


def _not_compared(user, criteria: AlertCriteria) -> dict:
    """The template context of alerts/_not_compared.html."""
    stores = Store.objects.chosen_by(user)
    return {
        "not_compared": not_compared_stores(criteria, stores),
        "ceiling": criteria.max_price,
        "ceiling_currency": criteria.max_price_currency,
    }


@login_required
def notifications(request):
    """Newest first; opening the page marks what it shows as read (they stay highlighted this once)."""
    page = Paginator(
        Notification.objects.filter(user=request.user).select_related("store", "card"), NOTIFICATIONS_PER_PAGE
    ).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    unread = [n.pk for n in shown if n.read_at is None]
    Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
    # Times are in the user's zone: the middleware made it the active one (`in_zone`).
    return render(request, "alerts/notifications.html", {"page": page, "notifications": shown})


@login_required
def alert_settings(request):
    preferences = AlertSettings.for_user(request.user)
    form = AlertSettingsForm(request.POST or None, instance=preferences)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved your alert settings.")
        return redirect("alert_settings")
    criteria = AlertCriteria(
        enabled=True, specs=(), amount=1,
        max_price=preferences.max_price, max_price_currency=preferences.max_price_currency,
    )
    return render(request, "alerts/settings.html", {
        "form": form, "preferences": preferences, **_not_compared(request.user, criteria),
    })


@login_required
@require_POST
def test_webhook(request):
    """Post a test message to the saved webhook now, and say how it went."""
    preferences = AlertSettings.for_user(request.user)
    if not preferences.webhook_url:
        messages.error(request, "Save a webhook URL first.")
    else:
        try:
            webhooks.post_test(preferences.webhook_url)
        except webhooks.WebhookError as problem:
            messages.error(request, f"The test did not arrive: {problem}.")
        else:
            messages.success(request, "Test sent: look for it in your channel.")
    return redirect("alert_settings")


# Mail apps POST here for one-click unsubscribe (RFC 8058) without a CSRF token; the signed token
# in the URL is what proves the request is genuine.
@csrf_exempt
def unsubscribe(request, token: str):
    """Switch alert emails off from the link in an email, signed in or not."""
    user = emails.user_for_unsubscribe_token(token)
    if user is None:
        return render(request, "alerts/unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "POST":
        AlertSettings.objects.filter(user=user).update(email_enabled=False)
        return render(request, "alerts/unsubscribe.html", {"done": True, "email": user.email})
    return render(request, "alerts/unsubscribe.html", {"email": user.email})
