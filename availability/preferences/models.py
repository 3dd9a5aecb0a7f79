"""A user's preferences that belong to no one feature: the time zone every page, cell, email and
chart shows times in (availability/preferences/zones.py reads it)."""

from __future__ import annotations

import functools
from zoneinfo import available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


@functools.cache
def known_time_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def validate_time_zone(name: str) -> None:
    if name not in known_time_zones():
        raise ValidationError(
            f"{name!r} is not a time zone we know; try one like America/Toronto or Europe/Paris."
        )


class Preferences(models.Model):
    """One user's preferences; a user without a row reads times in UTC."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferences"
    )
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])

    class Meta:
        verbose_name_plural = "preferences"

    def __str__(self) -> str:
        return f"preferences of {self.user}"
