"""One query each for a user's stores, the grid and latest answers: `Store.objects.chosen_by`,
`availability.live.grid.Grid`, `LatestAnswer.objects.for_pairs`. Every page that lists a user's stores
agrees on them, so a store switched off leaves all of them at once."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from availability.alerts.models import AlertSettings
from availability.checks.models import LatestAnswer
from availability.checks.results import StoreAnswer, remember_answer
from cards.wishlist.models import TrackedCard
from stores.models import ChosenStore, Store

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def stores(alice, make_store, choose):
    open_, closed, later = (make_store("open-shop", name="Open Shop", currency="CLP"),
                            make_store("closed-shop", name="Closed Shop", currency="CLP"),
                            make_store("a-later-shop", name="A Later Shop", currency="CLP"))
    choose(alice, closed, open_, later)
    Store.objects.filter(pk=closed.pk).update(enabled=False)  # switched off after alice chose it
    return open_, closed, later


def test_a_users_stores_are_the_enabled_ones_they_chose_by_name(alice, bob, stores, make_store, choose):
    choose(bob, make_store("bobs-shop"))
    assert [s.slug for s in Store.objects.chosen_by(alice)] == ["a-later-shop", "open-shop"]
    assert [s.slug for s in Store.objects.chosen_by(alice.pk)] == ["a-later-shop", "open-shop"]
    by_user = ChosenStore.objects.stores_by_user([alice.pk, bob.pk])
    assert [s.slug for s in by_user[alice.pk]] == ["a-later-shop", "open-shop"]
    assert [s.slug for s in by_user[bob.pk]] == ["bobs-shop"]


def test_a_store_switched_off_leaves_the_dashboard_history_alert_pages_and_offers_dialog(
    alice_client, alice, bolt, stores
):
    open_, closed, _later = stores
    tracked = TrackedCard.objects.create(user=alice, card=bolt)
    remember_answer(closed.pk, bolt.pk, StoreAnswer("ok", [], checked_at=timezone.now()), timedelta(hours=1))
    AlertSettings.objects.create(user=alice, max_price=Decimal("5"), max_price_currency="USD")  # no CLP rate

    dashboard = BeautifulSoup(alice_client.get(reverse("dashboard")).content, "html.parser")
    history = alice_client.get(reverse("card_history", args=[tracked.pk])).content.decode()
    settings_page = BeautifulSoup(alice_client.get(reverse("alert_settings")).content, "html.parser")
    offers = alice_client.get(reverse("card_offers", args=[tracked.pk, closed.slug]))

    assert [th["data-store"] for th in dashboard.select("th[data-store]")] == ["a-later-shop", "open-shop"]
    assert "Closed Shop" not in history  # it listed every store ever chosen
    assert [s.text for s in settings_page.select("#not-compared strong")] == ["A Later Shop", "Open Shop"]
    assert offers.status_code == 404


def test_latest_answers_are_read_for_exactly_the_pairs_asked(bolt, make_store):
    from cards.catalog.models import Card

    a, b = make_store("a-shop"), make_store("b-shop")
    counterspell = Card.objects.create(name="Counterspell")
    for store in (a, b):
        for card in (bolt, counterspell):
            LatestAnswer.objects.create(store=store, card=card, status="ok", checked_at=timezone.now())

    rows = LatestAnswer.objects.for_pairs([(a.pk, bolt.pk), (b.pk, counterspell.pk)], "status")

    assert sorted(rows) == sorted([(a.pk, bolt.pk, "ok"), (b.pk, counterspell.pk, "ok")])
    assert LatestAnswer.objects.for_pairs([]) == []


def test_each_query_is_written_once() -> None:
    """A second "this user's stores", latest-answers-for-pairs or grid loop is a rule that can drift."""
    def sources(*folders: str):
        for folder in folders:
            for path in (ROOT / folder).rglob("*.py"):
                if "migrations" not in path.parts:
                    yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")

    for name, text in sources("availability", "stores", "cards", "lgs_checker"):
        if name != "stores/models.py":
            assert "chosen_by__user" not in text and "ChosenStore.objects.filter(user_id__in" not in text, name
        if name != "availability/checks/models.py":
            assert not re.search(r"LatestAnswer\.objects\.filter\([^)]*_id__in", text), name
        if name not in ("availability/live/grid.py", "availability/live/cells.py", "availability/live/answer_push.py"):
            assert "cell_update(" not in text, name
