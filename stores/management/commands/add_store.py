"""`manage.py add_store URL`: detect, fill, probe, show, and save only when told to.

Refused before any request is sent, exit 2: an address that is not a web address ("not-a-url" is
not looked up as https://not-a-url), and one already in the directory (however it is written:
`stores.addresses`), naming the store it belongs to. Exit 1 when the shop cannot be added from what
it answered: its home page could not be read, its platform is not one we know (a page we cannot read
is the store's failure, as everywhere), or what it gave does not make a valid store. Exit 0 when
it is saved, or when the preview was all that was asked (no `--yes`, or "no" at the question).
"""

from __future__ import annotations

import sys

from django.core.exceptions import ValidationError

from lgs_checker.commandline import AppCommand, BadInput, SiteFailed, currency, web_address
from scrapers.probe import PROBE_CARD, probe_store
from stores.addresses import already_listed, store_at
from stores.client import worker_client
from stores.management.commands.scrape import Command as ScrapeCommand
from stores.probing import probe_lines, save_probed_store


class Command(AppCommand):
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

    def handle(self, *args, url: str, name: str, card: str, yes: bool, **options) -> None:
        # Typed without a scheme, an address is the shop's https one (scrapers.probe.normalise_url).
        address = web_address(url, assume_https=True)
        shop_currency = currency(options["currency"]) if options["currency"] is not None else None
        existing = store_at(address)
        if existing is not None:
            raise BadInput(f"nothing saved: {url} is {already_listed(existing)}")
        probe = probe_store(address, worker_client(), name=name, card=card, currency=shop_currency)
        self.stdout.write("\n".join(probe_lines(probe)))
        if probe.diagnosis is not None and probe.diagnosis.result.offers:
            self.stdout.write(ScrapeCommand.table([offer.to_json() for offer in probe.diagnosis.result.offers]))
        if probe.error:
            raise SiteFailed(f"nothing saved: {probe.error}")
        if probe.store is None:
            raise SiteFailed("nothing saved: unknown platform")
        if not yes and not self.confirmed():
            self.stdout.write("Nothing saved.")
            return
        try:
            store = save_probed_store(probe)
        except ValidationError as error:
            raise SiteFailed(f"nothing saved: {'; '.join(error.messages)}")
        self.stdout.write(f"Saved {store.name} as {store.slug}.")

    def confirmed(self) -> bool:
        if not sys.stdin.isatty():
            self.stdout.write("Not saved: run with --yes to save without a terminal to ask on.")
            return False
        return input("Save this store? [y/N] ").strip().lower() in ("y", "yes")
