"""Catalog look-ups for the card forms, mounted at the site root by lgs_checker/urls.py."""

from django.urls import path

from cards.catalog import views

urlpatterns = [
    path("cards/autocomplete", views.card_autocomplete, name="card_autocomplete"),
    path("cards/printings", views.card_printings, name="card_printings"),
]
