"""A time as a user reads it: in their zone, on a 24-hour clock, absolute. The one way every page,
cell, email and plan writes a time for a person (templates through the `in_zone` filters,
availability/preferences/templatetags/times.py); machines get ISO 8601.

    14:05              today, or still to come within a day ("paused until 00:30" is the next 00:30)
    07 Dec 14:05       another day within half a year
    07 Dec 2025 14:05  further away: a day and month alone could then be either year's

`dated=True` always names the day: for what is read later or out of context (a title, an email, a
table of checks over months). Never "3 min ago", which turns false in a tab left open, and never
"8:01:01 AM". A page that shows today's times as clock times is drawn again after midnight
(availability/live/wishlist_reply.py) or stays as read.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from django.utils import timezone

HALF_A_YEAR = timedelta(days=183)


def local_time(when: datetime, zone: tzinfo, now: datetime | None = None, *, dated: bool = False) -> str:
    """`when` in `zone`: "14:05" today (or within the next day), else "07 Dec 14:05"."""
    now = now or timezone.now()
    local = when.astimezone(zone)
    soon = now < when <= now + timedelta(days=1)
    if not dated and (local.date() == now.astimezone(zone).date() or soon):
        return f"{local:%H:%M}"
    return f"{local_day(when, zone, now)} {local:%H:%M}"


def local_day(when: datetime, zone: tzinfo, now: datetime | None = None) -> str:
    """The day of `when` in `zone`: "07 Dec", or "07 Dec 2025" more than half a year away."""
    now = now or timezone.now()
    local = when.astimezone(zone)
    return f"{local:%d %b %Y}" if abs(when - now) > HALF_A_YEAR else f"{local:%d %b}"
