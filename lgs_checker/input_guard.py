"""Turn away text the database cannot store before any view sees it.

PostgreSQL refuses a NUL character in text (and UTF-8 cannot hold a lone surrogate), so a query
string like `?card=%00` used to end as a 500 deep inside a view. No view has a use for such
characters; one middleware answers 400 naming the field instead, for every view (admin included).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.deprecation import MiddlewareMixin


def unstorable(text: str) -> str | None:
    """What is wrong with `text` for the database, or None when it is fine."""
    if "\x00" in text:
        return "a NUL character (\\x00)"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "a character that is not valid Unicode (a lone surrogate)"
    return None


def _problems_in_fields(where: str, fields) -> Iterable[str]:
    for name, values in fields.lists():
        if problem := unstorable(name):
            yield f"a {where} name contains {problem}"
        for value in values:
            if problem := unstorable(value):
                yield f"the {where} {name!r} contains {problem}"


def _problems_in_uploads(request: HttpRequest) -> Iterable[str]:
    for field, upload in request.FILES.items():
        if problem := unstorable(upload.name or ""):
            yield f"the name of the file uploaded as {field!r} contains {problem}"
        elif any(b"\x00" in chunk for chunk in upload.chunks()):
            # A NUL in a text list usually means it was saved as UTF-16; say how to fix it.
            yield f"the file {upload.name!r} contains NUL bytes; save it as plain text (UTF-8) and try again"
        upload.seek(0)


def problems_in(request: HttpRequest) -> Iterable[str]:
    if problem := unstorable(request.path):
        yield f"the address contains {problem}"
    yield from _problems_in_fields("query parameter", request.GET)
    if request.method == "POST":
        yield from _problems_in_fields("form field", request.POST)
        yield from _problems_in_uploads(request)


class RejectUnstorableInputMiddleware(MiddlewareMixin):
    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        problem = next(iter(problems_in(request)), None)
        if problem is None:
            return None
        return HttpResponseBadRequest(
            f"Bad request: {problem}, which this site does not accept.\n",
            content_type="text/plain; charset=utf-8",
        )
