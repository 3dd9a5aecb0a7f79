"""Admins manage stores: settings are validated against the platform with a readable error."""

from __future__ import annotations

import pytest
from django.urls import reverse

from scrapers.result import SearchResult
from stores.models import Store


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user("admin", is_staff=True, is_superuser=True))
    return client


def store_form(**overrides) -> dict:
    data = {
        "name": "Hairy Tarantula", "slug": "hairy-tarantula", "homepage": "https://www.hairyt.com",
        "enabled": "on", "city": "Toronto", "region": "Ontario", "platform": "binderpos",
        "settings": '{"shop": "hairytarantula.myshopify.com"}', "currency": "CAD",
        "requests_per_second": "1.0", "cache_ttl_minutes": "", "inventory_mode": "search",
        "games": '["magic"]',
    }
    return {**data, **overrides}


def test_an_admin_adds_a_store_with_valid_settings(admin_client):
    response = admin_client.post(reverse("admin:stores_store_add"), store_form())
    assert response.status_code == 302, response.content
    store = Store.objects.get(slug="hairy-tarantula")
    assert store.settings == {"shop": "hairytarantula.myshopify.com"}


def test_settings_missing_a_required_value_get_a_readable_error(admin_client):
    response = admin_client.post(reverse("admin:stores_store_add"), store_form(platform="css", settings="{}"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["settings"]
    assert any("css needs 'search_path'" in error for error in errors), errors
    assert not Store.objects.exists()


def test_settings_with_an_unknown_key_get_a_readable_error(admin_client):
    response = admin_client.post(
        reverse("admin:stores_store_add"), store_form(platform="shopify", settings='{"shp": "x"}')
    )
    errors = response.context["adminform"].form.errors["settings"]
    assert any("unknown setting 'shp' for shopify" in error for error in errors), errors


def test_the_store_list_filters_by_platform_and_health_is_shown(admin_client, make_store):
    make_store("cc-store", platform="crystal_commerce")
    failing = make_store("shopify-store", platform="shopify")
    failing.record_check(SearchResult.error("store unreachable"))
    response = admin_client.get(reverse("admin:stores_store_changelist"), {"platform__exact": "shopify"})
    assert response.status_code == 200
    assert [s.slug for s in response.context["cl"].result_list] == ["shopify-store"]
    assert b"failing" in response.content and b"store unreachable" in response.content


def test_admins_disable_stores_in_bulk(admin_client, make_store):
    store = make_store("a-store")
    admin_client.post(
        reverse("admin:stores_store_changelist"), {"action": "disable", "_selected_action": [store.pk]}
    )
    store.refresh_from_db()
    assert store.enabled is False


@pytest.mark.parametrize(
    "model", ["stores_store", "stores_chosenstore", "cards_card", "cards_magicset", "cards_printing",
              "wishlist_trackedcard", "availability_storecheck", "alerts_alertsettings",
              "alerts_notification", "alerts_delivery"],
)
def test_every_admin_list_opens(admin_client, model, bolt):
    assert admin_client.get(reverse(f"admin:{model}_changelist")).status_code == 200


@pytest.fixture
def sample_shop(sample_store, db):
    from io import StringIO

    from django.core.management import call_command

    call_command("register_sample_stores", "--url", sample_store.url, stdout=StringIO())
    return Store.objects.get(slug="sample-tcgplayer-pro")


def test_test_this_store_shows_offers_requests_and_time(admin_client, sample_shop):
    response = admin_client.get(reverse("admin:stores_store_test", args=[sample_shop.pk]), {"card": "Lightning Bolt"})
    assert response.status_code == 200
    result = response.context["result"]
    assert result.status == "ok" and result.requests >= 1
    assert response.context["offers"] and all("Lightning Bolt" in o["name"] for o in response.context["offers"])
    assert b"request" in response.content and b" s</h2>" in response.content


def test_test_this_store_shows_the_error(admin_client, sample_shop, sample_store):
    sample_store.set_fault("tcgplayer_pro", malformed=True)
    response = admin_client.get(reverse("admin:stores_store_test", args=[sample_shop.pk]), {"card": "Sol Ring"})
    assert response.context["result"].status == "error"
    assert b'id="reason"' in response.content


def test_the_test_action_opens_the_test_page_for_the_selected_store(admin_client, sample_shop):
    response = admin_client.post(
        reverse("admin:stores_store_changelist"), {"action": "test_store", "_selected_action": [sample_shop.pk]}
    )
    assert response.status_code == 302
    assert response.url == reverse("admin:stores_store_test", args=[sample_shop.pk])


def test_non_staff_cannot_test_a_store(alice_client, sample_shop):
    response = alice_client.get(reverse("admin:stores_store_test", args=[sample_shop.pk]), {"card": "Sol Ring"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_an_admin_sets_the_games_a_store_sells_and_an_unknown_one_is_refused(admin_client):
    response = admin_client.post(reverse("admin:stores_store_add"), store_form(games='["magic", "pokemon"]'))
    assert response.status_code == 302
    assert Store.objects.get(slug="hairy-tarantula").games == ["magic", "pokemon"]
    refused = admin_client.post(reverse("admin:stores_store_add"), store_form(slug="other", games='["magic", "chess"]'))
    assert refused.status_code == 200 and "unknown game chess" in refused.content.decode()
    assert not Store.objects.filter(slug="other").exists()
