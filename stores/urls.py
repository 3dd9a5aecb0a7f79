from django.urls import path

from stores import views

urlpatterns = [
    path("", views.account, name="account"),
]
