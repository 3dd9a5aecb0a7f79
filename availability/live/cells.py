"""The dashboard's one renderer: each cell, best-price cell and row comes from one template.

The first paint (dashboard.py) and every live update (protocol.py, and the push of each checked
answer in answer_push.py) call these functions, so a cell can never look one way
when the page loads and another way after a push. The browser's script only swaps the `html` it is
sent into the element with the same key (`cell-<card id>-<store slug>`); it renders nothing itself.

Each fragment is rendered through its template once per distinct input and then reused (`functools.
lru_cache`, per process): a thousand users who track a popular card at the same store in the same
zone see the same cell, and a list re-sent after one card changed re-renders one row, not all. The
cached functions take *only* hashable copies of what their template reads (the cell's message as
JSON, the store's slug and name, the zone, the time labels the `in_zone` filters write now), and
build the template's context from those alone, so a reused fragment is by construction the one the
template would render again; `tests/availability/test_fragment_reuse.py` checks it against the
template rendered afresh.

A cell is in one of six states (`state` in `card_availability_update`), named once in
`states.CellState`; the cell's markup tells the browser what it needs of it (`data-state`,
`data-final`, `data-in-stock`), so the script keeps no list of its own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, tzinfo
from decimal import Decimal
from functools import lru_cache
from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils import timezone

from availability.checks.models import StoreCheck
from availability.checks.results import StoreAnswer
from availability.live.states import CellState
from availability.preferences.times import local_time
from cards.catalog.models import Card
from cards.wishlist.models import CardSpec, TrackedCard
from cards.wishlist.wanted import wanted_offers
from lgs_checker.weblinks import web_url
from scrapers.games import GAMES, MAGIC
from stores.models import Store


def cell_id(card_id: int, store_slug: str) -> str:
    """The key the browser finds a cell by: never its position in the row."""
    return f"cell-{card_id}-{store_slug}"


def cell_message(card_name: str, store_slug: str, answer: StoreAnswer | None, specs: list[CardSpec]) -> dict:
    """The `card_availability_update` a user with these specs gets for one (card, store): the
    answer's offers of the printings they want (`cards.wishlist.wanted`), cheapest first."""
    if answer is None:
        return {
            "type": "card_availability_update", "card_name": card_name, "store_slug": store_slug,
            "status": CellState.CHECKING.value, "items": [], "checked_at": None,
        }
    items = sorted(wanted_offers(answer.offers, specs), key=lambda offer: Decimal(offer["price"]))
    if answer.status == StoreCheck.Status.ERROR:
        status = CellState.ERROR
    else:
        status = CellState.IN_STOCK if items else CellState.OUT_OF_STOCK
    message = {
        "type": "card_availability_update",
        "card_name": card_name,
        "store_slug": store_slug,
        "status": status.value,  # plain strings on the wire
        "items": items if status == CellState.IN_STOCK else [],
        "checked_at": answer.checked_at.isoformat() if answer.checked_at else None,
    }
    if status == CellState.ERROR:
        message["reason"] = answer.reason
        message["last_good_at"] = answer.last_good_at.isoformat() if answer.last_good_at else None
    return message


def pause_end(answer: StoreAnswer | None, store: Store, now: datetime) -> datetime | None:
    """Until when the store's pause keeps this error answer standing, if it does: the answer's own
    time (a check skipped for the pause), else the store's (an answer read back from the
    latest-answer table, after a restart, carries none), so a paused store always says until when."""
    if answer is None or answer.status != StoreCheck.Status.ERROR:
        return None
    until = answer.paused_until or store.paused_until
    return until if until and until > now else None


def cell_state(message: dict, paused_until: datetime | None, stale: bool) -> CellState:
    if message["status"] == CellState.ERROR and paused_until is not None:
        return CellState.PAUSED
    if stale and message["status"] != CellState.CHECKING:
        return CellState.STALE
    return CellState(message["status"])


