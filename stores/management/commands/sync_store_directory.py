from pathlib import Path

from django.core.management.base import BaseCommand

from stores.directory import DIRECTORY_FILE, load_directory, sync_directory


class Command(BaseCommand):
    help = "Add the shipped directory of real stores; existing stores keep the admins' edits."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--file", type=Path, default=DIRECTORY_FILE)
        parser.add_argument(
            "--overwrite", action="store_true", help="Reset existing stores to the directory's values."
        )

    def handle(self, *args, file: Path, overwrite: bool, **options) -> None:
        report = sync_directory(load_directory(file), overwrite=overwrite)
        self.stdout.write(
            f"store directory: {len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged"
        )
