""""Did you mean" is a button, on the form page and on the dashboard's socket reply; with only the
sample catalog loaded, an unknown card says so."""

from __future__ import annotations

from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse

from availability.live.protocol import BadMessage, add_card
from cards.wishlist.models import TrackedCard


@pytest.fixture
def catalog(db):
    call_command("load_catalog", stdout=StringIO())


def test_the_form_page_offers_the_suggestion_as_a_button_that_tracks_it(alice_client, alice, catalog):
    response = alice_client.post(reverse("card_add"), {"card": "Lightnig Bolt", "amount": 2})
    button = BeautifulSoup(response.content, "html.parser").select_one("p.suggestion button[name=card]")
    assert button["value"] == "Lightning Bolt"
    # The browser sends the typed name and then the button's value; the button's wins.
    response = alice_client.post(reverse("card_add"), {"card": ["Lightnig Bolt", button["value"]], "amount": 2})
    assert response.status_code == 302
    assert TrackedCard.objects.get(user=alice).card.name == "Lightning Bolt"


def test_the_socket_reply_carries_the_suggestion(alice, catalog):
    with pytest.raises(BadMessage) as refused:
        add_card(alice, {"type": "add_card", "card": "Counterspel"})
    assert refused.value.suggestion == "Counterspell"


def test_with_the_sample_catalog_an_unknown_card_says_so_in_a_players_words(alice_client, catalog):
    response = alice_client.post(reverse("card_add"), {"card": "Qwxyzzy Plonk", "amount": 1})
    errors = " ".join(response.context["form"].non_field_errors())
    assert "this site's card list holds only 278 sample cards so far; its admin can load the full one" in errors
    # No command for a player to run, no backticks (issue 21 item 4).
    assert "manage.py" not in errors and "`" not in errors
