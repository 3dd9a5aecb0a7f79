"""Alert emails, and the signed link in each that switches them off without signing in."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from availability.alerts.models import Notification
from availability.preferences.zones import zone_of

UNSUBSCRIBE_SALT = "availability.emails.unsubscribe"


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_token(user) -> str:
    # Signed with SECRET_KEY, so only we can make one; it never expires, like any unsubscribe link.
    return signing.dumps({"user": user.pk, "email": user.email}, salt=UNSUBSCRIBE_SALT)


def user_for_unsubscribe_token(token: str):
    """The user a token was made for, or None when it is forged, mangled or for an old address."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    user = get_user_model().objects.filter(pk=data.get("user")).first()
    # A link mailed to an address the account no longer uses should not change its settings.
    return user if user is not None and user.email == data.get("email") else None


def unsubscribe_url(user) -> str:
    return absolute_url(reverse("alert_unsubscribe", args=[unsubscribe_token(user)]))


def history_url(notification: Notification) -> str:
    if notification.tracked_card_id is None:
        return ""
    return absolute_url(reverse("card_history", args=[notification.tracked_card_id]))


def subject(notifications: Sequence[Notification]) -> str:
    if len(notifications) == 1:
        return notifications[0].text
    return f"{len(notifications)} card alerts from LGS Stock Checker"


def alert_email(user, notifications: Sequence[Notification]) -> EmailMultiAlternatives:
    unsubscribe = unsubscribe_url(user)
    body = render_to_string(
        "alerts/email/alerts.txt",
        {
            "user": user,
            "alerts": [{"notification": n, "history_url": history_url(n)} for n in notifications],
            "zone": zone_of(user),
            "settings_url": absolute_url(reverse("alert_settings")),
            "unsubscribe_url": unsubscribe,
        },
    )
    return EmailMultiAlternatives(
        subject=subject(notifications),
        body=body,
        to=[user.email],
        # One-click unsubscribe (RFC 8058) for mail apps that offer a button.
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


def send_alert_email(user, notifications: Sequence[Notification]) -> None:
    """Send one email with these alerts; raises when the mail server refuses or cannot be reached."""
    alert_email(user, notifications).send()
