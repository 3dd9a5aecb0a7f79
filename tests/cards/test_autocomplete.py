"""GET /cards/autocomplete?q=: card names for the name field, prefix matches first."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cards.catalog.models import Card, search_key

URL = reverse("card_autocomplete")


def _names(client, q: str) -> list[str]:
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    return response.json()["results"]


def test_it_puts_names_starting_with_the_text_before_names_containing_it(alice_client, catalog):
    results = _names(alice_client, "bolt")
    Card.objects.create(name="Bolt Test Card")  # not real: a name that starts with "bolt"

    assert "Lightning Bolt" in results
    reordered = _names(alice_client, "bolt")
    assert reordered[0] == "Bolt Test Card"
    assert reordered.index("Bolt Test Card") < reordered.index("Lightning Bolt")


def test_prefix_matches_come_first_and_each_group_is_alphabetical(alice_client, catalog):
    results = _names(alice_client, "li")

    starting = [name for name in results if name.lower().startswith("li")]
    assert results[: len(starting)] == starting
    assert starting == sorted(starting, key=search_key)
    assert "Lightning Bolt" in starting and "Lightning Helix" in starting
    assert "Ball Lightning" in results[len(starting) :]


def test_it_ignores_case_and_accents(alice_client, catalog):
    assert _names(alice_client, "LIM-DUL") == ["Lim-Dûl the Necromancer", "Lim-Dûl's Vault"]
    assert _names(alice_client, "jötun") == ["Jötun Grunt"]
    assert _names(alice_client, "DANDAN") == ["Dandân"]


def test_it_finds_split_cards_by_either_half(alice_client, catalog):
    assert "Fire // Ice" in _names(alice_client, "fire")
    assert "Fire // Ice" in _names(alice_client, "ice")
    assert _names(alice_client, "insectile") == ["Delver of Secrets // Insectile Aberration"]


def test_it_returns_at_most_twenty_names(alice_client, catalog):
    Card.objects.bulk_create(Card(name=f"Zap Test {i:02d}", search_name=f"zap test {i:02d}") for i in range(30))

    results = _names(alice_client, "zap test")

    assert len(results) == 20
    assert results[0] == "Zap Test 00"


def test_an_empty_query_returns_nothing(alice_client, catalog):
    assert _names(alice_client, "  ") == []


def test_it_escapes_like_wildcards(alice_client, catalog):
    assert _names(alice_client, "%") == []
    assert _names(alice_client, "_") == []


@pytest.mark.parametrize("extra_cards", [0, 5000])
def test_the_number_of_queries_does_not_grow_with_the_catalog(
    alice_client, catalog, extra_cards, django_assert_num_queries
):
    Card.objects.bulk_create(
        (Card(name=f"Lightning Filler {i}", search_name=f"lightning filler {i}") for i in range(extra_cards)),
        batch_size=500,
    )
    alice_client.get(URL, {"q": "warm up"})  # the first request of a session may save it

    # The session, the user, the user's time zone (every page shows times in it), and one query
    # for the names.
    with django_assert_num_queries(4):
        results = _names(alice_client, "lightning")

    assert len(results) == (4 if extra_cards == 0 else 20)
    assert results[0] == "Lightning Bolt"


def test_anonymous_users_are_sent_to_sign_in(client, catalog):
    response = client.get(URL, {"q": "bolt"})

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
