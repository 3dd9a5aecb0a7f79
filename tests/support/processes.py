"""Starting the app's real processes (daphne, qcluster, a Procfile) for a test, and stopping them."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import requests

from tests.support.polling import wait_for

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


_static_root: Path | None = None


def collected_static() -> Path:
    """Static files collected once per test process into a folder of its own: processes run with
    DEBUG off serve hashed files from a manifest, as after a deploy's build step, and tests side by
    side must neither share one folder nor depend on another test having collected it."""
    global _static_root
    if _static_root is None:
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="lgs-static-"))
        # DEBUG off: the manifest storage a deploy uses writes the hashed names and their manifest.
        env = {**os.environ, "STATIC_ROOT": str(folder), "DJANGO_SETTINGS_MODULE": "lgs_checker.settings",
               "DEBUG": "false", "SECRET_KEY": "collectstatic-only", "ALLOWED_HOSTS": "localhost"}
        env.pop("DATABASE_URL", None)
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env,
                       check=True, capture_output=True, timeout=300)
        _static_root = folder
    return _static_root


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_environment(tmp_path: Path, database_url: str = "", redis_url: str = "", **extra: str) -> dict:
    """The environment of a deployed app: its own data directory, database and key prefixes."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        DATA_DIR=str(tmp_path),
        SECRET_KEY="test-secret-key-" + uuid.uuid4().hex,
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_COOKIES="false",
        CHANNELS_PREFIX=f"test{uuid.uuid4().hex[:8]}",
        CACHE_PREFIX=f"test{uuid.uuid4().hex[:8]}",
        Q_CLUSTER_NAME=f"test{uuid.uuid4().hex[:8]}",  # the Redis broker's queue
        STATIC_ROOT=str(collected_static()),
        PYTHONUNBUFFERED="1",
        Q_WORKERS="1",
        ALLOW_PRIVATE_STORE_ADDRESSES="true",  # the sample stores listen on 127.0.0.1
    )
    env.update(extra)
    if not database_url and not redis_url:
        env["DEBUG"] = "true"  # the laptop configuration
    if database_url:
        env["DATABASE_URL"] = database_url
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def manage(env: dict, *args: str, timeout: float = 120) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def create_users(env: dict, passwords: dict[str, str], then: str = "") -> None:
    """Users (username: password) made in one `manage.py shell`, and then `then`'s code in the same
    shell: each `manage.py` costs a second and a half of start-up."""
    code = "from django.contrib.auth import get_user_model\n" + "".join(
        f"get_user_model().objects.create_user({username!r}, {username + '@example.com'!r}, {password!r})\n"
        for username, password in passwords.items()
    )
    manage(env, "shell", "-c", code + then)


def create_user(env: dict, username: str, password: str) -> None:
    create_users(env, {username: password})


@contextmanager
def running(command: list[str], env: dict, log_path: Path):
    """Run a command in its own process group; on exit stop it, then whatever is left of its group
    (honcho's children too)."""
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            yield process
        finally:
            stop(process)


def stop(process: subprocess.Popen) -> None:
    # SIGTERM to the main process: qcluster passes it on to its workers and stops within a second or
    # two (as it does on a SIGTERM to its whole group: tests/test_worker_queue.py). daphne and honcho
    # (which passes the signal on to its processes) stop on it as well.
    try:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(process.pid, signal.SIGKILL)  # anything still running in the group
    except (ProcessLookupError, PermissionError):
        pass
    process.wait(timeout=5)


def wait_for_port(port: int, timeout: float = 60) -> None:
    """Poll until something accepts TCP connections on 127.0.0.1:port (a server finished starting)."""

    def accepts() -> bool:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True

    wait_for(accepts, timeout, f"something to listen on port {port}", interval=0.05, ignoring=(OSError,))


def wait_for_http(url: str, timeout: float = 60, log_path: Path | None = None) -> requests.Response:
    def log() -> str:
        return log_path.read_text()[-4000:] if log_path and log_path.exists() else ""

    # Any answer will do, an error status too (a Response is falsy then): the caller judges it.
    answered = wait_for(lambda: [requests.get(url, timeout=5)], timeout, lambda: f"{url} to answer\n{log()}",
                        interval=0.25, ignoring=(requests.ConnectionError,))
    return answered[0]


def daphne_command(port: int) -> list[str]:
    # As the Procfile: a crowd's handshakes may take longer than daphne's default 5 s to be served.
    return [str(BIN / "daphne"), "--bind", "127.0.0.1", "--port", str(port), "--websocket_connect_timeout", "30",
            "lgs_checker.asgi:application"]


def sign_in(base_url: str, login: str, password: str) -> requests.Session:
    """Sign in through the real allauth form, as a browser would; returns a session with the cookie."""
    session = requests.Session()
    page = session.get(f"{base_url}/accounts/login/", timeout=10)
    page.raise_for_status()
    response = session.post(
        f"{base_url}/accounts/login/",
        data={"login": login, "password": password, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": f"{base_url}/accounts/login/"},
        timeout=10,
    )
    response.raise_for_status()
    if "sessionid" not in session.cookies:
        raise AssertionError(f"sign-in as {login} failed:\n{response.text[:2000]}")
    return session
