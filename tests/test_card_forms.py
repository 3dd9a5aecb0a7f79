"""The add and edit forms (the page fallback when the dashboard's socket is not there)."""

from __future__ import annotations

from django.urls import reverse

from cards.wishlist.models import CardSpec, TrackedCard


def test_adding_a_card_tracks_it_with_its_printing(alice_client, alice, catalog):
    response = alice_client.post(
        reverse("card_add"), {"card": "lightning bolt", "amount": 4, "set_code": "M10", "finish": "foil"}
    )
    assert response.status_code == 302
    tracked = TrackedCard.objects.get(user=alice)
    assert (tracked.card.name, tracked.amount) == ("Lightning Bolt", 4)
    assert [str(spec) for spec in tracked.specs.all()] == ["4× M10 foil"]


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


def _wants(tracked) -> list[tuple[int, str]]:
    return [(s.amount, s.printing) for s in CardSpec.objects.filter(tracked_card=tracked)]


def _edit(client, tracked, rows: list[dict]):
    data = {"want-TOTAL_FORMS": len(rows), "want-INITIAL_FORMS": 0}
    for index, row in enumerate(rows):
        data.update({f"want-{index}-{name}": value for name, value in row.items()})
    return client.post(reverse("card_edit", args=[tracked.pk]), data)


def test_the_edit_page_lists_one_row_per_printing_with_its_amount(alice_client, alice, catalog):
    alice_client.post(reverse("card_add"), {"card": "Lightning Bolt", "amount": 1})
    alice_client.post(reverse("card_add"), {"card": "Lightning Bolt", "amount": 4, "set_code": "M10", "finish": "foil"})
    tracked = TrackedCard.objects.get(user=alice)

    forms = alice_client.get(reverse("card_edit", args=[tracked.pk])).context["formset"].forms

    assert [(f.initial.get("amount"), f.initial.get("set_code"), f.initial.get("finish")) for f in forms] == [
        (1, "", ""), (4, "M10", "foil"), (None, None, None),
    ]


def test_editing_changes_amount_and_printing(alice_client, alice, catalog):
    alice_client.post(reverse("card_add"), {"card": "Lightning Bolt", "amount": 1})
    tracked = TrackedCard.objects.get(user=alice)
    response = _edit(alice_client, tracked, [{"amount": 3, "set_code": "m11"}])
    assert response.status_code == 302
    tracked.refresh_from_db()
    assert tracked.amount == 3 and _wants(tracked) == [(3, "M11")]


def test_editing_sets_each_printings_amount_adds_one_and_drops_one_at_zero(alice_client, alice, catalog):
    alice_client.post(reverse("card_add"), {"card": "Lightning Bolt", "amount": 1, "set_code": "M10"})
    alice_client.post(reverse("card_add"), {"card": "Lightning Bolt", "amount": 1, "set_code": "M11"})
    tracked = TrackedCard.objects.get(user=alice)

    _edit(alice_client, tracked, [
        {"amount": 2, "set_code": "m10"}, {"amount": 0, "set_code": "m11"}, {"amount": 3, "finish": "foil"},
    ])

    tracked.refresh_from_db()
    assert tracked.amount == 5
    assert _wants(tracked) == [(3, "any set foil"), (2, "M10")]


def test_editing_past_999_copies_is_refused_and_changes_nothing(alice_client, alice, catalog):
    alice_client.post(reverse("card_add"), {"card": "Lightning Bolt", "amount": 2})
    tracked = TrackedCard.objects.get(user=alice)

    response = _edit(alice_client, tracked, [{"amount": 600}, {"amount": 600, "set_code": "m10"}])

    assert response.status_code == 200
    assert "you can want 1 to 999 copies of Lightning Bolt; this would make 1,200" in response.content.decode()
    tracked.refresh_from_db()
    assert tracked.amount == 2 and _wants(tracked) == []


def test_a_printing_that_does_not_exist_is_refused_on_the_edit_page(alice_client, alice, catalog):
    alice_client.post(reverse("card_add"), {"card": "Lightning Bolt", "amount": 2})
    tracked = TrackedCard.objects.get(user=alice)

    response = _edit(alice_client, tracked, [{"amount": 2, "set_code": "xyz"}])

    assert response.status_code == 200
    assert "Lightning Bolt was never printed in set &quot;XYZ&quot;" in response.content.decode()
    tracked.refresh_from_db()
    assert tracked.amount == 2 and _wants(tracked) == []


def test_adding_past_999_copies_is_refused_with_the_reason(alice_client, alice, catalog):
    for _ in range(3):
        response = alice_client.post(reverse("card_add"), {"card": "Lightning Bolt", "amount": 999})

    assert response.status_code == 200
    assert "you can want 1 to 999 copies of Lightning Bolt; this would make 1,998" in response.content.decode()
    assert TrackedCard.objects.get(user=alice).amount == 999
