"""Webhooks: posted in a shape Discord and Slack take, only ever to public addresses (checked when saved
and again when sent), never following redirects, retried with backoff, switched off when they keep
failing — while scrapes go on."""

from __future__ import annotations

import ssl
from datetime import UTC, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from availability.alerts import webhooks
from availability.alerts.deliveries import MAX_ATTEMPTS, claim, send_due_deliveries
from availability.alerts.models import AlertSettings, Delivery, Notification
from availability.checks.models import StoreCheck
from tests.alerts.conftest import Receiver, offer, result, run_queued_tasks, scrape, serving, settings_form

FORBIDDEN = [
    ("https://127.0.0.1/hook", "127.0.0.1 is a loopback address"),
    ("https://10.0.0.5/hook", "10.0.0.5 is a private network address"),
    ("https://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address (where cloud metadata"),
    ("https://192.168.1.20/hook", "192.168.1.20 is a private network address"),
    ("https://172.16.0.1/hook", "172.16.0.1 is a private network address"),
    ("https://0.0.0.0/hook", "0.0.0.0 is an unspecified address"),
    ("https://[::1]/hook", "::1 is a loopback address"),
    ("https://[fd00:ec2::254]/hook", "fd00:ec2::254 is a private network address"),
    ("https://[fe80::1]/hook", "fe80::1 is a link-local address"),
    ("https://[::ffff:127.0.0.1]/hook", "::ffff:127.0.0.1 is a loopback address"),
    ("https://localhost/hook", "localhost resolves to"),
    ("http://hooks.example.com/alerts", "webhook URLs must start with https://"),
]


def test_alerts_are_posted_with_content_for_discord_and_text_for_slack(monkeypatch, shop, bolt, watched_bolt, webhook_on):
    scrape(monkeypatch, shop, bolt, result(offer("3.50")))
    run_queued_tasks()

    [post] = webhook_on.posts
    line = "Lightning Bolt is in stock at Hairy Tarantula: NM, CAD 3.50 — https://shop.example.com/bolt-M10-nonfoil-NM"
    assert post["text"] == line
    # Discord reads a backslash-escaped colon as a colon; escaped, store text cannot make a link.
    assert post["content"] == line.replace("Tarantula:", "Tarantula\\:")
    [alert] = post["alerts"]
    assert alert | {"id": None, "created_at": None} == {
        "id": None, "kind": "in_stock", "text": "Lightning Bolt is in stock at Hairy Tarantula: NM, CAD 3.50",
        "card_name": "Lightning Bolt", "store_slug": "hairy-tarantula", "price": "3.50", "currency": "CAD",
        "condition": "NM", "finish": "nonfoil", "url": "https://shop.example.com/bolt-M10-nonfoil-NM",
        "created_at": None,
    }


# --- refused when saved ------------------------------------------------------------------------------


@pytest.mark.parametrize("url, message", FORBIDDEN, ids=[url for url, _ in FORBIDDEN])
def test_a_webhook_to_a_forbidden_address_is_refused_when_saved(alice_client, alice, resolver, url, message):
    response = alice_client.post(reverse("alert_settings"), settings_form(webhook_url=url))

    assert response.status_code == 200
    [error] = response.context["form"].errors["webhook_url"]
    assert message in error
    assert "public internet addresses" in error or "https://" in error
    assert AlertSettings.for_user(alice).webhook_url == ""


@pytest.mark.parametrize("address", ["10.0.0.5", "169.254.169.254", "127.0.0.1", "fc00::5"])
def test_a_name_that_resolves_to_a_forbidden_address_is_refused_when_saved(alice_client, alice, resolver, address):
    resolver["hooks.example.test"] = address

    response = alice_client.post(reverse("alert_settings"), settings_form(webhook_url="https://hooks.example.test/x"))

    [error] = response.context["form"].errors["webhook_url"]
    assert error.startswith(f"hooks.example.test resolves to {address}, which is a")
    assert AlertSettings.for_user(alice).webhook_url == ""


