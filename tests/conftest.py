from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from scrapers import http as scrapers_http
from scrapers.sample_store import SampleStoreServer, running_sample_store
from tests.support.stack import CONFIGURATIONS, SUITE_CONFIGURATION

# The files that take longest (processes, browsers, long waits), longest first, as measured on the
# 2-core CI machine. `make test` hands out whole files (`--dist loadfile`); a long file started last
# leaves one process working alone at the end of the run, so these go out first. None of them has a
# transactional database test: pytest-django runs those after the others (their flush empties the
# tables), and moving such a file forward would undo that.
SLOWEST_FILES = [
    "tests/test_worker_queue.py",
    "tests/test_healthz_live.py",
    "tests/test_push_across_processes.py",
    "tests/browser/test_dashboard_layout.py",
    "tests/browser/test_history.py",
    "tests/browser/test_buy_plan.py",
    "tests/browser/test_dashboard.py",
    "tests/browser/test_wishlist_edit.py",
    "tests/browser/test_games_dashboard.py",
    "tests/test_scaling.py",
    "tests/test_hostile_stores_worker.py",
    "tests/browser/test_hostile_links.py",
    "tests/browser/test_buy_links.py",
    "tests/test_procfile.py",
    "tests/test_redis_outage.py",
    "tests/browser/test_redis_outage.py",
    "tests/browser/test_add_store_from_url.py",
    "tests/browser/test_stores_out_of_the_box.py",
    "tests/browser/test_newcomer.py",
    "tests/test_crowd.py",
    "tests/test_web_stop.py",
    "tests/test_client_ip.py",
]


def pytest_configure(config):
    config.addinivalue_line("markers", "pinned_configuration(name): starts its own processes on one "
                            f"configuration ({' or '.join(CONFIGURATIONS)}) whatever the suite's")
    # xdist would otherwise hand out the files with the most tests first, whatever their order.
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False


def pytest_collection_modifyitems(config, items):
    """SLOWEST_FILES first, in that order; every other test keeps its place (and pytest-django's
    order), and the tests inside a file keep theirs."""
    def rank(item) -> int:
        path = item.nodeid.split("::", 1)[0]
        return SLOWEST_FILES.index(path) if path in SLOWEST_FILES else len(SLOWEST_FILES)

    items.sort(key=rank)
    if os.environ.get("CI_ONCE"):
        _run_once_in_ci(config, items)


ZERO, POSTGRES_REDIS = CONFIGURATIONS
# In CI (.ci/run sets CI_ONCE), which of the suite's two runs runs these: everything else runs in both.
# - tests/scrapers: the library has no Django (tests/scrapers/test_django_free.py), so no database,
#   cache or channel layer is in play: both runs would do the very same thing.
# - The browser tests, split between the runs so that each configuration drives a real browser
#   through half of the flows: a browser test's stack costs more than anything else in the suite, and
#   what differs between the configurations below the page (channel layers, caches, brokers, the
#   socket protocol) is tested in both runs without a browser. The dashboard's own tests (live cells,
#   their layout) and the scripts' run in both.
ONE_RUN = {
    "tests/scrapers/": ZERO,
    "tests/browser/test_buy_plan.py": ZERO,
    "tests/browser/test_newcomer.py": ZERO,
    "tests/browser/test_wishlist_edit.py": ZERO,
    "tests/browser/test_history.py": ZERO,
    "tests/browser/test_player_layouts.py": ZERO,
    "tests/browser/test_hostile_links.py": POSTGRES_REDIS,
    "tests/browser/test_stores_out_of_the_box.py": POSTGRES_REDIS,
    "tests/browser/test_buy_links.py": POSTGRES_REDIS,
    "tests/browser/test_games_dashboard.py": POSTGRES_REDIS,
    "tests/browser/test_add_store_from_url.py": POSTGRES_REDIS,
}


def _ci_run_of(item) -> str | None:
    """The one configuration whose CI run runs this test, or None: both."""
    pinned = item.get_closest_marker("pinned_configuration")
    if pinned:
        return pinned.args[0]
    path = item.nodeid.split("::", 1)[0]
    return next((run for prefix, run in ONE_RUN.items() if path.startswith(prefix)), None)


