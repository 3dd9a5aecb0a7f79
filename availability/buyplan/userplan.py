"""A signed-in user's buy plan: their wishlist, their stores, and the latest answer of each store.

The wanted cards are the wants of the user's tracked cards, each its own demand ("2 STA 42" and
"1 any printing" of one card are two): amount, printing, and the price ceiling, condition floor,
language and finish of the card's alert rule (or the user's alert defaults): the same "what I will
take" the alerts use (`cards.wishlist.wanted.Want`). Offers are each (store, card)'s latest answer:
the cached one when the cache has it, else the last successful check in the database, so a store
that errs now still counts with its last known stock, flagged stale. Asking for a plan marks its
pairs watched, so they are rechecked first (availability.checks.rechecks).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone

from availability.alerts.models import AlertSettings
from availability.alerts.rules import AlertCriteria
from availability.buyplan.eligibility import AcceptablePrinting, PlanOffer, WantedCard
from availability.buyplan.jsonio import (
    CART_PLATFORMS,
    DEFAULT_CURRENCY,
    MAX_STORE_COST,
    PlanInputError,
    decimal_text,
    plan_json,
    price_in,
)
from availability.buyplan.solver import best_single_store, cheapest_everywhere, solve
from availability.checks.models import LatestAnswer, StoreCheck
from availability.checks.rechecks import mark_watched
from availability.checks.results import cached_answers
from availability.money.rates import RateTable
from cards.wishlist.changes import ANY_PRINTING, Want, wants_of
from cards.wishlist.models import TrackedCard
from scrapers.games import MAGIC
from stores.models import Store


@dataclass(frozen=True)
class PlanOptions:
    store_cost: Decimal = Decimal("0")
    max_stores: int | None = None
    currency: str = ""  # blank: the stores' common currency, else USD

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> PlanOptions:
        """From the plan page's form (query string) or a `get_buy_plan` message; blank means default."""
        cost_text = str(data.get("store_cost") or "0").strip()
        try:
            store_cost = Decimal(cost_text)
        except InvalidOperation:
            raise PlanInputError(f"store cost must be an amount like 5.00, not {cost_text!r}") from None
        if not store_cost.is_finite() or not 0 <= store_cost <= MAX_STORE_COST:
            raise PlanInputError(f"store cost must be from 0 to {MAX_STORE_COST}")
        max_text = str(data.get("max_stores") or "").strip()
        if max_text and (not max_text.isdigit() or int(max_text) < 1):
            raise PlanInputError("max stores must be a whole number of 1 or more, or blank for any")
        currency = str(data.get("currency") or "").strip().upper()
        if currency and (len(currency) != 3 or not currency.isalpha()):
            raise PlanInputError(f"currency must be a three-letter code like USD, not {currency!r}")
        return cls(store_cost.quantize(Decimal("0.01")), int(max_text) if max_text else None, currency)

    def as_query(self) -> dict[str, str]:
        return {"store_cost": decimal_text(self.store_cost), "max_stores": str(self.max_stores or ""), "currency": self.currency}


def wanted_cards(user, currency: str, table: RateTable) -> list[WantedCard]:
    """The user's wants, one WantedCard per want of each tracked card (`wants_of`: "2 STA 42",
    "1 any printing"), so the solver fills each printing the user asked for rather than the union of
    them; copies a card's wants leave uncounted (amount above its wants' sum) are "any printing".
    Each carries the card's rule (price ceiling, condition floor, language, finish), every ceiling
    in the plan's `currency`. A ceiling in a currency with no known rate cannot be compared with any
    price here, so it allows nothing rather than everything: never an offer a ceiling may exclude
    (the plan lists those copies as missing)."""
    defaults = AlertSettings.objects.filter(user=user).first() or AlertSettings(user=user)
    tracked_cards = (
        TrackedCard.objects.filter(user=user).select_related("card", "alert_rule").prefetch_related("specs")
    )
    wanted = []
    for tracked in tracked_cards:
        criteria = AlertCriteria.for_tracked_card(tracked, defaults)
        rule = {
            "min_condition": criteria.min_condition, "max_price": _ceiling_in(criteria, currency, table),
            "language": criteria.language, "finish": criteria.finish,
        }
        wants = wants_of(tracked)
        left = tracked.amount - sum(want.amount for want in wants)
        if left > 0:
            wants.append(Want(ANY_PRINTING, left))
        for want in wants:
            spec = want.spec.normalized()
            printings = () if want.spec.is_any else (
                AcceptablePrinting(spec.set_code, spec.collector_number, spec.finish),)
            wanted.append(WantedCard(card=tracked.card.name, amount=want.amount, printings=printings, **rule))
    return wanted


