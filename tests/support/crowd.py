"""Many signed-in browsers at once: users with sessions made directly in the database (signing in
a thousand users through the login form would spend minutes hashing passwords), and a way to open
all their WebSockets together."""

from __future__ import annotations

import asyncio
import json
import time

import websockets

from tests.support.processes import manage

MAKE_SIGNED_IN_USERS = """
import json
PREFIX, COUNT = {prefix!r}, {count}
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
User = get_user_model()
users = User.objects.bulk_create(
    User(username=f"{PREFIX}{number}", email=f"{PREFIX}{number}@example.com", password="!")
    for number in range(COUNT)
)
store = import_module(settings.SESSION_ENGINE).SessionStore
keys = []
for user in users:
    session = store()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    keys.append([user.pk, session.session_key])
print("CROWD" + json.dumps(keys))
"""


def signed_in_users(env: dict, count: int, prefix: str = "crowd") -> list[tuple[int, str]]:
    """(user id, session key) of `count` new users, each signed in once."""
    script = MAKE_SIGNED_IN_USERS.replace("{prefix!r}", repr(prefix)).replace("{count}", str(int(count)))
    output = manage(env, "shell", "-c", script, timeout=600)
    return [tuple(pair) for pair in json.loads(output.split("CROWD", 1)[1])]


async def open_socket(base_url: str, session_key: str, open_timeout: float = 30):
    """One signed-in socket, as the dashboard opens it; returns (socket, handshake seconds)."""
    started = time.perf_counter()
    socket = await websockets.connect(
        base_url.replace("http://", "ws://") + "/ws/",
        additional_headers={"Cookie": f"sessionid={session_key}"},
        origin=base_url,
        open_timeout=open_timeout,
        max_queue=None,
    )
    return socket, time.perf_counter() - started


async def open_all(base_url: str, session_keys: list[str], open_timeout: float = 30) -> list:
    """Open every socket at the same moment: results are (socket, seconds) or the exception."""
    return await asyncio.gather(
        *(open_socket(base_url, key, open_timeout) for key in session_keys), return_exceptions=True
    )