def in_stock_here(message: dict) -> str:
    """What the cell says of the store's stock, for the browser's filters: "yes" (matching copies,
    fresh or shown while rechecked), "no" (a fresh answer without one), "unknown" (no answer yet, a
    store error or pause, an old "none")."""
    if message["status"] == CellState.IN_STOCK:
        return "yes"
    return "no" if message["state"] == CellState.OUT_OF_STOCK else "unknown"


def cell_update(
    card: Card, store: Store, answer: StoreAnswer | None, specs: list[CardSpec], zone: tzinfo,
    *, stale: bool = False, now: datetime | None = None,
) -> dict:
    """The `card_availability_update` for one cell, with its rendered fragment in `html`."""
    now = now or timezone.now()
    message = cell_message(card.name, store.slug, answer, specs)
    message["card_id"] = card.pk
    if card.game != MAGIC:  # absent means Magic: Magic's messages stay as they were
        message["game"] = card.game
    paused_until = pause_end(answer, store, now)
    if store.sells(card.game):
        state = cell_state(message, paused_until, stale)
    else:  # never checked there: saying "not in stock" would be a guess
        state = CellState.NOT_SOLD
        message.update(status=state.value, items=[], checked_at=None,
                       reason=f"does not sell {GAMES[card.game].short_name} singles")
    message["state"], message["final"] = state.value, state.final
    if state == CellState.PAUSED:
        message["paused_until"] = paused_until.isoformat()
    message["html"] = render_cell(message, store, zone)
    return message


def render_cell(message: dict, store: Store, zone: tzinfo) -> str:
    """The cell's fragment; its times are written in the reader's `zone` by the `in_zone` filters
    (availability/preferences/times.py): "14:05" today, "07 Dec 14:05" before."""
    shown = {key: value for key, value in message.items() if key != "html"}
    return _cell_html(json.dumps(shown, sort_keys=True), store.slug, store.name, zone, _time_labels(message, zone))


# Fragments kept per process: enough for every cell of a few thousand users' lists (a cell is under
# 1 KB), and the rows and best prices of the users active at once.
KEPT_CELLS, KEPT_ROWS, KEPT_BESTS = 20_000, 4_000, 10_000


def _time_labels(message: dict, zone: tzinfo) -> tuple[str, ...]:
    """What the cell's `in_zone` filters write for its times at this moment: they depend on the time
    of day ("14:05" today, "07 Dec 14:05" once it is another day), so they are part of the key."""
    now = timezone.now()
    labels = []
    for name in ("checked_at", "last_good_at", "paused_until"):
        when = message.get(name)
        if when:
            moment = datetime.fromisoformat(when)
            labels += [local_time(moment, zone, now), local_time(moment, zone, now, dated=True)]
        else:
            labels += ["", ""]
    return tuple(labels)


@lru_cache(maxsize=KEPT_CELLS)
def _cell_html(shown: str, store_slug: str, store_name: str, zone: tzinfo, labels: tuple[str, ...]) -> str:
    message = json.loads(shown)
    return render_to_string("live/_cell.html", {
        "cell": message,
        "id": cell_id(message["card_id"], store_slug),
        "store": SimpleNamespace(slug=store_slug, name=store_name),
        "best": message["items"][0] if message["items"] else None,
        "more": max(0, len(message["items"]) - 1),
        "in_stock": in_stock_here(message),
        "State": CellState,
        "zone": zone,
    })


def forget_fragments() -> None:
    """Drop the fragments this process kept (tests that change a template's inputs behind its back)."""
    for function in (_cell_html, _best_html, _row_html):
        function.cache_clear()


# --- the best price of a row ---------------------------------------------------------------------


@dataclass(frozen=True)
class BestOffer:
    price: Decimal
    currency: str
    stores: list[Store]  # every store with a matching copy at this price, in the columns' order


