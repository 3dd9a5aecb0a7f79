from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path

from lgs_checker import health

urlpatterns = [
    path("", include("cards.wishlist.urls")),
    path("", include("cards.catalog.urls")),
    path("", include("availability.live.urls")),
    path("", include("availability.checks.urls")),
    path("", include("availability.buyplan.urls")),
    path("", include("availability.preferences.urls")),
    path("", include("availability.alerts.urls")),
    path("account/", include("stores.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page links; send them to the static file.
    path("favicon.ico", lambda request: redirect(static("favicon.ico"), permanent=True)),
]
