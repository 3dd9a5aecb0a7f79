"""A user's alert rule for a card: a card's own rule wins; what it leaves blank comes from the user's
settings. Which offers it accepts is `cards.wishlist.wanted.Want` (the buy plan's rule too); the
rule adds only "as many copies as I want" (`matching`), which looks at a store's offers together.

A price ceiling is an amount in a currency. An offer in another currency is compared with it only
when `availability.money.rates` knows a rate; otherwise it is "not compared": not accepted under the
ceiling, and listed as such on the alert pages (`not_compared_stores`) so a CLP store is never
left out silently.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from availability.alerts.models import AlertRule, AlertSettings
from availability.checks.models import Offer
from availability.money.rates import convert
from cards.wishlist.models import CardSpec, TrackedCard
from cards.wishlist.wanted import Want


@dataclass(frozen=True)
class AlertCriteria:
    """What one user wants of one card, all defaults applied."""

    enabled: bool
    specs: tuple[CardSpec, ...]
    amount: int
    max_price: Decimal | None = None
    max_price_currency: str = ""
    min_condition: str = ""
    language: str = ""
    finish: str = ""
    needs_full_amount: bool = False

    @classmethod
    def for_tracked_card(cls, tracked: TrackedCard, defaults: AlertSettings) -> AlertCriteria:
        """The card's rule over the user's defaults; `tracked` should come with specs prefetched."""
        try:
            rule = tracked.alert_rule
        except AlertRule.DoesNotExist:
            rule = AlertRule(tracked_card=tracked)
        # The ceiling and its currency come together, from the rule or from the settings.
        ceiling = rule if rule.max_price is not None else defaults
        return cls(
            enabled=rule.enabled,
            specs=tuple(tracked.specs.all()),
            amount=tracked.amount,
            max_price=ceiling.max_price,
            max_price_currency=ceiling.max_price_currency,
            min_condition=rule.min_condition or defaults.min_condition,
            language=rule.language or defaults.language,
            finish=rule.finish or defaults.finish,
            needs_full_amount=(
                rule.needs_full_amount if rule.needs_full_amount is not None else defaults.needs_full_amount
            ),
        )

    @functools.cached_property
    def want(self) -> Want:
        """What the user will take of the card: the one rule, shared with the buy plan."""
        return Want(
            printings=self.specs, min_condition=self.min_condition, max_price=self.max_price,
            max_price_currency=self.max_price_currency, language=self.language, finish=self.finish,
        )

    def accepts(self, offer: Offer, *, ignore_price: bool = False) -> bool:
        """Whether one offer is what the user wants (`Want.accepts`, prices converted at the known
        rates); the quantity rule looks at all offers: `matching`."""
        return self.want.accepts(offer, convert, ignore_price=ignore_price)

    def compares(self, currency: str) -> bool:
        """Whether prices in `currency` can be held against the ceiling (always, without one)."""
        if self.max_price is None or not self.max_price_currency:
            return True
        return convert(Decimal(1), currency, self.max_price_currency) is not None

    def matching(self, offers: Iterable[Offer], *, ignore_price: bool = False) -> list[Offer]:
        """The acceptable offers, cheapest first; none unless they cover the amount when that is asked."""
        found = sorted((o for o in offers if self.accepts(o, ignore_price=ignore_price)), key=lambda o: o.price)
        # A store that says only "available" has at least one copy.
        if self.needs_full_amount and sum(o.quantity or 1 for o in found) < self.amount:
            return []
        return found


def not_compared_stores(criteria: AlertCriteria, stores: Iterable) -> list:
    """The stores whose prices cannot be held against the ceiling: no rate to its currency."""
    return [store for store in stores if not criteria.compares(store.currency)]
