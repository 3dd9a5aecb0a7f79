"""The cheapest way to buy a list across stores, from JSON files (README "Buy plan").

    manage.py buy_plan --wants WANTS.json --offers OFFERS.json [--store-cost 5.00] [--max-stores K]
                       [--currency USD] [--json]

Bad input exits with status 2 and one line on stderr naming the problem (lgs_checker/commandline.py),
amounts included: each want, and each card in all, 1 to 999 copies by the wishlist's own rule
(`cards.wishlist.changes.check_amount`), so the command plans no list the app would refuse.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings

from availability.buyplan.eligibility import WantedCard
from availability.buyplan.jsonio import (
    CART_PLATFORMS,
    MAX_STORE_COST,
    PlanInputError,
    shown,
    cart_base_from_url,
    default_currency,
    parse_offers,
    parse_wants,
    plan_json,
    price_in,
)
from availability.buyplan.solver import solve
from availability.money.prices import format_price
from availability.money.rates import RateTable
from cards.wishlist.changes import AmountError, check_amount
from lgs_checker.commandline import AppCommand, BadInput
from lgs_checker.commandline import currency as currency_code


class Command(AppCommand):
    help = "Plan where to buy a list of cards: the most copies, then the least total, solved exactly."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--wants", type=Path, required=True, help="JSON list of wanted cards.")
        parser.add_argument("--offers", type=Path, required=True, help="JSON list of store offers.")
        parser.add_argument("--store-cost", default="0", help="What each store used costs (shipping, a trip).")
        parser.add_argument("--max-stores", type=int, default=None, help="Buy from at most this many stores.")
        parser.add_argument("--currency", default=None,
                            help="The plan's currency (default: the offers' own if they share one, else USD).")
        parser.add_argument("--json", action="store_true", help="Print the plan as JSON.")

    def handle(self, *args, wants: Path, offers: Path, store_cost: str, max_stores: int | None,
               currency: str | None, json: bool, **options) -> None:
        try:
            wanted = parse_wants(read_json(wants, "wants"))
            offered = parse_offers(read_json(offers, "offers"))
        except PlanInputError as error:
            raise BadInput(str(error))
        within_wishlist_amounts(wanted)
        cost = parse_store_cost(store_cost)
        if max_stores is not None and max_stores < 1:
            raise BadInput(f"--max-stores: expected 1 or more, got {max_stores}")
        currency = currency_code(currency) if currency is not None else default_currency(offered).upper()
        foreign = {o.currency for o in offered} - {currency}
        # Only a plan across currencies needs the rates (and so a database).
        table = RateTable.current(foreign | {currency}) if foreign else RateTable({})
        priced, unpriced = price_in(offered, currency, table.convert)
        plan = solve(wanted, priced, cost, max_stores, time_limit=settings.BUY_PLAN_TIME_LIMIT_SECONDS)
        result = plan_json(plan, currency, cart_base_for_offers, unpriced)
        if json:
            self.stdout.write(dumps(result))
        else:
            self.stdout.write(as_text(result))


def within_wishlist_amounts(wanted: list[WantedCard]) -> None:
    """Each want and each card's wants together: 1 to 999 copies, as on the wishlist."""
    totals: dict[str, int] = {}
    try:
        for number, want in enumerate(wanted):
            where = f"wants[{number}].amount"
            check_amount(want.amount, want.card)
            totals[want.card] = totals.get(want.card, 0) + want.amount
        where = "wants"
        for card, total in totals.items():
            check_amount(total, card)
    except AmountError as error:
        raise BadInput(f"{where}: {error.message}") from None


def read_json(path: Path, what: str):
    """The file's JSON, or BadInput naming what is wrong with it (in words, not a traceback)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise BadInput(f"{what}: cannot read {path}: {error.strerror}")
    except UnicodeDecodeError:
        raise BadInput(f"{what}: {path} is not UTF-8 text") from None
    try:
        return json.loads(text)
    except RecursionError:
        raise BadInput(f"{what}: {path} is nested too deeply to read") from None
    except json.JSONDecodeError as error:
        raise BadInput(f"{what}: {path} is not valid JSON ({error})") from None
    except ValueError:  # an integer of thousands of digits: Python refuses to convert it
        raise BadInput(f"{what}: {path} holds a number too long to read") from None


def dumps(result: dict) -> str:
    return json.dumps(result, indent=2, ensure_ascii=False)


def parse_store_cost(text: str) -> Decimal:
    try:
        cost = Decimal(text)
    except InvalidOperation:
        raise BadInput(f"--store-cost: expected an amount like 5.00, got {shown(text)}")
    if not cost.is_finite() or not 0 <= cost <= MAX_STORE_COST:
        raise BadInput(f"--store-cost: expected an amount from 0 to {MAX_STORE_COST}, got {shown(text)}")
    return cost


def cart_base_for_offers(store: str, purchases) -> str:
    """Offers from the command line say their platform; a Shopify cart lives at the shop's root."""
    offer = purchases[0].offer
    return cart_base_from_url(offer.url) if offer.platform in CART_PLATFORMS else ""


def as_text(result: dict) -> str:
    """The plan for a person: amounts as everywhere else ("USD 2.50", "CLP 900")."""
    currency = result["currency"]

    def price(amount: str) -> str:
        return format_price(Decimal(amount), currency)

    lines = []
    for store in result["stores"]:
        lines.append(f"{store['store']}: {price(store['subtotal'])} + {price(store['store_cost'])}")
        # The "copy as list" lines, each with the want its copies fill.
        lines.extend(f"  {line} for {item['for']}"
                     for line, item in zip(store["list_text"].splitlines(), store["items"], strict=True))
        if store["cart_url"]:
            lines.append(f"  cart: {store['cart_url']}")
    lines.extend(f"missing: {m['amount']} of {m['wanted']} {m['card']} ({m['for']})" for m in result["missing"])
    lines.extend(f"left out (no {u['currency']} rate): {u['card']} at {u['store']}" for u in result["unpriced"])
    optimal = "optimal" if result["optimal"] else f"not proven optimal (gap {result['gap']:.2%})"
    lines.append(f"total {price(result['total'])} ({optimal})")
    return "\n".join(lines)
