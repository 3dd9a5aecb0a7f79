"""The admin's store tools: "Add store from URL" (detect, probe, preview, then save), the test page's
request log and verdict, and the robots.txt status on the store page. Real HTTP to the sample stores."""

from __future__ import annotations

from io import StringIO

import lxml.html
import pytest
from django.core.management import call_command
from django.urls import reverse

from stores.models import Store

ADD_FROM_URL = "admin:stores_store_add_from_url"


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user("admin", is_staff=True, is_superuser=True))
    return client


def test_the_store_list_links_to_add_from_url(admin_client, db) -> None:
    response = admin_client.get(reverse("admin:stores_store_changelist"))
    assert reverse(ADD_FROM_URL).encode() in response.content and b"Add store from URL" in response.content


def test_it_previews_what_it_found_and_saves_nothing_until_confirmed(admin_client, sample_store) -> None:
    response = admin_client.post(reverse(ADD_FROM_URL), {"url": sample_store.base_url("binderpos"), "name": ""})
    assert response.status_code == 200
    probe = response.context["probe"]
    assert probe.store.platform == "binderpos"
    assert probe.store.settings == {"shop": "sample-games", "api_url": f"{sample_store.url}/binderpos-api"}
    page = response.content.decode()
    assert "Platform: binderpos" in page and "recognised: 2 offers in stock" in page
    assert page.count("<tr><td>GET ") + page.count("<tr><td>POST ") == len(probe.requests) >= 2
    assert not Store.objects.exists()

    confirm = {"confirm": "1", "url": probe.store.base_url, "name": probe.store.name, "slug": probe.store.slug,
               "platform": "binderpos", "currency": "USD", "settings": response.context["settings_json"]}
    saved = admin_client.post(reverse(ADD_FROM_URL), confirm)
    store = Store.objects.get()
    assert saved.status_code == 302 and saved.url == reverse("admin:stores_store_change", args=[store.pk])
    assert (store.platform, store.settings, store.homepage) == ("binderpos", probe.store.settings, probe.store.base_url)


def test_the_preview_says_where_the_currency_came_from_and_lists_the_offers_read(admin_client, sample_store) -> None:
    response = admin_client.post(reverse(ADD_FROM_URL), {"url": sample_store.base_url("shopify")})
    page = lxml.html.fromstring(response.content)
    assert "USD (from Shopify.currency)" in page.get_element_by_id("found").text_content()
    assert page.get_element_by_id("offers-read").text_content() == "Offers read: 2 (below)"


def test_an_address_already_in_the_directory_is_a_form_error_and_nothing_is_asked(
    admin_client, sample_store, make_store
) -> None:
    existing = make_store("hairy-tarantula", name="Hairy Tarantula", homepage=sample_store.base_url("shopify"))
    sample_store.reset()
    response = admin_client.post(reverse(ADD_FROM_URL), {"url": sample_store.base_url("shopify").upper() + "/"})
    error = lxml.html.fromstring(response.content).get_element_by_id("error")
    assert "already in the directory as Hairy Tarantula (hairy-tarantula)" in error.text_content()
    assert error.xpath(".//a/@href") == [reverse("admin:stores_store_change", args=[existing.pk])]
    assert "probe" not in response.context and sample_store.requests() == 0


def test_confirming_an_address_already_in_the_directory_saves_nothing(admin_client, make_store) -> None:
    make_store("hairy-tarantula", name="Hairy Tarantula", homepage="https://www.hairyt.com/")
    confirm = {"confirm": "1", "url": "https://hairyt.com", "name": "Hairy T", "slug": "hairy-t",
               "platform": "shopify", "currency": "CAD", "settings": "{}"}
    response = admin_client.post(reverse(ADD_FROM_URL), confirm)
    assert "Not saved: https://hairyt.com is already in the directory as Hairy Tarantula (hairy-tarantula)" in (
        response.content.decode())
    assert Store.objects.count() == 1


