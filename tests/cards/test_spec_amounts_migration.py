"""The migration that gives each wanted printing its own amount shares a card's amount over the
printings it already had, drops none of them, and cuts amounts over 999."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE, AFTER = [("cards", "0001_initial")], [("cards", "0002_spec_amounts")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_existing_specs_share_the_cards_amount(django_user_model):
    apps = _migrate(BEFORE)
    User, Card = apps.get_model("auth", "User"), apps.get_model("cards", "Card")
    TrackedCard, CardSpec = apps.get_model("cards", "TrackedCard"), apps.get_model("cards", "CardSpec")
    user = User.objects.create(username="old-timer")
    wishes = {}
    for name, amount, sets in [("Bolt", 8, ["m10", "m11", "2xm"]), ("Ring", 1, ["c21", "lea"]),
                               ("Swords", 2500, []), ("Counterspell", 3, ["7ed"])]:
        tracked = TrackedCard.objects.create(user=user, card=Card.objects.create(name=name, search_name=name), amount=amount)
        for code in sets:
            CardSpec.objects.create(tracked_card=tracked, set_code=code)
        wishes[name] = tracked.pk

    apps = _migrate(AFTER)
    TrackedCard = apps.get_model("cards", "TrackedCard")

    def wants(name):
        tracked = TrackedCard.objects.get(pk=wishes[name])
        return tracked.amount, sorted((s.set_code, s.amount) for s in tracked.specs.all())

    assert wants("Bolt") == (8, [("2xm", 3), ("m10", 3), ("m11", 2)])
    assert wants("Ring") == (2, [("c21", 1), ("lea", 1)])  # no printing dropped
    assert wants("Swords") == (999, [])
    assert wants("Counterspell") == (3, [("7ed", 3)])
    _migrate(executor_leaf())


def executor_leaf():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
