"""Mounted at the site root by lgs_checker/urls.py."""

from django.urls import path

from availability.preferences import views

urlpatterns = [
    path("account/time-zone/", views.browser_time_zone, name="browser_time_zone"),
]
