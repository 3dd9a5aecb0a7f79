"""Exceptions raised inside the library.

Platform modules raise these; `scrapers.search()` turns them into an error `SearchResult`, so
callers outside the library only ever see values. Each carries a `reason` a store owner or player
can read, because that text ends up on the dashboard as is.
"""

from __future__ import annotations

from datetime import datetime


class ScraperError(Exception):
    """Something went wrong talking to a store or reading its answer."""

    def __init__(self, reason: str, *, retry_at: datetime | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_at = retry_at


class StoreUnreachable(ScraperError):
    """DNS failure, refused connection, timeout: the store never answered."""


class StoreHttpError(ScraperError):
    """The store answered with an HTTP error status we do not retry (any more)."""

    def __init__(self, reason: str, *, status: int, retry_at: datetime | None = None) -> None:
        super().__init__(reason, retry_at=retry_at)
        self.status = status


class RateLimited(ScraperError):
    """The store asked us to slow down for longer than we are willing to wait."""


class StorePaused(ScraperError):
    """We did not call the store: it asked us to wait (Retry-After) longer than we sit through.
    Not a new failure of the store, only the old one still holding (`SearchResult.skipped`)."""


class RedirectRefused(ScraperError):
    """The store redirected us somewhere we do not go: not a web address, or not a public one."""


class AddressNotPublic(ScraperError):
    """The store's own address is loopback, private or link-local, and the client may not go there."""


class ResponseTooLarge(ScraperError):
    """The store sent more bytes than we accept for one response."""


class UnreadablePage(ScraperError):
    """The store answered, but not with anything we know how to read."""


class InvalidSettings(ScraperError):
    """The store's platform settings are missing or wrong."""
