from django.urls import path

from availability.consumers import AvailabilityConsumer

websocket_urlpatterns = [path("ws/", AvailabilityConsumer.as_asgi())]
