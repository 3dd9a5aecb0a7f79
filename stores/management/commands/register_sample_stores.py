"""`manage.py register_sample_stores [--url URL]`: one store per platform on the sample store server.

`make run` runs it on every start, with the server's address (its port is `SAMPLE_STORES_PORT`).
What an admin changed in a sample store stays (stores/provisioning.py): a sample store disabled in
the admin is still disabled after the next `make run`; a field nobody changed follows the server
to its new address.
"""

from __future__ import annotations

from django.template.defaultfilters import pluralize

from lgs_checker.commandline import AppCommand, web_address
from scrapers.sample_store import sample_store_definitions
from stores.provisioning import Report, provision

SAMPLE_REGION = "Sample stores (local)"


def sample_store_values(definition: dict) -> dict:
    """The fields a sample store is registered with, from the server's definition of it."""
    return {
        "name": definition["name"],
        "homepage": definition["base_url"],
        "platform": definition["platform"],
        "settings": definition["settings"],
        "currency": definition["currency"],
        "games": list(definition["games"]),
        "region": SAMPLE_REGION,
        "city": "localhost",
        "requests_per_second": 5.0,
        "enabled": True,
    }


class Command(AppCommand):
    help = (
        "Register one store per platform on the project's sample store server "
        "(python -m scrapers.sample_store), so a laptop has stores to check offline. "
        "What an admin changed in them stays."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8765", help="Where the sample store server runs.")

    def handle(self, *args, url: str, **options) -> None:
        url = web_address(url, "--url")
        report = Report()
        definitions = sample_store_definitions(url)
        for definition in definitions:
            report.add(definition["slug"], provision(definition["slug"], sample_store_values(definition)))
        count = len(definitions)
        self.stdout.write(f"{count} sample store{pluralize(count)} at {url}: {report}")