def test_confirming_settings_that_do_not_validate_saves_nothing(admin_client, db) -> None:
    confirm = {"confirm": "1", "url": "https://shop.example", "name": "Shop", "slug": "shop",
               "platform": "binderpos", "currency": "USD", "settings": '{"mode": "scrape"}'}
    response = admin_client.post(reverse(ADD_FROM_URL), confirm)
    assert "Not saved: " in response.content.decode() and "must be one of" in response.content.decode()
    assert not Store.objects.exists()


def test_an_unknown_site_offers_the_css_selector_form(admin_client, sample_store) -> None:
    response = admin_client.post(reverse(ADD_FROM_URL), {"url": sample_store.base_url("css")})
    assert b"Unknown platform" in response.content
    form = admin_client.get(response.context["css_form_url"])
    initial = form.context["adminform"].form.initial
    assert (initial["platform"], initial["homepage"]) == ("css", sample_store.base_url("css"))


def test_a_site_that_does_not_answer_says_so(admin_client, db) -> None:
    response = admin_client.post(reverse(ADD_FROM_URL), {"url": "http://127.0.0.1:9"})
    assert b"the home page could not be read: store unreachable" in response.content


def test_non_staff_cannot_add_stores_from_a_url(alice_client, db) -> None:
    response = alice_client.post(reverse(ADD_FROM_URL), {"url": "http://127.0.0.1:9"})
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))


@pytest.fixture
def sample_shop(sample_store, db):
    call_command("register_sample_stores", "--url", sample_store.url, stdout=StringIO())
    return Store.objects.get(slug="sample-crystal-commerce")


def test_the_test_page_shows_each_request_and_the_verdict(admin_client, sample_shop, sample_store) -> None:
    response = admin_client.get(reverse("admin:stores_store_test", args=[sample_shop.pk]), {"card": "Counterspell"})
    page = response.content.decode()
    assert "recognised: 5 offers in stock" in page
    assert "Products:</strong> 4 seen, 4 matched" in page  # one product per printing and finish
    assert page.count("/crystal_commerce/products/search?q=Counterspell") == sample_store.requests("crystal_commerce")
    assert "robots.txt:</strong> allows our searches" in page


def test_the_test_page_tells_sold_out_from_not_carried(admin_client, sample_shop) -> None:
    test_page = reverse("admin:stores_store_test", args=[sample_shop.pk])
    sold_out = admin_client.get(test_page, {"card": "Mana Crypt"}).content.decode()
    assert "has no Mana Crypt in stock" in sold_out and "Products:</strong> 1 seen, 1 matched" in sold_out
    not_carried = admin_client.get(test_page, {"card": "Black Lotus"}).content.decode()
    assert "has no Black Lotus in stock" in not_carried
    assert "Products:</strong> 0 seen, 0 matched" in not_carried


def test_the_test_page_tells_an_unrecognised_page_from_a_down_store(admin_client, sample_shop, sample_store) -> None:
    sample_store.set_fault("crystal_commerce", malformed=True)
    page = admin_client.get(reverse("admin:stores_store_test", args=[sample_shop.pk]), {"card": "Sol Ring"}).content
    assert b"Verdict:</strong> not recognised: " in page
    assert b"Products:</strong> none read: no results page was recognised" in page
    sample_store.set_fault("crystal_commerce", status=429, retry_after="900")
    page = admin_client.get(reverse("admin:stores_store_test", args=[sample_shop.pk]), {"card": "Opt"}).content
    assert b"Verdict:</strong> store failed: the store is rate-limiting us" in page and b"Retry-After: 900" in page


def test_the_store_page_shows_robots_txt_as_the_last_check_read_it(admin_client, sample_shop, sample_store) -> None:
    change = reverse("admin:stores_store_change", args=[sample_shop.pk])
    assert b"not read yet" in admin_client.get(change).content
    sample_store.set_robots("User-agent: *\nCrawl-delay: 3\nDisallow: /crystal_commerce/products/\n")
    admin_client.get(reverse("admin:stores_store_test", args=[sample_shop.pk]), {"card": "Sol Ring"})
    page = admin_client.get(change).content.decode()
    assert "DISALLOWS our searches" in page and "crawl delay 3 s" in page
