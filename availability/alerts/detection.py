"""Telling users what a check changed for them: a card now in stock, back in stock, or cheaper.

    on_check_completed(check)  worker, right after the check is saved (the checks' `check_recorded`)
        └─ for each user who tracks the card, shops at the store and has alerts on:
           their rule filters this check's offers and the previous non-error check's offers;
           a change becomes one Notification (in the app, pushed live at once) and one Delivery
           per other channel, which availability.alerts.deliveries sends from a Django-Q task.

Comparing with the previous check makes alerts follow changes of state: the same state seen again
alerts nobody. An error says nothing about stock, so it is neither compared nor compared with.

A quiet baseline: switching alerts on tells of nothing already known. The checks made before
switch-on are what later checks are compared with, so only later changes alert; a card tracked
before switch-on and never checked at a store takes its first check there as the baseline. A card
tracked after switch-on has no baseline, and its first check in stock is news.

One alert per card per round of checks: a refresh checks a card at every store within moments,
so news of the same card at other stores within ALERT_ROUND_SECONDS (default 120) of the first is
folded into the same notification ("Lightning Bolt: in stock at 3 stores, from CAD 1.25"), whose
emails and webhook posts wait for the round to end. A second change at a store already in the
group starts a new round, and so does news arriving after the round's alert went out.

A card tracked when its stores already answered is judged at once against those answers
(`on_card_tracked`, after the card's wants are saved): a card already in stock alerts when it is
tracked, not at the next check of the store, and the alert is dated when that answer was read. The
next check that repeats the answer is judged as the check it repeats, so it does not alert again.
A few cards tracked at once are judged in the request that tracked them; a list import's many, in
one queued task (JUDGED_IN_THE_REQUEST).

A notification tells of the time the store's answer was read (`created_at` is the check's time:
for an answer from a synced index, when its listing page was read, possibly long before we knew).
Rounds are counted in those times; the waits (the round's end, quiet hours, the digest) count from
when we learnt the news, so an old listing's news still waits for quiet hours to end.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django_q.tasks import async_task

from availability.alerts.models import AlertSettings, Delivery, Notification
from availability.alerts.rules import AlertCriteria
from availability.checks.models import LatestAnswer, Offer, StoreCheck
from availability.money.prices import format_price
from cards.wishlist.models import TrackedCard
from lgs_checker.push import push_to_user
from stores.models import Store

logger = logging.getLogger(__name__)

Kind = Notification.Kind
ALERT_KINDS = [Kind.IN_STOCK, Kind.BACK_IN_STOCK, Kind.PRICE_DROP]


@dataclass(frozen=True)
class Change:
    """What is new for one user in one check: the kind of news and the best offer behind it."""

    kind: str
    best: Offer
    previous_price: Decimal | None = None


def change_between(
    criteria: AlertCriteria, previous: list[Offer] | None, current: list[Offer]
) -> Change | None:
    """The news between the previous check's offers (None: no previous check) and this check's."""
    now = criteria.matching(current)
    if not now:
        return None
    best = now[0]
    if previous is None:
        return Change(Kind.IN_STOCK, best)  # a first check that already matches alerts too
    before = criteria.matching(previous)
    if before:
        return Change(Kind.PRICE_DROP, best, before[0].price) if best.price < before[0].price else None
    over_ceiling = criteria.matching(previous, ignore_price=True)
    if over_ceiling:
        return Change(Kind.PRICE_DROP, best, over_ceiling[0].price)  # it was there, now under the ceiling
    return Change(Kind.IN_STOCK, best)


def on_check_recorded(sender, check: StoreCheck, **kwargs) -> None:
    """The receiver of `availability.checks.signals.check_recorded` (connected in apps.py)."""
    on_check_completed(check)


def on_checks_recorded(sender, store, checks: list[StoreCheck], **kwargs) -> None:
    """The receiver of `availability.checks.signals.checks_recorded`: a synced store's whole index,
    recorded at once. Only the pairs someone has alerts on are judged (found in one query per 2,000
    cards), each as `on_check_completed` judges one check; the rest cost nothing."""
    try:
        judged = [check for check in checks if check is not None and check.status != StoreCheck.Status.ERROR]
        card_ids = list({check.card_id for check in judged})
        alerted: set[int] = set()
        for start in range(0, len(card_ids), 2000):
            alerted.update(TrackedCard.objects.filter(
                card_id__in=card_ids[start:start + 2000], user__chosen_stores__store=store,
                user__alert_settings__enabled=True).values_list("card_id", flat=True))
    except Exception:
        logger.exception("could not find who has alerts on %s's cards; its checks are saved", store)
        return
    for check in judged:
        if check.card_id in alerted:
            on_check_completed(check)


def on_check_completed(check: StoreCheck) -> None:
    """Record and push the alerts a check brings, and queue their sending; never raises into the scrape."""
    try:
        notifications = record_alerts(check)
    except Exception:
        logger.exception("could not work out the alerts of check %s; the check itself is saved", check.pk)
        return
    announce(notifications)


# Cards tracked in the transaction under way on this thread, judged together once it commits.
_newly_tracked = threading.local()
# A few cards (the add form, the dashboard) are judged in the request that tracked them, so the
# alert is there at once; more (a list import) in one queued task, so the import is not held up.
JUDGED_IN_THE_REQUEST = 3


def on_card_tracked(sender, instance: TrackedCard, created: bool, raw: bool = False, **kwargs) -> None:
    """The receiver of TrackedCard's post_save (connected in apps.py): a card just tracked is judged
    against the answers its user's stores already gave, once its wants are saved (the commit)."""
    if not created or raw:
        return
    # One judging per transaction: joined while its callback is still waiting for the commit (a
    # rollback drops the callback, and the cards with it).
    waiting = any(entry[1] is _judge_newly_tracked for entry in getattr(transaction.get_connection(), "run_on_commit", ()))
    if not waiting:
        _newly_tracked.ids = []
    _newly_tracked.ids.append(instance.pk)
    if not waiting:
        transaction.on_commit(_judge_newly_tracked)  # outside a transaction: at once


