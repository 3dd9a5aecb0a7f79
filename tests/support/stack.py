"""The whole app as separate processes: daphne web servers and qcluster workers on one database,
with the sample stores registered, for browser and multi-process tests."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.processes import (
    BIN, app_environment, daphne_command, free_port, manage, running, wait_for_http,
)
from tests.support.services import require_postgres, require_redis, scratch_postgres_database

# The configurations a stack can run on (the benchmarks' `--config`).
CONFIGURATIONS = ["zero-service default", "postgres+redis"]

# The stack configuration a test runs on is the suite's own: postgres+redis when the suite itself runs
# with DATABASE_URL/REDIS_URL, the zero-service default otherwise. CI runs the suite once each way
# (.ci/run), so every stack test still runs on both configurations, once each, instead of both in
# each run (four times per CI run, each costing a stack). Tests about one configuration (the Procfile
# on PostgreSQL + Redis, a Redis outage, scaling) keep naming it themselves.
SUITE_CONFIGURATION = (
    "postgres+redis" if os.environ.get("DATABASE_URL") or os.environ.get("REDIS_URL") else "zero-service default"
)
# For tests that start one web process and vary only its channel layer (and cache): Redis on the
# postgres+redis run, channels-lite on the zero-service default.
SUITE_CHANNEL_LAYER = "redis" if SUITE_CONFIGURATION == "postgres+redis" else "zero-service default"

# One `manage.py shell` (a second and a half of start-up each) makes the user and chooses their stores.
ADD_USER = (
    "from django.contrib.auth import get_user_model; from stores.models import ChosenStore, Store; "
    "user = get_user_model().objects.create_user({username!r}, {email!r}, {password!r}); "
    "[ChosenStore.objects.get_or_create(user=user, store=s) for s in Store.objects.filter(slug__in={slugs!r})]"
)


@dataclass
class Stack:
    env: dict
    web_urls: list[str]
    logs: list[Path]

    @property
    def url(self) -> str:
        return self.web_urls[0]

    def add_user(self, username: str, password: str, stores: list[str], then: str = "") -> None:
        """A user who chose these stores; `then` is code run afterwards in the same shell (the
        test's own arrangement), saving a `manage.py` start-up."""
        manage(self.env, "shell", "-c", ADD_USER.format(
            username=username, email=f"{username}@example.com", password=password, slugs=stores) + "\n" + then)

    def tail(self) -> str:
        return "\n".join(f"== {log.name}\n{log.read_text()[-3000:]}" for log in self.logs if log.exists())


# What `release --sample-data` and `register_sample_stores` leave in the database is the same for
# every stack of a test process (one sample store server each) and costs six seconds of CPU, more on
# PostgreSQL. Each test process makes it once, with the real commands, and every stack starts from a
# copy of it: the SQLite files, or a PostgreSQL database made from it as a template.
_released: dict[tuple[str, str], str] = {}


def _release(env: dict, sample_store_url: str) -> None:
    manage(env, "release", "--sample-data", timeout=300)
    manage(env, "register_sample_stores", "--url", sample_store_url)


def _released_sqlite_files(sample_store_url: str) -> Path:
    if ("sqlite", sample_store_url) not in _released:
        folder = Path(tempfile.mkdtemp(prefix="lgs-released-"))
        _release(app_environment(folder), sample_store_url)
        _released["sqlite", sample_store_url] = str(folder)
    return Path(_released["sqlite", sample_store_url])


def _released_postgres_database(sample_store_url: str, redis_url: str) -> str:
    if ("postgres", sample_store_url) not in _released:
        template = ExitStack()
        database_url = template.enter_context(scratch_postgres_database())
        atexit.register(template.close)  # dropped when the test process ends
        _release(app_environment(Path(tempfile.mkdtemp()), database_url=database_url, redis_url=redis_url),
                 sample_store_url)
        _released["postgres", sample_store_url] = database_url
    return _released["postgres", sample_store_url]


@contextmanager
def _released_database(tmp_path: Path, configuration: str, sample_store_url: str):
    """(database URL, Redis URL) of a database in the state release and register_sample_stores leave."""
    if configuration == "zero-service default":
        for file in _released_sqlite_files(sample_store_url).glob("*.sqlite3*"):
            shutil.copy(file, tmp_path / file.name)
        yield "", ""
        return
    require_postgres()
    redis_url = require_redis()
    with scratch_postgres_database(template=_released_postgres_database(sample_store_url, redis_url)) as database_url:
        yield database_url, redis_url


@contextmanager
def app_stack(tmp_path: Path, configuration: str, sample_store_url: str, webs: int = 1, workers: int = 1, **env_extra):
    with _released_database(tmp_path, configuration, sample_store_url) as (database_url, redis_url), \
            ExitStack() as processes:
        env = app_environment(tmp_path, database_url=database_url, redis_url=redis_url, **env_extra)
        logs, urls = [], []
        for number in range(workers):
            log = tmp_path / f"worker{number}.log"
            processes.enter_context(running([str(BIN / "python"), "manage.py", "qcluster"], env, log))
            logs.append(log)
        for number in range(webs):
            port, log = free_port(), tmp_path / f"web{number}.log"
            processes.enter_context(running(daphne_command(port), env, log))
            urls.append(f"http://127.0.0.1:{port}")
            logs.append(log)
        for url, log in zip(urls, logs[workers:]):
            wait_for_http(f"{url}/healthz", log_path=log)
        yield Stack(env, urls, logs)