def _ceiling_in(criteria: AlertCriteria, currency: str, table: RateTable) -> Decimal | None:
    if criteria.max_price is None:
        return None
    ceiling_currency = criteria.max_price_currency or currency
    converted = table.convert(criteria.max_price, ceiling_currency, currency)
    return converted if converted is not None else Decimal(-1)


def latest_offers(
    stores: list[Store], cards: dict[str, int], games: dict[int, str] | None = None
) -> tuple[list[PlanOffer], int, set[int]]:
    """Every store's latest offers for the cards (name → id), how many pairs have no answer yet, and
    the stores of the pairs that could not be read (an error and no earlier good answer): those are
    finished, not still running. With the cards' `games` (id → game), a store is not asked for a card
    of a game it does not sell: no answer will ever come, so it is not waited for."""
    pairs = [(store.pk, card_id) for store in stores for card_id in cards.values()
             if games is None or store.sells(games.get(card_id, MAGIC))]
    mark_watched(pairs)  # someone is looking: these pairs are rechecked first
    cached = cached_answers(pairs)
    answers = {pair: answer for pair, answer in cached.items() if answer.status != StoreCheck.Status.ERROR}
    names = {card_id: name for name, card_id in cards.items()}
    by_id = {store.pk: store for store in stores}
    offers: list[PlanOffer] = []
    for (store_id, card_id), answer in answers.items():
        offers.extend(_plan_offer(by_id[store_id], names[card_id], o, answer.checked_at) for o in answer.offers)
    unanswered = {pair for pair in pairs if pair not in answers}
    if unanswered:
        # A store that errs now still counts with its last good answer, kept in the latest-answer table.
        for store_id, card_id, good, good_at in last_good_answers(unanswered):
            offers.extend(_plan_offer(by_id[store_id], names[card_id], o, good_at) for o in good)
            unanswered.discard((store_id, card_id))
    failed = {pair for pair in unanswered if pair in cached}  # an error answer and nothing good before it
    return offers, len(unanswered - failed), {store_id for store_id, _card_id in failed}


def last_good_answers(pairs: set[tuple[int, int]]) -> list[tuple[int, int, list[dict], datetime]]:
    """(store id, card id, offers, when) of the last answer that was not an error, per pair (one query)."""
    return LatestAnswer.objects.filter(last_good_at__isnull=False).for_pairs(pairs, "offers", "last_good_at")


def _plan_offer(store: Store, card: str, offer, checked_at: datetime | None) -> PlanOffer:
    """From a cached offer (a dict) or a stored one (an `Offer` row)."""
    get = offer.get if isinstance(offer, dict) else lambda name, default=None: getattr(offer, name, default)
    return PlanOffer(
        store=store.slug, card=card, set_code=get("set_code") or "", collector_number=get("collector_number") or "",
        finish=get("finish"), condition=get("condition"), price=Decimal(str(get("price"))),
        quantity=get("quantity"), url=get("url") or "", variant_id=get("variant_id") or "",
        language=get("language") or "", platform=store.platform, currency=(get("currency") or store.currency).upper(),
        checked_at=checked_at,
    )


@dataclass
class PlanInputs:
    """Everything a plan is worked out from, read from the database (`plan_inputs`); `planned` needs
    no database, so it can run on the plan pool's threads (`availability.buyplan.running`)."""

    options: PlanOptions
    stores: list[Store]
    currency: str
    wants: list[WantedCard]
    priced: list[PlanOffer]
    unpriced: list[PlanOffer]
    checks_pending: int
    unreadable: set[int]
    checks_total: int


def plan_inputs(user, options: PlanOptions) -> PlanInputs:
    """The user's wants, stores and their latest offers, priced in the plan's currency."""
    stores = list(Store.objects.chosen_by(user))
    tracked = TrackedCard.objects.filter(user=user)
    cards = dict(tracked.values_list("card__name", "card_id"))
    offers, unanswered, unreadable = latest_offers(stores, cards, dict(tracked.values_list("card_id", "card__game")))
    currencies = {store.currency for store in stores}
    currency = options.currency or (currencies.pop() if len(currencies) == 1 else DEFAULT_CURRENCY)
    table = RateTable.current(None)
    wants = wanted_cards(user, currency, table)
    priced, unpriced = price_in(offers, currency, table.convert)
    return PlanInputs(options, stores, currency, wants, priced, unpriced, unanswered, unreadable,
                      len(stores) * len(cards))


