"""A store that sends malformed HTTP headers leaves one warning line naming it, not a traceback.

Python's http.client reads a header block it cannot parse as far as it can (a line without a colon,
a name with a space, a NUL or other junk in it, a first line that starts with a space) and keeps
the rest as "defects". urllib3 then logs "Failed to parse headers (url=…)" at WARNING with the
exception's traceback, once per such response, and carries on with the headers it got. A broken or
hostile store can fill a worker's log that way, and the traceback tells an admin nothing about the
store.

So while our client sends a request (`quieted()`, per thread), a filter on urllib3's loggers drops
that one record, and the client logs its own line instead (`warn_if_malformed`): "store
shop.example sent malformed HTTP headers: a line that is not a header ('X-Junk'); the headers after
it were ignored". The answer is used as before: the headers that were read, the body read in full;
a page we then cannot read is a store error as always. Records from other threads and other users
of urllib3 are left alone.

The defects are read from the http.client message urllib3 keeps as `_original_response` (requests
reads it there too, for cookies); without it the line still names the store.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from email.errors import FirstHeaderLineIsContinuationDefect, MissingHeaderBodySeparatorDefect
from typing import Any
from urllib.parse import urlsplit

logger = logging.getLogger("scrapers.http")

URLLIB3_WARNING = "Failed to parse headers"
# urllib3 2 logs it from `connection`, urllib3 1 from `connectionpool`.
URLLIB3_LOGGERS = ("urllib3.connection", "urllib3.connectionpool")
_SHOWN_CHARS = 60

_sending = threading.local()


class _DropUrllib3HeaderWarning(logging.Filter):
    """Drops urllib3's header warning (and its traceback) for requests our client sends."""

    def filter(self, record: logging.LogRecord) -> bool:
        ours = getattr(_sending, "active", 0) > 0
        return not (ours and str(record.msg).startswith(URLLIB3_WARNING))


def install() -> None:
    """Put the filter on urllib3's loggers, once per process (scrapers.http does it on import)."""
    for name in URLLIB3_LOGGERS:
        target = logging.getLogger(name)
        if not any(isinstance(existing, _DropUrllib3HeaderWarning) for existing in target.filters):
            target.addFilter(_DropUrllib3HeaderWarning())


@contextlib.contextmanager
def quieted() -> Iterator[None]:
    """Around one request of our client: urllib3's header warning is ours to give."""
    _sending.active = getattr(_sending, "active", 0) + 1
    try:
        yield
    finally:
        _sending.active -= 1


def warn_if_malformed(url: str, response: Any) -> None:
    """One warning line if the store's answer to `url` (a requests.Response) had malformed headers."""
    reason = malformed_headers(response)
    if reason:
        logger.warning("store %s sent malformed HTTP headers: %s", urlsplit(url).netloc, reason)


def malformed_headers(response: Any) -> str:
    """What was wrong with the answer's header block, in words; "" when nothing was."""
    message = getattr(getattr(getattr(response, "raw", None), "_original_response", None), "msg", None)
    if message is None:
        return ""
    defects = list(getattr(message, "defects", []))
    unparsed = message.get_payload() if not message.is_multipart() else ""
    unparsed = unparsed if isinstance(unparsed, str) else ""
    if not defects and not unparsed:
        return ""
    reasons = [_describe(defect, unparsed) for defect in defects or [None]]
    return "; ".join(dict.fromkeys(reasons))  # each reason once, in order


def _describe(defect: Exception | None, unparsed: str) -> str:
    if isinstance(defect, MissingHeaderBodySeparatorDefect) or defect is None:
        line = unparsed.splitlines()[0] if unparsed.strip() else ""
        return f"a line that is not a header ({_shown(line)}); the headers after it were ignored"
    if isinstance(defect, FirstHeaderLineIsContinuationDefect):
        return "the first header line starts with a space"
    text = str(defect).strip()
    return _shown(text) if text else type(defect).__name__


def _shown(text: str) -> str:
    """Store data in a log line: quoted, escaped (no line breaks or control bytes), and short."""
    return ascii(text[:_SHOWN_CHARS]) + ("…" if len(text) > _SHOWN_CHARS else "")
