"""The dashboard, the buy plan and card history, mounted at the site root by lgs_checker/urls.py."""

from django.urls import path

from availability import dashboard, plan_views, views

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("cards/<int:tracked_card_id>/offers/<slug:store_slug>/", dashboard.offers, name="card_offers"),
    path("cards/<int:tracked_card_id>/history/", views.card_history, name="card_history"),
    path("plan/", plan_views.buy_plan, name="buy_plan"),
    path("plan/buy-plan.csv", plan_views.buy_plan_csv, name="buy_plan_csv"),
]
