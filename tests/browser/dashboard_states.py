"""Arranging a ten-store dashboard with every cell state in every column, inside an app process.

Run by the browser tests through `manage.py shell -c`, so the rows and cached answers land in that
stack's own database and cache (SQLite + DB cache, or PostgreSQL + Redis).
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

STATES = ["checking", "in_stock", "out_of_stock", "error", "paused", "stale"]
STORE_COUNT = 10


def state_at(row: int, column: int) -> str:
    """Row i, column j: every state appears in every column (six rows, six states)."""
    return STATES[(row + column) % len(STATES)]


def offer(price: str, url: str = "http://127.0.0.1:9/products/card") -> dict:
    return {"name": "A card", "set_name": "Magic 2010", "set_code": "M10", "collector_number": "146",
            "finish": "nonfoil", "condition": "NM", "condition_raw": "Near Mint", "language": "English",
            "price": price, "currency": "USD", "quantity": 2, "url": url, "variant_id": "1"}


def arrange_wishlist(username: str) -> None:
    """Ten stores with names of every length, chosen by the user, and six tracked cards."""
    from cards.catalog.models import Card
    from cards.wishlist.models import TrackedCard
    from stores.models import ChosenStore, Store

    user = get_user_model().objects.get(username=username)
    for number in range(STORE_COUNT):
        name = f"Store {number}" if number % 3 else f"A store with a much longer name {number}"
        store, _ = Store.objects.get_or_create(
            slug=f"ten-{number}", defaults={"name": name, "homepage": "http://127.0.0.1:9", "platform": "shopify"}
        )
        ChosenStore.objects.get_or_create(user=user, store=store)
    for card in Card.objects.order_by("name")[: len(STATES)]:
        TrackedCard.objects.get_or_create(user=user, card=card, defaults={"amount": 1})


def arrange_answers(username: str) -> None:
    """Cache an answer per cell so that each shows `state_at(row, column)`."""
    from availability.checks.results import StoreAnswer, remember_answer
    from cards.wishlist.models import TrackedCard
    from stores.models import Store

    now = timezone.now()
    stores = list(Store.objects.filter(slug__startswith="ten-").order_by("name"))
    tracked = TrackedCard.objects.filter(user__username=username).select_related("card").order_by("card__name")
    for row, card in enumerate(t.card for t in tracked):
        for column, store in enumerate(stores):
            state, price = state_at(row, column), f"{1 + row}.{column}5"
            answer = {
                "checking": None,
                "in_stock": StoreAnswer("ok", [offer(price), offer("99.00", "javascript:alert(1)")],
                                        checked_at=now - timedelta(minutes=1)),
                "out_of_stock": StoreAnswer("not_found", checked_at=now - timedelta(minutes=1)),
                "error": StoreAnswer("error", reason="the store answered HTTP 503", checked_at=now - timedelta(minutes=1),
                                     last_good_at=now - timedelta(hours=3)),
                "paused": StoreAnswer("error", reason="checks of this store are paused after repeated failures",
                                      checked_at=now - timedelta(minutes=1), paused_until=now + timedelta(hours=1)),
                "stale": StoreAnswer("ok", [offer(price)], checked_at=now - timedelta(hours=2)),
            }[state]
            if answer is not None:
                remember_answer(store.pk, card.pk, answer, timedelta(hours=3))
            if row == 0 and answer is not None:
                record_check(store, card, answer)


def record_check(store, card, answer) -> None:
    """A check in the history, so the card's history page has a row per store."""
    from availability.checks.models import Offer, StoreCheck

    check = StoreCheck.objects.create(store=store, card=card, checked_at=answer.checked_at, status=answer.status,
                                      reason=answer.reason, requests=1, duration_ms=10)
    for item in answer.offers:
        Offer.objects.create(store_check=check, name=item["name"], set_name=item["set_name"], set_code=item["set_code"],
                             collector_number=item["collector_number"], finish=item["finish"],
                             condition=item["condition"], condition_raw=item["condition_raw"],
                             language=item["language"], price=item["price"], currency=item["currency"],
                             quantity=item["quantity"], url=item["url"], variant_id=item["variant_id"])
