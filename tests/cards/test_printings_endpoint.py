"""GET /cards/printings?name=: the printings of a card, for the add and edit forms."""

from __future__ import annotations

from django.urls import reverse

URL = reverse("card_printings")


def test_it_lists_the_printings_of_a_card_newest_set_first(alice_client, catalog):
    response = alice_client.get(URL, {"name": "lightning bolt"})

    assert response.status_code == 200
    data = response.json()
    assert data["name"] == "Lightning Bolt"
    assert {"set_code": "m10", "set_name": "Magic 2010", "collector_number": "146",
            "finishes": ["nonfoil", "foil"]} in data["printings"]
    codes = [p["set_code"] for p in data["printings"]]
    assert codes[0] == "fca" and codes[-1] == "lea"
    assert "prm" not in codes  # digital only


def test_it_resolves_a_front_face_to_the_whole_card(alice_client, catalog):
    data = alice_client.get(URL, {"name": "Delver of Secrets"}).json()

    assert data["name"] == "Delver of Secrets // Insectile Aberration"
    assert [(p["set_code"], p["collector_number"]) for p in data["printings"]] == [("plst", "ISD-51"), ("isd", "51")]


def test_an_unknown_card_is_a_404_with_a_suggestion(alice_client, catalog):
    response = alice_client.get(URL, {"name": "Lightnig Bolt"})

    assert response.status_code == 404
    assert response.json() == {"error": 'no card named "Lightnig Bolt" — did you mean "Lightning Bolt"?'}


def test_a_missing_name_is_a_400(alice_client, catalog):
    assert alice_client.get(URL).status_code == 400


def test_anonymous_users_get_no_printings(client, catalog):
    assert client.get(URL, {"name": "Lightning Bolt"}).status_code == 302
