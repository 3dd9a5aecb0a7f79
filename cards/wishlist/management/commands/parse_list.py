"""`manage.py parse_list FILE [--game GAME] [--json]`: how a card list parses, as the import page reads it.

Exit 0 with what was understood, lines not understood included (they are the answer); exit 2 when
the file is missing or unreadable, or not UTF-8 text.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import CommandParser

from cards.wishlist.listformats import GAME_FORMATS, ParsedList, parse_list
from lgs_checker.commandline import AppCommand, BadInput
from scrapers.games import MAGIC


class Command(AppCommand):
    help = (
        "Parse a card list (any format the import page accepts) and print what was understood. "
        "Does not touch the database: names and printings are not checked against the catalog."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The list file; - reads standard input.")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print JSON instead of a table."
        )
        parser.add_argument(
            "--game", default=MAGIC, choices=[MAGIC, *GAME_FORMATS],
            help="The game the list is of, read in that game's format (default magic).",
        )

    def handle(self, *args, file: str, as_json: bool, game: str = MAGIC, **options) -> None:
        text = self._read(file)
        parsed = parse_list(text, game)
        if as_json:
            self.stdout.write(_as_json(parsed))
            return
        self.stdout.write(f"format: {parsed.format}")
        for line in parsed.lines:
            energy = f"any {line.energy} energy" if line.energy else ""
            parts = (line.set_code.upper() or line.set_name, line.card_id or line.collector_number, line.finish, energy)
            printing = " ".join(part for part in parts if part)
            columns = [f"{line.quantity} {line.name}", printing, f"[{line.section}]"]
            self.stdout.write(f"{line.line_no:>5}  " + "  ".join(column for column in columns if column))
        for error in parsed.errors:
            self.stdout.write(f"{error.line_no:>5}  not understood: {error.text!r}: {error.reason}")

    def _read(self, file: str) -> str:
        if file == "-":
            return sys.stdin.read()
        try:
            return Path(file).read_text(encoding="utf-8-sig")
        except OSError as error:
            raise BadInput(f"cannot read {file}: {error.strerror or error}") from error
        except UnicodeDecodeError as error:
            raise BadInput(f"cannot read {file}: not UTF-8 text ({error.reason} at byte {error.start})") from error


def _as_json(parsed: ParsedList) -> str:
    lines = [
        {
            "line": line.line_no,
            "name": line.name,
            "quantity": line.quantity,
            "set_code": line.set_code,
            "collector_number": line.collector_number,
            "finish": line.finish,
            **({"card_id": line.card_id} if line.card_id else {}),
            **({"energy": line.energy} if line.energy else {}),
        }
        for line in parsed.lines
    ]
    errors = [{"line": e.line_no, "text": e.text, "reason": e.reason} for e in parsed.errors]
    return json.dumps({"lines": lines, "errors": errors}, ensure_ascii=False, indent=2)
