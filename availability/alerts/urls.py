"""The alert pages, mounted at the site root by lgs_checker/urls.py."""

from django.urls import path

from availability.alerts import views

urlpatterns = [
    path("cards/<int:tracked_card_id>/alerts/", views.card_alert_rule, name="card_alert_rule"),
    path("notifications/", views.notifications, name="notifications"),
    path("alerts/", views.alert_settings, name="alert_settings"),
    path("alerts/test-webhook/", views.test_webhook, name="alert_test_webhook"),
    path("alerts/unsubscribe/<str:token>/", views.unsubscribe, name="alert_unsubscribe"),
]
