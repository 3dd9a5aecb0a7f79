"""Heroku Redis gives a rediss:// URL whose certificate is self-signed: the cache and the channel
layer must still connect. This starts a real TLS Redis with a fresh self-signed certificate."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.support.processes import ROOT, free_port, wait_for_port
from tests.support.services import require_executable

pytestmark = pytest.mark.pinned_configuration("postgres+redis")  # its own Redis, whatever the suite's

ROUND_TRIP = """
import asyncio, django
django.setup()
from django.core.cache import cache
from channels.layers import get_channel_layer
cache.set("tls-probe", "cached over TLS", 30)
assert cache.get("tls-probe") == "cached over TLS"
async def main():
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.send(channel, {"type": "tls.probe", "text": "layer over TLS"})
    print((await layer.receive(channel))["text"])
asyncio.run(main())
print(cache.get("tls-probe"))
"""


@pytest.fixture
def tls_redis(tmp_path):
    redis_server = require_executable("redis-server")
    openssl = require_executable("openssl")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
         "-days", "1", "-subj", "/CN=redis.example"],
        check=True, capture_output=True,
    )
    port = free_port()
    server = subprocess.Popen(
        [redis_server, "--port", "0", "--tls-port", str(port), "--tls-cert-file", cert, "--tls-key-file", key,
         "--tls-ca-cert-file", cert, "--tls-auth-clients", "no", "--save", "", "--appendonly", "no",
         "--dir", tmp_path],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    wait_for_port(port)
    yield f"rediss://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=10)


def test_cache_and_channel_layer_work_over_rediss_with_a_self_signed_certificate(tls_redis, tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "lgs_checker.settings", "DATA_DIR": str(tmp_path),
           "REDIS_URL": tls_redis}
    result = subprocess.run([sys.executable, "-c", ROUND_TRIP], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["layer over TLS", "cached over TLS"]
