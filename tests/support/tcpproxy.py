"""A TCP proxy a test can cut and restore, to take a real service (Redis) away from the app and give
it back on the same address, as a network failure or a service restart would."""

from __future__ import annotations

import socket
import threading
from contextlib import contextmanager

from tests.support.processes import free_port


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
