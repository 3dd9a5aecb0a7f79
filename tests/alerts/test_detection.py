"""Which checks alert whom: one alert per change of state, on every channel, the first check included;
errors never count as out of stock; each user is judged by their own specs and rule."""

from __future__ import annotations

from decimal import Decimal

from django_q.models import OrmQ

from availability.alerts import detection
from availability.alerts.models import AlertSettings, Delivery, Notification
from availability.checks.models import StoreCheck
from cards.wishlist.models import CardSpec, TrackedCard
from tests.alerts.conftest import LONG_AGO, error, offer, result, run_queued_tasks, scrape

# out → in → in at the same price → price drop → error → in → out → in
SEQUENCE = [
    ("out of stock", result(), None),
    ("in stock", result(offer("10.00")), "Lightning Bolt is in stock at Hairy Tarantula: NM, CAD 10.00"),
    ("in stock at the same price", result(offer("10.00")), None),
    ("a lower price", result(offer("8.00")), "Lightning Bolt dropped to CAD 8.00 at Hairy Tarantula: NM (was CAD 10.00)"),
    ("a store error", error(), None),
    ("in stock after the error", result(offer("8.00")), None),
    ("out of stock", result(), None),
    ("in stock again", result(offer("8.00")), "Lightning Bolt is back in stock at Hairy Tarantula: NM, CAD 8.00"),
]


def test_each_change_of_state_alerts_once_on_every_channel(
    monkeypatch, shop, bolt, watched_bolt, email_on, webhook_on, mailoutbox, pushes
):
    for step, answer, expected in SEQUENCE:
        seen = (Notification.objects.count(), len(mailoutbox), len(webhook_on.posts), len(pushes))
        scrape(monkeypatch, shop, bolt, answer)
        ran = run_queued_tasks()  # what the worker would do next

        in_app = [n.text for n in Notification.objects.order_by("pk")[seen[0]:]]
        emails = [m.subject for m in mailoutbox[seen[1]:]]
        posts = webhook_on.texts()[seen[2]:]
        live = [message["notification"]["text"] for _user, message in pushes[seen[3]:]]
        if expected is None:
            assert (in_app, emails, posts, live, ran) == ([], [], [], [], []), step
        else:
            assert in_app == live == emails == [expected], step
            assert posts == [f"{expected} — https://shop.example.com/bolt-M10-nonfoil-NM"], step

    assert [n.kind for n in Notification.objects.order_by("pk")] == ["in_stock", "price_drop", "back_in_stock"]
    # History grows with change: the check that found the same price again wrote no row.
    assert StoreCheck.objects.count() == len(SEQUENCE) - 1
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    assert [message["unread"] for _user, message in pushes] == [1, 2, 3]


def test_the_first_check_alerts_when_it_already_matches(monkeypatch, shop, bolt, watched_bolt):
    scrape(monkeypatch, shop, bolt, result(offer("3.50")))

    [notification] = Notification.objects.all()
    assert notification.kind == "in_stock" and notification.price == Decimal("3.50")


def test_an_error_between_two_in_stock_checks_alerts_nobody(monkeypatch, shop, bolt, watched_bolt):
    scrape(monkeypatch, shop, bolt, result(offer("3.50")))
    scrape(monkeypatch, shop, bolt, error())
    scrape(monkeypatch, shop, bolt, error("the store is rate-limiting us"))
    scrape(monkeypatch, shop, bolt, result(offer("3.50")))

    assert Notification.objects.count() == 1


def test_a_first_check_that_is_an_error_alerts_nobody_and_the_next_one_still_counts_as_first(
    monkeypatch, shop, bolt, watched_bolt
):
    scrape(monkeypatch, shop, bolt, error())
    assert Notification.objects.count() == 0
    scrape(monkeypatch, shop, bolt, result(offer("3.50")))
    assert [n.kind for n in Notification.objects.all()] == ["in_stock"]


def test_a_higher_price_alerts_nobody(monkeypatch, shop, bolt, watched_bolt):
    scrape(monkeypatch, shop, bolt, result(offer("3.50")))
    scrape(monkeypatch, shop, bolt, result(offer("4.00")))
    assert Notification.objects.count() == 1


def test_the_same_check_is_judged_once_even_if_the_hook_runs_twice(monkeypatch, shop, bolt, watched_bolt, pushes):
    check = scrape(monkeypatch, shop, bolt, result(offer("3.50")))
    detection.on_check_completed(check)

    assert Notification.objects.count() == 1
    assert len(pushes) == 1