def test_a_name_that_resolves_to_a_public_address_is_saved(alice_client, alice, resolver):
    resolver["discord.example.test"] = "203.0.114.10"  # public (not a documentation range)

    response = alice_client.post(reverse("alert_settings"), settings_form(webhook_url="https://discord.example.test/api/webhooks/1/x"))

    assert response.status_code == 302
    assert AlertSettings.for_user(alice).webhook_url == "https://discord.example.test/api/webhooks/1/x"


# --- refused when sent -------------------------------------------------------------------------------


def test_a_name_that_resolves_to_a_forbidden_address_at_send_time_is_refused_and_switched_off(
    monkeypatch, alice_client, alice, shop, bolt, watched_bolt, receiver, resolver
):
    resolver["hooks.example.test"] = "203.0.114.10"
    alice_client.post(reverse("alert_settings"), settings_form(webhook_url="https://hooks.example.test/x"))
    resolver["hooks.example.test"] = "127.0.0.1"  # the name now points at this server (DNS rebinding)

    scrape(monkeypatch, shop, bolt, result(offer("3.50")))
    run_queued_tasks()

    assert receiver.posts == []
    delivery = Delivery.objects.get(channel="webhook")
    assert delivery.status == "failed"
    assert "hooks.example.test resolves to 127.0.0.1, which is a loopback address" in delivery.last_error
    preferences = AlertSettings.for_user(alice)
    assert not preferences.webhook_enabled
    notice = Notification.objects.get(kind="webhook_off")
    assert "resolves to 127.0.0.1, which is a loopback address" in notice.text


def test_a_forbidden_url_saved_before_the_checks_is_refused_at_send_time(
    monkeypatch, shop, bolt, watched_bolt, alert_settings, receiver
):
    # The receiver listens on 127.0.0.1, but only that literal host is allowed for tests: "localhost"
    # is a name that resolves to a loopback address, and must never be posted to.
    AlertSettings.objects.filter(pk=alert_settings.pk).update(
        webhook_url=receiver.url.replace("http://127.0.0.1", "https://localhost")
    )

    scrape(monkeypatch, shop, bolt, result(offer("3.50")))
    run_queued_tasks()

    assert receiver.posts == []
    assert "localhost resolves to" in Delivery.objects.get().last_error
    assert not AlertSettings.objects.get(pk=alert_settings.pk).webhook_enabled


def test_a_redirect_is_not_followed(monkeypatch, shop, bolt, watched_bolt, webhook_on):
    webhook_on.status = 302
    webhook_on.headers = {"Location": "http://169.254.169.254/latest/meta-data/"}

    scrape(monkeypatch, shop, bolt, result(offer("3.50")))
    run_queued_tasks()

    assert len(webhook_on.posts) == 1  # and nothing went to the address it pointed at
    delivery = Delivery.objects.get()
    assert delivery.status == "pending" and delivery.attempts == 1
    assert "redirect (HTTP 302 to http://169.254.169.254/latest/meta-data/)" in delivery.last_error


# --- failing webhooks --------------------------------------------------------------------------------


