"""The browser reports its time zone (static/js/site.js), on the first page a user opens."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest, JsonResponse
from django.views.decorators.http import require_POST

from availability.preferences.models import Preferences, known_time_zones
from availability.preferences.zones import DEFAULT_ZONE


@login_required
@require_POST
def browser_time_zone(request):
    """The browser's zone becomes the user's setting while that is still the default."""
    name = request.POST.get("time_zone", "")
    if name not in known_time_zones():
        return HttpResponseBadRequest("not a time zone we know")
    preferences, _ = Preferences.objects.get_or_create(user=request.user)
    changed = preferences.time_zone == DEFAULT_ZONE and name != DEFAULT_ZONE
    if changed:
        preferences.time_zone = name
        preferences.save(update_fields=["time_zone"])
    return JsonResponse({"time_zone": preferences.time_zone, "changed": changed})
