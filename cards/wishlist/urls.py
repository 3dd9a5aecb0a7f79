"""The wishlist's pages (the card forms, list import and export), mounted at the site root by
lgs_checker/urls.py."""

from django.urls import path

from cards.wishlist import views

urlpatterns = [
    path("cards/add/", views.add_card, name="card_add"),
    path("cards/<int:tracked_card_id>/edit/", views.edit_card, name="card_edit"),
    path("cards/<int:tracked_card_id>/delete/", views.delete_card, name="card_delete"),
    path("cards/import", views.wishlist_import, name="wishlist_import"),
    path("cards/import/confirm", views.wishlist_import_confirm, name="wishlist_import_confirm"),
    path("cards/export", views.wishlist_export, name="wishlist_export"),
]
