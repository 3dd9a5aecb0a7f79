from django.urls import path

from availability.live.consumers import AvailabilityConsumer

websocket_urlpatterns = [path("ws/", AvailabilityConsumer.as_asgi())]
