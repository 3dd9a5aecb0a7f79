"""Exchange rates: loading the ECB's reference-rate XML, and converting through the euro."""

from __future__ import annotations

import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from availability.money.models import ExchangeRate
from availability.money.rates import convert

ECB_DAILY = Path(__file__).resolve().parents[1] / "fixtures" / "rates" / "eurofxref-daily.xml"
D = Decimal

pytestmark = pytest.mark.django_db


def test_load_rates_reads_a_saved_ecb_file():
    call_command("load_rates", "--file", str(ECB_DAILY))
    usd = ExchangeRate.objects.get(currency="USD")
    assert (usd.per_euro, str(usd.as_of), usd.source) == (D("1.05"), "2026-11-27", "ECB")
    assert ExchangeRate.objects.count() == 5


def test_rates_convert_through_the_euro_and_round_to_the_target_minor_unit():
    call_command("load_rates", "--file", str(ECB_DAILY))
    assert convert(D("10.50"), "USD", "EUR") == D("10.00")
    assert convert(D("10.00"), "EUR", "USD") == D("10.50")
    assert convert(D("10.50"), "USD", "CAD") == D("14.70")  # 10.50 / 1.05 * 1.47
    assert convert(D("1.05"), "USD", "JPY") == D("160")  # yen have no cents
    assert convert(D("3.00"), "usd", "USD") == D("3.00")


def test_a_currency_without_a_rate_converts_to_nothing():
    call_command("load_rates", "--file", str(ECB_DAILY))
    assert convert(D("1000"), "CLP", "USD") is None
    ExchangeRate.objects.create(currency="clp", per_euro=D("1000"), as_of="2026-11-27")
    assert convert(D("1000"), "CLP", "USD") == D("1.05")


def test_loading_again_keeps_a_hand_entered_rate_the_file_does_not_quote(tmp_path):
    ExchangeRate.objects.create(currency="CLP", per_euro=D("1000"), as_of="2026-11-01")
    call_command("load_rates", "--file", str(ECB_DAILY))
    newer = tmp_path / "newer.xml"
    newer.write_text(ECB_DAILY.read_text().replace("2026-11-27", "2026-11-30").replace("1.0500", "1.1000"))
    call_command("load_rates", "--file", str(newer))
    assert ExchangeRate.objects.get(currency="USD").per_euro == D("1.1")
    assert ExchangeRate.objects.get(currency="CLP").per_euro == D("1000")


def test_a_file_that_is_not_an_ecb_rate_file_is_refused_and_nothing_changes(tmp_path):
    ExchangeRate.objects.create(currency="USD", per_euro=D("1.2"), as_of="2026-11-01")
    bad = tmp_path / "rates.xml"
    bad.write_text("<html><body>Maintenance</body></html>")
    with pytest.raises(CommandError, match="eurofxref"):
        call_command("load_rates", "--file", str(bad))
    assert ExchangeRate.objects.get(currency="USD").per_euro == D("1.2")


def test_load_rates_fetches_a_url():
    body = ECB_DAILY.read_bytes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        call_command("load_rates", "--url", f"http://127.0.0.1:{server.server_port}/eurofxref-daily.xml")
    finally:
        server.shutdown()
    assert ExchangeRate.objects.get(currency="GBP").per_euro == D("0.84")
