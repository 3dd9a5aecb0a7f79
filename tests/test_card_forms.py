"""The add and edit forms (the page fallback when the dashboard's socket is not there)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cards.models import CardSpec, TrackedCard


def test_adding_a_card_tracks_it_with_its_printing(alice_client, alice, catalog):
    response = alice_client.post(
        reverse("card_add"), {"card": "lightning bolt", "amount": 4, "set_code": "M10", "finish": "foil"}
    )
    assert response.status_code == 302
    tracked = TrackedCard.objects.get(user=alice)
    assert (tracked.card.name, tracked.amount) == ("Lightning Bolt", 4)
    assert [str(spec) for spec in tracked.specs.all()] == ["M10 foil"]


def test_an_unknown_card_is_refused_with_a_suggestion(alice_client, alice, catalog):
    response = alice_client.post(reverse("card_add"), {"card": "Lightnig Bolt", "amount": 1})
    assert response.status_code == 200
    assert 'no card named "Lightnig Bolt" — did you mean "Lightning Bolt"?' in response.context["form"].non_field_errors()
    assert "did you mean &quot;Lightning Bolt&quot;?" in response.content.decode()
    assert not TrackedCard.objects.filter(user=alice).exists()


def test_a_printing_that_does_not_exist_is_refused_naming_the_wrong_part(alice_client, alice, catalog):
    response = alice_client.post(reverse("card_add"), {"card": "Lightning Bolt", "amount": 1, "set_code": "XYZ"})
    errors = " ".join(response.context["form"].non_field_errors())
    assert "XYZ" in errors.upper() and "Lightning Bolt" in errors
    response = alice_client.post(
        reverse("card_add"), {"card": "Lightning Bolt", "amount": 1, "set_code": "M10", "collector_number": "999"}
    )
    assert "999" in " ".join(response.context["form"].non_field_errors())
    assert not TrackedCard.objects.filter(user=alice).exists()


def test_editing_changes_amount_and_printing(alice_client, alice, catalog):
    alice_client.post(reverse("card_add"), {"card": "Lightning Bolt", "amount": 1})
    tracked = TrackedCard.objects.get(user=alice)
    response = alice_client.post(
        reverse("card_edit", args=[tracked.pk]), {"card": "Lightning Bolt", "amount": 3, "set_code": "m11"}
    )
    assert response.status_code == 302
    tracked.refresh_from_db()
    assert tracked.amount == 3 and [s.set_code for s in tracked.specs.all()] == ["m11"]


def test_editing_a_card_with_several_printings_keeps_them(alice_client, alice, catalog):
    alice_client.post(reverse("card_add"), {"card": "Lightning Bolt", "amount": 1, "set_code": "M10"})
    alice_client.post(reverse("card_add"), {"card": "Lightning Bolt", "amount": 1, "set_code": "M11"})
    tracked = TrackedCard.objects.get(user=alice)
    alice_client.post(reverse("card_edit", args=[tracked.pk]), {"card": "Lightning Bolt", "amount": 6})
    tracked.refresh_from_db()
    assert tracked.amount == 6
    assert sorted(CardSpec.objects.filter(tracked_card=tracked).values_list("set_code", flat=True)) == ["m10", "m11"]


def test_the_edit_form_cannot_switch_to_another_card(alice_client, alice, catalog):
    alice_client.post(reverse("card_add"), {"card": "Lightning Bolt", "amount": 1})
    tracked = TrackedCard.objects.get(user=alice)
    response = alice_client.post(reverse("card_edit", args=[tracked.pk]), {"card": "Sol Ring", "amount": 2})
    assert response.status_code == 200 and "card" in response.context["form"].errors
    tracked.refresh_from_db()
    assert tracked.card.name == "Lightning Bolt" and tracked.amount == 1
