import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from scrapers.probe import PROBE_CARD, diagnose, robots_status
from stores.client import worker_client
from stores.management.commands.scrape import Command as ScrapeCommand
from stores.models import Store
from stores.probing import diagnosis_lines


class Command(BaseCommand):
    help = (
        "Diagnose a store: search it once through the worker's client and show each request (URL, "
        "status, time, bytes, rate-limit headers), its robots.txt and the parser's verdict, so "
        "\"sold out\" can be told from \"the store's pages changed\". Exits 1 when the check is an error."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug", help="The store's slug, as in the admin.")
        parser.add_argument("--card", default=PROBE_CARD, help=f"The card to search for (default {PROBE_CARD}).")

    def handle(self, *args, slug: str, card: str, **options) -> None:
        try:
            store = Store.objects.get(slug=slug)
        except Store.DoesNotExist:
            raise CommandError(f"no store with the slug {slug!r}")
        client = worker_client()
        config = store.scraper_config()
        diagnosis = diagnose(config, card, client, seconds=settings.SCRAPE_TIMEOUT_SECONDS)
        store.record_check(diagnosis.result)  # a real call to the store: its health counts it
        robots = robots_status(config, client)  # cached by the search above: no extra request
        platform = store.get_platform_display()
        self.stdout.write(f"{store.name} ({platform}) at {store.homepage}, searching for {card}")
        self.stdout.write("\n".join(diagnosis_lines(diagnosis, robots)))
        if diagnosis.result.offers:
            self.stdout.write(ScrapeCommand.table([offer.to_json() for offer in diagnosis.result.offers]))
        if diagnosis.result.status == "error":
            sys.exit(1)
