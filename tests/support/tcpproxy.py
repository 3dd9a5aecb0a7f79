"""TCP proxies for tests and benchmarks.

- `cuttable_proxy`: one a test can cut and restore, to take a real service (Redis) away from the app
  and give it back on the same address, as a network failure or a service restart would.
- `round_robin_proxy`: one address in front of several web processes, each new connection handed
  to the next of them in turn, as a PaaS router spreads a crowd over its `web` processes. It runs
  in a process of its own (asyncio: a thousand sockets need no thousand threads), so its work is
  not the caller's: `python -m tests.support.tcpproxy PORT HOST:PORT [HOST:PORT…]`.
"""

from __future__ import annotations

import asyncio
import itertools
import socket
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

from tests.support.processes import free_port, wait_for_port


class CuttableProxy:
    def __init__(self, upstream: tuple[str, int]):
        self.upstream = upstream
        self.port = free_port()
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener: socket.socket | None = None

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        """Refuse new connections and break every open one."""
        with self._lock:
            doomed, self._sockets = [*self._sockets, self._listener], set()
            self._listener = None
        for sock in doomed:
            if sock is None:
                continue
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            try:
                server = socket.create_connection(self.upstream, timeout=5)
                server.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                # A cut between accept() and here must break this pair too: with a connection pool
                # in the app, one surviving connection would carry on through the whole "outage".
                cut = self._listener is not listener
                if not cut:
                    self._sockets |= {client, server}
            if cut:
                client.close()
                server.close()
                return
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, target), daemon=True).start()

    def _pipe(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


@contextmanager
def cuttable_proxy(host: str, port: int):
    proxy = CuttableProxy((host, port))
    proxy.restore()
    try:
        yield proxy
    finally:
        proxy.cut()


@contextmanager
def round_robin_proxy(upstreams: list[tuple[str, int]]):
    """A proxy process on a free port of 127.0.0.1 (its `port`), stopped on exit."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.support.tcpproxy", str(port), *(f"{host}:{up}" for host, up in upstreams)],
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        wait_for_port(port)
        yield type("RoundRobinProxy", (), {"port": port, "pid": process.pid})()
    finally:
        process.terminate()
        process.wait(timeout=10)


async def _serve_round_robin(port: int, upstreams: list[tuple[str, int]]) -> None:
    turns = itertools.cycle(upstreams)

    async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except OSError:
            pass
        finally:
            writer.close()

    async def handle(client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        try:
            server_reader, server_writer = await asyncio.open_connection(*next(turns))
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(pipe(client_reader, server_writer), pipe(server_reader, client_writer))

    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=4096)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    listen, *targets = sys.argv[1:]
    addresses = [(target.rsplit(":", 1)[0], int(target.rsplit(":", 1)[1])) for target in targets]
    try:
        asyncio.run(_serve_round_robin(int(listen), addresses))
    except KeyboardInterrupt:
        pass
