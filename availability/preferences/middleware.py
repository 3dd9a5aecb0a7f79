"""Every page a signed-in user reads shows times in their zone."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from django.utils import timezone

from availability.preferences.zones import DEFAULT_ZONE, zone_of


class UserTimeZoneMiddleware:
    """Activates the user's zone (the `in_zone` filters write times in it) and sets `request.time_zone`:
    a view reads the user's zone there, not again from the database.

    Async-capable, like every middleware of the stack: one synchronous middleware runs all that
    comes after it, async views included, in Django's one thread for synchronous code, so a view
    that awaits (the buy plan) would hold every other request of the process behind it."""

    async_capable = True
    sync_capable = True

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.is_async:
            return self._acall(request)
        if request.user.is_authenticated:
            zone = zone_of(request.user)
            request.time_zone = zone
            with timezone.override(zone):
                return self.get_response(request)
        request.time_zone = ZoneInfo(DEFAULT_ZONE)
        return self.get_response(request)

    async def _acall(self, request):
        user = await request.auser()
        if user.is_authenticated:
            zone = await sync_to_async(zone_of)(user)
            request.time_zone = zone
            with timezone.override(zone):
                return await self.get_response(request)
        request.time_zone = ZoneInfo(DEFAULT_ZONE)
        return await self.get_response(request)
