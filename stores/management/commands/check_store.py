"""`manage.py check_store SLUG [--card NAME]`: the store's path tried once, every request shown.

Exit 0 when the store answered in a way we read (offers, or sold out), 1 when the check is an error
(the diagnosis above says why; stderr has the reason on one line), 2 for an unknown slug.
"""

from __future__ import annotations

from django.conf import settings

from lgs_checker.commandline import AppCommand, BadInput, SiteFailed
from scrapers.probe import PROBE_CARD, diagnose, robots_status
from stores.client import worker_client
from stores.management.commands.scrape import Command as ScrapeCommand
from stores.models import Store
from stores.probing import diagnosis_lines


class Command(AppCommand):
    help = (
        "Diagnose a store: try the path its checks take once (its search, or the first page of its "
        "listing where robots.txt disallows the search) through the worker's client and show the path "
        "and why, each request (URL, status, time, bytes, rate-limit headers), its robots.txt and the "
        "parser's verdict, so \"sold out\" can be told from \"the store's pages changed\". Exits 1 "
        "when the check is an error."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug", help="The store's slug, as in the admin.")
        parser.add_argument("--card", default=PROBE_CARD, help=f"The card to search for (default {PROBE_CARD}).")

    def handle(self, *args, slug: str, card: str, **options) -> None:
        try:
            store = Store.objects.get(slug=slug)
        except Store.DoesNotExist:
            raise BadInput(f"no store with the slug {slug!r}")
        client = worker_client()
        config = store.scraper_config()
        # The path the store's checks take (its listing where robots.txt disallows its search), unless
        # an admin set it to search.
        diagnosis = diagnose(config, card, client, seconds=settings.SCRAPE_TIMEOUT_SECONDS,
                             follow_path=store.inventory_mode != "search")
        store.record_check(diagnosis.result)  # a real call to the store: its health counts it
        robots = robots_status(config, client)  # cached by the search above: no extra request
        platform = store.get_platform_display()
        self.stdout.write(f"{store.name} ({platform}) at {store.homepage}, searching for {card}")
        self.stdout.write("\n".join(diagnosis_lines(diagnosis, robots)))
        if diagnosis.result.offers:
            self.stdout.write(ScrapeCommand.table([offer.to_json() for offer in diagnosis.result.offers]))
        if diagnosis.result.status == "error":
            raise SiteFailed(f"{store.name}: {diagnosis.result.reason}")
