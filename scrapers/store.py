"""What the Django side tells the library about one store."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from scrapers.games import MAGIC


@dataclass(frozen=True)
class StoreConfig:
    """One store: which platform it runs, where, its platform settings and the games it sells.

    `settings` is the per-platform JSON the admin edits; `scrapers.validate_settings()` checks it.
    `games` are codes of `scrapers.games.GAMES`, the store's main game first (an inventory sync files a
    product that names no game under it); a search for a game the store does not sell sends nothing
    and says so (`SearchResult.carried`).
    """

    slug: str
    name: str
    platform: str
    base_url: str
    settings: dict[str, Any] = field(default_factory=dict)
    currency: str = "USD"
    requests_per_second: float = 1.0
    games: tuple[str, ...] = (MAGIC,)

    def sells(self, game: str) -> bool:
        return game in self.games

    @property
    def host(self) -> str:
        """The host part of `base_url`, e.g. "www.magicstronghold.com"."""
        return urlsplit(self.base_url).netloc

    def url(self, path: str) -> str:
        """An absolute URL for a path on the store's site (`base_url` may carry a path prefix)."""
        if path.startswith(("http://", "https://")):
            return path
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")

    def trusted_urls(self) -> list[str]:
        """The addresses an admin configured for this store: its base URL and any URL setting
        (`api_url`). Requests to these origins may go anywhere, private networks included."""
        urls = [self.base_url]
        urls += [
            value for value in self.settings.values()
            if isinstance(value, str) and value.startswith(("http://", "https://"))
        ]
        return urls
