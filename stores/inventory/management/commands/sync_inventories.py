"""`manage.py sync_inventories [SLUG …]`: sync the due stores' inventories now, or the ones named.

Exit 0 when every sync ended well (or none was due, or one was already running), 1 when a sync
failed (each store's line says how it went; stderr says which failed), 2 for a slug that names no
store, before any sync starts.
"""

from __future__ import annotations

from django.template.defaultfilters import pluralize

from lgs_checker.commandline import AppCommand, BadInput, SiteFailed
from stores.inventory import modes
from stores.inventory.sync import sync_store
from stores.models import Store


class Command(AppCommand):
    help = ("Sync the inventory of every store that is due (mode sync, or auto when syncing is cheaper), "
            "or of the stores named, now. The worker runs the same on a schedule.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("slugs", nargs="*", help="sync these stores now, due or not")

    def handle(self, *args, slugs: list[str], **options) -> None:
        if slugs:
            stores = list(Store.objects.filter(slug__in=slugs))
            missing = sorted(set(slugs) - {store.slug for store in stores})
            if missing:
                raise BadInput(f"no store with the slug{pluralize(len(missing))} {', '.join(map(repr, missing))}")
        else:
            stores = modes.stores_to_sync()
            if not stores:
                self.stdout.write("no store is due for a sync")
        failed = []
        for store in stores:
            sync = sync_store(store)
            if sync is None:
                self.stdout.write(f"{store.slug}: a sync is already running")
            elif sync.status == sync.Status.OK:
                self.stdout.write(
                    f"{store.slug}: {sync.products:,} product{pluralize(sync.products)}, "
                    f"{sync.offers:,} offer{pluralize(sync.offers)} from {sync.pages:,} page{pluralize(sync.pages)} "
                    f"({sync.requests:,} request{pluralize(sync.requests)})"
                )
            else:
                self.stdout.write(f"{store.slug}: sync failed on {sync.error}")
                failed.append(f"{store.slug} ({sync.error})")
        if failed:
            raise SiteFailed(f"sync failed: {', '.join(failed)}")
