"""Alerts, notifications and card history, mounted at the site root by lgs_checker/urls.py."""

from django.urls import path

from availability import plan_views, views

urlpatterns = [
    path("cards/history/", views.card_history_by_name, name="card_history_by_name"),
    path("cards/<int:tracked_card_id>/history/", views.card_history, name="card_history"),
    path("cards/<int:tracked_card_id>/alerts/", views.card_alert_rule, name="card_alert_rule"),
    path("plan/", plan_views.buy_plan, name="buy_plan"),
    path("plan/buy-plan.csv", plan_views.buy_plan_csv, name="buy_plan_csv"),
    path("notifications/", views.notifications, name="notifications"),
    path("alerts/", views.alert_settings, name="alert_settings"),
    path("alerts/test-webhook/", views.test_webhook, name="alert_test_webhook"),
    path("alerts/unsubscribe/<str:token>/", views.unsubscribe, name="alert_unsubscribe"),
]