def planned(inputs: PlanInputs, time_limit: float, started: float | None = None) -> dict[str, Any]:
    """The plan as `buy_plan` sends it: `plan_json` plus store names, savings, ages and progress.

    All of it (the model's build, both solves, and the best single store to compare with) within
    `time_limit` seconds from `started` (a `time.monotonic()`, by default now): past it, the plan is
    the best found and says so (`optimal` false, `gap`, `time_limit`)."""
    deadline = (time.monotonic() if started is None else started) + time_limit

    def left() -> float:
        return max(deadline - time.monotonic(), 0.0)

    options, stores, wants, priced = inputs.options, inputs.stores, inputs.wants, inputs.priced
    plan = solve(wants, priced, options.store_cost, options.max_stores, time_limit=left())
    by_slug = {store.slug: store for store in stores}

    def cart_base(slug: str, purchases) -> str:
        store = by_slug[slug]
        return store.homepage if store.platform in CART_PLATFORMS else ""

    result = plan_json(plan, inputs.currency, cart_base, inputs.unpriced)
    now = timezone.now()
    for entry in result["stores"]:
        store = by_slug[entry["store"]]
        checked = [p.offer.checked_at for p in plan.by_store()[store.slug] if p.offer.checked_at]
        oldest = min(checked) if checked else None
        entry.update(
            name=store.name, platform=store.platform, homepage=store.homepage,
            checked_at=oldest.isoformat() if oldest else None,
            age_minutes=int((now - oldest).total_seconds() // 60) if oldest else None,
            stale=oldest is None or now - oldest > store.cache_ttl,
        )
    for entry in result["unpriced"]:
        entry["name"] = by_slug[entry["store"]].name
    result["unpriced_stores"] = unpriced_by_store(result["unpriced"])
    greedy = cheapest_everywhere(wants, priced, options.store_cost)
    savings: dict[str, Any] = {"cheapest_each": _comparison(plan, greedy), "best_single_store": None}
    # The comparison with the best single store is a second search: only with time left for it
    # (a plan that used its whole limit, or waited for a pool thread, goes without that line).
    if len(stores) > 1 and left() > 0:
        single = best_single_store(wants, priced, options.store_cost, time_limit=left())
        if single and single.stores_used:
            savings["best_single_store"] = _comparison(plan, single) | {"store": by_slug[single.stores_used[0]].name}
    result.update(
        planned_at=now.isoformat(),
        options=options.as_query(),
        wanted=sum(want.amount for want in wants),
        checks_pending=inputs.checks_pending,
        unreadable_stores=[store.name for store in stores if store.pk in inputs.unreadable],
        checks_total=inputs.checks_total,
        savings=savings,
        time_limit=time_limit,  # what stopped the search when `optimal` is false
        # The proven gap as the page writes it ("within 3.4 %"); None without a finite bound.
        gap_percent=f"{plan.gap * 100:.1f}" if plan.gap is not None else None,
    )
    return result


def unpriced_by_store(unpriced: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The offers left out for want of a rate, one entry per store and currency (a store of 23
    offers in GBP is one line on the page, not 23): its name, currency, and how many offers of how
    many cards, in the order the stores first appear."""
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for entry in unpriced:
        group = groups.setdefault((entry["store"], entry["currency"]), {
            "store": entry["store"], "name": entry.get("name") or entry["store"], "currency": entry["currency"],
            "offers": 0, "cards": set(),
        })
        group["offers"] += 1
        group["cards"].add(entry["card"])
    return [{**group, "cards": len(group["cards"])} for group in groups.values()]



def _comparison(plan, other) -> dict[str, Any]:
    """What the plan saves against another way of buying (`saving`, negative when the plan costs
    more: it buys more copies, or within fewer stores), the same as a positive `extra` for the page to
    say "costs … more" rather than "saves" a negative amount, and how many copies that way gets."""
    difference = other.total - plan.total
    return {"total": decimal_text(other.total), "copies": other.copies, "saving": decimal_text(difference),
            "extra": decimal_text(-difference if difference < 0 else Decimal("0"))}
