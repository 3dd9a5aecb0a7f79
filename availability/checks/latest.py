"""Recording a check so storage grows with change, not with the number of checks.

Every check updates the pair's `LatestAnswer`. History (a `StoreCheck` and its `Offer` rows) is
written only when the answer differs from the latest one: another status, another error reason, or
any offer that differs in printing, condition, language, price, currency or quantity. An unchanged
check only moves `LatestAnswer.checked_at` (its "last seen" time), so a store answering the same
thing every half hour costs one row update, not a check row plus one row per offer.

An answer's time is when the store's answer was read: now for a search, the listing page's time
for an answer from a synced index (`SearchResult.read_at`). Such an answer can be older than what
is already known, and time never runs backwards for what a user reads:

- unchanged: "last seen" moves to the newer of the two times, never back;
- changed, but read before the latest good answer: older news, recorded nowhere (the newer answer
  stands, and the check returns it);
- otherwise the answer is the latest, with its own time (even before an error recorded since: an
  error says nothing about stock, and the listing is the newest word on it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

import scrapers
from availability.checks.models import LatestAnswer, Offer, StoreCheck

# What makes two offers the same listing at the same terms; the URL and the store's raw wording
# of the condition may change without anything a user would notice.
COMPARED_FIELDS = (
    "name", "set_code", "collector_number", "finish", "condition", "language", "price", "currency",
    "quantity", "variant_id",
)


@dataclass(frozen=True)
class Recorded:
    """A recorded check: the pair's latest answer after it, the history row behind that answer,
    and whether this check changed it."""

    check: StoreCheck
    changed: bool
    checked_at: datetime  # when the latest answer was read (or last confirmed)
    last_good_at: datetime | None  # the last answer that was not an error (this one, unless it erred)
    offers: list[dict]  # the answer's offers (JSON dicts): the newer answer's, for older news


def fingerprint(offers: list[dict]) -> str:
    """The offers' compared fields, order-free, as one string to compare with."""
    rows = sorted(json.dumps([str(offer.get(name) or "") for name in COMPARED_FIELDS]) for offer in offers)
    return "\n".join(rows)


def is_change(latest: LatestAnswer | None, status: str, reason: str, offers: list[dict]) -> bool:
    if latest is None or latest.last_check_id is None or latest.status != status:
        return True
    if status == StoreCheck.Status.ERROR:
        return latest.reason != reason
    return fingerprint(latest.offers) != fingerprint(offers)


def is_older_news(latest: LatestAnswer | None, read_at: datetime) -> bool:
    """A changed answer read before the latest good one: it must not replace what is newer."""
    return (latest is not None and latest.last_check_id is not None and latest.last_good_at is not None
            and read_at < latest.last_good_at)


@transaction.atomic
def record_check(store, card, result: scrapers.SearchResult, duration_ms: int) -> Recorded:
    """Update the pair's latest answer; write history only if the answer changed."""
    read_at = result.read_at or timezone.now()
    reason = result.reason if result.status == StoreCheck.Status.ERROR else ""
    offers = [offer.to_json() for offer in result.offers]
    latest, _ = LatestAnswer.objects.select_for_update().get_or_create(store=store, card=card)
    changed = is_change(latest, result.status, reason, offers)
    if changed and is_older_news(latest, read_at):
        kept = latest.offers if latest.status != StoreCheck.Status.ERROR else []
        return Recorded(latest.last_check, False, latest.checked_at, latest.last_good_at, kept)
    if changed:
        check = write_history(store, card, result, duration_ms=duration_ms, at=read_at)
        latest.last_check, latest.changed_at = check, read_at
        latest.status, latest.reason = result.status, reason
        if result.status != StoreCheck.Status.ERROR:
            latest.good_check, latest.offers = check, offers
        latest.checked_at = read_at
    else:
        latest.checked_at = max(latest.checked_at or read_at, read_at)
    if result.status != StoreCheck.Status.ERROR:
        latest.last_good_at = max(latest.last_good_at or read_at, read_at)
    latest.save()
    # This answer's own offers: an unchanged one may still bring new links, which the cache shows.
    return Recorded(latest.last_check, changed, latest.checked_at, latest.last_good_at, offers)


CHUNK = 2000  # pairs per statement when a whole store is recorded at once


@transaction.atomic
def record_checks(store, results: dict[int, scrapers.SearchResult]) -> dict[int, Recorded]:
    """`record_check` for many cards of one store at once (card id -> result), in a bounded number of
    statements: a synced store's whole index is recorded in one pass (availability.checks.bulk).
    The same rules hold pair by pair: history only for a change, never older news over newer."""
    card_ids = list(results)
    recorded: dict[int, Recorded] = {}
    for start in range(0, len(card_ids), CHUNK):
        recorded.update(_record_chunk(store, {card_id: results[card_id] for card_id in card_ids[start:start + CHUNK]}))
    return recorded