def _judge_newly_tracked() -> None:
    ids, _newly_tracked.ids = _newly_tracked.ids, []
    if len(ids) <= JUDGED_IN_THE_REQUEST:
        alert_on_known_answers(ids)
        return
    try:
        async_task("availability.alerts.detection.alert_on_known_answers", ids,
                   task_name=f"alerts of {len(ids)} newly tracked cards", group="alerts")
    except Exception:
        logger.exception("could not queue the alerts of %s newly tracked cards", len(ids))


def alert_on_known_answers(tracked_ids: list[int]) -> list[Notification]:
    """The alerts newly tracked cards have from the latest good answer of each store their user
    shops at (a cached answer: no check is made for it); never raises into the change that tracked them."""
    notifications = []
    for tracked in TrackedCard.objects.filter(pk__in=tracked_ids, user__alert_settings__enabled=True):
        try:
            pairs = [(store_id, tracked.card_id)
                     for store_id in Store.objects.chosen_by(tracked.user_id).values_list("pk", flat=True)]
            good = [good_id for _store, _card, good_id in LatestAnswer.objects.for_pairs(pairs, "good_check_id")]
            checks = StoreCheck.objects.filter(pk__in=good).select_related("store")
            notifications += [n for check in checks for n in record_alerts(check, tracked_ids={tracked.pk})]
        except Exception:
            logger.exception("could not work out the alerts of newly tracked card %s", tracked.pk)
    announce(notifications)
    return notifications


def announce(notifications: list[Notification]) -> None:
    """Push the new notifications to their users' tabs and queue the sending of those due now."""
    for notification in notifications:
        push_notification(notification)
    if not notifications:
        return
    due_now = Delivery.objects.due(timezone.now()).filter(notification__in=notifications)
    for user_id in set(due_now.values_list("user_id", flat=True)):
        try:
            async_task(
                "availability.alerts.deliveries.send_due_deliveries", user_id,
                task_name=f"send alerts to user {user_id}", group="alerts",
            )
        except Exception:
            # The every-minute schedule sends them anyway; only a little later.
            logger.exception("could not queue sending the alerts of user %s", user_id)


