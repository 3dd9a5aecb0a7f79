from django.core.management.base import BaseCommand
from django.utils import timezone
from django_q.models import Schedule

# Every recurring job, by name. The release phase runs this command on each deploy, so a schedule
# changed here is changed in production without anyone touching the admin.
SCHEDULES = {
    "worker heartbeat": {
        "func": "availability.tasks.record_worker_heartbeat",
        "schedule_type": Schedule.MINUTES,
        "minutes": 1,
    },
    "recheck stale results": {
        "func": "availability.tasks.recheck_stale",
        "schedule_type": Schedule.MINUTES,
        "minutes": 5,
    },
}


class Command(BaseCommand):
    help = "Create or update the Django-Q schedules the app relies on (safe to re-run)."

    def handle(self, *args, **options) -> None:
        for name, fields in SCHEDULES.items():
            schedule, created = Schedule.objects.update_or_create(
                name=name, defaults={**fields, "repeats": -1}
            )
            if created:
                # Run at the worker's first scheduler pass instead of a minute later.
                schedule.next_run = timezone.now()
                schedule.save(update_fields=["next_run"])
            self.stdout.write(f"{'created' if created else 'updated'} schedule: {name}")
