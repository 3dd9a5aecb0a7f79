"""Every page acts on the signed-in user's own data only; only staff reach the admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cards.wishlist.models import CardSpec, TrackedCard


@pytest.fixture
def bobs_bolt(bob, bolt):
    tracked = TrackedCard.objects.create(user=bob, card=bolt, amount=4)
    CardSpec.objects.create(tracked_card=tracked, set_code="m10", finish="foil")
    return tracked


def test_the_dashboard_lists_only_my_cards(alice_client, bobs_bolt):
    response = alice_client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert b"Lightning Bolt" not in response.content


def test_i_cannot_open_someone_elses_card_for_editing(alice_client, bobs_bolt):
    response = alice_client.get(reverse("card_edit", args=[bobs_bolt.pk]))
    assert response.status_code == 404


def test_i_cannot_change_someone_elses_card(alice_client, bobs_bolt):
    response = alice_client.post(
        reverse("card_edit", args=[bobs_bolt.pk]), {"card": "Lightning Bolt", "amount": 1}
    )
    assert response.status_code == 404
    bobs_bolt.refresh_from_db()
    assert bobs_bolt.amount == 4
    assert bobs_bolt.specs.count() == 1


def test_i_cannot_delete_someone_elses_card(alice_client, bobs_bolt):
    response = alice_client.post(reverse("card_delete", args=[bobs_bolt.pk]))
    assert response.status_code == 404
    assert TrackedCard.objects.filter(pk=bobs_bolt.pk).exists()


def test_i_can_delete_my_own_card(client, bob, bobs_bolt):
    client.force_login(bob)
    response = client.post(reverse("card_delete", args=[bobs_bolt.pk]))
    assert response.status_code == 302
    assert not TrackedCard.objects.filter(pk=bobs_bolt.pk).exists()


def test_deleting_needs_a_post(client, bob, bobs_bolt):
    client.force_login(bob)
    assert client.get(reverse("card_delete", args=[bobs_bolt.pk])).status_code == 405
    assert TrackedCard.objects.filter(pk=bobs_bolt.pk).exists()


def test_the_dashboard_shows_only_my_chosen_stores(alice_client, alice, bob, make_store, choose):
    mine, theirs = make_store("my-store", name="My Store"), make_store("their-store", name="Their Store")
    choose(alice, mine)
    choose(bob, theirs)
    response = alice_client.get(reverse("dashboard"))
    assert [s.slug for s in response.context["stores"]] == ["my-store"]


def test_pages_need_a_signed_in_user(client, bobs_bolt):
    for url in (reverse("dashboard"), reverse("card_add"), reverse("card_edit", args=[bobs_bolt.pk])):
        response = client.get(url)
        assert response.status_code == 302 and reverse("account_login") in response.url, url


def test_a_non_staff_user_cannot_reach_the_admin(alice_client):
    for url in (reverse("admin:index"), reverse("admin:stores_store_changelist"), reverse("admin:stores_store_add")):
        response = alice_client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("admin:login")), url


def _admin_change_post(store, **changes) -> dict:
    """The store's admin change form as a browser would post it, with `changes` applied."""
    from django.contrib import admin
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = type("Staff", (), {"is_superuser": True, "has_perm": lambda *a, **k: True})()
    form = admin.site._registry[type(store)].get_form(request, store)(instance=store)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = value
    return {**data, **changes}


def test_a_non_staff_user_cannot_change_a_store_through_the_admin(client, alice, make_user, make_store):
    store = make_store("a-store")
    post = _admin_change_post(store, name="Hijacked")
    url = reverse("admin:stores_store_change", args=[store.pk])

    client.force_login(alice)
    client.post(url, post)
    store.refresh_from_db()
    assert store.name == "A Store"

    # The same post from staff is a valid change, so the refusal above is about who asked.
    client.force_login(make_user("admin", is_staff=True, is_superuser=True))
    assert client.post(url, post).status_code == 302
    store.refresh_from_db()
    assert store.name == "Hijacked"


def test_staff_reach_the_admin(client, make_user):
    client.force_login(make_user("admin", is_staff=True, is_superuser=True))
    assert client.get(reverse("admin:index")).status_code == 200
