from django.urls import include, path

from cards import views

urlpatterns = [
    path("cards/add/", views.add_card, name="card_add"),
    path("cards/<int:tracked_card_id>/edit/", views.edit_card, name="card_edit"),
    path("cards/<int:tracked_card_id>/delete/", views.delete_card, name="card_delete"),
    path("cards/", include("cards.catalog_urls")),
]
