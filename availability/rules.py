"""Which offers a user's alert rule accepts: their specs, then the rule's price, condition, language,
finish and quantity. A card's own rule wins; what it leaves blank comes from the user's settings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from availability.models import CONDITION_ORDER, AlertRule, AlertSettings, Offer
from cards.models import CardSpec, TrackedCard

# Most stores only name a language when it is not English.
UNSTATED_LANGUAGE = "english"


@dataclass(frozen=True)
class AlertCriteria:
    """What one user wants of one card, all defaults applied."""

    enabled: bool
    specs: tuple[CardSpec, ...]
    amount: int
    max_price: Decimal | None = None
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
        return cls(
            enabled=rule.enabled,
            specs=tuple(tracked.specs.all()),
            amount=tracked.amount,
            max_price=rule.max_price if rule.max_price is not None else defaults.max_price,
            min_condition=rule.min_condition or defaults.min_condition,
            language=rule.language or defaults.language,
            finish=rule.finish or defaults.finish,
            needs_full_amount=(
                rule.needs_full_amount if rule.needs_full_amount is not None else defaults.needs_full_amount
            ),
        )

    def accepts(self, offer: Offer, *, ignore_price: bool = False) -> bool:
        """Whether one offer is what the user wants (the quantity rule looks at all offers: `matching`)."""
        if offer.quantity == 0:
            return False  # listed but sold out is not in stock
        if self.specs and not any(
            spec.matches(offer.set_code, offer.collector_number, offer.finish) for spec in self.specs
        ):
            return False
        if self.finish and offer.finish != self.finish:
            return False
        if self.min_condition and not _at_least(offer.condition, self.min_condition):
            return False
        if self.language and (offer.language or UNSTATED_LANGUAGE).casefold() != self.language.casefold():
            return False
        return ignore_price or self.max_price is None or offer.price <= self.max_price

    def matching(self, offers: Iterable[Offer], *, ignore_price: bool = False) -> list[Offer]:
        """The acceptable offers, cheapest first; none unless they cover the amount when that is asked."""
        found = sorted((o for o in offers if self.accepts(o, ignore_price=ignore_price)), key=lambda o: o.price)
        # A store that says only "available" has at least one copy.
        if self.needs_full_amount and sum(o.quantity or 1 for o in found) < self.amount:
            return []
        return found


def _at_least(condition: str, minimum: str) -> bool:
    if condition not in CONDITION_ORDER:
        return False
    return CONDITION_ORDER.index(condition) <= CONDITION_ORDER.index(minimum)
