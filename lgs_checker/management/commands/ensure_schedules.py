"""`manage.py ensure_schedules`: every recurring job, by name (the release phase runs it).

It takes no input; exit 0 when done.
"""

from __future__ import annotations

from django.conf import settings
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django_q.models import Schedule

from availability.checks.tasks import RECHECK_EVERY
from lgs_checker.commandline import AppCommand

# Every recurring job, by name. The release phase runs this command on each deploy, so a schedule
# changed here is changed in production without anyone touching the admin.
SCHEDULES = {
    "recheck stale results": {
        "func": "availability.checks.tasks.recheck_stale",
        "schedule_type": Schedule.MINUTES,
        "minutes": int(RECHECK_EVERY.total_seconds() // 60),
    },
    "fold old history": {
        # Raw checks past HISTORY_RETENTION_DAYS become daily price points (availability.checks.retention).
        "func": "availability.checks.retention.fold_history",
        "schedule_type": Schedule.DAILY,
    },
    "send alert deliveries": {
        # Retries, and what waited for quiet hours to end or for the daily digest.
        "func": "availability.alerts.deliveries.send_due_deliveries",
        "schedule_type": Schedule.MINUTES,
        "minutes": 1,
    },
    "sync store inventories": {
        # Queues one task per store due for a sync (stores.inventory.modes), each with a long timeout.
        "func": "stores.inventory.tasks.queue_due_syncs",
        "schedule_type": Schedule.MINUTES,
        "minutes": 5,
    },
    "refresh card catalog": {
        "func": "cards.catalog.tasks.refresh_catalog",
        "schedule_type": Schedule.HOURLY,
        # Hourly tries, but the task itself loads at most once a day; a load takes minutes, far
        # longer than the cluster's default task timeout.
        "kwargs": repr({"q_options": {"timeout": 3600}}),
    },
}


# Schedules of earlier releases, removed on the next deploy. "worker heartbeat": the cluster's own
# thread writes the heartbeat now (availability/checks/dispatcher.py); queued, it waited behind checks.
RETIRED = {"worker heartbeat"}


def wanted_schedules() -> dict[str, dict]:
    if settings.CATALOG_REFRESH:
        return SCHEDULES
    return {name: fields for name, fields in SCHEDULES.items() if name != "refresh card catalog"}


class Command(AppCommand):
    help = "Create or update the Django-Q schedules the app relies on (safe to re-run)."

    def handle(self, *args, **options) -> None:
        wanted = wanted_schedules()
        for name, fields in wanted.items():
            schedule, created = Schedule.objects.update_or_create(
                name=name, defaults={"repeats": -1, "kwargs": "", **fields}
            )
            if created:
                # Run at the worker's first scheduler pass instead of a period later.
                schedule.next_run = timezone.now()
                schedule.save(update_fields=["next_run"])
            self.stdout.write(f"{'created' if created else 'updated'} schedule: {name}")
        removed, _ = Schedule.objects.filter(name__in=(set(SCHEDULES) - set(wanted)) | RETIRED).delete()
        if removed:
            self.stdout.write(f"removed {removed} schedule{pluralize(removed)} switched off in settings")
