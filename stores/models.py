"""Local game stores, the platform each one sells on, how healthy its shop is, and who shops there."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

import scrapers
from scrapers.games import GAMES, MAGIC
from scrapers.result import ERROR

# After this many failed checks in a row the store is left alone for a while: hammering a shop
# that is down helps nobody and looks like an attack to its owner. What a failure is: see
# `Store.record_check`, the one place that decides it.
PAUSE_AFTER_FAILURES = 5
PAUSE_FOR = timedelta(minutes=15)


# `auto` is every store's default: the path robots.txt allows, synced when its search is disallowed
# or when a sync costs fewer requests (stores/inventory/modes.py).
INVENTORY_MODES = [
    ("search", "Search card by card"),
    ("sync", "Sync the whole inventory"),
    ("auto", "Automatic: search where robots.txt allows it and it costs fewer requests, else sync"),
]


def platform_choices() -> list[tuple[str, str]]:
    return list(scrapers.PLATFORM_CHOICES)


def default_games() -> list[str]:
    return [MAGIC]


def validate_games(value) -> None:
    """A store's games: a non-empty list of scrapers.games codes, each once (the main game first)."""
    if not isinstance(value, list) or not value or not all(isinstance(code, str) for code in value):
        raise ValidationError('a list of game codes, the main one first, e.g. ["magic", "pokemon"]')
    unknown = [code for code in value if code not in GAMES]
    if unknown:
        raise ValidationError(f"unknown game {', '.join(unknown)}; the games are {', '.join(GAMES)}")
    if len(set(value)) != len(value):
        raise ValidationError("each game once")


class StoreQuerySet(models.QuerySet):
    def chosen_by(self, user) -> StoreQuerySet:
        """A user's stores (a user or a user id): the enabled ones they chose, by name. The one query
        for it: the dashboard, the socket, the buy plan, the history and alert pages all ask here, so
        a store switched off leaves every one of them at once."""
        return self.filter(chosen_by__user=user, enabled=True).order_by("name")


