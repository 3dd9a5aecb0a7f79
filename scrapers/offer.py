"""`Offer`: one purchasable printing, condition and finish of a card at one store.

Every offer leaves the library through `Offer.normalised()` (`scrapers.search()` calls it), because
whatever a parser copied from a page is the store's, and stores are hostile:

- **Links are data, not code.** `url` is kept only when it is an absolute http(s) URL of at most
  `MAX_URL` characters; anything else (`javascript:`, `data:`, relative, over-long) becomes "" and
  the offer stays, without a link. Nothing downstream has to guess whether a link is safe.
- **Text is bounded** to the database's column sizes (`TEXT_LIMITS`), with control characters,
  NUL bytes and lone surrogates (from invalid UTF-8 or bad JSON escapes) replaced, so saving a
  check never fails on PostgreSQL. Markup stays as text: templates escape it.
- **Currency** is an ISO 4217 code (pycountry's list) or else the store's configured currency.
- **Price** must be a finite amount in 0 … `MAX_PRICE` (the column's range), or the offer is
  dropped: a price we cannot show is no offer. **Quantity** below 0 is 0 (none in stock); above
  `MAX_QUANTITY` it is unknown (None, "available").
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import pycountry

from scrapers.vocabulary import CONDITIONS, FINISHES

# A store that states no condition at all (a bare WooCommerce product) gets this, not a guess:
# "NM" would promise something the store never said, and an alert rule asking for a minimum
# condition rejects it (availability/alerts/rules.py).
UNSTATED_CONDITION = ""

# The sizes of the columns availability.checks.models.Offer keeps these in.
TEXT_LIMITS = {
    "name": 300, "set_name": 200, "set_code": 10, "collector_number": 20, "condition_raw": 100,
    "language": 40, "variant_id": 100,
}
MAX_URL = 1000
MAX_PRICE = Decimal("9999999999.99")  # DecimalField(max_digits=12, decimal_places=2)
MAX_QUANTITY = 1_000_000
# C0/C1 controls (NUL included) and lone surrogates, which PostgreSQL and UTF-8 refuse.
_UNSAFE_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_WHITESPACE = re.compile(r"\s+")


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
    cart_url: str | None = None  # a cart permalink with one of this variant (Shopify, BinderPOS)

    def __post_init__(self) -> None:
        # Parsers build offers from untrusted pages; a bad value here is a parser bug, not a
        # store problem, so fail loudly instead of pushing nonsense to the dashboard.
        if self.finish not in FINISHES:
            raise ValueError(f"unknown finish {self.finish!r}")
        if self.condition not in CONDITIONS and self.condition != UNSTATED_CONDITION:
            raise ValueError(f"unknown condition {self.condition!r}")
        if not isinstance(self.price, Decimal):
            raise TypeError("price must be a Decimal")

    def normalised(self, default_currency: str) -> Offer | None:
        """This offer made safe to keep and show (see the module docstring); None if its price is unusable."""
        price = self.price
        if not price.is_finite() or not Decimal(0) <= price <= MAX_PRICE:
            return None
        quantity = self.quantity
        if quantity is not None:
            quantity = 0 if quantity < 0 else quantity if quantity <= MAX_QUANTITY else None
        texts = {field: bounded_text(getattr(self, field), limit) for field, limit in TEXT_LIMITS.items()}
        for optional in ("collector_number", "language", "variant_id"):
            texts[optional] = texts[optional] or None
        return dataclasses.replace(
            self, **texts, price=price.quantize(Decimal("0.01")), quantity=quantity,
            currency=currency_code(self.currency) or currency_code(default_currency) or "XXX",
            url=safe_url(self.url),
        )

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
            "cart_url": self.cart_url,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Offer:
        """The offer `to_json()` wrote (an inventory index keeps offers as JSON)."""
        return cls(**{**data, "price": Decimal(data["price"])})


def bounded_text(value: object, limit: int) -> str:
    """`value` as one line of printable text of at most `limit` characters."""
    if value is None:
        return ""
    text = _WHITESPACE.sub(" ", _UNSAFE_CHARACTERS.sub("\ufffd", str(value))).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def safe_url(value: object) -> str:
    """`value` if it is an absolute http(s) URL we may link to, else ""."""
    if not isinstance(value, str):
        return ""
    url = value.strip()
    if not url or len(url) > MAX_URL or _UNSAFE_CHARACTERS.search(url) or any(ch.isspace() for ch in url):
        return ""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    return url


def currency_code(value: object) -> str | None:
    """The ISO 4217 code in `value` ("cad " -> "CAD"), or None when it is not one."""
    if not isinstance(value, str):
        return None
    code = value.strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        return None
    return code if pycountry.currencies.get(alpha_3=code) is not None else None
