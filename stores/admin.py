from django.contrib import admin

from stores.models import ChosenStore, Store


@admin.register(Store)
class StoreAdmin(admin.ModelAdmin):
    list_display = [
        "name", "platform", "enabled", "health", "region", "city",
        "last_success_at", "consecutive_failures", "last_error_reason",
    ]
    list_filter = ["platform", "enabled", "region", "currency"]
    search_fields = ["name", "slug", "homepage", "city", "region"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = [
        "last_success_at", "last_error_at", "last_error_reason", "consecutive_failures", "paused_until",
    ]
    actions = ["enable", "disable", "clear_pause"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "homepage", "enabled", "city", "region"]}),
        ("Scraper", {"fields": ["platform", "settings", "currency", "requests_per_second", "cache_ttl_minutes"]}),
        ("Health", {"fields": readonly_fields}),
    ]

    @admin.display(description="health")
    def health(self, store: Store) -> str:
        return store.health

    @admin.action(description="Enable the selected stores")
    def enable(self, request, queryset) -> None:
        self.message_user(request, f"Enabled {queryset.update(enabled=True)} stores.")

    @admin.action(description="Disable the selected stores")
    def disable(self, request, queryset) -> None:
        self.message_user(request, f"Disabled {queryset.update(enabled=False)} stores.")

    @admin.action(description="Check the selected stores again now (clear pause and failures)")
    def clear_pause(self, request, queryset) -> None:
        count = queryset.update(paused_until=None, consecutive_failures=0)
        self.message_user(request, f"Cleared the pause on {count} stores.")


@admin.register(ChosenStore)
class ChosenStoreAdmin(admin.ModelAdmin):
    list_display = ["user", "store", "chosen_at"]
    list_filter = ["store__platform"]
    search_fields = ["user__username", "store__name"]
    autocomplete_fields = ["store"]
    raw_id_fields = ["user"]
