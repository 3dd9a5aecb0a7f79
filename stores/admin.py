"""The store admin's own part: the list, the form, "Test this store" and "Add store from URL".

Apps built on stores add to it without stores importing them: inventory sync adds its line and
action (stores/inventory/admin.py), the checks add "Check the selected stores again now"
(availability/checks/admin.py), and lgs_checker/admin.py composes the three and registers the
result, where all of them are known.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path, reverse

from scrapers.probe import PROBE_CARD, StoreProbe, diagnose, probe_store, robots_status
from scrapers.store import StoreConfig
from stores import probing
from stores.addresses import already_listed, store_at
from stores.client import worker_client
from stores.models import ChosenStore, Store

# Shown, not edited: what checks and the store's robots.txt have taught us about it.
HEALTH_FIELDS = [
    "last_success_at", "last_error_at", "last_error_reason", "consecutive_failures", "paused_until",
    "reading_path", "robots_txt",
]


def store_fieldsets(health_fields: list[str]) -> list:
    """The store form's sections, its health section showing `health_fields`."""
    return [
        (None, {"fields": ["name", "slug", "homepage", "enabled", "city", "region", "country"]}),
        ("Scraper", {"fields": [
            "platform", "settings", "games", "currency", "requests_per_second", "cache_ttl_minutes", "inventory_mode",
        ]}),
        ("Health", {"fields": health_fields}),
    ]


