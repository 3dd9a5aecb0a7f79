from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from cards.models import Card, MagicSet, Printing
from stores.models import ChosenStore, Store


@pytest.fixture
def make_user(db):
    def make(username: str = "alice", password: str = "correct horse battery", **fields):
        return get_user_model().objects.create_user(
            username=username, email=fields.pop("email", f"{username}@example.com"), password=password, **fields
        )

    return make


@pytest.fixture
def alice(make_user):
    return make_user("alice")


@pytest.fixture
def bob(make_user):
    return make_user("bob")


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def make_store(db):
    def make(slug: str = "hairy-tarantula", **fields) -> Store:
        defaults = {
            "name": slug.replace("-", " ").title(),
            "homepage": f"https://{slug}.example.com",
            "platform": "crystal_commerce",
            "region": "Ontario",
        }
        return Store.objects.create(slug=slug, **{**defaults, **fields})

    return make


@pytest.fixture
def choose(db):
    def choose_(user, *stores: Store) -> None:
        for store in stores:
            ChosenStore.objects.create(user=user, store=store)

    return choose_


@pytest.fixture
def bolt(db) -> Card:
    """Lightning Bolt in two real printings, enough catalog for wishlist tests."""
    m10 = MagicSet.objects.create(code="m10", name="Magic 2010")
    m11 = MagicSet.objects.create(code="m11", name="Magic 2011")
    card = Card.objects.create(name="Lightning Bolt", layout="normal")
    Printing.objects.create(card=card, magic_set=m10, collector_number="146", finishes=["nonfoil", "foil"])
    Printing.objects.create(card=card, magic_set=m11, collector_number="149", finishes=["nonfoil", "foil"])
    return card


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """Production serves hashed files made by collectstatic at build time; tests have no build step
    (the Procfile test runs collectstatic and checks the real thing)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
