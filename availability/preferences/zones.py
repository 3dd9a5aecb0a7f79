"""The time zone a user reads times in: their setting, which starts as their browser's zone.

The setting is `Preferences.time_zone` (one field for every page, alerts included; the Alerts page
is where a user picks it). It starts as "UTC"; while it is still that default, the browser's own
zone (sent by static/js/site.js to `views.browser_time_zone`) fills it in. Someone who wants UTC
while their browser says otherwise picks it on the Alerts page and is overwritten only if their
browser later reports a zone while the setting still reads "UTC" — an accepted edge, noted in the
README.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from availability.preferences.models import Preferences

DEFAULT_ZONE = "UTC"


def zone_of(user) -> ZoneInfo:
    """The user's zone (a user or a user id)."""
    name = Preferences.objects.filter(user=user).values_list("time_zone", flat=True).first()
    return ZoneInfo(name or DEFAULT_ZONE)


def zones_of(user_ids) -> dict[int, ZoneInfo]:
    """Each user's zone in one query (the worker renders cells for many users)."""
    names = dict(Preferences.objects.filter(user_id__in=list(user_ids)).values_list("user_id", "time_zone"))
    return {user_id: ZoneInfo(names.get(user_id) or DEFAULT_ZONE) for user_id in user_ids}


def set_zone(user_id: int, name: str) -> None:
    """Save the user's zone (a known name: the caller validated it)."""
    Preferences.objects.update_or_create(user_id=user_id, defaults={"time_zone": name})