def _record_chunk(store, results: dict[int, scrapers.SearchResult]) -> dict[int, Recorded]:
    LatestAnswer.objects.bulk_create([LatestAnswer(store=store, card_id=card_id) for card_id in results],
                                     ignore_conflicts=True)  # every pair has its row; then all are locked
    rows = {row.card_id: row for row in LatestAnswer.objects.select_for_update().filter(
        store=store, card_id__in=list(results))}
    kept_checks = StoreCheck.objects.in_bulk([row.last_check_id for row in rows.values() if row.last_check_id])
    new_checks: list[tuple[int, StoreCheck, scrapers.SearchResult]] = []
    recorded: dict[int, Recorded] = {}
    for card_id, result in results.items():
        latest = rows[card_id]
        read_at = result.read_at or timezone.now()
        reason = result.reason if result.status == StoreCheck.Status.ERROR else ""
        offers = [offer.to_json() for offer in result.offers]
        changed = is_change(latest, result.status, reason, offers)
        if changed and is_older_news(latest, read_at):
            kept = latest.offers if latest.status != StoreCheck.Status.ERROR else []
            recorded[card_id] = Recorded(kept_checks[latest.last_check_id], False, latest.checked_at,
                                         latest.last_good_at, kept)
            rows.pop(card_id)  # nothing of it changes
            continue
        if changed:
            check = StoreCheck(store=store, card_id=card_id, checked_at=read_at, status=result.status, reason=reason,
                               requests=result.requests, duration_ms=0)
            new_checks.append((card_id, check, result))
            latest.changed_at, latest.status, latest.reason = read_at, result.status, reason
            if result.status != StoreCheck.Status.ERROR:
                latest.offers = offers
            latest.checked_at = read_at
        else:
            latest.checked_at = max(latest.checked_at or read_at, read_at)
        if result.status != StoreCheck.Status.ERROR:
            latest.last_good_at = max(latest.last_good_at or read_at, read_at)
        recorded[card_id] = Recorded(kept_checks.get(latest.last_check_id), changed, latest.checked_at,
                                     latest.last_good_at, offers)
    StoreCheck.objects.bulk_create([check for _, check, _ in new_checks])
    Offer.objects.bulk_create(
        [row for _, check, result in new_checks for row in offer_rows(check, result)], batch_size=CHUNK)
    for card_id, check, result in new_checks:
        latest = rows[card_id]
        latest.last_check = check
        if result.status != StoreCheck.Status.ERROR:
            latest.good_check = check
        old = recorded[card_id]
        recorded[card_id] = Recorded(check, True, old.checked_at, old.last_good_at, old.offers)
    # Rewritten, not updated row by row: Django's bulk_update builds a CASE per field and row, which
    # cost more than the rest of the pass together. The rows are locked (above) and nothing points
    # at them, so deleting and inserting them again (same ids, every field) in this transaction
    # is one statement each, and readers see the old rows or the new ones.
    rewritten = list(rows.values())
    LatestAnswer.objects.filter(pk__in=[row.pk for row in rewritten]).delete()
    LatestAnswer.objects.bulk_create(rewritten, batch_size=CHUNK)
    return recorded


def write_history(store, card, result: scrapers.SearchResult, *, duration_ms: int, at: datetime | None = None) -> StoreCheck:
    """One StoreCheck and its Offer rows, as the store answered."""
    check = StoreCheck.objects.create(
        store=store, card=card, checked_at=at or timezone.now(), status=result.status,
        reason=result.reason if result.status == StoreCheck.Status.ERROR else "",
        requests=result.requests, duration_ms=duration_ms,
    )
    if not result.offers:
        return check
    Offer.objects.bulk_create(offer_rows(check, result))
    return check


def offer_rows(check: StoreCheck, result: scrapers.SearchResult) -> list[Offer]:
    """The Offer rows of a check, as the store answered (cut to the columns' lengths)."""
    return [
        Offer(
            store_check=check,
            name=offer.name[:300],
            set_name=offer.set_name or "",
            set_code=(offer.set_code or "")[:10],
            collector_number=offer.collector_number or "",
            finish=offer.finish,
            condition=offer.condition,
            condition_raw=offer.condition_raw[:100],
            language=offer.language or "",
            price=offer.price,
            currency=offer.currency,
            quantity=offer.quantity,
            url=offer.url,
            variant_id=offer.variant_id or "",
        )
        for offer in result.offers
    ]


def last_seen(card_id: int, store_ids: list[int]) -> dict[int, datetime]:
    """Per store, when the card's last good answer there was last confirmed: unchanged checks write
    no history, so a price line continues to this moment."""
    rows = LatestAnswer.objects.filter(last_good_at__isnull=False).for_pairs(
        ((store_id, card_id) for store_id in store_ids), "last_good_at"
    )
    return {store_id: last_good_at for store_id, _card_id, last_good_at in rows}
