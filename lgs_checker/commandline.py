"""The contract every `manage.py` command of the app keeps with whoever runs it (README, "Exit codes").

    0  done: what was asked was done (no copies in stock, an empty plan, a sync already running are
       answers, not failures)
    1  a site failed: the store's check was an error, a sync failed, the add-from-URL probe could
       not read the shop, or a download (Scryfall, the ECB) failed or sent something unreadable
    2  bad input: an unknown slug, a missing or unreadable file, a malformed URL, JSON or number, a
       number outside the app's limits, arguments the command does not take

On 1 and 2 the command's last word is one line on stderr, `error: …`, written for the person at the
terminal: Django's own `CommandError: …` names a Python class, and argparse's usage block buries
the one line that matters (`--help` still shows the usage). Bad input is refused before anything
is sent to a store. An exception that is neither still ends in a traceback: that is a bug in the
app, not a mistake of the caller.

Every command subclasses `AppCommand` and raises `BadInput` or `SiteFailed`; called in-process
(`call_command`, the tests, `release` calling its steps) they are ordinary `CommandError`s carrying
the exit code, so a caller sees the same contract.
"""

from __future__ import annotations

import re
import sys
from typing import NoReturn

import requests
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser, SystemCheckError
from django.core.validators import URLValidator

from scrapers.offer import currency_code

SITE_FAILED = 1
BAD_INPUT = 2

# The rule Store.homepage's URLField applies (Django's URLValidator, http and https only), so an
# address the command accepts is one the store's row accepts, and a word like "not-a-url" is refused
# before any lookup.
_web_address = URLValidator(schemes=["http", "https"])


class BadInput(CommandError):
    """The caller's mistake (exit 2): say what was wrong, in one line, before touching any store."""

    def __init__(self, message: str) -> None:
        super().__init__(message, returncode=BAD_INPUT)


class SiteFailed(CommandError):
    """A store or a site we download from failed us (exit 1): its reason, in one line."""

    def __init__(self, message: str) -> None:
        super().__init__(message, returncode=SITE_FAILED)


def one_line(text: str) -> str:
    """A message on one line, however many the reason it quotes had (a store's reason is its data)."""
    return re.sub(r"\s*[\r\n]+\s*", " ", str(text)).strip()


def web_address(text: str, option: str = "", *, assume_https: bool = False) -> str:
    """`text` as an http(s) address, or BadInput (naming the option, if any). With `assume_https`,
    an address typed without a scheme ("www.example-games.com") is taken as https."""
    address = text.strip()
    if assume_https and not re.match(r"^[a-z][a-z0-9+.-]*://", address, re.IGNORECASE):
        address = "https://" + address
    try:
        _web_address(address)
    except ValidationError:
        named = f"{option}: " if option else ""
        raise BadInput(f"{named}{text!r} is not a web address (like https://www.example-games.com)") from None
    return address


def currency(text: str, option: str = "--currency") -> str:
    """`text` as an ISO 4217 code ("cad" -> "CAD"), by the rule offers are read with, or BadInput."""
    code = currency_code(text)
    if code is None:
        raise BadInput(f"{option}: {text!r} is not a currency code (ISO 4217, like USD or CAD)")
    return code


def download_failure(error: requests.RequestException) -> str:
    """Why a download failed, in words ("could not connect"), not the library's repr."""
    if isinstance(error, requests.HTTPError) and error.response is not None:
        return f"it answered {error.response.status_code} {error.response.reason}".rstrip()
    if isinstance(error, requests.Timeout):
        return "it did not answer in time"
    if isinstance(error, requests.ConnectionError):
        return "could not connect"
    return str(error)


class AppCommand(BaseCommand):
    """A management command of this app: exit 0, 1 or 2, and one `error: …` line on 1 and 2."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)

        # argparse reports a wrong argument through `error`; Django's parser raises a CommandError
        # with the default code 1 in-process and prints the whole usage from a terminal.
        def wrong_arguments(message: str) -> NoReturn:
            message = f"{message} (see {parser.prog} --help)"
            if parser.called_from_command_line:
                self.stderr.write(f"error: {one_line(message)}")
                sys.exit(BAD_INPUT)
            raise BadInput(message)

        parser.error = wrong_arguments
        return parser

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except CommandError as error:
            if isinstance(error, SystemCheckError):
                raise  # Django prints the checks' report as it is, one problem a line
            if not getattr(self, "_called_from_command_line", False) or options.get("traceback"):
                raise  # in-process callers get the CommandError, its returncode the exit code
            self.stderr.write(f"error: {one_line(error)}")
            sys.exit(error.returncode)
