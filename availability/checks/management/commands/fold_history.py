"""`manage.py fold_history`: raw checks past HISTORY_RETENTION_DAYS become daily price points.

It takes no input; exit 0 when done (the worker runs the same daily).
"""

from __future__ import annotations

from django.template.defaultfilters import pluralize

from availability.checks.retention import fold_history, retention_cutoff
from lgs_checker.commandline import AppCommand


class Command(AppCommand):
    help = "Fold raw check history older than HISTORY_RETENTION_DAYS into daily price points."

    def handle(self, *args, **options) -> None:
        folded = fold_history()
        self.stdout.write(
            f"folded {folded} check{pluralize(folded)} from before {retention_cutoff():%Y-%m-%d} into daily prices"
        )
