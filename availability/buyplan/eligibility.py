"""What a buy plan is made of, and which offers a wanted card accepts: `cards.wishlist.wanted.Want`,
the rule the alerts use, so the plan never buys a copy the user's alert rule would refuse.

Everything here is plain Python (no Django), so the solver, the command line and the benchmark can
use it without a database. Prices are in the plan's currency by the time they get here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from cards.wishlist.wanted import Want, printing_name

__all__ = ["AcceptablePrinting", "PlanOffer", "WantedCard", "eligible"]


@dataclass(frozen=True)
class AcceptablePrinting:
    """A printing a user will take; a blank part means any (as `wishlist.CardSpec`; `cards.wishlist.wanted`
    decides which offers it accepts)."""

    set_code: str = ""
    collector_number: str = ""
    finish: str = ""


@dataclass(frozen=True)
class WantedCard:
    """One want the plan should fill: how many copies of a card, and what the user will take for it
    (the fields of the `--wants` JSON; `want` is the rule they make).

    A card wanted in several printings is several WantedCards, one per want ("2 STA 42" and "1 any
    printing"): each is its own demand in the solver, so a copy of STA 42 may fill either, and the
    "any printing" want takes what the specific wants leave (README "What a tracked card means").
    """

    card: str
    amount: int
    printings: tuple[AcceptablePrinting, ...] = ()  # empty: any printing
    min_condition: str = ""  # "LP" accepts NM and LP; blank accepts any
    max_price: Decimal | None = None  # per copy, in the plan's currency
    language: str = ""  # blank accepts any; an offer naming none is English
    finish: str = ""  # blank accepts any

    @property
    def label(self) -> str:
        """Which want this is, as the pages write a printing: "STA 42", "M10 foil", "any printing"
        (several acceptable printings: "M10 146 or STA 42")."""
        return " or ".join(printing_name(p) for p in self.printings) or "any printing"

    @functools.cached_property
    def want(self) -> Want:
        # The ceiling has no currency of its own here: prices and ceiling are in the plan's by now.
        return Want(self.printings, self.min_condition, self.max_price, "", self.language, self.finish)


@dataclass(frozen=True)
class PlanOffer:
    """One offer as the plan sees it: `price` is in the plan currency; `quantity` None means the store
    says only "available", which counts as one copy."""

    store: str
    card: str
    set_code: str
    collector_number: str
    finish: str
    condition: str
    price: Decimal
    quantity: int | None
    url: str = ""
    variant_id: str = ""
    language: str = ""
    platform: str = ""  # the store's platform: Shopify and BinderPOS stores get a cart link
    currency: str = ""  # the store's own currency and price, when they differ from the plan's
    original_price: Decimal | None = None
    checked_at: datetime | None = field(default=None, compare=False)

    @property
    def copies(self) -> int:
        return 1 if self.quantity is None else max(self.quantity, 0)


def eligible(want: WantedCard, offer: PlanOffer) -> bool:
    """Whether `offer` is a copy of `want` the user accepts: the card, and `Want.accepts` (in stock,
    one of its printings, the rule's finish, language, condition floor and price ceiling)."""
    return offer.card.casefold() == want.card.casefold() and want.want.accepts(offer)
