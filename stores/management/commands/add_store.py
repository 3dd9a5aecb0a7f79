"""`manage.py add_store URL`: detect, fill, probe, show, and save only when told to.

An address already in the directory (however it is written: `stores.addresses`) is refused before
any request is sent, naming the store it belongs to.
"""

from __future__ import annotations

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from scrapers.probe import PROBE_CARD, probe_store
from stores.addresses import already_listed, store_at
from stores.client import worker_client
from stores.management.commands.scrape import Command as ScrapeCommand
from stores.probing import probe_lines, save_probed_store


class Command(BaseCommand):
    help = (
        "Add a store from its address: detect its platform and settings from the home page, search it "
        "once for a common card, show what was found, and save it only when you say yes (or --yes)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("url", help="The shop's address, e.g. https://www.example-games.com")
        parser.add_argument("--name", default="", help="The store's name (default: the name its page gives).")
        parser.add_argument("--card", default=PROBE_CARD, help=f"The card to probe with (default {PROBE_CARD}).")
        parser.add_argument("--currency", default=None, help="The shop's currency, when its page does not say.")
        parser.add_argument("--yes", action="store_true", help="Save without asking.")

    def handle(self, *args, url: str, name: str, card: str, currency: str | None, yes: bool, **options) -> None:
        existing = store_at(url)
        if existing is not None:
            raise CommandError(f"nothing saved: {url} is {already_listed(existing)}")
        probe = probe_store(url, worker_client(), name=name, card=card, currency=currency)
        self.stdout.write("\n".join(probe_lines(probe)))
        if probe.diagnosis is not None and probe.diagnosis.result.offers:
            self.stdout.write(ScrapeCommand.table([offer.to_json() for offer in probe.diagnosis.result.offers]))
        if probe.error:
            raise CommandError("nothing saved: the home page could not be read")
        if probe.store is None:
            raise CommandError("nothing saved: unknown platform")
        if not yes and not self.confirmed():
            self.stdout.write("Nothing saved.")
            return
        try:
            store = save_probed_store(probe)
        except ValidationError as error:
            raise CommandError(f"nothing saved: {'; '.join(error.messages)}")
        self.stdout.write(f"Saved {store.name} as {store.slug}.")

    def confirmed(self) -> bool:
        if not sys.stdin.isatty():
            self.stdout.write("Not saved: run with --yes to save without a terminal to ask on.")
            return False
        return input("Save this store? [y/N] ").strip().lower() in ("y", "yes")
