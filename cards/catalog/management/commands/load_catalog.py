from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from cards.catalog.loader import SAMPLE_CARDS, SAMPLE_SETS, load_catalog


class Command(BaseCommand):
    help = (
        "Create or update sets, cards and printings from Scryfall's default_cards bulk JSON. "
        "With no arguments it loads the sample catalog shipped in cards/data/ "
        f"({SAMPLE_CARDS.name} with {SAMPLE_SETS.name}). Safe to re-run: unchanged rows are left "
        "alone and nothing is ever deleted."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        source = parser.add_mutually_exclusive_group()
        source.add_argument("--file", help="A default_cards JSON file (plain or .gz).")
        source.add_argument("--url", help="The URL of a default_cards JSON file (a bulk-data download_uri).")
        parser.add_argument(
            "--sets",
            help="Scryfall's set list (a path or URL of the /sets JSON). Without it, sets are made "
            "from the printings' set codes and names. Defaults to the sample set list when loading "
            "the sample catalog.",
        )

    def handle(self, *args, file: str | None, url: str | None, sets: str | None, **options) -> None:
        cards = file or url
        if cards is None:
            cards, sets = SAMPLE_CARDS, sets or SAMPLE_SETS
            self.stdout.write(f"Loading the sample catalog ({SAMPLE_CARDS})")
        progress = self._show_progress if self.stdout.isatty() else None
        report = load_catalog(cards, sets, progress=progress)
        if progress:
            self.stdout.write("")
        for line in report.lines():
            self.stdout.write(line)

    def _show_progress(self, printings: int, bytes_read: int, size: int | None) -> None:
        done = f"{100 * bytes_read / size:5.1f}% " if size else ""
        self.stdout.write(f"\r{done}{printings:,} printings read", ending="")
        self.stdout.flush()
