"""Sending alerts by email and webhook (Django-Q tasks), retried with backoff.

    send_due_deliveries()  every minute (a schedule), and right after a check brings news for a user
        └─ for each (user, channel) with due deliveries: claim them, send one message, then
           sent · or retry later (RETRY_DELAYS) · or, after MAX_ATTEMPTS, give up; a webhook given up
           on (or refused for its address) is switched off and its owner told in the app.

Claiming moves a delivery's next_attempt_at forward with a conditional UPDATE, so two workers never
send the same one; a worker that dies mid-send leaves it due again once the lease is over.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from availability.alerts import emails, webhooks
from availability.alerts.detection import push_notification
from availability.alerts.models import AlertSettings, Delivery, Notification

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# After the 1st, 2nd, 3rd and 4th failed attempt; the 5th gives up.
RETRY_DELAYS = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1)]
LEASE = timedelta(minutes=5)  # longer than a send can take (WEBHOOK_TIMEOUT_SECONDS, the SMTP timeout)

Channel, Status = Delivery.Channel, Delivery.Status


def retry_delay(attempts: int) -> timedelta:
    return RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1]


def send_due_deliveries(user_id: int | None = None, now: datetime | None = None) -> int:
    """Send what is due, of one user or of everyone; returns how many messages went out."""
    now = now or timezone.now()
    due = Delivery.objects.due(now)
    if user_id is not None:
        due = due.filter(user_id=user_id)
    sent = 0
    for owner_id, channel in set(due.values_list("user_id", "channel")):
        try:
            sent += send_batch(owner_id, channel, now)
        except Exception:
            # One user's broken data must not stop everyone else's alerts.
            logger.exception("sending %s alerts to user %s failed", channel, owner_id)
    return sent


def claim(user_id: int, channel: str, now: datetime) -> list[Delivery]:
    claimed = []
    candidates = Delivery.objects.due(now).filter(user_id=user_id, channel=channel)
    for delivery in candidates.select_related("notification__card", "notification__store"):
        taken = Delivery.objects.filter(
            pk=delivery.pk, status=Status.PENDING, next_attempt_at=delivery.next_attempt_at
        ).update(next_attempt_at=now + LEASE)
        if taken:
            claimed.append(delivery)
    return claimed


def send_batch(user_id: int, channel: str, now: datetime) -> int:
    """One email or one webhook post with every due alert of this user; 1 if it went out."""
    batch = claim(user_id, channel, now)
    if not batch:
        return 0
    user = get_user_model().objects.get(pk=user_id)
    preferences = AlertSettings.for_user(user)
    ids = [d.pk for d in batch]
    if channel not in preferences.channels():
        Delivery.objects.filter(pk__in=ids).update(
            status=Status.CANCELLED, last_error="the channel was switched off"
        )
        return 0
    notifications = [d.notification for d in batch]
    try:
        if channel == Channel.EMAIL:
            emails.send_alert_email(user, notifications)
        else:
            webhooks.post_alerts(preferences.webhook_url, notifications)
    except webhooks.WebhookRefused as refusal:
        give_up(preferences, ids, f"the webhook was refused: {refusal}")
        return 0
    except Exception as error:
        record_failure(preferences, batch, channel, error, now)
        return 0
    Delivery.objects.filter(pk__in=ids).update(
        status=Status.SENT, sent_at=now, attempts=F("attempts") + 1, last_error=""
    )
    return 1


def record_failure(
    preferences: AlertSettings, batch: list[Delivery], channel: str, error: Exception, now: datetime
) -> None:
    reason = str(error) or error.__class__.__name__
    attempts = max(d.attempts for d in batch) + 1
    ids = [d.pk for d in batch]
    logger.warning("%s to user %s failed (attempt %s): %s", channel, preferences.user_id, attempts, reason)
    if attempts >= MAX_ATTEMPTS:
        Delivery.objects.filter(pk__in=ids).update(attempts=attempts)
        give_up(preferences, ids, f"{attempts} attempts failed; the last: {reason}", channel=channel)
        return
    retry_at = preferences.outside_quiet_hours(now + retry_delay(attempts))
    Delivery.objects.filter(pk__in=ids).update(
        attempts=attempts, last_error=reason[:2000], next_attempt_at=retry_at
    )


def give_up(preferences: AlertSettings, ids: list[int], reason: str, channel: str = Channel.WEBHOOK) -> None:
    Delivery.objects.filter(pk__in=ids).update(status=Status.FAILED, last_error=reason[:2000])
    if channel == Channel.WEBHOOK:
        switch_webhook_off(preferences, reason)


def switch_webhook_off(preferences: AlertSettings, reason: str) -> None:
    """Stop posting to a webhook that keeps failing, and tell its owner in the app."""
    preferences.switch_webhook_off(reason)
    Delivery.objects.filter(
        user_id=preferences.user_id, channel=Channel.WEBHOOK, status=Status.PENDING
    ).update(status=Status.CANCELLED, last_error="the webhook was switched off")
    notice = Notification.objects.create(
        user_id=preferences.user_id,
        kind=Notification.Kind.WEBHOOK_OFF,
        text=f"Your webhook was switched off: {reason}. Fix it, then save it again in your alert settings.",
    )
    push_notification(notice)
