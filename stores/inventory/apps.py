from django.apps import AppConfig


class InventoryConfig(AppConfig):
    """Inventory sync, beside the stores it reads. The label stays "inventory", as before the app
    moved under stores/: its tables (inventory_storesync, inventory_inventoryitem), its migration
    history and its admin URLs are named by the label, so keeping it moved no data."""

    name = "stores.inventory"
    label = "inventory"
    verbose_name = "Inventory sync"
