"""The dashboard's answers when the cache is down: the last checks recorded in the database.

The database is the source of truth and the cache only speed, so a Redis outage must not take the
dashboard with it. The page then shows each (store, card) as its latest answer in the database
(`LatestAnswer`, which rechecks and the buy plan read too) and says the answers are not live; the
page's socket keeps reconnecting and everything is live again once Redis is back (the cache client
reconnects on its own, no restart).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from availability.checks.results import StoreAnswer, cached_answers, stored_answers

logger = logging.getLogger(__name__)

Pair = tuple[int, int]  # (store id, card id)


def last_answers(pairs: Iterable[Pair]) -> tuple[dict[Pair, StoreAnswer], bool]:
    """The cached answers, or the recorded ones when the cache cannot be reached; and whether live."""
    pairs = list(pairs)
    try:
        return cached_answers(pairs), True
    except Exception:  # the cache backend's own connection errors (redis-py's, or the database's)
        logger.warning("the cache is unreachable; the dashboard shows the last recorded answers",
                       exc_info=True)
        return stored_answers(pairs), False
