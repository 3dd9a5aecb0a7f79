"""The `cards_data` message: a user's whole wishlist with every row rendered, reused while it holds.

Every dashboard asks for it when its socket opens (`get_users_cards`), and after a deploy a crowd of
them asks at once. Rendering it costs a few queries and a template per cell; re-sending the last
rendering costs one cache round trip. A rendering is reused only while nothing it shows can have
changed, which is checked, not assumed:

- **the wishlist, the chosen stores, the time zone**: a change to `TrackedCard`, `CardSpec`,
  `ChosenStore` (one by one, or the account page's `chosen_stores_changed`) or `Preferences`
  replaces the user's token, and a change to any `Store` replaces the stores' token (signals, after
  the transaction commits). A rendering remembers the tokens it was made under; the tokens are read
  *before* the rows, so a rendering is never newer than its token.
- **the answers**: the cached answers of the rendering's (store, card) pairs are read with the tokens
  in the same round trip and compared with the ones it was rendered from. On Redis the comparison is
  of the stored bytes (`raw_values`): once rendered, the bytes at every key are read back, decoded and
  checked against what the rendering shows (else it is not kept), and each ask compares them as
  bytes, without unpickling fifty answers and checking fifty keys. An answer read from the
  database (evicted from the cache) cannot be compared this way, so such a rendering is not reused.
  Every check writes its answer to the database and then the cache (availability/checks/pipeline.py); if
  that cache write fails, a rendering made before the check can be re-sent until `MAX_AGE`.
- **time**: a fresh answer turns stale, a pause ends, the date changes at the user's midnight; the
  rendering is reused only until the earliest of these, and never for longer than `MAX_AGE`, so the
  pairs are still noted as watched (availability/checks/rechecks.py) and anything signals cannot see (a
  card renamed by a catalog refresh) shows within a minute.

When the cache cannot be reached, nothing is reused: the rows come from the database as before.
Renderings are kept per process (at most `MAX_USERS`); the tokens live in the shared cache, so every
web process and worker sees a change.

What the rows are drawn from, the user's tracked cards (with their specs), chosen stores and time
zone (`user_view`), is kept the same way under the same tokens: a reply rendered again because an
answer changed, and every `get_card_availability` (protocol.py), read them from here rather than
with four queries. A view is dropped when either token changes and after `MAX_AGE` (a card renamed
by a catalog refresh). Its model instances are shared by the threads of the process and only read.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from availability.checks.rechecks import WATCH_WRITE_EVERY
from availability.checks.results import StoreAnswer, result_key
from availability.live.grid import Rows, user_tracked_cards, wishlist_rows
from cards.wishlist.models import TrackedCard
from availability.preferences.models import Preferences
from availability.preferences.zones import zone_of
from scrapers.games import MAGIC
from stores.models import ChosenStore, Store
from stores.signals import chosen_stores_changed

# Daphne refuses to send a WebSocket message over 1 MB. A wishlist whose rows render bigger than
# this is sent without them (`html: null`) and the page draws it again over HTTP instead.
MAX_ROWS_HTML = 512 * 1024

MAX_AGE = WATCH_WRITE_EVERY
MAX_USERS = 5_000
STORES_TOKEN = "wishlist-reply:stores"


def user_token_key(user_id: int) -> str:
    return f"wishlist-reply:user:{user_id}"


@dataclass(frozen=True)
class Rendering:
    tokens: tuple[str, str]  # (the user's, the stores')
    answers: dict[str, dict | None]  # each pair's cached answer as rendered, by cache key
    valid_until: datetime
    reply: dict
    # On Redis: the full keys of the tokens and answers, and the bytes stored there when rendered.
    made_keys: list[str] | None = None
    stamps: list[bytes | None] | None = None


@dataclass(frozen=True)
class UserView:
    """What a user's rows are drawn from. With no tracked card, no stores or zone are read (every
    newcomer's case): `stores` is then None and `zone` the default."""

    tokens: tuple[str, str] | None  # None: the cache is down, so this view is not kept
    tracked_cards: list[TrackedCard]
    stores: list[Store] | None
    zone: tzinfo
    read_at: float  # time.monotonic()


