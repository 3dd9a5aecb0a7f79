"""Each hostile mode of the sample store, through `manage.py scrape` and through a worker's check that
answers a signed-in browser's socket: offers without unsafe links, or a store error with its reason
within the deadline; the cell ends final, the store's health counts it, nothing is queued again.

(`tests/test_hostile_stores_worker.py` runs the same modes on a real qcluster process.)
"""

from __future__ import annotations


import pytest
from channels.db import database_sync_to_async
from django.db import DataError

from availability.checks import pipeline
from availability.checks.models import Offer, StoreCheck
from availability.live import protocol
from scrapers.offer import TEXT_LIMITS, currency_code
from stores.models import ChosenStore, Store
from tests.availability.conftest import Browser, queued_checks, run_queued_checks
from tests.support.commandline import run_manage

OFFERS = "offers"
# (mode, platform it is tried on, what comes out: offers, or words of the store error's reason)
CASES = [
    ("script", "woocommerce", OFFERS),
    ("script", "crystal_commerce", OFFERS),
    ("long", "woocommerce", OFFERS),
    ("long", "crystal_commerce", OFFERS),
    ("bad_currency", "woocommerce", OFFERS),
    ("bad_utf8", "woocommerce", OFFERS),
    ("bad_utf8", "crystal_commerce", OFFERS),
    ("html_for_json", "shopify", "answer not recognised: not JSON"),
    ("hang", "shopify", "the store took longer than 3 s in all"),
    ("trickle", "shopify", "the store took longer than 3 s in all"),
    ("huge", "shopify", "the store sent more than 5 MB"),
    ("redirect_loop", "shopify", "the store redirected us more than 5 times"),
    ("redirect_private", "shopify", "which we do not follow: localhost resolves to"),
]
IDS = [f"{mode}-{platform}" for mode, platform, _ in CASES]


@pytest.fixture(autouse=True)
def short_deadlines(settings):
    settings.STORE_REQUEST_TIMEOUT_SECONDS = 2
    settings.SCRAPE_TIMEOUT_SECONDS = 3


def assert_safe(offer: dict) -> None:
    """An offer a page can show as is: a web link or none, text that fits its column, a real currency."""
    assert offer["url"] == "" or offer["url"].startswith(("http://127.0.0.1:", "https://")), offer["url"]
    assert len(offer["url"]) <= 1000
    for field, limit in TEXT_LIMITS.items():
        assert len(offer[field] or "") <= limit, field
        assert "\x00" not in (offer[field] or "")
    assert currency_code(offer["currency"]) == offer["currency"]


def scrape(*args: str) -> tuple[int, str, str]:
    ran = run_manage("scrape", *args)
    return ran.code, ran.out, ran.err


@pytest.mark.django_db
@pytest.mark.parametrize("mode, platform, outcome", CASES, ids=IDS)
def test_manage_py_scrape_shows_safe_offers_or_the_store_error(sample_shops, sample_store, mode, platform, outcome):
    import json

    sample_store.set_fault(platform, hostile=mode)
    code, out, err = scrape("Lightning Bolt", "--store", sample_shops[platform].slug, "--json")
    if outcome == OFFERS:
        assert code == 0, err
        offers = json.loads(out)
        assert offers
        for offer in offers:
            assert_safe(offer)
    else:
        assert code == 1
        assert outcome in err


@database_sync_to_async
def choose_store(user, store: Store) -> None:
    ChosenStore.objects.create(user=user, store=store)


@database_sync_to_async
def health(store: Store) -> Store:
    return Store.objects.get(pk=store.pk)


@database_sync_to_async
def recorded(store: Store) -> tuple[list[str], list[dict]]:
    statuses = list(StoreCheck.objects.filter(store=store).values_list("status", flat=True))
    offers = list(Offer.objects.filter(store_check__store=store).values(
        "url", "currency", *TEXT_LIMITS))
    return statuses, offers


@database_sync_to_async
def ask_again(user, store: Store) -> dict:
    """What the dashboard's re-ask gets: the cell as recorded, not a new scrape."""
    return next(message for message in protocol.availability(user, "Lightning Bolt")
                if message["store_slug"] == store.slug)


async def check_through_the_socket(user, store: Store) -> dict:
    """Add the card from a browser, let the worker check the store, return the cell's final message."""
    async with Browser(user) as browser:
        await browser.send({"type": "add_card", "card": "Lightning Bolt"})
        cards_data, checking = await browser.receive(), await browser.receive()
        assert cards_data["type"] == "cards_data" and checking["status"] == "checking"
        assert await run_queued_checks() == 1
        final = await browser.receive(timeout=30)
    assert final["type"] == "card_availability_update" and final["store_slug"] == store.slug
    return final


@pytest.mark.django_db(transaction=True, databases="__all__")
@pytest.mark.parametrize("mode, platform, outcome", CASES, ids=IDS)
async def test_a_worker_check_of_a_hostile_store_ends_final_and_counts_toward_its_health(
    alice, sample_shops, sample_store, mode, platform, outcome
):
    store = sample_shops[platform]
    await choose_store(alice, store)
    sample_store.set_fault(platform, hostile=mode)

    final = await check_through_the_socket(alice, store)

    statuses, offers = await recorded(store)
    after = await health(store)
    if outcome == OFFERS:
        assert final["status"] == "in_stock" and final["items"]
        for item in final["items"]:
            assert_safe(item)
        assert statuses == ["ok"] and offers
        for offer in offers:
            assert_safe({**offer, "collector_number": offer["collector_number"]})
        assert after.consecutive_failures == 0 and after.last_success_at is not None
    else:
        assert final["status"] == "error" and final["items"] == []
        assert outcome in final["reason"]
        assert statuses == ["error"] and offers == []
        assert after.consecutive_failures == 1 and outcome in after.last_error_reason
    again = await ask_again(alice, store)
    assert again["status"] == final["status"]
    assert await queued_checks() == []


@pytest.mark.django_db(transaction=True, databases="__all__")
async def test_an_answer_that_cannot_be_recorded_ends_as_an_error_with_nothing_half_saved(
    alice, sample_shops, monkeypatch
):
    # Stands in for the database refusing a row (e.g. a value the boundary failed to bound).
    def refuse(*args, **kwargs):
        raise DataError("value too long for type character varying(3)")

    monkeypatch.setattr(Offer.objects, "bulk_create", refuse)
    store = sample_shops["shopify"]
    await choose_store(alice, store)

    final = await check_through_the_socket(alice, store)

    assert final["status"] == "error" and final["reason"] == pipeline.UNRECORDABLE
    statuses, offers = await recorded(store)
    assert statuses == ["error"] and offers == []  # the failed check's row went with its offers
    after = await health(store)
    assert after.consecutive_failures == 1 and after.last_error_reason == pipeline.UNRECORDABLE
    again = await ask_again(alice, store)
    assert again["status"] == "error"
    assert await queued_checks() == []
