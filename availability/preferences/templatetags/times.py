"""`{{ when|in_zone:zone }}` and `{{ when|in_zone_dated:zone }}`: a time in the reader's zone, as
availability/preferences/times.py writes it ("14:05", "07 Dec 14:05"), for every template that shows
one.

`when` is a datetime or an ISO 8601 string (the socket's messages carry those); nothing shows as
nothing. `zone` is a tzinfo or a zone name; without it, the active zone, which the middleware sets
to the signed-in user's on every page (availability/preferences/middleware.py). Code that renders
for a user outside a request (a worker's cell, an email, a socket reply) passes their zone.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from datetime import timezone as dt_timezone
from zoneinfo import ZoneInfo

from django import template
from django.utils import timezone

from availability.preferences.times import local_time

register = template.Library()


def _moment(value) -> datetime | None:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    return value if timezone.is_aware(value) else value.replace(tzinfo=dt_timezone.utc)


def _zone(zone) -> tzinfo:
    if isinstance(zone, tzinfo):
        return zone
    return ZoneInfo(str(zone)) if zone else timezone.get_current_timezone()


@register.filter
def in_zone(value, zone=None) -> str:
    """"14:05" today (or within the next day), else "07 Dec 14:05"."""
    moment = _moment(value)
    return local_time(moment, _zone(zone)) if moment else ""


@register.filter
def in_zone_dated(value, zone=None) -> str:
    """Always with its day: "07 Dec 14:05"."""
    moment = _moment(value)
    return local_time(moment, _zone(zone), dated=True) if moment else ""