def test_checks_from_before_the_user_tracked_the_card_do_not_count_as_previous(
    monkeypatch, shop, bolt, watched_bolt, bob, choose
):
    scrape(monkeypatch, shop, bolt, result(offer("3.50")))
    AlertSettings.objects.create(user=bob, enabled=True, enabled_at=LONG_AGO)
    choose(bob, shop)
    TrackedCard.objects.create(user=bob, card=bolt)

    scrape(monkeypatch, shop, bolt, result(offer("3.50")))  # bob's first check; alice has seen it before

    assert [(n.user.username, n.kind) for n in Notification.objects.order_by("pk")] == [
        ("alice", "in_stock"), ("bob", "in_stock"),
    ]


def test_switching_alerts_on_takes_what_is_known_as_a_quiet_baseline(
    monkeypatch, shop, bolt, watched_bolt, alert_settings
):
    alert_settings.enabled = False
    alert_settings.save()
    scrape(monkeypatch, shop, bolt, result(offer("3.50")))
    assert Notification.objects.count() == 0

    from django.utils import timezone

    alert_settings.enabled, alert_settings.enabled_at = True, timezone.now()
    alert_settings.save()
    scrape(monkeypatch, shop, bolt, result(offer("3.50")))  # still as it was: no news
    assert Notification.objects.count() == 0
    scrape(monkeypatch, shop, bolt, result(offer("3.00")))  # a change after switch-on is news
    assert [n.kind for n in Notification.objects.all()] == ["price_drop"]


def test_each_user_is_judged_by_their_own_specs(monkeypatch, shop, bolt, watched_bolt, bob, choose):
    AlertSettings.objects.create(user=bob, enabled=True, enabled_at=LONG_AGO)
    choose(bob, shop)
    bobs = TrackedCard.objects.create(user=bob, card=bolt)
    TrackedCard.objects.filter(pk=bobs.pk).update(created_at=LONG_AGO)
    CardSpec.objects.create(tracked_card=bobs, finish="foil")

    scrape(monkeypatch, shop, bolt, result(offer("2.00")))  # non-foil only: alice's news, not bob's
    scrape(monkeypatch, shop, bolt, result(offer("2.00"), offer("9.00", finish="foil")))

    assert [(n.user.username, n.kind, n.price) for n in Notification.objects.order_by("pk")] == [
        ("alice", "in_stock", Decimal("2.00")),
        ("bob", "in_stock", Decimal("9.00")),
    ]
    assert Notification.objects.get(user=bob).text == "Lightning Bolt (foil) is in stock at Hairy Tarantula: NM, CAD 9.00"


def test_users_who_do_not_shop_at_the_store_or_have_alerts_off_hear_nothing(
    monkeypatch, shop, bolt, watched_bolt, bob, make_user, make_store, choose
):
    TrackedCard.objects.create(user=bob, card=bolt)  # alerts on, but shops elsewhere
    AlertSettings.objects.create(user=bob, enabled=True, enabled_at=LONG_AGO)
    choose(bob, make_store("elsewhere"))
    carol = make_user("carol")  # shops there, alerts never switched on
    choose(carol, shop)
    TrackedCard.objects.create(user=carol, card=bolt)

    scrape(monkeypatch, shop, bolt, result(offer("3.50")))

    assert [n.user.username for n in Notification.objects.all()] == ["alice"]


def test_a_card_whose_rule_is_off_alerts_nobody(monkeypatch, shop, bolt, watched_bolt):
    from availability.alerts.models import AlertRule

    AlertRule.objects.create(tracked_card=watched_bolt, enabled=False)
    scrape(monkeypatch, shop, bolt, result(offer("3.50")))
    assert Notification.objects.count() == 0


def test_a_broken_alert_step_never_breaks_the_scrape(monkeypatch, shop, bolt, watched_bolt):
    def broken(check):
        raise RuntimeError("a bug in alerts")

    monkeypatch.setattr(detection, "record_alerts", broken)
    check = scrape(monkeypatch, shop, bolt, result(offer("3.50")))

    assert check.status == "ok" and check.offers.count() == 1
    assert Notification.objects.count() == 0


def test_immediate_sending_is_queued_as_a_task_not_done_in_the_scrape(
    monkeypatch, shop, bolt, watched_bolt, email_on, mailoutbox
):
    scrape(monkeypatch, shop, bolt, result(offer("3.50")))

    assert mailoutbox == []  # the scrape itself sends nothing
    assert OrmQ.objects.count() == 1
    assert run_queued_tasks() == ["availability.alerts.deliveries.send_due_deliveries"]
    assert [m.subject for m in mailoutbox] == ["Lightning Bolt is in stock at Hairy Tarantula: NM, CAD 3.50"]


def test_an_offer_listed_with_no_copies_is_not_in_stock(monkeypatch, shop, bolt, watched_bolt):
    scrape(monkeypatch, shop, bolt, result(offer("3.50", quantity=0)))
    assert Notification.objects.count() == 0
