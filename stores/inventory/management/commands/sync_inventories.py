from django.core.management.base import BaseCommand, CommandError

from stores.inventory import modes
from stores.inventory.sync import sync_store
from stores.models import Store


class Command(BaseCommand):
    help = ("Sync the inventory of every store that is due (mode sync, or auto when syncing is cheaper), "
            "or of the stores named, now. The worker runs the same on a schedule.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("slugs", nargs="*", help="sync these stores now, due or not")

    def handle(self, *args, slugs: list[str], **options) -> None:
        if slugs:
            stores = list(Store.objects.filter(slug__in=slugs))
            missing = set(slugs) - {store.slug for store in stores}
            if missing:
                raise CommandError(f"no store with slug {', '.join(sorted(missing))}")
        else:
            stores = modes.stores_to_sync()
            if not stores:
                self.stdout.write("no store is due for a sync")
        for store in stores:
            sync = sync_store(store)
            if sync is None:
                self.stdout.write(f"{store.slug}: a sync is already running")
            elif sync.status == sync.Status.OK:
                self.stdout.write(f"{store.slug}: {sync.products} products, {sync.offers} offers "
                                  f"from {sync.pages} pages ({sync.requests} requests)")
            else:
                self.stderr.write(f"{store.slug}: sync failed on {sync.error}")
