"""Picking the stores a user shops at, on the account page."""

from __future__ import annotations

from django.urls import reverse

from stores.models import ChosenStore


def chosen_slugs(user) -> set[str]:
    return set(ChosenStore.objects.filter(user=user).values_list("store__slug", flat=True))


def test_the_account_page_groups_stores_by_region(alice_client, make_store):
    make_store("hairy-tarantula", name="Hairy Tarantula", region="Ontario")
    make_store("magic-stronghold", name="Magic Stronghold", region="Quebec")
    make_store("kanata-cg", name="Kanata CG", region="Ontario")
    response = alice_client.get(reverse("account"))
    regions = [(region, [s.name for s in stores]) for region, stores in response.context["regions"]]
    assert regions == [("Ontario", ["Hairy Tarantula", "Kanata CG"]), ("Quebec", ["Magic Stronghold"])]
    assert b'<legend>Ontario</legend>' in response.content


def test_ticking_stores_saves_exactly_those(alice_client, alice, make_store):
    a, b, c = make_store("a-store"), make_store("b-store"), make_store("c-store")
    alice_client.post(reverse("account"), {"save_stores": "1", "stores": [a.pk, b.pk]})
    assert chosen_slugs(alice) == {"a-store", "b-store"}
    alice_client.post(reverse("account"), {"save_stores": "1", "stores": [c.pk]})
    assert chosen_slugs(alice) == {"c-store"}


def test_unticking_everything_clears_the_choice(alice_client, alice, make_store, choose):
    choose(alice, make_store("a-store"))
    alice_client.post(reverse("account"), {"save_stores": "1"})
    assert chosen_slugs(alice) == set()


def test_a_disabled_store_cannot_be_chosen(alice_client, alice, make_store):
    closed = make_store("closed-store", enabled=False)
    response = alice_client.post(reverse("account"), {"save_stores": "1", "stores": [closed.pk]})
    assert response.status_code == 200
    assert "stores" in response.context["store_form"].errors
    assert chosen_slugs(alice) == set()


def test_choosing_stores_leaves_other_users_choices_alone(alice_client, alice, bob, make_store, choose):
    a, b = make_store("a-store"), make_store("b-store")
    choose(bob, a)
    alice_client.post(reverse("account"), {"save_stores": "1", "stores": [b.pk]})
    assert chosen_slugs(bob) == {"a-store"}
    assert chosen_slugs(alice) == {"b-store"}


def test_the_account_page_shows_only_my_choices_as_ticked(alice_client, bob, make_store, choose):
    store = make_store("bobs-store")
    choose(bob, store)
    response = alice_client.get(reverse("account"))
    assert store.pk not in response.context["chosen"]
    assert f'value="{store.pk}" checked'.encode() not in response.content
    assert f'value="{store.pk}"'.encode() in response.content


def test_the_account_page_needs_a_signed_in_user(client, db):
    response = client.get(reverse("account"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
