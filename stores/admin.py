import time

from django.contrib import admin
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

import scrapers
from stores.models import ChosenStore, Store


@admin.register(Store)
class StoreAdmin(admin.ModelAdmin):
    list_display = [
        "name", "platform", "enabled", "health", "country", "region", "city",
        "last_success_at", "consecutive_failures", "last_error_reason",
    ]
    list_filter = ["platform", "enabled", "country", "region", "currency"]
    search_fields = ["name", "slug", "homepage", "city", "region"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = [
        "last_success_at", "last_error_at", "last_error_reason", "consecutive_failures", "paused_until",
    ]
    # availability/admin.py adds "Check the selected stores again now": queuing checks is that app's
    # job, and stores imports nothing from availability.
    actions = ["test_store", "enable", "disable"]
    change_form_template = "admin/stores/store/change_form.html"
    fieldsets = [
        (None, {"fields": ["name", "slug", "homepage", "enabled", "city", "region", "country"]}),
        ("Scraper", {"fields": ["platform", "settings", "currency", "requests_per_second", "cache_ttl_minutes"]}),
        ("Health", {"fields": readonly_fields}),
    ]

    @admin.display(description="health")
    def health(self, store: Store) -> str:
        return store.health

    def get_urls(self):
        test_view = self.admin_site.admin_view(self.test_view)
        return [path("<int:store_id>/test/", test_view, name="stores_store_test"), *super().get_urls()]

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
            started = time.monotonic()
            result = scrapers.search(store.scraper_config(), card)
            context.update(
                result=result,
                offers=[offer.to_json() for offer in result.offers],
                seconds=round(time.monotonic() - started, 2),
            )
        return TemplateResponse(request, "admin/stores/store/test.html", context)

    @admin.action(description="Enable the selected stores")
    def enable(self, request, queryset) -> None:
        self.message_user(request, f"Enabled {queryset.update(enabled=True)} stores.")

    @admin.action(description="Disable the selected stores")
    def disable(self, request, queryset) -> None:
        self.message_user(request, f"Disabled {queryset.update(enabled=False)} stores.")



@admin.register(ChosenStore)
class ChosenStoreAdmin(admin.ModelAdmin):
    list_display = ["user", "store", "chosen_at"]
    list_filter = ["store__platform"]
    search_fields = ["user__username", "store__name"]
    autocomplete_fields = ["store"]
    raw_id_fields = ["user"]
