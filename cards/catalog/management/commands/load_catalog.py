"""`manage.py load_catalog [--file F | --url U] [--sets S]`: Scryfall's card data into the catalog;
`manage.py load_catalog --game GAME (--file F | --url U)…`: another game's (cards/catalog/games.py),
each file in the order given (Pokémon: the sets file, then one file per set).

Exit 2 for a file that is missing, unreadable or not JSON, or an address that is not one (refused
before any request); exit 1 when a download fails or sends something that is not JSON (the site's
failure, not the caller's). A file with no card in it is bad input too: loading the wrong file
must not look like a load of nothing new.
"""

from __future__ import annotations

import argparse

import ijson
import requests
import urllib3
from django.core.management.base import CommandParser

from cards.catalog.games import LOADABLE_GAMES, CatalogError, load_game_catalog
from cards.catalog.loader import SAMPLE_CARDS, SAMPLE_SETS, LoadReport, load_catalog
from lgs_checker.commandline import AppCommand, BadInput, SiteFailed, download_failure, web_address


def is_address(location: str) -> bool:
    """How the loader tells a download from a file (cards.catalog.loader.open_source)."""
    return str(location).startswith(("http://", "https://"))


class _Source(argparse.Action):
    """--file and --url, kept in the order given (a game's files are read in that order)."""

    def __call__(self, parser, namespace, values, option_string=None):
        sources = list(getattr(namespace, "sources", None) or [])
        sources.append((self.dest, values))
        namespace.sources = sources
        setattr(namespace, self.dest, values)


class Command(AppCommand):
    help = (
        "Create or update sets, cards and printings from Scryfall's default_cards bulk JSON. "
        "With no arguments it loads the sample catalog shipped in cards/data/ "
        f"({SAMPLE_CARDS.name} with {SAMPLE_SETS.name}). Safe to re-run: unchanged rows are left "
        "alone and nothing is ever deleted."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--game", default="magic", choices=LOADABLE_GAMES,
            help="The game whose data it is (default magic: Scryfall's). Another game takes one or more "
            "--file/--url, read in order: pokemon a sets file then cards files, lorcana allCards.json "
            "or setdata.N.json, onepiece an optional sets file then cards files, yugioh cardinfo.php's answer.",
        )
        parser.add_argument("--file", action=_Source, help="A default_cards JSON file (plain or .gz); "
                            "repeatable with --game.")
        parser.add_argument("--url", action=_Source, help="The URL of a default_cards JSON file (a bulk-data "
                            "download_uri); repeatable with --game.")
        parser.add_argument(
            "--sets",
            help="Scryfall's set list (a path or URL of the /sets JSON). Without it, sets are made "
            "from the printings' set codes and names. Defaults to the sample set list when loading "
            "the sample catalog.",
        )

    def handle(self, *args, file: str | None, url: str | None, sets: str | None, game: str = "magic",
               sources=None, **options) -> None:
        sources = list(sources or [])
        if not sources:  # call_command(file=…) sets the option without the action
            sources = [(kind, value) for kind, value in (("file", file), ("url", url)) if value]
        if game != "magic":
            return self._load_game(game, sources, sets)
        if len(sources) > 1:
            raise BadInput("Scryfall's data is one file: give one --file or --url (several are for --game)")
        if url is not None:
            url = web_address(url, "--url")
        if sets is not None and is_address(sets):
            sets = web_address(sets, "--sets")
        cards = file or url
        if cards is None:
            cards, sets = SAMPLE_CARDS, sets or SAMPLE_SETS
            self.stdout.write(f"Loading the sample catalog ({SAMPLE_CARDS})")
        progress = self._show_progress if self.stdout.isatty() else None
        report = self._load(str(cards), str(sets) if sets else None, progress)
        if progress:
            self.stdout.write("")
        for line in report.lines():
            self.stdout.write(line)

    @staticmethod
    def _load(cards: str, sets: str | None, progress) -> LoadReport:
        """The load, its failures sorted into the caller's (a file) and a site's (a download)."""
        sources = " and ".join(filter(None, [cards, sets]))
        fault = SiteFailed if is_address(cards) or (sets and is_address(sets)) else BadInput
        try:
            report = load_catalog(cards, sets, progress=progress)
        except requests.RequestException as error:
            raise SiteFailed(f"cannot download {sources}: {download_failure(error)}") from error
        except urllib3.exceptions.HTTPError as error:  # the stream cut short while being read
            raise SiteFailed(f"cannot download {sources}: {error}") from error
        except OSError as error:  # a missing or unreadable file; a .gz that is not gzip
            raise BadInput(f"cannot read {error.filename or sources}: {error.strerror or error}") from error
        except ijson.JSONError as error:
            raise fault(f"{sources}: not Scryfall JSON ({error})") from error
        if not (report.printings.created or report.printings.updated or report.printings.unchanged
                or report.skipped):
            raise fault(f"no cards in {cards}: is it Scryfall's default_cards JSON?")
        return report

    def _load_game(self, game: str, sources: list[tuple[str, str]], sets: str | None) -> None:
        if sets is not None:
            raise BadInput(f"--sets is Scryfall's set list; {game}'s sets come as a --file or --url of their own")
        if not sources:
            raise BadInput(f"--game {game} needs its data: one or more --file PATH or --url URL")
        locations = [web_address(value, "--url") if kind == "url" else value for kind, value in sources]
        named = " and ".join(locations)
        fault = SiteFailed if any(kind == "url" for kind, _value in sources) else BadInput
        try:
            report = load_game_catalog(game, locations)
        except CatalogError as error:
            raise BadInput(str(error)) from error
        except requests.RequestException as error:
            raise SiteFailed(f"cannot download {named}: {download_failure(error)}") from error
        except urllib3.exceptions.HTTPError as error:
            raise SiteFailed(f"cannot download {named}: {error}") from error
        except OSError as error:
            raise BadInput(f"cannot read {error.filename or named}: {error.strerror or error}") from error
        except ijson.JSONError as error:
            raise fault(f"{named}: not {game} catalog JSON ({error})") from error
        if not (report.printings.created or report.printings.updated or report.printings.unchanged):
            raise fault(f"no {game} cards in {named}: see `load_catalog --help` for the files each game takes")
        for line in report.lines():
            self.stdout.write(line)

    def _show_progress(self, printings: int, bytes_read: int, size: int | None) -> None:
        done = f"{100 * bytes_read / size:5.1f}% " if size else ""
        self.stdout.write(f"\r{done}{printings:,} printings read", ending="")
        self.stdout.flush()