class StoreAdmin(admin.ModelAdmin):
    """Registered by lgs_checker/admin.py, with the parts the apps built on stores add."""

    list_display = [
        "name", "platform", "enabled", "health", "reads_by", "country", "region", "city",
        "last_success_at", "consecutive_failures", "last_error_reason",
    ]
    list_filter = ["platform", "enabled", "inventory_mode", "country", "region", "currency"]
    search_fields = ["name", "slug", "homepage", "city", "region"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = HEALTH_FIELDS
    actions = ["test_store", "enable", "disable"]
    change_form_template = "admin/stores/store/change_form.html"
    change_list_template = "admin/stores/store/change_list.html"
    fieldsets = store_fieldsets(HEALTH_FIELDS)

    @admin.display(description="robots.txt")
    def robots_txt(self, store: Store) -> str:
        """What the store's robots.txt says about our searches, as the worker last read it (no request here)."""
        if store.pk is None:
            return "-"
        status = probing.cached_robots_status(store.scraper_config())
        if status is None:
            return "not read yet: the next check or \"Test this store\" reads it"
        delay = f"crawl delay {status.crawl_delay:g} s" if status.crawl_delay else "no crawl delay"
        allowed = "allows our searches" if status.allowed else "DISALLOWS our searches (see its path)"
        return f"{allowed}; {delay} ({status.file.describe()})"

    @admin.display(description="path")
    def reading_path(self, store: Store) -> str:
        """Which way checks read the store and why, by robots.txt as the workers last read it (no request)."""
        return probing.path_line(store) if store.pk else "-"

    @admin.display(description="reads by")
    def reads_by(self, store: Store) -> str:
        """The path's short name for the store list: a search's name, or the whole-inventory sync."""
        return probing.path_name(store)

    @admin.display(description="health")
    def health(self, store: Store) -> str:
        return store.health

    def get_urls(self):
        test_view = self.admin_site.admin_view(self.test_view)
        add_from_url_view = self.admin_site.admin_view(self.add_from_url_view)
        return [
            path("<int:store_id>/test/", test_view, name="stores_store_test"),
            path("add-from-url/", add_from_url_view, name="stores_store_add_from_url"),
            *super().get_urls(),
        ]

    @admin.action(description="Test the selected store: search it for one card")
    def test_store(self, request, queryset):
        return redirect(reverse("admin:stores_store_test", args=[queryset.first().pk]))

    def test_view(self, request, store_id: int):
        """Search the store for a card now, and show what came back, what it cost and any error."""
        store = get_object_or_404(Store, pk=store_id)
        if not self.has_change_permission(request, store):
            return redirect("admin:index")
        card = request.GET.get("card", "").strip()
        context = {**self.admin_site.each_context(request), "store": store, "card": card, "opts": self.opts,
                   "title": f"Test {store.name}"}
        if card:
            # The worker's own client and deadlines: same rate limit, robots.txt and retries as a real
            # check, and a stalling store cannot hold a web process either.
            client = worker_client()
            config = store.scraper_config()
            diagnosis = diagnose(config, card, client, seconds=settings.SCRAPE_TIMEOUT_SECONDS,
                                 follow_path=store.inventory_mode != "search")
            store.record_check(diagnosis.result)  # a real call to the store: its health counts it
            context.update(
                diagnosis=diagnosis,
                result=diagnosis.result,
                offers=[offer.to_json() for offer in diagnosis.result.offers],
                seconds=round(diagnosis.seconds, 2),
                robots=robots_status(config, client),
                path=probing.path_text(diagnosis),
            )
        return TemplateResponse(request, "admin/stores/store/test.html", context)

    def add_from_url_view(self, request):
        """Detect a store's platform from its address and probe one search; save only on confirmation."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "opts": self.opts, "title": "Add store from URL",
                   "probe_card": PROBE_CARD}
        if request.method == "POST" and request.POST.get("confirm"):
            return self._save_probed(request, context)
        url = (request.POST.get("url") or "").strip()
        existing = store_at(url) if request.method == "POST" and url else None
        if existing is not None:  # refused before any request to the shop
            context.update(url=url, error=f"{url} is {already_listed(existing)}", existing=existing)
        elif request.method == "POST" and url:
            name = request.POST.get("name", "").strip()
            card = request.POST.get("card", "").strip() or PROBE_CARD
            probe = probe_store(url, worker_client(), name=name, card=card)
            context.update(probe=probe, url=url, name=name, card=card, **self._probe_context(probe))
        elif request.method == "POST":
            context["error"] = "Give the shop's address, e.g. https://www.example-games.com"
        return TemplateResponse(request, "admin/stores/store/add_from_url.html", context)

    @staticmethod
    def _probe_context(probe: StoreProbe) -> dict:
        if probe.store is None:
            # Unknown platform: the ordinary add form, preset to the custom CSS-selector platform.
            name = probe.detection.name if probe.detection else ""
            query = urlencode({"platform": "css", "homepage": probe.url, "name": name})
            return {"css_form_url": f"{reverse('admin:stores_store_add')}?{query}"}
        return {"settings_json": json.dumps(probe.store.settings),
                "games": ",".join(probing.detected_games(probe)), "games_line": probing.games_line(probe),
                "path": probing.path_text(probe.diagnosis) if probe.diagnosis else "",
                "offers": [o.to_json() for o in probe.diagnosis.result.offers] if probe.diagnosis else [],
                "offers_line": probing.offers_line(probe.diagnosis) if probe.diagnosis else ""}

    def _save_probed(self, request, context):
        """Save what the preview showed (sent back in the confirm form) after validating it again."""
        post = request.POST
        try:
            settings = json.loads(post.get("settings") or "{}")
        except ValueError:
            settings = None
        config = StoreConfig(
            slug=post.get("slug", ""), name=post.get("name", ""), platform=post.get("platform", ""),
            base_url=post.get("url", ""), settings=settings if isinstance(settings, dict) else {},
            currency=post.get("currency") or "USD",
        )
        try:
            games = [code.strip() for code in post.get("games", "magic").split(",") if code.strip()]
            store = probing.save_probed_store(StoreProbe(config.base_url, None, config, None, []), games)
        except ValidationError as error:
            context["error"] = "Not saved: " + "; ".join(error.messages)
            return TemplateResponse(request, "admin/stores/store/add_from_url.html", context)
        self.message_user(request, f"Added {store.name}.")
        return redirect(reverse("admin:stores_store_change", args=[store.pk]))

    @admin.action(description="Enable the selected stores")
    def enable(self, request, queryset) -> None:
        count = queryset.update(enabled=True)
        self.message_user(request, f"Enabled {count} store{pluralize(count)}.")

    @admin.action(description="Disable the selected stores")
    def disable(self, request, queryset) -> None:
        count = queryset.update(enabled=False)
        self.message_user(request, f"Disabled {count} store{pluralize(count)}.")


@admin.register(ChosenStore)
class ChosenStoreAdmin(admin.ModelAdmin):
    list_display = ["user", "store", "chosen_at"]
    list_filter = ["store__platform"]
    search_fields = ["user__username", "store__name"]
    autocomplete_fields = ["store"]
    raw_id_fields = ["user"]
