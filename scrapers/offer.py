"""`Offer`: one purchasable printing, condition and finish of a card at one store."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

FINISHES = ("nonfoil", "foil", "etched")
CONDITIONS = ("NM", "LP", "MP", "HP", "DMG")
# A store that states no condition at all (a bare WooCommerce product) gets this, not a guess:
# "NM" would promise something the store never said, and an alert rule asking for a minimum
# condition rejects it (availability/rules.py).
UNSTATED_CONDITION = ""


@dataclass(frozen=True)
class Offer:
    # As the store lists it, less plain finish words that `finish` carries ("Lightning Bolt
    # (Foil Etched) [Commander Masters]" -> "Lightning Bolt [Commander Masters]"); named foils
    # ("(Surge Foil)") and other decorations stay: they tell printings apart.
    name: str
    set_name: str
    set_code: str
    collector_number: str | None
    finish: str  # one of FINISHES
    condition: str  # one of CONDITIONS, or UNSTATED_CONDITION
    condition_raw: str  # the store's own words ("NM-Mint, English")
    language: str | None  # None when the store names none; "Non English" when it says only that
    price: Decimal
    currency: str
    quantity: int | None  # None when the store only says "available"
    url: str
    variant_id: str | None

    def __post_init__(self) -> None:
        # Parsers build offers from untrusted pages; a bad value here is a parser bug, not a
        # store problem, so fail loudly instead of pushing nonsense to the dashboard.
        if self.finish not in FINISHES:
            raise ValueError(f"unknown finish {self.finish!r}")
        if self.condition not in CONDITIONS and self.condition != UNSTATED_CONDITION:
            raise ValueError(f"unknown condition {self.condition!r}")
        if not isinstance(self.price, Decimal):
            raise TypeError("price must be a Decimal")

    @property
    def in_stock(self) -> bool:
        return self.quantity is None or self.quantity > 0

    def to_json(self) -> dict[str, Any]:
        """A JSON-safe dict for the cache, the history table and the websocket."""
        return {
            "name": self.name,
            "set_name": self.set_name,
            "set_code": self.set_code,
            "collector_number": self.collector_number,
            "finish": self.finish,
            "condition": self.condition,
            "condition_raw": self.condition_raw,
            "language": self.language,
            "price": str(self.price),
            "currency": self.currency,
            "quantity": self.quantity,
            "url": self.url,
            "variant_id": self.variant_id,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Offer:
        """The offer `to_json()` wrote (an inventory index keeps offers as JSON)."""
        return cls(**{**data, "price": Decimal(data["price"])})
