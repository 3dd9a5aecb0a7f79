"""The store admin, composed where every part is known: the stores' own (stores/admin.py), inventory
sync's line and action (stores/inventory/admin.py) and the checks' "check again" action
(availability/checks/admin.py). Stores imports neither app built on it, and nothing patches the
store admin from outside; a new part is added here, in the same explicit way."""

from __future__ import annotations

from django.contrib import admin

from availability.checks.admin import check_selected_stores_again
from stores import admin as stores_admin
from stores.inventory.admin import InventoryStoreAdmin
from stores.models import Store


@admin.register(Store)
class StoreAdmin(InventoryStoreAdmin, stores_admin.StoreAdmin):
    readonly_fields = [*stores_admin.HEALTH_FIELDS, "inventory"]
    fieldsets = stores_admin.store_fieldsets(readonly_fields)
    actions = [*stores_admin.StoreAdmin.actions, "sync_inventory", check_selected_stores_again]