def record_alerts(check: StoreCheck, tracked_ids: set[int] | None = None) -> list[Notification]:
    """One Notification (and its deliveries) per user this check has news for (among the tracked
    cards `tracked_ids`, when given)."""
    if check.status == StoreCheck.Status.ERROR:
        return []
    watching = TrackedCard.objects.all() if tracked_ids is None else TrackedCard.objects.filter(pk__in=tracked_ids)
    watchers = list(
        watching.filter(
            card_id=check.card_id,
            user__chosen_stores__store_id=check.store_id,
            user__alert_settings__enabled=True,
        )
        .select_related("card", "user", "user__alert_settings", "alert_rule")
        .prefetch_related("specs")
    )
    if not watchers:
        return []
    current = list(check.offers.all())
    previous_check = previous_check_of(check)
    previous_offers = list(previous_check.offers.all()) if previous_check else None
    notifications = []
    for tracked in watchers:
        defaults = tracked.user.alert_settings
        criteria = AlertCriteria.for_tracked_card(tracked, defaults)
        if not criteria.enabled:
            continue
        if previous_check and previous_check.checked_at >= tracked.created_at:
            previous = previous_offers
        elif defaults.enabled_at and tracked.created_at < defaults.enabled_at:
            continue  # the first check of a card tracked before switch-on is its quiet baseline
        elif previous_check and check.checked_at >= tracked.created_at:
            previous = previous_offers  # the answer known when the card was tracked, judged then (on_card_tracked)
        else:
            previous = None  # a card tracked since: its first check in stock is news
        change = change_between(criteria, previous, current)
        if change is not None:
            notification = notify(tracked, check, change, defaults, had_previous=previous is not None)
            if notification is not None:
                notifications.append(notification)
    return notifications


def previous_check_of(check: StoreCheck) -> StoreCheck | None:
    """The last check of the same (store, card) before this one that was not an error."""
    return (
        StoreCheck.objects.filter(store_id=check.store_id, card_id=check.card_id)
        .filter(Q(checked_at__lt=check.checked_at) | Q(checked_at=check.checked_at, pk__lt=check.pk))
        .exclude(status=StoreCheck.Status.ERROR)
        .order_by("-checked_at", "-pk")
        .first()
    )


def round_length() -> timedelta:
    return timedelta(seconds=settings.ALERT_ROUND_SECONDS)


def notify(
    tracked: TrackedCard, check: StoreCheck, change: Change, defaults: AlertSettings, *, had_previous: bool
) -> Notification | None:
    """Save the alert, or fold it into this round's alert of the card; None if this check was
    already judged for this user."""
    kind = change.kind
    if kind == Kind.IN_STOCK and had_previous and told_before(tracked, check):
        kind = Kind.BACK_IN_STOCK
    entry = store_entry(check, kind, change.best)
    try:
        with transaction.atomic():
            group = open_round(tracked, check)
            if group is not None:
                return add_to_round(group, tracked, entry)
            notification = first_of_round(tracked, check, change, kind, entry)
            notification.save()
            learnt = max(check.checked_at, timezone.now())  # an index answer was read earlier
            due_at = defaults.send_time(learnt + round_length())
            Delivery.objects.bulk_create(
                Delivery(notification=notification, user=tracked.user, channel=channel, next_attempt_at=due_at)
                for channel in defaults.channels()
            )
    except IntegrityError:
        return None  # the hook ran twice for this check: the first run told them
    return notification


def store_entry(check: StoreCheck, kind: str, best: Offer) -> dict:
    return {
        "store_id": check.store_id, "store": check.store.name, "check_id": check.pk, "kind": kind,
        "price": str(best.price), "currency": best.currency,
    }