@pytest.mark.parametrize("failure, reason", [
    ({"status": 500}, "the webhook answered HTTP 500"),
    ({"delay": 0.6}, "the webhook did not answer within 0.2 s"),
], ids=["HTTP 500", "timeout"])
def test_a_failing_webhook_is_retried_with_backoff_then_switched_off_with_a_notice(
    monkeypatch, settings, shop, bolt, watched_bolt, webhook_on, pushes, failure, reason
):
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.2
    for name, value in failure.items():
        setattr(webhook_on, name, value)
    scrape(monkeypatch, shop, bolt, result(offer("3.50")))
    assert webhook_on.posts == []  # the scrape posts nothing itself: sending is a queued task
    delivery = Delivery.objects.get()

    moment = delivery.next_attempt_at
    attempts_at = []
    for wait in [timedelta(0), timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1)]:
        moment += wait
        assert send_due_deliveries(now=moment - timedelta(seconds=1)) == 0  # not due yet
        send_due_deliveries(now=moment)
        attempts_at.append(len(webhook_on.posts))
    assert attempts_at == [1, 2, 3, 4, 5] and MAX_ATTEMPTS == 5

    delivery.refresh_from_db()
    assert delivery.status == "failed" and delivery.attempts == 5
    assert delivery.last_error == f"5 attempts failed; the last: {reason}"
    preferences = AlertSettings.objects.get(user=watched_bolt.user)
    assert not preferences.webhook_enabled
    notice = Notification.objects.get(kind="webhook_off")
    assert notice.text == (f"Your webhook was switched off: 5 attempts failed; the last: {reason}. "
                           "Fix it, then save it again in your alert settings.")
    assert pushes[-1][1]["notification"]["kind"] == "webhook_off"

    # Scrapes go on: checks are saved and alerts still arrive in the app, just not on the webhook.
    scrape(monkeypatch, shop, bolt, result())
    scrape(monkeypatch, shop, bolt, result(offer("3.25")))
    assert StoreCheck.objects.count() == 3
    assert Notification.objects.filter(kind="back_in_stock").count() == 1
    assert send_due_deliveries(now=moment + timedelta(days=1)) == 0
    assert len(webhook_on.posts) == 5


def test_a_webhook_that_recovers_before_giving_up_gets_the_alert(monkeypatch, shop, bolt, watched_bolt, webhook_on):
    webhook_on.status = 503
    scrape(monkeypatch, shop, bolt, result(offer("3.50")))
    first = Delivery.objects.get().next_attempt_at
    send_due_deliveries(now=first)
    webhook_on.status = 200

    assert send_due_deliveries(now=first + timedelta(minutes=1)) == 1
    delivery = Delivery.objects.get()
    assert delivery.status == "sent" and delivery.attempts == 2 and delivery.last_error == ""
    assert AlertSettings.objects.get(user=watched_bolt.user).webhook_enabled


def test_saving_the_url_again_switches_a_webhook_back_on(alice_client, alice, webhook_on):
    AlertSettings.for_user(alice).switch_webhook_off("5 attempts failed")
    page = alice_client.get(reverse("alert_settings"))
    assert b"Your webhook is switched off: 5 attempts failed" in page.content

    alice_client.post(reverse("alert_settings"), settings_form(webhook_url=webhook_on.url))

    preferences = AlertSettings.for_user(alice)
    assert preferences.webhook_enabled and preferences.webhook_disabled_reason == ""


def test_two_workers_never_claim_the_same_delivery(monkeypatch, shop, bolt, watched_bolt, webhook_on):
    scrape(monkeypatch, shop, bolt, result(offer("3.50")))
    now = timezone.now()

    first = claim(watched_bolt.user_id, "webhook", now)
    second = claim(watched_bolt.user_id, "webhook", now)

    assert len(first) == 1 and second == []
    # A worker that died holding it lets another take it once the lease is over.
    assert len(claim(watched_bolt.user_id, "webhook", now + timedelta(minutes=6))) == 1


# --- the test button ---------------------------------------------------------------------------------


def test_the_test_button_posts_a_test_message(alice_client, webhook_on):
    response = alice_client.post(reverse("alert_test_webhook"), follow=True)

    assert [post["content"] for post in webhook_on.posts] == [
        "Test from LGS Stock Checker: alerts for your cards will arrive here."
    ]
    assert webhook_on.posts[0]["text"] == webhook_on.posts[0]["content"]
    assert "Test sent" in response.content.decode()


def test_the_test_button_says_why_a_test_failed(alice_client, webhook_on):
    webhook_on.status = 404

    response = alice_client.post(reverse("alert_test_webhook"), follow=True)

    assert "The test did not arrive: the webhook answered HTTP 404." in response.content.decode()