def best_offers(messages: list[dict], stores: dict[str, Store]) -> list[BestOffer]:
    """The cheapest matching in-stock offer per currency, and every store that has it at that price.

    Prices in different currencies are not compared (no exchange rate is known here), so a row with
    CAD and USD stores shows the best of each. Stores at the same price are all named, in the order of
    the dashboard's columns (by name), whatever order their answers came in.
    """
    cheapest: dict[str, tuple[Decimal, list[Store]]] = {}
    for message in messages:
        if message["status"] != CellState.IN_STOCK or not message["items"]:
            continue
        offer = message["items"][0]  # the items are sorted cheapest first
        price, currency, store = Decimal(offer["price"]), offer["currency"], stores[message["store_slug"]]
        if currency not in cheapest or price < cheapest[currency][0]:
            cheapest[currency] = (price, [store])
        elif price == cheapest[currency][0]:
            cheapest[currency][1].append(store)
    return sorted(
        (BestOffer(price, currency, sorted(at, key=lambda store: (store.name, store.slug)))
         for currency, (price, at) in cheapest.items()),
        key=lambda offer: (offer.currency, offer.price),
    )


def render_best(card_id: int, messages: list[dict], stores: dict[str, Store]) -> str:
    return _render_best(card_id, best_offers(messages, stores))


def _render_best(card_id: int, best: list[BestOffer]) -> str:
    return _best_html(card_id, tuple(
        (offer.price, offer.currency, tuple((store.slug, store.name) for store in offer.stores)) for offer in best))


@lru_cache(maxsize=KEPT_BESTS)
def _best_html(card_id: int, best: tuple) -> str:
    return render_to_string("live/_best.html", {"card_id": card_id, "best": [
        BestOffer(price, currency, [SimpleNamespace(slug=slug, name=name) for slug, name in stores])
        for price, currency, stores in best
    ]})


def render_row(tracked: TrackedCard, messages: list[dict], stores: list[Store], csrf_token: str = "") -> str:
    """One tracked card's row: its name column, best price, one cell per store, its actions."""
    by_slug = {store.slug: store for store in stores}
    specs = list(tracked.specs.all())
    best = best_offers(messages, by_slug)
    return _row_html(
        tracked.pk, tracked.card_id, tracked.card.name, tracked.card.game, tracked.amount,
        tuple(str(spec) for spec in specs),
        json.dumps([
            {"set_code": s.set_code, "collector_number": s.collector_number, "finish": s.finish, "amount": s.amount}
            for s in specs
        ]),
        csrf_token, _render_best(tracked.card_id, best), tuple(message["html"] for message in messages),
        str(best[0].price) if best else "", any(in_stock_here(m) == "yes" for m in messages),
    )


@lru_cache(maxsize=KEPT_ROWS)
def _row_html(
    tracked_id: int, card_id: int, card_name: str, game: str, amount: int, specs: tuple[str, ...], specs_json: str,
    csrf_token: str, best_html: str, cells_html: tuple[str, ...], sort_price: str, in_stock_anywhere: bool,
) -> str:
    return render_to_string("live/_row.html", {
        "tracked": SimpleNamespace(pk=tracked_id, card_id=card_id, card=SimpleNamespace(name=card_name, game=game),
                                   amount=amount),
        "specs": specs,
        "specs_json": specs_json,
        "csrf_token": csrf_token,
        "game": GAMES[game],
        "cells": [{"html": html} for html in cells_html],
        "best_html": best_html,
        "sort_price": sort_price,
        "in_stock_anywhere": in_stock_anywhere,
    })


# --- the offers dialog -----------------------------------------------------------------------------


def render_offers(card: Card, store: Store, message: dict, zone: tzinfo) -> str:
    """The dialog says when the store's answer was read, as the cell does (for an answer from a
    synced index: when its listing page was read)."""
    # Store data is hostile: only a web link stays a link (lgs_checker/weblinks.py, the one rule).
    offers = [dict(item, url=web_url(item.get("url"))) for item in message["items"]]
    return render_to_string("live/_offers.html", {
        "card": card, "store": store, "offers": offers, "checked_at": message.get("checked_at"), "zone": zone,
    })