def _run_once_in_ci(config, items) -> None:
    """CI runs the suite twice, once per configuration (.ci/run). A test marked
    `pinned_configuration(NAME)` starts its own processes on NAME's services whatever the suite's
    configuration, so both runs would repeat the same work: it runs only in the run of its own
    configuration; so do the tests of ONE_RUN. `make test` on a laptop runs every test."""
    keep, elsewhere = [], []
    for item in items:
        run = _ci_run_of(item)
        (elsewhere if run and run != SUITE_CONFIGURATION else keep).append(item)
    if elsewhere:
        config.hook.pytest_deselected(items=elsewhere)
        items[:] = keep


# Models are imported inside fixtures, and tests/scrapers/conftest.py replaces the autouse ones that
# need Django: tests/scrapers run without it (`-p no:django`, checked by tests/scrapers/test_django_free.py).


@pytest.fixture
def make_user(db):
    from django.contrib.auth import get_user_model

    def make(username: str = "alice", password: str = "correct horse battery", **fields):
        return get_user_model().objects.create_user(
            username=username, email=fields.pop("email", f"{username}@example.com"), password=password, **fields
        )

    return make


@pytest.fixture
def alice(make_user):
    return make_user("alice")


@pytest.fixture
def bob(make_user):
    return make_user("bob")


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def make_store(db):
    from stores.models import Store

    def make(slug: str = "hairy-tarantula", **fields):
        defaults = {
            "name": slug.replace("-", " ").title(),
            "homepage": f"https://{slug}.example.com",
            "platform": "crystal_commerce",
            "region": "Ontario",
        }
        return Store.objects.create(slug=slug, **{**defaults, **fields})

    return make


@pytest.fixture
def choose(db):
    from stores.models import ChosenStore

    def choose_(user, *stores) -> None:
        for store in stores:
            ChosenStore.objects.create(user=user, store=store)

    return choose_


_catalog_snapshot: dict = {}


@pytest.fixture
def catalog(db):
    """The sample catalog shipped in cards/data (real cards, sets and collector numbers).

    The first test that asks for it runs the real loader; later tests get the same rows back in one
    bulk insert each, since the loader costs about a second and the rows never differ.
    """
    from django.core.management.color import no_style
    from django.db import connection

    from cards.catalog.loader import load_catalog
    from cards.catalog.models import Card, MagicSet, Printing

    models = [MagicSet, Card, Printing]
    if not _catalog_snapshot:
        _catalog_snapshot["report"] = load_catalog()
        # Magic's rows only: a test may have loaded other games' catalogs (game_catalogs) first.
        _catalog_snapshot["rows"] = [list(model.objects.filter(**{path: "magic"}))
                                     for model, path in zip(models, ["game", "game", "card__game"])]
    else:
        for model, rows in zip(models, _catalog_snapshot["rows"]):
            model.objects.bulk_create(rows)
        # Rows went in with their ids: move PostgreSQL's id sequences past them.
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
    return _catalog_snapshot["report"]


_game_catalog_snapshot: dict = {}


@pytest.fixture
def game_catalogs(db):
    """The Pokémon, Lorcana and One Piece catalogs, loaded from ../shared/catalog-samples by their
    loaders (cards/catalog/games.py); like `catalog`, loaded once and bulk-inserted after that.
    Returns each game's load report."""
    from cards.catalog.games import load_game_catalog
    from cards.catalog.models import Card, MagicSet, Printing
    from tests.support.catalog_samples import game_files

    models = [MagicSet, Card, Printing]
    if not _game_catalog_snapshot:
        games = ["pokemon", "lorcana", "onepiece"]
        _game_catalog_snapshot["reports"] = {game: load_game_catalog(game, game_files(game)) for game in games}
        _game_catalog_snapshot["rows"] = [list(model.objects.filter(**{path: games}).values())
                                          for model, path in zip(models, ["game__in", "game__in", "card__game__in"])]
    else:
        # New ids (the `catalog` fixture's rows may hold the old ones), the foreign keys mapped onto them.
        set_rows, card_rows, printing_rows = _game_catalog_snapshot["rows"]
        ids = {}
        for model, rows in [(MagicSet, set_rows), (Card, card_rows)]:
            made = model.objects.bulk_create([model(**{**row, "id": None}) for row in rows])
            ids[model] = {row["id"]: obj.pk for row, obj in zip(rows, made)}
        Printing.objects.bulk_create([
            Printing(**{**row, "id": None, "card_id": ids[Card][row["card_id"]],
                        "magic_set_id": ids[MagicSet][row["magic_set_id"]]})
            for row in printing_rows
        ])
    return _game_catalog_snapshot["reports"]