_renderings: OrderedDict[int, Rendering] = OrderedDict()
_views: OrderedDict[int, UserView] = OrderedDict()
_lock = threading.Lock()  # handlers run on several database threads of one process


def user_view(user) -> UserView:
    """The user's tracked cards, chosen stores and zone: kept while their tokens hold, else read
    (three queries and the zone's; the tokens are read first, so a view is never newer than them)."""
    try:
        tokens = _tokens(user.pk)
    except Exception:  # the cache is down: read everything, keep nothing
        tokens = None
    with _lock:
        view = _views.get(user.pk)
    if view is not None and tokens is not None and view.tokens == tokens and (
            time.monotonic() - view.read_at < MAX_AGE.total_seconds()):
        return view
    tracked_cards = user_tracked_cards(user)
    if tracked_cards:
        view = UserView(tokens, tracked_cards, list(Store.objects.chosen_by(user)), zone_of(user), time.monotonic())
    else:
        view = UserView(tokens, tracked_cards, None, timezone.get_current_timezone(), time.monotonic())
    if tokens is not None:
        with _lock:
            _views.pop(user.pk, None)
            _views[user.pk] = view
            while len(_views) > MAX_USERS:
                _views.popitem(last=False)
    return view


def cards_data(user) -> dict:
    """The whole wishlist, with every row rendered (`html`) from the cached answers."""
    with _lock:
        rendering = _renderings.get(user.pk)
    if rendering is not None and _still_true(user.pk, rendering):
        return rendering.reply
    rendering, reply = _render(user)
    with _lock:
        _renderings.pop(user.pk, None)
        if rendering is not None:
            _renderings[user.pk] = rendering
            while len(_renderings) > MAX_USERS:
                _renderings.popitem(last=False)
    return reply


def _still_true(user_id: int, rendering: Rendering) -> bool:
    if timezone.now() >= rendering.valid_until:
        return False
    if rendering.stamps is not None:
        try:
            return cache.raw_values(rendering.made_keys) == rendering.stamps
        except Exception:  # the cache is down: render from the database instead
            return False
    keys = [user_token_key(user_id), STORES_TOKEN, *rendering.answers]
    try:
        found = cache.get_many(keys)
    except Exception:  # the cache is down: render from the database instead
        return False
    return (found.get(keys[0]), found.get(keys[1])) == rendering.tokens and all(
        found.get(key) == answer for key, answer in rendering.answers.items()
    )


def _render(user) -> tuple[Rendering | None, dict]:
    """The reply, and the rendering to keep (None when it must not be reused: the cache is down)."""
    view = user_view(user)
    tokens, tracked_cards, zone = view.tokens, view.tracked_cards, view.zone
    # An empty wishlist (every newcomer's) has no rows to render: no stores, zone or answers to read.
    rows = wishlist_rows(user, zone, tracked_cards, stores=view.stores) if tracked_cards else Rows([], True, [], {})
    reply = _reply(tracked_cards, rows)
    if tokens is None or None in tokens or not rows.live:
        return None, reply
    now = timezone.now()
    answers = {result_key(*pair): None for pair in _pairs(tracked_cards, rows)}
    answers.update({result_key(*pair): answer.to_cache() for pair, answer in rows.answers.items()})
    changes = [now + MAX_AGE, _next_midnight(now, zone)]
    by_id = {store.pk: store for store in rows.stores}
    for (store_id, _card_id), answer in rows.answers.items():
        changes.append(_next_change(answer, by_id[store_id].cache_ttl, now))
    rendering = Rendering(tokens, answers, min(filter(None, changes)), reply)
    if hasattr(cache, "raw_values"):
        rendering = _stamped(user.pk, rendering)
    return rendering, reply


def _stamped(user_id: int, rendering: Rendering) -> Rendering | None:
    """The rendering with the bytes now stored at its keys, if they still hold what it shows (a
    token replaced or an answer written since it was read: None, it is not kept)."""
    keys = [user_token_key(user_id), STORES_TOKEN, *rendering.answers]
    try:
        made = [cache.make_and_validate_key(key) for key in keys]
        stamps = cache.raw_values(made)
        now_stored = [None if raw is None else cache.loads(raw) for raw in stamps]
    except Exception:
        return None
    if now_stored != [*rendering.tokens, *rendering.answers.values()]:
        return None
    return replace(rendering, made_keys=made, stamps=stamps)


