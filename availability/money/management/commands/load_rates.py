"""Load the European Central Bank's reference rates (eurofxref XML) into ExchangeRate.

    manage.py load_rates --file eurofxref-daily.xml
    manage.py load_rates --url https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml

Currencies the file does not quote (CLP) keep the rates an admin typed in. Exit 2 for a file that
is missing, unreadable or not the ECB's XML, or an address that is not one (refused before any
request); exit 1 when the download fails or sends something that is not a rate file.
"""

from __future__ import annotations

from pathlib import Path

import requests
from django.db import transaction
from django.template.defaultfilters import pluralize

from availability.money.models import ExchangeRate
from availability.money.rates import RateFileError, parse_ecb_xml
from lgs_checker.commandline import AppCommand, BadInput, SiteFailed, download_failure, web_address

MAX_BYTES = 5 * 1024 * 1024  # the full history file is about 2 MB


class Command(AppCommand):
    help = "Load the ECB's daily reference rates (EUR base) from a file or a URL."

    def add_arguments(self, parser) -> None:
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--file", type=Path, help="A saved eurofxref XML file.")
        source.add_argument("--url", help="Where to fetch the eurofxref XML from.")

    def handle(self, *args, file: Path | None, url: str | None, **options) -> None:
        data = self.read_file(file) if file else self.fetch(web_address(url, "--url"))
        try:
            rates = parse_ecb_xml(data)
        except RateFileError as error:
            fault = BadInput if file else SiteFailed  # a download that is not a rate file is the site's
            raise fault(f"cannot load rates from {file or url}: {error}")
        with transaction.atomic():
            for currency, per_euro in sorted(rates.per_euro.items()):
                ExchangeRate.objects.update_or_create(
                    currency=currency, defaults={"per_euro": per_euro, "as_of": rates.day, "source": "ECB"}
                )
        count = len(rates.per_euro)
        self.stdout.write(f"loaded {count} ECB rate{pluralize(count)} for {rates.day}")

    @staticmethod
    def read_file(path: Path) -> bytes:
        try:
            return path.read_bytes()
        except OSError as error:
            raise BadInput(f"cannot read {path}: {error.strerror}")

    @staticmethod
    def fetch(url: str) -> bytes:
        try:
            response = requests.get(url, timeout=30, stream=True)
            response.raise_for_status()
            data = response.raw.read(MAX_BYTES + 1, decode_content=True)
        except requests.RequestException as error:
            raise SiteFailed(f"cannot fetch {url}: {download_failure(error)}")
        if len(data) > MAX_BYTES:
            raise SiteFailed(f"{url} is larger than {MAX_BYTES // 1024 // 1024} MB: not a rate file")
        return data