@pytest.fixture
def bolt(db):
    """Lightning Bolt in two real printings, enough catalog for wishlist tests."""
    from cards.catalog.models import Card, MagicSet, Printing

    m10 = MagicSet.objects.create(code="m10", name="Magic 2010")
    m11 = MagicSet.objects.create(code="m11", name="Magic 2011")
    card = Card.objects.create(name="Lightning Bolt", layout="normal")
    Printing.objects.create(card=card, magic_set=m10, collector_number="146", finishes=["nonfoil", "foil"])
    Printing.objects.create(card=card, magic_set=m11, collector_number="149", finishes=["nonfoil", "foil"])
    return card


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Users are made in most tests; a production-strength hash costs a third of a second each.
    Processes a test starts (daphne, qcluster) keep the real hasher: they make their own users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """Production serves hashed files made by collectstatic at build time; tests have no build step
    (the Procfile test runs collectstatic and checks the real thing)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="session")
def sample_store_server() -> Iterator[SampleStoreServer]:
    """The project's sample store server (every platform) on a free port, for the whole session."""
    with running_sample_store() as server:
        yield server


@pytest.fixture
def sample_store(sample_store_server: SampleStoreServer) -> Iterator[SampleStoreServer]:
    """The shared sample store with faults and counters cleared before and after each test."""
    sample_store_server.reset()
    yield sample_store_server
    sample_store_server.reset()


@pytest.fixture(autouse=True)
def private_sample_stores(settings):
    """The sample store server listens on 127.0.0.1: tests allow private store addresses, as
    `make run` does (a deployment does not; tests of the guard turn it off)."""
    settings.ALLOW_PRIVATE_STORE_ADDRESSES = True


@pytest.fixture(autouse=True)
def fresh_http_clients(monkeypatch):
    """Each test starts with no rate-limit slots and no held hosts left over from another test."""
    monkeypatch.setattr(scrapers_http, "_default_client", None)
    from stores import client

    monkeypatch.setattr(client, "_client", None)


@pytest.fixture(autouse=True)
def isolated_channel_layer(settings):
    """A channel-layer prefix of its own for each test: tests run side by side (pytest-xdist) on one
    Redis, and user 1 of one test's database must not hear pushes meant for user 1 of another's."""
    import uuid

    from channels.layers import channel_layers

    settings.CHANNEL_LAYERS = {
        alias: {**config, "CONFIG": {**config.get("CONFIG", {}), "prefix": f"test{uuid.uuid4().hex[:12]}"}}
        if "hosts" in config.get("CONFIG", {}) else config  # the Redis layers; channels-lite has no prefix
        for alias, config in settings.CHANNEL_LAYERS.items()
    }
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@pytest.fixture(autouse=True)
def isolated_cache(settings):
    """A key prefix of its own for each test. The database rolls back after a test but Redis keeps
    what it was given, and a result cached by one test (store 1, card 1) must not look fresh to the
    next test, whose rows reuse those ids."""
    import uuid

    run = uuid.uuid4().hex[:12]
    settings.CACHES = {
        alias: {**config, "KEY_PREFIX": f"{config.get('KEY_PREFIX', '')}test-{run}"}
        for alias, config in settings.CACHES.items()
    }
    # Wishlist renderings kept by this process belong to the previous test's cache and users.
    from availability.live import wishlist_reply

    wishlist_reply.drop_kept_renderings()
    # So are the pairs this process noted as watched, and the fragments it rendered.
    from availability.checks.rechecks import forget_noted_pairs
    from availability.live.cells import forget_fragments

    forget_noted_pairs()
    forget_fragments()


@pytest.fixture(autouse=True)
def close_websocket_database_threads():
    """Persistent connections (CONN_MAX_AGE) outlive a test in the threads that made them: the
    WebSocket side's pool (lgs_checker/db_threads.py) and asgiref's thread behind
    `database_sync_to_async`. Close them after each test, or PostgreSQL cannot drop the test
    database."""
    yield
    from asgiref.sync import SyncToAsync
    from django.db import connections

    from lgs_checker import db_threads

    db_threads.close_connections()
    SyncToAsync.single_thread_executor.submit(connections.close_all).result()
