"""The time zone a user reads times in: their setting, which starts as their browser's zone.

The setting is `AlertSettings.time_zone` (one field for every page, alerts included). It starts as
"UTC"; while it is still that default, the browser's own zone (sent by static/js/site.js) fills it
in. Someone who wants UTC while their browser says otherwise picks it on the Alerts page and is
overwritten only if their browser later reports a zone while the setting still reads "UTC" —
an accepted edge, noted in the README.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from availability.models import AlertSettings, known_time_zones

DEFAULT_ZONE = "UTC"


def zone_of(user) -> ZoneInfo:
    name = AlertSettings.objects.filter(user=user).values_list("time_zone", flat=True).first()
    return ZoneInfo(name or DEFAULT_ZONE)


def zones_of(user_ids) -> dict[int, ZoneInfo]:
    """Each user's zone in one query (the worker renders cells for many users)."""
    names = dict(AlertSettings.objects.filter(user_id__in=list(user_ids)).values_list("user_id", "time_zone"))
    return {user_id: ZoneInfo(names.get(user_id) or DEFAULT_ZONE) for user_id in user_ids}


class UserTimeZoneMiddleware:
    """Every page a signed-in user reads shows times in their zone (`{{ value|date }}` converts)."""

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


@login_required
@require_POST
def browser_time_zone(request):
    """The browser reports its zone; it becomes the user's setting while that is still the default."""
    name = request.POST.get("time_zone", "")
    if name not in known_time_zones():
        return HttpResponseBadRequest("not a time zone we know")
    settings, _ = AlertSettings.objects.get_or_create(user=request.user)
    changed = settings.time_zone == DEFAULT_ZONE and name != DEFAULT_ZONE
    if changed:
        settings.time_zone = name
        settings.save(update_fields=["time_zone"])
    return JsonResponse({"time_zone": settings.time_zone, "changed": changed})
