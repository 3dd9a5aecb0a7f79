"""One way in: the dashboard's forms and the WebSocket handlers refuse the same input with the same
message, because both validate through cards.wishlist.forms, and save through cards.wishlist.changes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from availability.live import protocol
from cards.wishlist.models import TrackedCard


def _form_errors(response) -> str:
    form = response.context["form"]
    return "; ".join([*form.non_field_errors(), *(m for name in form.fields for m in form[name].errors)])


def _socket_error(user, message: dict) -> str:
    with pytest.raises(protocol.BadMessage) as error:
        protocol.add_card(user, message)
    return str(error.value)


@pytest.mark.parametrize("form_data, message, expected", [
    ({"amount": 1000}, {"amount": 1000}, "must be a whole number from 1 to 999"),
    ({"amount": 0}, {"amount": 0}, "must be a whole number from 1 to 999"),
    ({"finish": "shiny"}, {"specs": [{"finish": "shiny"}]}, 'unknown finish "shiny" (use nonfoil, foil or etched)'),
    ({"set_code": "xyz"}, {"specs": [{"set_code": "xyz"}]}, 'Lightning Bolt was never printed in set "XYZ"'),
    ({"set_code": "m10", "finish": "etched"}, {"specs": [{"set_code": "m10", "finish": "etched"}]},
     "Lightning Bolt (M10) was not made in etched (only nonfoil, foil)"),
])
def test_the_form_and_the_socket_refuse_alike_and_save_nothing(alice_client, alice, catalog, form_data, message, expected):
    response = alice_client.post(reverse("card_add"), {"card": "Lightning Bolt", **form_data})
    assert expected in _form_errors(response)
    assert expected in _socket_error(alice, {"type": "add_card", "card": "Lightning Bolt", **message})
    assert not TrackedCard.objects.filter(user=alice).exists()


def test_the_socket_names_the_field_a_form_message_is_about(alice, catalog):
    assert _socket_error(alice, {"type": "add_card", "card": "Lightning Bolt", "amount": 1000}) == (
        "'amount' must be a whole number from 1 to 999"
    )
    assert _socket_error(alice, {"type": "add_card", "card": "Lightning Bolt", "specs": [{"set_code": "x" * 11}]}) == (
        "'set_code' Ensure this value has at most 10 characters (it has 11)."
    )


def test_the_form_and_the_socket_add_the_same_wants(alice_client, alice, bob, catalog):
    alice_client.post(reverse("card_add"), {"card": "lightning bolt", "amount": 3, "set_code": "M10", "finish": "foil"})
    protocol.add_card(bob, {"type": "add_card", "card": "lightning bolt", "amount": 3,
                            "specs": [{"set_code": "M10", "finish": "foil"}]})

    def wants(user) -> list[tuple[int, str]]:
        tracked = TrackedCard.objects.get(user=user)
        return [(tracked.amount, "")] + [(s.amount, s.printing) for s in tracked.specs.all()]

    assert wants(alice) == wants(bob) == [(3, ""), (3, "M10 foil")]
