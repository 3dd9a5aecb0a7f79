"""`SearchResult`: what one (store, card) check produced, including why it failed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from scrapers.offer import Offer

OK = "ok"
NOT_FOUND = "not_found"
ERROR = "error"


@dataclass(frozen=True)
class SearchResult:
    """`ok`: at least one in-stock offer; `not_found`: the store answered and has none;
    `error`: we could not tell, and `reason` says why. An error never looks like an empty result.
    """

    status: str
    offers: list[Offer] = field(default_factory=list)
    reason: str = ""
    requests: int = 0
    retry_at: datetime | None = None
    # True when nothing was sent because the store is paused or asked us to wait: an error to
    # show, but not another failure of the store (see `Store.record_check`).
    skipped: bool = False
    # When the store's answer was read, if not at the moment of the check: an answer from a synced
    # inventory index was read when its listing page was (aware, UTC). None: read just now.
    read_at: datetime | None = None
    # False when the store does not sell the searched game (`StoreConfig.games`): nothing was asked,
    # and `reason` says so. Always "not found", never an error: the store is fine.
    carried: bool = True

    @classmethod
    def from_offers(cls, offers: list[Offer], *, requests: int, read_at: datetime | None = None) -> SearchResult:
        if offers:
            return cls(OK, offers, requests=requests, read_at=read_at)
        return cls(NOT_FOUND, [], reason="the store has no copies in stock", requests=requests, read_at=read_at)

    @classmethod
    def not_carried(cls, reason: str) -> SearchResult:
        return cls(NOT_FOUND, [], reason=reason, carried=False)

    @classmethod
    def error(
        cls, reason: str, *, requests: int = 0, retry_at: datetime | None = None, skipped: bool = False
    ) -> SearchResult:
        return cls(ERROR, [], reason=reason, requests=requests, retry_at=retry_at, skipped=skipped)

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "offers": [offer.to_json() for offer in self.offers],
            "reason": self.reason,
            "requests": self.requests,
            "retry_at": self.retry_at.isoformat() if self.retry_at else None,
        }