def first_of_round(tracked: TrackedCard, check: StoreCheck, change: Change, kind: str, entry: dict) -> Notification:
    best = change.best
    return Notification(
        user=tracked.user,
        kind=kind,
        text=alert_text(kind, tracked.card.name, check.store.name, best, change.previous_price),
        card=tracked.card,
        tracked_card=tracked,
        store=check.store,
        store_check=check,
        price=best.price,
        previous_price=change.previous_price,
        currency=best.currency,
        condition=best.condition,
        finish=best.finish,
        quantity=best.quantity,
        offer_url=best.url,
        stores=[entry],
        created_at=check.checked_at,
    )


def open_round(tracked: TrackedCard, check: StoreCheck) -> Notification | None:
    """This card's alert whose round `check` belongs to: recent, and not yet telling of its store."""
    latest = (
        Notification.objects.select_for_update()
        .filter(user_id=tracked.user_id, card_id=tracked.card_id, kind__in=ALERT_KINDS)
        .filter(created_at__gt=check.checked_at - round_length(), created_at__lte=check.checked_at)
        # Gone out already (an old listing's news is due at once): later news would never be sent.
        .exclude(deliveries__status=Delivery.Status.SENT)
        .order_by("-created_at", "-pk")
        .first()
    )
    if latest is None:
        return None
    if any(entry["check_id"] == check.pk for entry in latest.stores):
        raise IntegrityError("this check was judged already")
    if any(entry["store_id"] == check.store_id for entry in latest.stores):
        return None  # news at a store already told of: a new round
    return latest


def add_to_round(notification: Notification, tracked: TrackedCard, entry: dict) -> Notification:
    """Fold one more store into the round's alert; its offer fields keep telling of the first store."""
    notification.stores = [*notification.stores, entry]
    notification.text = round_text(tracked.card.name, notification.stores)
    notification.read_at = None
    notification.save(update_fields=["stores", "text", "read_at"])
    return notification


def round_text(card_name: str, stores: list[dict]) -> str:
    """"Lightning Bolt: in stock at 3 stores, from CAD 1.25" (the cheapest of each currency)."""
    cheapest: dict[str, Decimal] = {}
    for entry in stores:
        price = Decimal(entry["price"])
        cheapest[entry["currency"]] = min(price, cheapest.get(entry["currency"], price))
    prices = " or ".join(format_price(price, currency) for currency, price in sorted(cheapest.items()))
    cheaper_only = all(entry["kind"] == Kind.PRICE_DROP for entry in stores)
    state = "cheaper" if cheaper_only else "in stock"
    return f"{card_name}: {state} at {len(stores)} stores, from {prices}"


def told_before(tracked: TrackedCard, check: StoreCheck) -> bool:
    return Notification.objects.filter(
        user_id=tracked.user_id, card_id=tracked.card_id, store_id=check.store_id, kind__in=ALERT_KINDS
    ).exists()


def alert_text(kind: str, card_name: str, store_name: str, best: Offer, previous_price: Decimal | None) -> str:
    """One line a person reads in the app, an email subject or a chat message."""
    printing = card_name if best.finish == "nonfoil" else f"{card_name} ({best.finish})"
    price = format_price(best.price, best.currency)
    if kind == Kind.PRICE_DROP:
        was = format_price(previous_price, best.currency)
        return f"{printing} dropped to {price} at {store_name}: {best.condition} (was {was})"
    state = "back in stock" if kind == Kind.BACK_IN_STOCK else "in stock"
    return f"{printing} is {state} at {store_name}: {best.condition}, {price}"


def push_notification(notification: Notification) -> None:
    """Show it in the user's open tabs at once (the badge); a push lost here is still in the list."""
    try:
        message = {
            "type": "notification",
            "unread": Notification.unread_count(notification.user_id),
            "notification": notification.to_json(),
        }
        push_to_user(notification.user_id, message)
    except Exception:
        logger.exception("could not push notification %s", notification.pk)
