"""Folding old raw history into daily price points, so history stays a fixed size per pair and day.

Raw checks (StoreCheck + Offer rows) older than HISTORY_RETENTION_DAYS become `DailyPrice` rows:
per (store, card, UTC day, printing, currency) the lowest, highest and last price seen in stock;
a day whose checks found nothing in stock is one row with a blank printing and `in_stock` false.
Only whole days are folded, so a day is folded once. Error checks say nothing about stock or
price and are dropped. The check behind each pair's latest answer is kept whatever its age: alerts
compare the next check with it.

Run daily by the "fold old history" schedule (`manage.py fold_history` by hand). The price history
reads the folded days back (`history.daily_points`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from datetime import timezone as dt_timezone
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from availability.checks.models import DailyPrice, LatestAnswer, Offer, StoreCheck

BATCH_CHECKS = 5000  # checks folded per transaction: bounded memory and lock time


@dataclass
class DayPrices:
    low: Decimal
    high: Decimal
    last: Decimal
    last_at: datetime


def retention_cutoff(now: datetime | None = None) -> datetime:
    """Midnight UTC of the first day still kept raw."""
    now = now or timezone.now()
    first_kept = (now - timedelta(days=settings.HISTORY_RETENTION_DAYS)).astimezone(dt_timezone.utc).date()
    return datetime.combine(first_kept, time(), tzinfo=dt_timezone.utc)


def fold_history(now: datetime | None = None) -> int:
    """Fold every raw check before the retention cutoff into daily points; how many checks went."""
    cutoff = retention_cutoff(now)
    kept = Q(pk__in=LatestAnswer.objects.filter(last_check__isnull=False).values("last_check")) | Q(
        pk__in=LatestAnswer.objects.filter(good_check__isnull=False).values("good_check")
    )
    old = StoreCheck.objects.filter(checked_at__lt=cutoff).exclude(kept)
    folded = 0
    while True:
        batch = list(old.order_by("checked_at", "pk").values_list("pk", flat=True)[:BATCH_CHECKS])
        if not batch:
            return folded
        with transaction.atomic():
            _fold(batch)
            StoreCheck.objects.filter(pk__in=batch).delete()  # their offers go with them
        folded += len(batch)


def _fold(check_ids: list[int]) -> None:
    checks = StoreCheck.objects.filter(pk__in=check_ids).exclude(status=StoreCheck.Status.ERROR)
    days_checked = {(s, c, at.astimezone(dt_timezone.utc).date()) for s, c, at in checks.values_list("store_id", "card_id", "checked_at")}
    prices: dict[tuple, DayPrices] = {}
    offers = Offer.objects.filter(store_check__in=checks).exclude(quantity=0).values_list(
        "store_check__store_id", "store_check__card_id", "store_check__checked_at",
        "set_code", "collector_number", "finish", "currency", "price",
    )
    in_stock_days = set()
    for store_id, card_id, at, set_code, number, finish, currency, price in offers:
        day = at.astimezone(dt_timezone.utc).date()
        in_stock_days.add((store_id, card_id, day))
        key = (store_id, card_id, day, set_code, number, finish, currency)
        seen = prices.get(key)
        if seen is None:
            prices[key] = DayPrices(price, price, price, at)
        else:
            seen.low, seen.high = min(seen.low, price), max(seen.high, price)
            if at >= seen.last_at:
                seen.last, seen.last_at = price, at
    rows = [
        DailyPrice(store_id=s, card_id=c, day=d, set_code=code, collector_number=n, finish=f, currency=cur,
                   min_price=p.low, max_price=p.high, last_price=p.last, in_stock=True)
        for (s, c, d, code, n, f, cur), p in prices.items()
    ]
    rows += [
        DailyPrice(store_id=s, card_id=c, day=d, in_stock=False)
        for s, c, d in days_checked - in_stock_days
    ]
    _merge(rows)


def _merge(rows: list[DailyPrice]) -> None:
    """Insert the day rows, widening a row a previous batch wrote for the same day and printing."""
    if not rows:
        return
    existing = {
        _key(row): row
        for row in DailyPrice.objects.filter(
            store_id__in={r.store_id for r in rows}, card_id__in={r.card_id for r in rows},
            day__in={r.day for r in rows},
        )
    }
    new = []
    for row in rows:
        old = existing.get(_key(row))
        if old is None:
            new.append(row)
        elif row.in_stock:
            old.min_price = min(old.min_price, row.min_price)
            old.max_price = max(old.max_price, row.max_price)
            old.last_price = row.last_price  # batches go oldest first
            old.save(update_fields=["min_price", "max_price", "last_price"])
    DailyPrice.objects.bulk_create(new)


def _key(row: DailyPrice) -> tuple:
    return (row.store_id, row.card_id, row.day, row.set_code, row.collector_number, row.finish, row.currency)