class Store(models.Model):
    """A local game store's web shop."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    homepage = models.URLField(help_text="The shop's base URL; scrapers build their requests on it.")
    platform = models.CharField(max_length=40, choices=platform_choices)
    settings = models.JSONField(
        default=dict,
        blank=True,
        help_text="Platform settings, e.g. {\"shop\": \"hairytarantula.myshopify.com\"} for BinderPOS.",
    )
    currency = models.CharField(max_length=3, default="USD")
    enabled = models.BooleanField(default=True)
    requests_per_second = models.FloatField(
        default=1.0,
        validators=[MinValueValidator(0.01)],
        help_text="Politeness: the most requests a second we send this shop.",
    )
    cache_ttl_minutes = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="How long a result is reused; blank uses the site default.",
    )
    inventory_mode = models.CharField(
        max_length=10,
        choices=INVENTORY_MODES,
        default="auto",
        help_text="How checks learn the store's stock; see docs/scaling.md (sync).",
    )
    games = models.JSONField(
        default=default_games,
        validators=[validate_games],
        help_text='The games whose singles the shop sells, the main one first: ["magic", "pokemon", "lorcana"]. '
        "Cards of other games are not checked here. add_store fills it from the site's links.",
    )
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=100, blank=True, help_text="Stores are grouped by country, then region.")
    region = models.CharField(
        max_length=100, blank=True, help_text="State or province; stores are grouped by it."
    )

    # What the app itself last wrote to the store's fields (the directory, the sample stores), so a
    # restart can tell an admin's edit from its own: a field still holding the value written here
    # was left alone and may be brought up to date; any other value is an admin's and stays
    # (stores/provisioning.py). Empty for a store an admin made.
    shipped_values = models.JSONField(default=dict, blank=True, editable=False)

    objects = StoreQuerySet.as_manager()

    # Health, written after every check.
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    last_error_reason = models.TextField(blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    paused_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["country", "region", "city", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = scrapers.validate_settings(self.platform, self.settings or {})
        if errors:
            raise ValidationError({"settings": errors})

    @property
    def cache_ttl(self) -> timedelta:
        minutes = self.cache_ttl_minutes or settings.CHECK_CACHE_TTL_MINUTES
        return timedelta(minutes=minutes)

    @property
    def is_paused(self) -> bool:
        return self.paused_until is not None and self.paused_until > timezone.now()

    @property
    def health(self) -> str:
        """One word for the admin list: ok, failing, paused or unknown."""
        if self.is_paused:
            return "paused"
        if self.consecutive_failures:
            return "failing"
        return "ok" if self.last_success_at else "unknown"

    def scraper_config(self) -> scrapers.StoreConfig:
        """What the scrapers library needs to know about this store, without the ORM."""
        return scrapers.StoreConfig(
            slug=self.slug,
            name=self.name,
            platform=self.platform,
            base_url=self.homepage,
            settings=dict(self.settings or {}),
            currency=self.currency,
            requests_per_second=self.requests_per_second,
            games=tuple(self.games or [MAGIC]),
        )

    def sells(self, game: str) -> bool:
        """Whether the store sells singles of `game` (a scrapers.games code)."""
        return game in (self.games or [MAGIC])

    def record_check(self, result: scrapers.SearchResult) -> None:
        """The store's health after a check: the one rule for what a store failure is.

        - A failure is any error answer: the store unreachable or too slow, a 5xx, a 429 or a
          throttle page, any other 4xx (a search page that answers 404 or 403 means the store's
          address or settings are wrong, or it blocks us: retrying will not fix it), a page we
          cannot read, a redirect we refuse, robots.txt forbidding the search, data we cannot keep.
        - An answer with offers, or "none in stock", is a success: it resets the count.
        - A check skipped because the store is paused (`result.skipped`) is neither: we did not
          call the store, so it neither extends the pause nor ends it.
        - A store pauses, for every worker since the pause is this row, after
          PAUSE_AFTER_FAILURES failures in a row (for PAUSE_FOR), or at once until `retry_at`
          when it asked us to wait (Retry-After). A pause only grows; it ends at its time (or by
          the admin's "clear pause"), not by a success that was already under way when it began.
        """
        if result.skipped:
            return
        if result.status != ERROR:
            self._record_success()
        else:
            self._record_failure(result.reason, result.retry_at)

    def paused_result(self) -> scrapers.SearchResult:
        """The answer of a check skipped because the store is paused (no request sent).

        The reason names no time: a cell says "paused until HH:MM" in its reader's time zone
        (availability/live/cells.py), from `retry_at`.
        """
        why = f" (last error: {self.last_error_reason})" if self.last_error_reason else ""
        return scrapers.SearchResult.error(
            f"checks of this store are paused{why}", retry_at=self.paused_until, skipped=True,
        )

    def _record_success(self) -> None:
        now = timezone.now()
        Store.objects.filter(pk=self.pk).update(last_success_at=now, consecutive_failures=0)
        self.last_success_at, self.consecutive_failures = now, 0

    def _record_failure(self, reason: str, retry_at: datetime | None) -> None:
        # F() so two workers failing at once both count.
        now = timezone.now()
        Store.objects.filter(pk=self.pk).update(
            last_error_at=now,
            last_error_reason=reason[:2000],
            consecutive_failures=F("consecutive_failures") + 1,
        )
        self.refresh_from_db(fields=["last_error_at", "last_error_reason", "consecutive_failures"])
        ends = [retry_at] if retry_at is not None else []
        if self.consecutive_failures >= PAUSE_AFTER_FAILURES:
            ends.append(now + PAUSE_FOR)
        if ends:
            until = max(ends)
            # Conditional so a shorter pause from another worker never cuts a longer one short.
            Store.objects.filter(pk=self.pk).filter(
                Q(paused_until__isnull=True) | Q(paused_until__lt=until)
            ).update(paused_until=until)
        self.refresh_from_db(fields=["paused_until"])


class ChosenStoreQuerySet(models.QuerySet):
    def stores_by_user(self, user_ids) -> dict[int, list[Store]]:
        """Each user's stores, as `Store.objects.chosen_by` gives them, for many users in one query
        (an answer is pushed to everyone who tracks its card)."""
        user_ids = list(user_ids)
        stores: dict[int, list[Store]] = {user_id: [] for user_id in user_ids}
        chosen = self.filter(user_id__in=user_ids, store__enabled=True).select_related("store").order_by("store__name")
        for choice in chosen:
            stores[choice.user_id].append(choice.store)
        return stores


class ChosenStore(models.Model):
    """A store a user shops at; their cards are checked there."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chosen_stores"
    )
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="chosen_by")
    chosen_at = models.DateTimeField(auto_now_add=True)

    objects = ChosenStoreQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "store"], name="one_choice_per_user_and_store")
        ]

    def __str__(self) -> str:
        return f"{self.user} shops at {self.store}"
