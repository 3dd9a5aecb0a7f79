"""A webhook receiver that trickles its answer cannot hold the sender past WEBHOOK_TIMEOUT_SECONDS."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from availability.alerts import webhooks


@pytest.fixture
def trickling_receiver(settings) -> Iterator[str]:
    """Reads the request, then answers one byte every 0.2 s, headers included (a per-read timeout never fires)."""
    settings.WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok":
                if stop.wait(0.2):
                    return
                try:
                    connection.sendall(bytes([byte]))
                except OSError:
                    return  # the sender hung up, as it should

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/hooks/alerts"
    stop.set()
    listener.close()
    thread.join(timeout=5)


def test_a_trickling_webhook_fails_at_its_documented_timeout(trickling_receiver) -> None:
    with pytest.raises(webhooks.WebhookError, match="did not answer within 1 s"):
        webhooks.post_test(trickling_receiver)


def test_the_webhook_guard_is_the_scrapers_guard() -> None:
    from scrapers import netguard

    assert webhooks.forbidden_reason is netguard.forbidden_reason
