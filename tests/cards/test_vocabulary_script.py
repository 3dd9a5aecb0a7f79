"""The browser gets conditions and finishes from the server's one list (`scrapers.vocabulary`)."""

from __future__ import annotations

import json
import re

from cards.wishlist.forms import TrackedCardForm
from scrapers.vocabulary import CONDITION_LABELS, CONDITIONS, FINISH_LABELS, FINISHES


def test_the_dashboard_page_carries_the_vocabulary_for_its_script(alice_client) -> None:
    page = alice_client.get("/").content.decode()
    found = re.search(r'<script id="vocabulary" type="application/json">(.*?)</script>', page, re.S)
    assert found, "the dashboard has no vocabulary script"
    data = json.loads(found.group(1))
    assert list(data["finishes"]) == list(FINISHES) == ["nonfoil", "foil", "etched"]
    assert list(data["conditions"]) == list(CONDITIONS) == ["NM", "LP", "MP", "HP", "DMG"]
    assert data["finishes"] == FINISH_LABELS and data["conditions"] == CONDITION_LABELS
    # Each game's finishes in its players' words, codes from the one list.
    assert data["game_finishes"]["pokemon"] == {"nonfoil": "Non-holo", "foil": "Holo / reverse holo"}
    assert all(set(finishes) <= set(FINISHES) for finishes in data["game_finishes"].values())


def test_the_forms_and_models_offer_the_same_finishes_and_conditions() -> None:
    from availability.alerts.models import AlertRule
    from cards.wishlist.models import CardSpec

    assert [code for code, _ in CardSpec._meta.get_field("finish").choices] == list(FINISHES)
    assert [code for code, _ in AlertRule._meta.get_field("min_condition").choices] == list(CONDITIONS)
    assert [code for code, _ in TrackedCardForm().fields["finish"].choices] == ["", *FINISHES]
