"""`manage.py sync_store_directory [--file F] [--overwrite]`: the store directory, added safely.

Run by `release` on every deploy: missing stores are created, and what an admin changed stays
(stores/provisioning.py). A file that cannot be read, or is not a list of valid stores, is bad
input (exit 2, nothing written).
"""

from __future__ import annotations

from pathlib import Path

from lgs_checker.commandline import AppCommand, BadInput
from stores.directory import DIRECTORY_FILE, DirectoryError, load_directory, sync_directory


class Command(AppCommand):
    help = "Add the shipped directory of real stores; existing stores keep the admins' edits."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--file", type=Path, default=DIRECTORY_FILE)
        parser.add_argument(
            "--overwrite", action="store_true", help="Reset existing stores to the directory's values."
        )

    def handle(self, *args, file: Path, overwrite: bool, **options) -> None:
        try:
            entries = load_directory(file)
        except DirectoryError as error:
            raise BadInput(str(error)) from error
        self.stdout.write(f"store directory: {sync_directory(entries, overwrite=overwrite)}")
