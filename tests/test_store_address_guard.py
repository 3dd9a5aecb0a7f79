"""One address guard for every fetch made on someone's word: with private store addresses not
allowed (a deployment's default), the admin's "Add store from URL", `add_store`, a store's check and
its robots.txt reach public internet addresses only; loopback, link-local (the cloud metadata
address) and names resolving to them are refused before anything is sent. `make run` and the tests
allow them for the sample stores. Real HTTP: the sample store listens on 127.0.0.1, so a refusal is
the guard's, not a connection error."""

from __future__ import annotations

import pytest
from django.urls import reverse

from stores.models import Store
from tests.support.commandline import run_manage

ADD_FROM_URL = "admin:stores_store_add_from_url"


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user("admin", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def public_only(settings):
    settings.ALLOW_PRIVATE_STORE_ADDRESSES = False


def addresses(sample_store) -> dict[str, tuple[str, str]]:
    port = sample_store.server_address[1]
    return {
        "loopback": (f"http://127.0.0.1:{port}/shopify", "127.0.0.1 is a loopback address"),
        "metadata": ("http://169.254.169.254/latest/meta-data", "a link-local address (where cloud metadata"),
        "ipv6 loopback": (f"http://[::1]:{port}/shopify", "::1 is a loopback address"),
        "name": (f"http://localhost:{port}/shopify", "localhost resolves to"),
    }


@pytest.mark.parametrize("which", ["loopback", "metadata", "ipv6 loopback", "name"])
def test_the_admin_preview_refuses_private_addresses(admin_client, sample_store, public_only, which) -> None:
    url, reason = addresses(sample_store)[which]
    response = admin_client.post(reverse(ADD_FROM_URL), {"url": url})
    page = response.content.decode()
    assert response.status_code == 200
    assert "the home page could not be read: we do not fetch" in page and reason in page, page[-3000:]
    assert "Platform:" not in page and sample_store.requests() == 0  # nothing reached the store
    assert not Store.objects.exists()


def test_the_admin_preview_reads_a_loopback_store_when_the_site_allows_it(admin_client, sample_store) -> None:
    url, _ = addresses(sample_store)["name"]
    response = admin_client.post(reverse(ADD_FROM_URL), {"url": url})
    assert response.context["probe"].store.platform == "shopify"


def test_add_store_refuses_a_loopback_address(sample_store, public_only, db) -> None:
    url, _ = addresses(sample_store)["loopback"]
    ran = run_manage("add_store", url)
    assert "we do not fetch" in ran.out + ran.err and "loopback address" in ran.out + ran.err
    assert sample_store.requests() == 0 and not Store.objects.exists()


def test_a_check_of_a_store_at_a_private_address_is_a_store_error_that_says_so(
    sample_store, public_only, make_store, bolt
) -> None:
    from availability.checks.pipeline import scrape_and_record

    store = make_store("sample-shopify", platform="shopify", homepage=sample_store.base_url("shopify"))
    answer = scrape_and_record(store, bolt)
    assert answer.status == "error" and "we do not fetch" in answer.reason and "loopback" in answer.reason
    assert sample_store.requests() == 0
