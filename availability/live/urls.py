"""The dashboard and a cell's offers dialog, mounted at the site root by lgs_checker/urls.py (the
socket's route is routing.py)."""

from django.urls import path

from availability.live import dashboard

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("cards/<int:tracked_card_id>/offers/<slug:store_slug>/", dashboard.offers, name="card_offers"),
]
