from __future__ import annotations

from django.core.management.base import BaseCommand

from availability.checks.retention import fold_history, retention_cutoff


class Command(BaseCommand):
    help = "Fold raw check history older than HISTORY_RETENTION_DAYS into daily price points."

    def handle(self, *args, **options) -> None:
        folded = fold_history()
        self.stdout.write(f"folded {folded} check(s) from before {retention_cutoff():%Y-%m-%d} into daily prices")