# --- https: the checked address, the real host name ----------------------------------------------------


@pytest.fixture
def certificate(tmp_path) -> tuple[str, str]:
    """A self-signed certificate (and its key) for hooks.example.test."""
    from datetime import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "hooks.example.test")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("hooks.example.test")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return str(cert_path), str(key_path)


@pytest.fixture
def tls_receiver(settings, resolver, certificate):
    """An https receiver on 127.0.0.1 known as hooks.example.test (and, wrongly, other.example.test)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    resolver["hooks.example.test"] = resolver["other.example.test"] = "127.0.0.1"
    settings.WEBHOOK_ALLOWED_HOSTS = ["hooks.example.test", "other.example.test"]
    settings.WEBHOOK_TIMEOUT_SECONDS = 2
    state = Receiver()
    with serving(state, context) as port:
        state.url = f"https://hooks.example.test:{port}/api/webhooks/1?wait=true"
        yield state


def test_https_posts_go_to_the_checked_address_under_the_real_host_name(monkeypatch, tls_receiver, certificate):
    monkeypatch.setattr(webhooks.certifi, "where", lambda: certificate[0])  # trust the test certificate

    webhooks.post_test(tls_receiver.url)

    port = tls_receiver.url.split(":")[2].split("/")[0]
    assert tls_receiver.requests == [(f"hooks.example.test:{port}", "/api/webhooks/1?wait=true")]


def test_an_untrusted_certificate_is_refused(tls_receiver):
    with pytest.raises(webhooks.WebhookError, match="TLS certificate was not accepted"):
        webhooks.post_test(tls_receiver.url)
    assert tls_receiver.posts == []


def test_a_certificate_for_another_name_is_refused(monkeypatch, tls_receiver, certificate):
    monkeypatch.setattr(webhooks.certifi, "where", lambda: certificate[0])

    with pytest.raises(webhooks.WebhookError, match="TLS certificate was not accepted"):
        webhooks.post_test(tls_receiver.url.replace("hooks.example.test", "other.example.test"))
    assert tls_receiver.posts == []


# --- store text is text -----------------------------------------------------------------------------

HOSTILE_NAME = "@everyone **FREE** <@&42> [claim](https://evil.example/x) <!channel> _x_"


def test_store_text_reaches_discord_and_slack_as_text_and_pings_no_one(monkeypatch, shop, bolt, watched_bolt, webhook_on):
    shop.name = HOSTILE_NAME
    shop.save()
    scrape(monkeypatch, shop, bolt, result(offer("3.50")))
    run_queued_tasks()

    [post] = webhook_on.posts
    assert post["allowed_mentions"] == {"parse": []}
    discord = post["content"]
    assert r"\@everyone \*\*FREE\*\* \<\@&42\> \[claim\]\(https\://evil.example/x\) \<!channel\> \_x\_" in discord
    assert "— https://shop.example.com/bolt-M10-nonfoil-NM" in discord  # our own link stays a link
    assert post["mrkdwn"] is False
    slack = post["text"]
    assert "@everyone **FREE** &lt;@&amp;42&gt; [claim](https://evil.example/x) &lt;!channel&gt; _x_" in slack
    assert "<" not in slack.replace("&lt;", "") and ">" not in slack.replace("&gt;", "")


def test_a_store_link_that_is_not_a_web_link_is_left_out_of_the_message(monkeypatch, shop, bolt, watched_bolt, webhook_on):
    scrape(monkeypatch, shop, bolt, result(offer("3.50")))
    Notification.objects.update(offer_url="javascript:fetch('/account/')")
    send_due_deliveries()

    [post] = webhook_on.posts
    assert "javascript" not in post["content"] and "javascript" not in post["text"]
    assert post["text"] == "Lightning Bolt is in stock at Hairy Tarantula: NM, CAD 3.50"
