"""`manage.py release [--sample-data]`: what a deploy's release phase (and `make run`) runs first.

Safe on every deploy: the store directory keeps what admins changed (stores/provisioning.py). A
step that fails ends the release with that step's exit code and its one line.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command

from lgs_checker.commandline import AppCommand


class Command(AppCommand):
    help = (
        "Everything a deploy (the Procfile's release phase) or a fresh checkout needs before the app "
        "starts: migrate every database, create the cache table, set up the schedules and add the "
        "store directory. Safe to run on every deploy."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--sample-data",
            action="store_true",
            help="Also load the sample card catalog (for a laptop; production loads the real one).",
        )

    def handle(self, *args, sample_data: bool, **options) -> None:
        verbosity = options["verbosity"]
        # Locally the channel layer lives in its own SQLite file, which `migrate` alone skips.
        for alias in settings.DATABASES:
            call_command("migrate", database=alias, interactive=False, verbosity=verbosity)
        call_command("createcachetable", verbosity=verbosity)
        call_command("ensure_schedules", verbosity=verbosity)
        call_command("sync_store_directory", verbosity=verbosity)
        if sample_data:
            call_command("load_catalog", verbosity=verbosity)
