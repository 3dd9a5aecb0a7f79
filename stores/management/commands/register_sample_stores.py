from django.core.management.base import BaseCommand

from scrapers.sample_store import sample_store_definitions
from stores.models import Store

SAMPLE_REGION = "Sample stores (local)"


class Command(BaseCommand):
    help = (
        "Register one store per platform on the project's sample store server "
        "(python -m scrapers.sample_store), so a laptop has stores to check offline."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8765", help="Where the sample store server runs.")

    def handle(self, *args, url: str, **options) -> None:
        for definition in sample_store_definitions(url):
            Store.objects.update_or_create(
                slug=definition["slug"],
                defaults={
                    "name": definition["name"],
                    "homepage": definition["base_url"],
                    "platform": definition["platform"],
                    "settings": definition["settings"],
                    "currency": definition["currency"],
                    "region": SAMPLE_REGION,
                    "city": "localhost",
                    "requests_per_second": 5.0,
                    "enabled": True,
                },
            )
        self.stdout.write(f"registered {len(sample_store_definitions(url))} sample stores at {url}")
