"""Catalog look-ups and wishlist import/export, mounted under /cards/ by cards/urls.py."""

from django.urls import path

from cards import catalog_views

urlpatterns = [
    path("autocomplete", catalog_views.card_autocomplete, name="card_autocomplete"),
    path("printings", catalog_views.card_printings, name="card_printings"),
    path("import", catalog_views.wishlist_import, name="wishlist_import"),
    path("import/confirm", catalog_views.wishlist_import_confirm, name="wishlist_import_confirm"),
    path("export", catalog_views.wishlist_export, name="wishlist_export"),
]
