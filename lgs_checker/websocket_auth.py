"""Who is on the other end of a WebSocket: Channels' session and user lookup, off the shared thread.

Channels' AuthMiddleware loads the session and the user on its single database thread; a crowd
of handshakes after a deploy queued there past daphne's connect timeout. This one does the same
lookup (the same function, so the session's auth hash is still checked) on the pool of
`lgs_checker.db_threads`.
"""

from __future__ import annotations

from channels.auth import AuthMiddleware, get_user
from channels.sessions import CookieMiddleware, SessionMiddleware

from lgs_checker.db_threads import run_in_db_thread


class PooledAuthMiddleware(AuthMiddleware):
    async def resolve_scope(self, scope) -> None:
        # `get_user` is Channels' own lookup wrapped for its single thread; `.func` is the plain
        # function underneath.
        scope["user"]._wrapped = await run_in_db_thread(get_user.func, scope)


def PooledAuthMiddlewareStack(inner):
    return CookieMiddleware(SessionMiddleware(PooledAuthMiddleware(inner)))
