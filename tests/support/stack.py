"""The whole app as separate processes: daphne web servers and qcluster workers on one database,
with the sample stores registered, for browser and multi-process tests."""

from __future__ import annotations

from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.processes import (
    BIN, app_environment, daphne_command, free_port, manage, running, wait_for_http,
)
from tests.support.services import require_postgres, require_redis, scratch_postgres_database

CONFIGURATIONS = ["zero-service default", "postgres+redis"]

CHOOSE_STORES = (
    "from django.contrib.auth import get_user_model; from stores.models import ChosenStore, Store; "
    "user = get_user_model().objects.get(username={username!r}); "
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

    def add_user(self, username: str, password: str, stores: list[str]) -> None:
        manage(self.env, "shell", "-c",
               "from django.contrib.auth import get_user_model; "
               f"get_user_model().objects.create_user({username!r}, {username + '@example.com'!r}, {password!r})")
        manage(self.env, "shell", "-c", CHOOSE_STORES.format(username=username, slugs=stores))

    def tail(self) -> str:
        return "\n".join(f"== {log.name}\n{log.read_text()[-3000:]}" for log in self.logs if log.exists())


@contextmanager
def _database(configuration: str):
    if configuration == "zero-service default":
        yield "", ""
        return
    require_postgres()
    redis_url = require_redis()
    with scratch_postgres_database() as database_url:
        yield database_url, redis_url


@contextmanager
def app_stack(tmp_path: Path, configuration: str, sample_store_url: str, webs: int = 1, workers: int = 1, **env_extra):
    with _database(configuration) as (database_url, redis_url), ExitStack() as processes:
        env = app_environment(tmp_path, database_url=database_url, redis_url=redis_url, **env_extra)
        manage(env, "release", "--sample-data", timeout=300)
        manage(env, "register_sample_stores", "--url", sample_store_url)
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
