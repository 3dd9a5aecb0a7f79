"""ASGI entry point: Django for HTTP, the availability consumer for WebSockets (served by daphne)."""

import asyncio
import os
import sys

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lgs_checker.settings")
# Django must be set up before the routing imports models.
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from twisted.internet import defer  # noqa: E402

from availability.live.consumers import leave_all_groups  # noqa: E402
from availability.live.routing import websocket_urlpatterns  # noqa: E402
from lgs_checker import collector  # noqa: E402
from lgs_checker.origins import SiteOriginValidator  # noqa: E402
from lgs_checker.websocket_auth import PooledAuthMiddlewareStack  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # Exact origins (scheme, host, port): lgs_checker/origins.py.
        "websocket": SiteOriginValidator(PooledAuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)

# Loaded for good: full collections need not walk it again (lgs_checker/collector.py).
collector.leave_startup_objects_out()


def _leave_groups_before_shutdown():
    """daphne (twisted) stopping on SIGTERM: the open sockets leave their groups before it closes
    them; twisted waits for the returned Deferred."""
    return defer.Deferred.fromFuture(asyncio.get_event_loop().create_task(leave_all_groups()))


# Only under daphne, whose reactor is installed before it imports this module; importing the reactor
# here otherwise would install twisted's default one in any process that loads the app.
if "twisted.internet.reactor" in sys.modules:
    sys.modules["twisted.internet.reactor"].addSystemEventTrigger("before", "shutdown", _leave_groups_before_shutdown)
