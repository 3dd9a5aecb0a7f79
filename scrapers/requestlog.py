"""A record of each request the HTTP client sends, for diagnosing a store.

`HttpClient.record_requests()` collects one `RequestRecord` per request this thread sends inside
the block, retries and the robots.txt fetch included, so `manage.py check_store` and the admin's test
page show what the worker's own client path did: URL, status, time, bytes and the headers a store
uses to say "slow down".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

# Headers stores use to announce or enforce rate limits (Retry-After, X-RateLimit-*, RateLimit-*,
# Shopify's call-limit header).
_RATE_LIMIT_MARKERS = ("retry-after", "ratelimit", "rate-limit", "call-limit")


@dataclass(frozen=True)
class RequestRecord:
    method: str
    url: str
    status: int | None  # None when no answer came (timeout, refused connection, body too large)
    seconds: float
    bytes: int
    rate_limit_headers: dict[str, str] = field(default_factory=dict)
    error: str = ""  # why no usable answer came, when status is None

    def to_json(self) -> dict[str, object]:
        return {"method": self.method, "url": self.url, "status": self.status, "seconds": round(self.seconds, 3),
                "bytes": self.bytes, "rate_limit_headers": self.rate_limit_headers, "error": self.error}


@dataclass
class RequestLog:
    records: list[RequestRecord] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self):
        return iter(self.records)


def rate_limit_headers(headers: Mapping[str, str]) -> dict[str, str]:
    return {name: value for name, value in headers.items()
            if any(marker in name.lower() for marker in _RATE_LIMIT_MARKERS)}
