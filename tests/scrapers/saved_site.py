"""A real HTTP server that answers with saved responses, for searches over real store captures.

The sample store (`scrapers.sample_store`) renders pages from its own inventory; the real samples
in `../shared/real-samples/` are fixed files, so they get this small server instead: each path
(query string ignored) maps to a saved body, every other path is a 404, and every request is
counted. `answer_everything` serves one body on every path, for pages a parser must refuse.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread
from urllib.parse import urlsplit

# The repository's parent holds `shared/`; tests read the captures there at test time and never
# copy them into the repository (they are third-party data).
REAL_SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "real-samples"


def real_sample(relative: str) -> bytes:
    path = REAL_SAMPLES / relative
    assert path.is_file(), f"missing real sample {path}: the shared real-samples folder must sit beside the repository"
    return path.read_bytes()


@dataclass(frozen=True)
class Saved:
    body: bytes
    content_type: str = "application/json; charset=utf-8"
    status: int = 200


class SavedSite(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, routes: dict[str, Saved], everything: Saved | None = None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes = routes
        self.everything = everything
        self.requests: Counter[str] = Counter()  # path -> count

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    @property
    def request_count(self) -> int:
        return sum(self.requests.values())


class _Handler(BaseHTTPRequestHandler):
    server: SavedSite

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self._answer()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def _answer(self) -> None:
        path = urlsplit(self.path).path
        self.server.requests[path] += 1
        saved = self.server.everything or self.server.routes.get(path)
        if saved is None:
            saved = Saved(b"<html><body><h1>404 Not Found</h1></body></html>", "text/html; charset=utf-8", 404)
        self.send_response(saved.status)
        self.send_header("Content-Type", saved.content_type)
        self.send_header("Content-Length", str(len(saved.body)))
        self.end_headers()
        self.wfile.write(saved.body)


@contextmanager
def saved_site(routes: dict[str, Saved] | None = None, *, answer_everything: Saved | None = None) -> Iterator[SavedSite]:
    server = SavedSite(routes or {}, answer_everything)
    # A short poll interval: shutdown() waits for one, and every test stops a server.
    thread = Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


HTML = "text/html; charset=utf-8"
