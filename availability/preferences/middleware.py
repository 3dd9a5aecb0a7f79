"""Every page a signed-in user reads shows times in their zone."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.utils import timezone

from availability.preferences.zones import DEFAULT_ZONE, zone_of


class UserTimeZoneMiddleware:
    """Activates the user's zone (the `in_zone` filters write times in it) and sets `request.time_zone`:
    a view reads the user's zone there, not again from the database."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            zone = zone_of(request.user)
            request.time_zone = zone
            with timezone.override(zone):
                return self.get_response(request)
        request.time_zone = ZoneInfo(DEFAULT_ZONE)
        return self.get_response(request)
