"""`manage.py scrape CARD --store SLUG` (or `--platform P --url U`) [--game GAME]: one search, as a
worker's check, for the card of that game (default magic; scrapers.games).

Exit 0 with the offers (none is an answer: "no … in stock", `[]`), 1 when the store fails (its
reason on one line: "could not tell" is not "no copies"), 2 on bad input, refused before any
request (lgs_checker/commandline.py).
"""

from __future__ import annotations

import json

from django.conf import settings as django_settings
from django.template.defaultfilters import pluralize

import scrapers
from lgs_checker.commandline import AppCommand, BadInput, SiteFailed, currency, web_address
from scrapers.games import GAMES, MAGIC
from stores.client import worker_client
from stores.models import Store

COLUMNS = [
    ("price", "Price"), ("condition", "Cond"), ("finish", "Finish"), ("set_code", "Set"),
    ("collector_number", "No."), ("quantity", "Qty"), ("language", "Lang"), ("name", "Name"), ("url", "URL"),
]


class Command(AppCommand):
    help = (
        "Search one store for a card and print the offers in stock: "
        'scrape "Lightning Bolt" --store hairy-tarantula, or '
        'scrape "Lightning Bolt" --platform crystal_commerce --url https://shop.example [--settings JSON].'
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("card", help="The card name, e.g. \"Fire // Ice\".")
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--store", help="A store's slug, as in the admin.")
        where.add_argument("--platform", choices=sorted(scrapers.PLATFORMS), help="A platform, with --url.")
        parser.add_argument("--url", help="The shop's base URL (with --platform).")
        parser.add_argument(
            "--platform-settings",
            dest="platform_settings",
            default="{}",
            help="Platform settings as JSON (with --platform); `manage.py scrape --settings JSON` also works.",
        )
        parser.add_argument("--currency", default="USD", help="The shop's currency (with --platform).")
        parser.add_argument(
            "--game", default=MAGIC, choices=list(GAMES),
            help="The card's game (default magic). With --platform the shop is taken to sell Magic and "
            "this game; a --store must sell it (its games, in the admin).",
        )
        parser.add_argument("--json", action="store_true", help="Print a JSON array of offers.")

    def handle(self, *args, card: str, store: str | None, platform: str | None, game: str = MAGIC,
               **options) -> None:
        row = self.store_row(store) if store else None
        config = row.scraper_config() if row else self.store_config(platform, options, game)
        if game not in config.games:  # asked of no store: the library would answer "not carried"
            sold = ", ".join(GAMES[code].short_name for code in config.games)
            raise BadInput(f"{config.name} does not sell {GAMES[game].short_name} singles (it sells {sold}; "
                           "an admin sets a store's games)")
        # The worker's client: its deadlines, and the rate limit and holds it shares with every worker.
        seconds = django_settings.SCRAPE_TIMEOUT_SECONDS
        result = scrapers.search(config, card, client=worker_client(), seconds=seconds, game=game)
        if row is not None:
            row.record_check(result)  # a real call to the store: its health counts it, as a check's would
        if result.status == "error":
            raise SiteFailed(f"{config.name}: {result.reason}")
        offers = [offer.to_json() for offer in result.offers]
        if options["json"]:
            self.stdout.write(json.dumps(offers, indent=2, ensure_ascii=False))
        else:
            self.stdout.write(self.table(offers) if offers else f"{config.name} has no {card} in stock.")
            self.stdout.write(f"({result.requests} request{pluralize(result.requests)})")

    @staticmethod
    def store_row(slug: str) -> Store:
        try:
            return Store.objects.get(slug=slug)
        except Store.DoesNotExist:
            raise BadInput(f"no store with the slug {slug!r}")

    def store_config(self, platform: str, options: dict, game: str = MAGIC) -> scrapers.StoreConfig:
        if not options["url"]:
            raise BadInput("--platform needs --url, the shop's base URL")
        url = web_address(options["url"], "--url")
        try:
            settings = json.loads(options["platform_settings"])
        except ValueError as error:
            raise BadInput(f"--settings is not valid JSON: {error}")
        if not isinstance(settings, dict):
            raise BadInput("--settings: expected a JSON object, like '{\"shop\": \"example\"}'")
        problems = scrapers.validate_settings(platform, settings)
        if problems:
            raise BadInput("--settings: " + "; ".join(problems))
        return scrapers.StoreConfig(
            slug=platform, name=url, platform=platform, base_url=url,
            settings=settings, currency=currency(options["currency"]), games=tuple(dict.fromkeys((MAGIC, game))),
        )

    @staticmethod
    def table(offers: list[dict]) -> str:
        rows = [[title for _, title in COLUMNS]]
        rows += [["" if offer[field] is None else str(offer[field]) for field, _ in COLUMNS] for offer in offers]
        widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
        return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows)
