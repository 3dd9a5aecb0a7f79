"""Load the European Central Bank's reference rates (eurofxref XML) into ExchangeRate.

    manage.py load_rates --file eurofxref-daily.xml
    manage.py load_rates --url https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml

Currencies the file does not quote (CLP) keep the rates an admin typed in.
"""

from __future__ import annotations

from pathlib import Path

import requests
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from availability.money.models import ExchangeRate
from availability.money.rates import RateFileError, parse_ecb_xml

MAX_BYTES = 5 * 1024 * 1024  # the full history file is about 2 MB


class Command(BaseCommand):
    help = "Load the ECB's daily reference rates (EUR base) from a file or a URL."

    def add_arguments(self, parser) -> None:
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--file", type=Path, help="A saved eurofxref XML file.")
        source.add_argument("--url", help="Where to fetch the eurofxref XML from.")

    def handle(self, *args, file: Path | None, url: str | None, **options) -> None:
        data = self.read_file(file) if file else self.fetch(url)
        try:
            rates = parse_ecb_xml(data)
        except RateFileError as error:
            raise CommandError(f"cannot load rates: {error}")
        with transaction.atomic():
            for currency, per_euro in sorted(rates.per_euro.items()):
                ExchangeRate.objects.update_or_create(
                    currency=currency, defaults={"per_euro": per_euro, "as_of": rates.day, "source": "ECB"}
                )
        self.stdout.write(f"loaded {len(rates.per_euro)} ECB rates for {rates.day}")

    @staticmethod
    def read_file(path: Path) -> bytes:
        try:
            return path.read_bytes()
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}")

    @staticmethod
    def fetch(url: str) -> bytes:
        try:
            response = requests.get(url, timeout=30, stream=True)
            response.raise_for_status()
            data = response.raw.read(MAX_BYTES + 1, decode_content=True)
        except requests.RequestException as error:
            raise CommandError(f"cannot fetch {url}: {error}")
        if len(data) > MAX_BYTES:
            raise CommandError(f"{url} is larger than {MAX_BYTES // 1024 // 1024} MB: not a rate file")
        return data