def _pairs(tracked_cards, rows: Rows) -> list[tuple[int, int]]:
    return [(store.pk, tracked.card_id) for tracked in tracked_cards for store in rows.stores]


def _next_change(answer: StoreAnswer, ttl: timedelta, now: datetime) -> datetime | None:
    """When this answer's cell would read differently with nothing else changed."""
    moments = []
    if answer.is_fresh(ttl):
        moments.append(answer.checked_at + ttl)  # it turns stale
    if answer.paused_until and answer.paused_until > now:
        moments.append(answer.paused_until)  # the pause ends
    return min(moments, default=None)


def _next_midnight(now: datetime, zone) -> datetime:
    """Times are shown as a clock time today and as a date before: the label changes at midnight."""
    local = timezone.localtime(now, zone)
    return (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)


def _reply(tracked_cards, rows: Rows) -> dict:
    html = "".join(rows.html)
    return {
        "type": "cards_data",
        "html": html if len(html) <= MAX_ROWS_HTML else None,
        "tracked_cards": [
            {
                "id": tracked.pk,
                "card_id": tracked.card_id,
                "card": tracked.card.name,
                # Absent means Magic (docs/protocol.md), so Magic's entries read as they always did.
                **({"game": tracked.card.game} if tracked.card.game != MAGIC else {}),
                "amount": tracked.amount,
                "specs": [
                    {"set_code": spec.set_code, "collector_number": spec.collector_number, "finish": spec.finish,
                     "amount": spec.amount}
                    for spec in tracked.specs.all()
                ],
            }
            for tracked in tracked_cards
        ],
    }


# --- tokens ----------------------------------------------------------------------------------------


def _tokens(user_id: int) -> tuple[str, str]:
    """The current tokens, made where missing (never reused as None: see `forget`)."""
    keys = [user_token_key(user_id), STORES_TOKEN]
    found = cache.get_many(keys)
    for key in keys:
        if found.get(key) is None:
            token = secrets.token_hex(8)
            found[key] = token if cache.add(key, token, timeout=None) else cache.get(key)
    return found[keys[0]], found[keys[1]]


def forget(user_id: int | None = None) -> None:
    """Something a user's rows show changed (None: a store, so everyone's): no rendering made before
    is reused, in any process. A new random token rather than a counter: an evicted counter could
    come back to a value an old rendering remembers."""
    try:
        cache.set(STORES_TOKEN if user_id is None else user_token_key(user_id), secrets.token_hex(8), timeout=None)
    except Exception:  # the cache is down; renderings are not reused while it is
        pass
    with _lock:
        if user_id is None:
            _renderings.clear()
            _views.clear()
        else:
            _renderings.pop(user_id, None)
            _views.pop(user_id, None)


def drop_kept_renderings() -> None:
    """Drop this process's renderings and views (tests: each test has a cache and users of its own)."""
    with _lock:
        _renderings.clear()
        _views.clear()


def _forget_after_commit(user_id: int | None) -> None:
    transaction.on_commit(lambda: forget(user_id))


def on_user_row(sender, instance, **kwargs) -> None:
    _forget_after_commit(instance.user_id)


def on_store(sender, instance, **kwargs) -> None:
    _forget_after_commit(None)


def on_chosen_stores(sender, user_id: int, **kwargs) -> None:
    forget(user_id)  # sent after the commit already


def connect() -> None:
    """Wishlist rows (`TrackedCard`, `CardSpec`) are forgotten by wishlist_push.py, which also pushes
    the new rows; these are the other things a row shows."""
    for model in (ChosenStore, Preferences):
        post_save.connect(on_user_row, sender=model, dispatch_uid=f"wishlist_reply_{model.__name__}_save")
        post_delete.connect(on_user_row, sender=model, dispatch_uid=f"wishlist_reply_{model.__name__}_delete")
    post_save.connect(on_store, sender=Store, dispatch_uid="wishlist_reply_store_save")
    post_delete.connect(on_store, sender=Store, dispatch_uid="wishlist_reply_store_delete")
    chosen_stores_changed.connect(on_chosen_stores, dispatch_uid="wishlist_reply_chosen_stores")
