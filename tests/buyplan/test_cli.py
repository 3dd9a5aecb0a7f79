"""`manage.py buy_plan`: JSON files in, the plan as JSON out; bad input exits 2 naming the problem."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from availability.money.models import ExchangeRate
from tests.support.processes import ROOT, app_environment

BOLT = {"store": "shop-a", "card": "Lightning Bolt", "set_code": "M10", "collector_number": "146",
        "finish": "nonfoil", "condition": "NM", "language": "English", "price": "2.50", "currency": "USD",
        "quantity": 3, "url": "https://shop-a.example/products/bolt-m10?variant=123", "variant_id": "123",
        "platform": "shopify"}


def write(tmp_path: Path, name: str, data) -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def command_line(tmp_path, wants, offers, *extra) -> list[str]:
    return ["manage.py", "buy_plan", "--wants", str(write(tmp_path, "wants.json", wants)),
            "--offers", str(write(tmp_path, "offers.json", offers)), *extra, "--json"]


def run_cli(tmp_path, wants, offers, *extra) -> subprocess.CompletedProcess:
    """The command as a script runs it: its own process, its exit status, its stderr."""
    return subprocess.run(
        [sys.executable, *command_line(tmp_path, wants, offers, *extra)],
        cwd=ROOT, env=app_environment(tmp_path), capture_output=True, text=True, timeout=120,
    )


def run_in_process(tmp_path, wants, offers, *extra) -> tuple[int, str, str]:
    """The same command line through call_command, inside the test process (a second and a half
    cheaper than a process of its own): the status manage.py exits with (0, or the CommandError's
    returncode), what the command printed, and the error manage.py writes to stderr."""
    printed = StringIO()
    try:
        call_command(*command_line(tmp_path, wants, offers, *extra)[1:], stdout=printed)
    except CommandError as error:
        return error.returncode, printed.getvalue(), str(error)
    return 0, printed.getvalue(), ""


def test_it_prints_the_plan_as_json_with_a_cart_link_and_what_is_missing(tmp_path):
    wants = [{"card": "Lightning Bolt", "amount": 4, "printings": [{"set_code": "M10", "finish": "nonfoil"}],
              "min_condition": "LP", "max_price": "3.00"}]
    offers = [BOLT, {**BOLT, "store": "shop-b", "price": "2.75", "quantity": 5, "platform": "",
                     "url": "https://b.example/item/9", "variant_id": "9"}]
    result = run_cli(tmp_path, wants, offers, "--store-cost", "0.10")
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert (plan["total"], plan["items_total"], plan["store_costs_total"], plan["optimal"]) == ("10.45", "10.25", "0.20", True)
    a, b = plan["stores"]
    assert (a["store"], a["subtotal"], a["store_cost"], a["cart_url"]) == ("shop-a", "7.50", "0.10", "https://shop-a.example/cart/123:3")
    assert (a["items"][0]["card"], a["items"][0]["quantity"], a["items"][0]["price"]) == ("Lightning Bolt", 3, "2.50")
    assert (b["store"], b["items"][0]["quantity"], b["cart_url"]) == ("shop-b", 1, None)  # not a Shopify store
    assert plan["missing"] == []


@pytest.mark.parametrize(
    ("wants", "offers", "named"),
    [
        ([{"card": "Lightning Bolt", "amount": -1}], [BOLT], "wants[0].amount"),
        ([{"card": "Lightning Bolt", "amount": 1, "min_condition": "Mint"}], [BOLT], "wants[0].min_condition: unknown condition 'Mint'"),
        ([{"card": "Lightning Bolt", "amount": 1}], [{**BOLT, "condition": "Good"}], "offers[0].condition: unknown condition 'Good'"),
        ([{"card": "Lightning Bolt", "amount": 1}], [{**BOLT, "price": "two"}], "offers[0].price"),
        ('[{"card": "Lightning Bolt", "amount": 1', [BOLT], "is not valid JSON"),
        ([{"amount": 1}], [BOLT], "wants[0].card: required"),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_problem(tmp_path, wants, offers, named):
    status, printed, error = run_in_process(tmp_path, wants, offers)
    assert status == 2
    assert printed == ""
    assert len(error.strip().splitlines()) == 1 and named in error


def test_a_negative_store_cost_is_bad_input(tmp_path):
    # In a process of its own, as the other bad inputs would be: the exit status a script sees.
    result = run_cli(tmp_path, [{"card": "Lightning Bolt", "amount": 1}], [BOLT], "--store-cost", "-5")
    assert result.returncode == 2 and "--store-cost" in result.stderr


@pytest.mark.django_db
def test_mixed_currencies_convert_with_a_rate_and_leave_out_offers_without_one(tmp_path):
    ExchangeRate.objects.create(currency="USD", per_euro=Decimal("1.25"), as_of="2026-11-27")
    wants = [{"card": "Lightning Bolt", "amount": 3}]
    offers = [
        {**BOLT, "store": "euro-shop", "price": "1.00", "currency": "EUR", "quantity": 1},  # 1.25 USD
        {**BOLT, "store": "usd-shop", "price": "2.00", "currency": "USD", "quantity": 1},
        {**BOLT, "store": "peso-shop", "price": "100", "currency": "CLP", "quantity": 5},  # no CLP rate
    ]
    out = StringIO()
    call_command("buy_plan", "--wants", str(write(tmp_path, "w.json", wants)),
                 "--offers", str(write(tmp_path, "o.json", offers)), "--currency", "USD", "--json", stdout=out)
    plan = json.loads(out.getvalue())
    assert plan["currency"] == "USD" and plan["total"] == "3.25"
    assert [s["store"] for s in plan["stores"]] == ["euro-shop", "usd-shop"]
    assert plan["stores"][0]["items"][0]["price"] == "1.25"
    assert plan["missing"] == [{"card": "Lightning Bolt", "amount": 1, "wanted": 3, "for": "any printing"}]
    assert plan["unpriced"] == [{"store": "peso-shop", "card": "Lightning Bolt", "price": "100.00", "currency": "CLP"}]

    # With a CLP rate the peso shop's copies count, in dollars.
    ExchangeRate.objects.create(currency="CLP", per_euro=Decimal("1000"), as_of="2026-11-27")
    out = StringIO()
    call_command("buy_plan", "--wants", str(tmp_path / "w.json"), "--offers", str(tmp_path / "o.json"),
                 "--currency", "USD", "--json", stdout=out)
    plan = json.loads(out.getvalue())
    assert plan["unpriced"] == [] and plan["missing"] == []
    assert plan["total"] == "0.39"  # 100 CLP is 0.13 USD: all three copies from the peso shop
    assert [s["store"] for s in plan["stores"]] == ["peso-shop"]


def test_the_plan_is_in_the_stores_common_currency_when_none_is_given(tmp_path):
    offers = [{**BOLT, "currency": "CAD"}]
    status, printed, error = run_in_process(tmp_path, [{"card": "Lightning Bolt", "amount": 1}], offers)
    assert status == 0, error
    assert json.loads(printed)["currency"] == "CAD"
