"""The inventory's admin: its syncs, and its part of the store admin (a line on the store's page and
a "sync now" action), which lgs_checker/admin.py composes with the stores' own part."""

from __future__ import annotations

from django.contrib import admin
from django.template.defaultfilters import pluralize
from django.utils import timezone

from stores.inventory import modes
from stores.inventory.index import is_fresh
from stores.inventory.models import StoreSync
from stores.inventory.tasks import queue_sync
from stores.models import Store


class InventoryStoreAdmin:
    """The store admin's inventory part: its `inventory` line and its `sync_inventory` action."""

    @admin.display(description="inventory sync")
    def inventory(self, store: Store) -> str:
        return inventory_summary(store) if store.pk else ""

    @admin.action(description="Sync the selected stores' inventories now (in the worker)")
    def sync_inventory(self, request, queryset) -> None:
        queued, skipped = [], []
        for store in queryset:
            (queued if queue_sync(store) else skipped).append(store.name)
        message = f"Queued an inventory sync of {len(queued)} store{pluralize(len(queued))}."
        if skipped:
            message += f" Skipped, as their platform has no listing to sync: {', '.join(skipped)}."
        self.message_user(request, message)


def inventory_summary(store: Store) -> str:
    """One paragraph for the store's admin page: the mode's decision, the index in use, the last try."""
    decision = modes.decide(store)
    parts = [decision.why]
    good = StoreSync.latest_good(store)
    if good is not None:
        state = "fresh, answering checks" if is_fresh(store, good) else "stale, not used"
        parts.append(f"index of {_when(good.finished_at)}: "
                     f"{good.products:,} product{pluralize(good.products)}, "
                     f"{good.offers:,} offer{pluralize(good.offers)}, "
                     f"{good.pages:,} page{pluralize(good.pages)}, "
                     f"{good.requests:,} request{pluralize(good.requests)} ({state})")
    latest = store.syncs.order_by("-started_at").first()
    if latest is not None and latest.status == StoreSync.Status.RUNNING:
        parts.append(f"a sync is running since {_when(latest.started_at)}, "
                     f"{latest.pages:,} page{pluralize(latest.pages)} read")
    elif latest is not None and latest.status == StoreSync.Status.FAILED:
        kept = ("the index above is still in use" if good is not None
                else "its checks give this error, then wait for the next sync" if decision.syncs_first
                else "checks search card by card")
        parts.append(f"last sync FAILED {_when(latest.finished_at)} on {latest.error}; {kept}")
    return "; ".join(parts)


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


@admin.register(StoreSync)
class StoreSyncAdmin(admin.ModelAdmin):
    list_display = [
        "store", "status", "started_at", "finished_at", "pages", "products", "offers", "requests", "error",
    ]
    list_filter = ["status", "store"]
    readonly_fields = [field.name for field in StoreSync._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
