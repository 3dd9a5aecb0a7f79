from django.contrib import admin
from django.urls import include, path

from lgs_checker import health

urlpatterns = [
    path("", include("cards.urls")),
    path("", include("availability.urls")),
    path("account/", include("stores.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
]
