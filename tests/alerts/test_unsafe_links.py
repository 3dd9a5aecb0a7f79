"""A store link that is not an absolute http(s) URL is never a link in what we send or render:
the alert email leaves out its "Buy" line (the browser test covers the pages)."""

from __future__ import annotations

from availability.alerts.deliveries import send_due_deliveries
from availability.alerts.models import Notification
from tests.alerts.conftest import offer, result, scrape


def test_an_alert_email_leaves_out_a_link_that_is_not_a_web_link(monkeypatch, shop, bolt, watched_bolt, email_on,
                                                                 mailoutbox):
    scrape(monkeypatch, shop, bolt, result(offer("3.50")))
    Notification.objects.update(offer_url="javascript:fetch('/account/')")
    send_due_deliveries()

    [message] = mailoutbox
    assert "javascript" not in message.body
    assert "Buy:" not in message.body
    assert "Price:     CAD 3.50" in message.body
