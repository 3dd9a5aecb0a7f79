"""The buy plan page and its CSV, mounted at the site root by lgs_checker/urls.py."""

from django.urls import path

from availability.buyplan import views

urlpatterns = [
    path("plan/", views.buy_plan, name="buy_plan"),
    path("plan/buy-plan.csv", views.buy_plan_csv, name="buy_plan_csv"),
]
