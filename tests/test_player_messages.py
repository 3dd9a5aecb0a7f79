"""Every message a player reads is written for a player (issue 21 item 4): no command names or
backticks, no negative savings, counts that match the lines shown, plurals, long lists grouped by
store, and a paused store that always says until when, before and after a restart."""

from __future__ import annotations

import re
from datetime import UTC, timedelta

from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

import scrapers
from availability.buyplan.userplan import _comparison, unpriced_by_store
from availability.checks import latest
from availability.checks.results import StoreAnswer, cached_answer, remember_answer
from availability.live.cells import cell_update


def test_the_import_preview_counts_every_line_it_shows(alice_client, catalog):
    text = "2 Lightning Bolt\n1 Qwxyzzy Plonk\n???\n4 Counterspell (XYZ) 1\n"
    page = alice_client.post(reverse("wishlist_import"), {"text": text, "mode": "add"}).content.decode()
    shown = len(re.findall(r"<tr class=\"(ok|rejected|not-understood)\"", page))
    assert shown == 4
    assert "1 of 4 lines can be imported" in " ".join(page.split())
    assert "manage.py" not in page and "`" not in page


class _Plan:
    def __init__(self, total: str, copies: int):
        from decimal import Decimal

        self.total, self.copies = Decimal(total), copies


def _plan_page(savings: dict, unpriced: list[dict]) -> str:
    plan = {
        "total": "20.00", "currency": "USD", "items_total": "20.00", "store_costs_total": "0.00", "copies": 4,
        "wanted": 5, "optimal": True, "gap": None, "savings": savings, "stores": [],
        "missing": [{"amount": 1, "wanted": 5, "card": "Lightning Bolt"}], "unpriced": unpriced,
        "unpriced_stores": unpriced_by_store(unpriced), "planned_at": timezone.now(), "checks_pending": 0,
        "unreadable_stores": [],
    }
    return render_to_string("buyplan/_buy_plan.html", {"plan": plan, "csv_url": "/plan.csv", "zone": UTC})


def test_a_plan_dearer_than_the_comparison_says_it_costs_more_never_a_negative_saving():
    dearer = _comparison(_Plan("20.00", 4), _Plan("11.96", 3))  # within fewer stores, one more copy
    cheaper = _comparison(_Plan("20.00", 4), _Plan("23.50", 4))
    same = _comparison(_Plan("20.00", 4), _Plan("20.00", 4))
    page = _plan_page({"cheapest_each": dearer, "best_single_store": cheaper | {"store": "Hairy Tarantula"}}, [])
    assert "Costs USD 8.04 more than buying every card at its cheapest store (USD 11.96, 3 copies)" in " ".join(page.split())
    assert "Saves USD 3.50 against the best single store, Hairy Tarantula" in " ".join(page.split())
    assert "-" not in re.sub(r"<[^>]+>|id=\"[^\"]*\"|class=\"[^\"]*\"", "", page.split('class="plan-savings"')[1].split("</ul>")[0])
    page = _plan_page({"cheapest_each": same, "best_single_store": None}, [])
    assert "Costs the same as buying every card at its cheapest store" in " ".join(page.split())


def test_offers_left_out_for_want_of_a_rate_are_one_line_per_store():
    unpriced = [{"store": "peso-shop", "name": "Peso Shop", "card": f"Card {n % 9}", "price": "100.00", "currency": "CLP"}
                for n in range(23)]
    unpriced.append({"store": "yen-shop", "name": "Yen Shop", "card": "Sol Ring", "price": "300", "currency": "JPY"})
    page = " ".join(_plan_page({"cheapest_each": _comparison(_Plan("20.00", 4), _Plan("20.00", 4)),
                                "best_single_store": None}, unpriced).split())
    assert re.findall(r'<li class="unpriced-store">([^<]*)</li>', page) == [
        "Peso Shop: 23 offers of 9 cards in CLP, with no CLP → USD rate",
        "Yen Shop: 1 offer of 1 card in JPY, with no JPY → USD rate",
    ]


def test_a_paused_store_says_until_when_before_and_after_a_restart(make_store, bolt):
    store = make_store("hairy-tarantula", name="Hairy Tarantula")
    latest.record_check(store, bolt, scrapers.SearchResult.error("the store did not answer within 15 s"), duration_ms=1)
    until = (timezone.now() + timedelta(minutes=30)).replace(second=0, microsecond=0)
    store.paused_until = until
    store.save(update_fields=["paused_until"])
    skipped = store.paused_result()
    answer = StoreAnswer(status="error", reason=skipped.reason, checked_at=timezone.now(), paused_until=until)
    remember_answer(store.pk, bolt.pk, answer, store.cache_ttl)

    before = cell_update(bolt, store, cached_answer(store.pk, bolt.pk), [], UTC)
    cache.clear()  # a restart: the cached answer (with its pause) is gone; the table's answer has none
    after = cell_update(bolt, store, cached_answer(store.pk, bolt.pk), [], UTC)
    for cell in (before, after):
        assert cell["state"] == "paused"
        assert f"paused until {until:%H:%M}" in cell["html"]
        assert "checks of this store are paused" not in cell["html"]


def test_choosing_one_store_says_one_store(alice_client, make_store):
    shop = make_store("hairy-tarantula", name="Hairy Tarantula")
    response = alice_client.post(reverse("account"), {"save_stores": "1", "stores": [shop.pk]}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["You shop at 1 store."]


def test_plan_options_it_cannot_take_keep_what_was_typed_and_plan_nothing(alice_client):
    # A form sent before the page's script ran (or without it) with a cost it cannot read: the limit
    # typed beside it stays, and no plan for other options is shown as if it were theirs.
    page = alice_client.get(reverse("buy_plan"), {"store_cost": "5,00", "max_stores": "2", "currency": "USD"})
    html = page.content.decode()
    assert re.search(r'name="max_stores"[^>]*value="2"', html)
    assert re.search(r'name="store_cost"[^>]*value="5,00"', html)
    assert "Nothing planned: store cost must be an amount like 5.00, not &#x27;5,00&#x27;." in html
    assert 'class="plan-summary"' not in html
