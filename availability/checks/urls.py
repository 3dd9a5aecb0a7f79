"""Card history, mounted at the site root by lgs_checker/urls.py."""

from django.urls import path

from availability.checks import views

urlpatterns = [
    path("cards/<int:tracked_card_id>/history/", views.card_history, name="card_history"),
]
