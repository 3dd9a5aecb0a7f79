"""Guards on the private parts of Django, Channels and channels-redis our code relies on.

Each override below leans on something its library does not promise to keep: a private method,
an attribute, a copied script, the shape of an internal list. An upgrade that changes one of them
fails here, with a message naming the pinned version, the internal and the file to review, rather
than as a slow or wrong dashboard in production. The README's "Overrides of library internals, and
what each buys" says what each override is worth.

Two kinds of guard:
- behaviour and signature (what our code calls must still exist, take the same arguments and give
  the same shape of answer);
- a fingerprint of the library function our code mirrors or bypasses (a hash of its source): when
  it changes, someone must read the new version and check the override still does the same, then
  update the fingerprint here. After an upgrade, `python tests/test_pinned_internals.py` prints the
  new fingerprints.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import inspect
import re
import textwrap
from pathlib import Path

import pytest
from channels.auth import AuthMiddleware, get_user
from channels.consumer import AsyncConsumer, get_handler_name
from channels.db import DatabaseSyncToAsync
from channels.generic.websocket import AsyncWebsocketConsumer
from channels_redis.core import RedisChannelLayer
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.functional import cached_property

from cards.wishlist.models import TrackedCard
from lgs_checker.channel_layer import GROUP_SEND_LUA
from lgs_checker.redis_cache import SharedPoolRedisCache

ROOT = Path(__file__).resolve().parent.parent


def pinned(distribution: str) -> str:
    """The installed version, which must be the one requirements.txt pins exactly."""
    version = importlib.metadata.version(distribution)
    pins = [pin for name, pin in re.findall(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^\s#;]+)",
                                            (ROOT / "requirements.txt").read_text(), re.M)
            if normalized(name) == normalized(distribution)]
    assert pins == [version], (
        f"requirements.txt must pin {distribution} exactly (the guards below were checked against "
        f"{version}, which is installed); it pins {pins or 'nothing'}")
    return version


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def changed(distribution: str, internal: str, review: str) -> str:
    return f"{distribution} {pinned(distribution)}'s {internal} changed: review {review}"


def fingerprint(function) -> str:
    return hashlib.sha256(textwrap.dedent(inspect.getsource(function)).encode()).hexdigest()[:16]


def parameters(function) -> list[str]:
    return list(inspect.signature(function).parameters)


# (distribution, the library function, its fingerprint when reviewed, the file relying on it and why)
REVIEWED = [
    ("channels-redis", RedisChannelLayer.send, "e40b2cc7b0b94983",
     "lgs_checker/channel_layer.py: receive_single pops messages from the sorted set send writes to"),
    ("channels-redis", RedisChannelLayer.receive_single, "514c7e65322f0240",
     "lgs_checker/channel_layer.py: receive_single takes many messages where this takes one"),
    ("channels-redis", RedisChannelLayer.group_send, "af0ad08fdefcdd4b",
     "lgs_checker/channel_layer.py: group_send_many does group_send's steps for many groups at once"),
    ("channels-redis", RedisChannelLayer._map_channel_keys_to_connection, "a339f7cfdb5cc766",
     "lgs_checker/channel_layer.py: group_send_many builds its messages with it"),
    ("channels-redis", RedisChannelLayer._group_key, "079900498a3bbd9f",
     "lgs_checker/channel_layer.py: group_send_many reads the groups' members under these keys"),
    ("Django", RedisCacheClient.__init__, "c751e303584dd28d",
     "lgs_checker/redis_cache.py: SharedRedisCacheClient uses self._client and the pools it sets up"),
    ("Django", RedisCacheClient.get_client, "f90c842bc9efa388",
     "lgs_checker/redis_cache.py: SharedRedisCacheClient.get_client replaces it"),
    ("Django", RedisCacheClient._get_connection_pool_index, "78ca0d8aafdf7ad3",
     "lgs_checker/redis_cache.py: the shared client keeps one redis.Redis per pool index"),
    ("Django", RedisCacheClient._get_connection_pool, "cb2003b449ec1f7b",
     "lgs_checker/redis_cache.py: the shared client asks it for each index's pool"),
    ("Django", BaseDatabaseWrapper.close_if_health_check_failed, "880bb537a3014dd0",
     "lgs_checker/db_threads.py: _trust_recent_connections skips this check by setting health_check_done"),
    ("Django", BaseDatabaseWrapper.on_commit, "86477e70c89bf974",
     "availability/live/wishlist_push.py: wishlist_changed reads the (savepoints, func, robust) entries"),
    ("channels", AuthMiddleware.resolve_scope, "2e3802ce68867040",
     "lgs_checker/websocket_auth.py: PooledAuthMiddleware.resolve_scope does the same on the pool"),
    ("channels", AsyncConsumer.dispatch, "fb797181cb7cf340",
     "availability/live/consumers.py: AvailabilityConsumer.dispatch is this without the trip to the shared thread"),
    ("channels", AsyncWebsocketConsumer.websocket_disconnect, "d3475e86825666a8",
     "availability/live/consumers.py: AvailabilityConsumer.websocket_disconnect is this without it"),
    ("channels", DatabaseSyncToAsync.thread_handler, "8b97cfbd73015832",
     "lgs_checker/db_threads.py: run_in_db_thread relies on it closing old connections around each call"),
]


@pytest.mark.parametrize(("distribution", "function", "reviewed", "review"), REVIEWED,
                         ids=[function.__qualname__ for _, function, _, _ in REVIEWED])
def test_the_library_code_each_override_mirrors_is_the_version_we_reviewed(distribution, function, reviewed, review):
    assert fingerprint(function) == reviewed, changed(distribution, function.__qualname__, review)


def test_every_library_whose_internals_we_rely_on_is_pinned_exactly():
    for distribution in sorted({distribution for distribution, *_ in REVIEWED} | {"asgiref"}):
        pinned(distribution)


def test_a_changed_internal_is_reported_with_the_pinned_version_and_the_file_to_review():
    assert changed("channels-redis", "RedisChannelLayer._group_key", "lgs_checker/channel_layer.py") == (
        f"channels-redis {importlib.metadata.version('channels-redis')}'s RedisChannelLayer._group_key changed: "
        "review lgs_checker/channel_layer.py")


# --- channels-redis: lgs_checker/channel_layer.py -------------------------------------------------

def test_group_send_many_runs_the_very_script_of_channels_redis_group_send():
    source = inspect.getsource(RedisChannelLayer.group_send)
    scripts = re.findall(r'group_send_lua = """(.*?)"""', source, re.S)
    assert [" ".join(script.split()) for script in scripts] == [" ".join(GROUP_SEND_LUA.split())], changed(
        "channels-redis", "RedisChannelLayer.group_send Lua script",
        "lgs_checker/channel_layer.py (GROUP_SEND_LUA is a copy of it)")


def test_the_channel_layer_helpers_group_send_many_calls_keep_their_arguments_and_answers():
    layer = RedisChannelLayer(hosts=["redis://127.0.0.1:6379/0"], prefix="guard")
    review = "lgs_checker/channel_layer.py (group_send_many and receive_single call it)"
    assert parameters(RedisChannelLayer._group_key) == ["self", "group"], changed(
        "channels-redis", "RedisChannelLayer._group_key", review)
    assert layer._group_key("user-1") == b"guard:group:user-1", changed(
        "channels-redis", "RedisChannelLayer._group_key", review)
    assert parameters(RedisChannelLayer._map_channel_keys_to_connection) == ["self", "channel_names", "message"]
    by_connection, messages, capacities = layer._map_channel_keys_to_connection(
        ["specific.abc!one", "specific.abc!two"], {"type": "push"})
    assert (dict(by_connection), list(capacities.values())) == ({0: ["guardspecific.abc!"]}, [100]), changed(
        "channels-redis", "RedisChannelLayer._map_channel_keys_to_connection", review)
    assert layer.deserialize(messages["guardspecific.abc!"])["__asgi_channel__"] == [
        "specific.abc!one", "specific.abc!two"], changed(
        "channels-redis", "RedisChannelLayer._map_channel_keys_to_connection", review)
    assert parameters(RedisChannelLayer.receive_single) == ["self", "channel"], changed(
        "channels-redis", "RedisChannelLayer.receive_single", review)
    assert parameters(RedisChannelLayer.create_pool) == ["self", "index"], changed(
        "channels-redis", "RedisChannelLayer.create_pool", "lgs_checker/channel_layer.py (the blocking pool)")
    for attribute in ("prefix", "hosts", "expiry", "group_expiry"):
        assert hasattr(layer, attribute), changed("channels-redis", f"RedisChannelLayer.{attribute}", review)
    assert layer.hosts[0]["address"] == "redis://127.0.0.1:6379/0", changed(
        "channels-redis", "RedisChannelLayer.hosts", "lgs_checker/channel_layer.py (create_pool reads 'address')")


# --- Django's Redis cache: lgs_checker/redis_cache.py --------------------------------------------

def test_the_redis_cache_client_internals_the_shared_client_uses_are_there():
    review = "lgs_checker/redis_cache.py (SharedRedisCacheClient)"
    client = RedisCacheClient(["redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/1"])
    assert parameters(RedisCacheClient._get_connection_pool_index) == ["self", "write"], changed(
        "Django", "RedisCacheClient._get_connection_pool_index", review)
    assert client._get_connection_pool_index(True) == 0, changed(
        "Django", "RedisCacheClient._get_connection_pool_index", review)
    assert parameters(RedisCacheClient._get_connection_pool) == ["self", "write"], changed(
        "Django", "RedisCacheClient._get_connection_pool", review)
    assert client._client is client._lib.Redis, changed("Django", "RedisCacheClient._client", review)
    assert parameters(RedisCacheClient.get_client) == ["self", "key", "write"], changed(
        "Django", "RedisCacheClient.get_client", review)
    assert isinstance(RedisCache.__dict__["_cache"], cached_property), changed(
        "Django", "RedisCache._cache", "lgs_checker/redis_cache.py (SharedPoolRedisCache._cache replaces it)")
    cache = SharedPoolRedisCache("redis://127.0.0.1:6379/0", {"OPTIONS": {"socket_timeout": 5}})
    assert (cache._servers, cache._options) == (["redis://127.0.0.1:6379/0"], {"socket_timeout": 5}), changed(
        "Django", "RedisCache._servers/_options", "lgs_checker/redis_cache.py (the shared clients' key)")
    # The kept replies' byte comparison reads raw values and decodes them with the client's serializer.
    serializer = client._serializer
    assert serializer.loads(serializer.dumps({"a": 1})) == {"a": 1} and serializer.dumps(7) == 7, changed(
        "Django", "RedisCacheClient._serializer", "lgs_checker/redis_cache.py (raw_values / loads)")


# --- Django's connections and Channels' database threads: lgs_checker/db_threads.py --------------

def test_a_connection_still_skips_its_health_check_when_health_check_done_is_set():
    review = "lgs_checker/db_threads.py (_trust_recent_connections)"
    assert "health_check_done" in inspect.getsource(BaseDatabaseWrapper.close_if_health_check_failed), changed(
        "Django", "BaseDatabaseWrapper.health_check_done", review)
    assert connection.health_check_done in (True, False), changed(
        "Django", "BaseDatabaseWrapper.health_check_done", review)
    assert hasattr(connection, "errors_occurred"), changed("Django", "BaseDatabaseWrapper.errors_occurred", review)
    assert "initialized_only" in parameters(type(connections).all), changed(
        "Django", "ConnectionHandler.all(initialized_only=)", review)


def test_channels_database_thread_runner_takes_an_executor():
    assert {"thread_sensitive", "executor"} <= set(parameters(DatabaseSyncToAsync.__init__)), changed(
        "asgiref", "SyncToAsync(thread_sensitive=, executor=)", "lgs_checker/db_threads.py (run_in_db_thread)")


# --- Channels' consumer: availability/live/consumers.py ------------------------------------------

def test_channels_names_a_handler_after_the_message_type_as_the_consumers_dispatch_expects():
    assert get_handler_name({"type": "websocket.receive"}) == "websocket_receive", changed(
        "channels", "channels.consumer.get_handler_name",
        "availability/live/consumers.py (AvailabilityConsumer.dispatch finds handlers with it)")


# --- Channels' auth: lgs_checker/websocket_auth.py -----------------------------------------------

def test_channels_get_user_is_a_wrapped_function_of_the_scope():
    review = "lgs_checker/websocket_auth.py (PooledAuthMiddleware calls get_user.func on the pool)"
    assert isinstance(get_user, DatabaseSyncToAsync), changed("channels", "channels.auth.get_user", review)
    assert parameters(get_user.func) == ["scope"], changed("channels", "channels.auth.get_user.func", review)
    assert 'scope["user"]._wrapped = await get_user(scope)' in inspect.getsource(AuthMiddleware.resolve_scope), \
        changed("channels", "AuthMiddleware.resolve_scope (UserLazyObject._wrapped)", review)


# --- Django's on-commit list: availability/live/wishlist_push.py ---------------------------------

@pytest.mark.django_db
def test_on_commit_entries_are_tuples_with_the_function_second():
    def callback():
        pass

    with transaction.atomic():
        transaction.on_commit(callback)
        entries = transaction.get_connection().run_on_commit
        assert entries and isinstance(entries[-1], tuple) and len(entries[-1]) == 3 and entries[-1][1] is callback, \
            changed("Django", "BaseDatabaseWrapper.run_on_commit entries",
                    "availability/live/wishlist_push.py (wishlist_changed unpacks `_, queued, *_`)")


# --- Django's prefetch cache: cards/wishlist/changes.py ------------------------------------------

@pytest.mark.django_db
def test_a_prefetched_relation_is_kept_in_prefetched_objects_cache_by_its_name(alice, bolt):
    TrackedCard.objects.create(user=alice, card=bolt, amount=1)
    tracked = TrackedCard.objects.prefetch_related("specs").get(user=alice)
    assert "specs" in getattr(tracked, "_prefetched_objects_cache", {}), changed(
        "Django", "Model._prefetched_objects_cache",
        "cards/wishlist/changes.py (save_wants drops the stale 'specs' entry from it)")


if __name__ == "__main__":  # print the fingerprints of the installed versions, after an upgrade
    import django
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lgs_checker.settings")
    django.setup()
    for distribution, function, reviewed, _ in REVIEWED:
        now = fingerprint(function)
        print(f"{distribution} {importlib.metadata.version(distribution)} {function.__qualname__}: {now}"
              + ("" if now == reviewed else f" (was {reviewed}: review, then update REVIEWED)"))
