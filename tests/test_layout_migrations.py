"""The migrations that moved models between apps (issue 20) keep every row: a database with the
schema of before — tracked cards in `cards`, alerts and exchange rates in `availability`, the time zone
on the alert settings — migrated to the end reads back the same data through the new models, and the
moved models' content types (with the permissions given on them and the admin's log entries) follow.
Run on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime
from datetime import timezone as dt_timezone
from decimal import Decimal

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from availability.alerts.models import AlertRule, AlertSettings, Delivery, Notification
from availability.checks.models import StoreCheck
from availability.money.models import ExchangeRate
from availability.preferences.models import Preferences
from availability.preferences.zones import zone_of
from cards.wishlist.models import CardSpec, TrackedCard

pytestmark = pytest.mark.django_db(transaction=True)

# The schema before the move: the last migration of each app then, and none of the apps it made.
BEFORE = [
    ("availability", "0007_fill_latest_answers"), ("cards", "0002_spec_amounts"),
    ("stores", "0004_inventory_mode_auto"), ("inventory", "0002_item_read_at"),
    ("wishlist", None), ("alerts", None), ("money", None), ("preferences", None),
]
# Which app each moved model was in, and is in now.
MOVED = [
    ("cards", "wishlist", "trackedcard"), ("cards", "wishlist", "cardspec"),
    ("availability", "alerts", "alertsettings"), ("availability", "alerts", "alertrule"),
    ("availability", "alerts", "notification"), ("availability", "alerts", "delivery"),
    ("availability", "money", "exchangerate"),
]
CHECKED = datetime(2026, 11, 28, 20, 15, tzinfo=dt_timezone.utc)


def migrate(targets):
    """Migrate the test database to `targets`; the models of that schema (every other app's at its end)."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    named = {app for app, _name in targets}
    others = [leaf for leaf in executor.loader.graph.leaf_nodes() if leaf[0] not in named]
    return executor.loader.project_state([target for target in targets if target[1]] + others).apps


def migrate_to_the_end() -> None:
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


def old_content_types(apps, *, fresh_ones_too: bool) -> dict[str, int]:
    """The moved models' content types under their old labels, as a database from before has them
    (migrating back to before relabelled the test database's); with `fresh_ones_too`, empty ones
    under the new labels too, as a `migrate` run between the deploy and these migrations would
    leave them."""
    OldContentType = apps.get_model("contenttypes", "ContentType")
    ids = {}
    for old, new, model in MOVED:
        assert not OldContentType.objects.filter(app_label=new, model=model).exists()
        ids[model] = OldContentType.objects.get_or_create(app_label=old, model=model)[0].pk
        if fresh_ones_too:
            OldContentType.objects.create(app_label=new, model=model)
    return ids


def a_database_from_before(apps) -> dict:
    """One user's data in every model that moves, written through the models of before."""
    User = apps.get_model("auth", "User")
    alice = User.objects.create(username="alice", email="alice@example.com")
    store = apps.get_model("stores", "Store").objects.create(
        slug="hairy-tarantula", name="Hairy Tarantula", homepage="https://hairy.example", platform="shopify",
        currency="CAD")
    apps.get_model("stores", "ChosenStore").objects.create(user=alice, store=store)
    card = apps.get_model("cards", "Card").objects.create(name="Lightning Bolt", search_name="lightning bolt")
    tracked = apps.get_model("cards", "TrackedCard").objects.create(user=alice, card=card, amount=5)
    CardSpecBefore = apps.get_model("cards", "CardSpec")
    CardSpecBefore.objects.create(tracked_card=tracked, amount=1)
    CardSpecBefore.objects.create(
        tracked_card=tracked, amount=4, set_code="m10", collector_number="146", finish="foil")
    check = apps.get_model("availability", "StoreCheck").objects.create(
        store=store, card=card, checked_at=CHECKED, status="ok")
    apps.get_model("availability", "AlertSettings").objects.create(
        user=alice, enabled=True, time_zone="America/Toronto", max_price=Decimal("3.00"),
        max_price_currency="CAD", frequency="daily", digest_hour=7)
    apps.get_model("availability", "AlertRule").objects.create(
        tracked_card=tracked, max_price=Decimal("2.50"), max_price_currency="CAD", finish="foil")
    notification = apps.get_model("availability", "Notification").objects.create(
        user=alice, kind="in_stock", text="Lightning Bolt (foil) is in stock at Hairy Tarantula",
        card=card, tracked_card=tracked, store=store, store_check=check, price=Decimal("2.25"),
        currency="CAD", created_at=CHECKED)
    apps.get_model("availability", "Delivery").objects.create(
        notification=notification, user=alice, channel="email", next_attempt_at=CHECKED)
    apps.get_model("availability", "ExchangeRate").objects.create(
        currency="CAD", per_euro=Decimal("1.4567"), as_of=date(2026, 11, 27), source="ECB")
    # A user who never saved alert settings has no zone to move.
    User.objects.create(username="bob")
    return {"alice": alice.pk, "tracked": tracked.pk, "check": check.pk, "notification": notification.pk}


def test_every_moved_model_reads_back_its_rows_and_its_content_type_follows(django_user_model):
    apps = migrate(BEFORE)
    before = a_database_from_before(apps)
    content_types = old_content_types(apps, fresh_ones_too=False)
    OldPermission = apps.get_model("auth", "Permission")
    given, _ = OldPermission.objects.get_or_create(
        content_type_id=content_types["alertsettings"], codename="change_alertsettings",
        defaults={"name": "Can change alert settings"})
    apps.get_model("auth", "User").objects.get(pk=before["alice"]).user_permissions.add(given)
    apps.get_model("admin", "LogEntry").objects.create(
        user_id=before["alice"], content_type_id=content_types["trackedcard"],
        object_id=str(before["tracked"]), object_repr="5× Lightning Bolt", action_flag=CHANGE,
        action_time=CHECKED)

    migrate_to_the_end()

    alice = django_user_model.objects.get(pk=before["alice"])
    tracked = TrackedCard.objects.get(pk=before["tracked"])
    assert (tracked.user, tracked.card.name, tracked.amount) == (alice, "Lightning Bolt", 5)
    specs = CardSpec.objects.filter(tracked_card=tracked)
    assert sorted((s.amount, s.set_code, s.collector_number, s.finish) for s in specs) == [
        (1, "", "", ""), (4, "m10", "146", "foil")]
    settings = AlertSettings.objects.get(user=alice)
    assert (settings.enabled, settings.max_price, settings.frequency, settings.digest_hour) == (
        True, Decimal("3.00"), "daily", 7)
    assert str(zone_of(alice)) == str(settings.zone) == "America/Toronto"  # the zone moved to the preferences
    bob = django_user_model.objects.get(username="bob")
    assert not Preferences.objects.filter(user=bob).exists() and str(zone_of(bob)) == "UTC"
    rule = AlertRule.objects.get(tracked_card=tracked)
    assert (rule.max_price, rule.finish) == (Decimal("2.50"), "foil")
    notification = Notification.objects.get(pk=before["notification"])
    assert notification.tracked_card == tracked
    assert notification.store_check == StoreCheck.objects.get(pk=before["check"])
    assert notification.text.startswith("Lightning Bolt (foil) is in stock")
    assert Delivery.objects.get(notification=notification).channel == "email"
    assert ExchangeRate.objects.get(currency="CAD").per_euro == Decimal("1.4567")

    for old, new, model in MOVED:
        moved = ContentType.objects.get(app_label=new, model=model)
        assert moved.pk == content_types[model], model  # the same row, relabelled
        assert not ContentType.objects.filter(app_label=old, model=model).exists(), model
    assert alice.has_perm("alerts.change_alertsettings")
    assert LogEntry.objects.get(object_id=str(before["tracked"])).content_type.model_class() is TrackedCard


def test_the_old_content_type_replaces_one_a_later_migrate_made_and_unapplying_moves_the_zone_back():
    apps = migrate(BEFORE)
    before = a_database_from_before(apps)
    content_types = old_content_types(apps, fresh_ones_too=True)

    migrate_to_the_end()

    for _old, new, model in MOVED:
        [moved] = ContentType.objects.filter(app_label=new, model=model)
        assert moved.pk == content_types[model], model
    Preferences.objects.filter(user_id=before["alice"]).update(time_zone="Europe/Paris")

    apps = migrate(BEFORE)
    AlertSettingsBefore = apps.get_model("availability", "AlertSettings")
    assert AlertSettingsBefore.objects.get(user_id=before["alice"]).time_zone == "Europe/Paris"
    assert apps.get_model("cards", "TrackedCard").objects.get(pk=before["tracked"]).amount == 5
    migrate_to_the_end()
    assert str(zone_of(before["alice"])) == "Europe/Paris"


@pytest.mark.django_db(databases="__all__")  # it checks each database's migration history
def test_the_models_need_no_migration_the_code_does_not_have():
    """Each model's state in the migrations is the model (a moved model's `db_table` included)."""
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
