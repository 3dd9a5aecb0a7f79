from __future__ import annotations

import pytest

import scrapers
from scrapers.sample_store import sample_store_definitions


def test_every_platform_has_a_choice_label_and_a_module() -> None:
    assert [value for value, _ in scrapers.PLATFORM_CHOICES] == list(scrapers.PLATFORMS)
    assert dict(scrapers.PLATFORM_CHOICES)["tcgplayer_pro"] == "TCGplayer Pro"


@pytest.mark.parametrize("definition", sample_store_definitions("http://127.0.0.1:8765"), ids=lambda d: d["slug"])
def test_the_sample_stores_settings_are_valid(definition) -> None:
    assert scrapers.validate_settings(definition["platform"], definition["settings"]) == []


def test_it_explains_a_missing_required_setting() -> None:
    assert scrapers.validate_settings("css", {}) == [
        "css needs 'search_path', the search page path with {query}, e.g. '/search?q={query}&page={page}'",
        "css needs 'selectors', where products, names and prices are on the page",
    ]


def test_a_binderpos_store_without_its_shop_is_valid_it_is_read_through_its_listing() -> None:
    assert scrapers.validate_settings("binderpos", {}) == []
    assert scrapers.validate_settings("binderpos", {"mode": "html"}) == []


def test_it_names_unknown_settings() -> None:
    assert scrapers.validate_settings("shopify", {"foo": 1}) == ["unknown setting 'foo' for shopify"]


def test_it_rejects_wrong_types_and_values() -> None:
    assert scrapers.validate_settings("crystal_commerce", {"max_pages": "3"}) == ["'max_pages' must be a whole number"]
    assert scrapers.validate_settings("crystal_commerce", {"max_pages": True}) == ["'max_pages' must be a whole number"]
    assert scrapers.validate_settings("crystal_commerce", {"max_pages": 0}) == ["'max_pages' must be at least 1"]
    assert scrapers.validate_settings("binderpos", {"shop": "x", "mode": "scrape"}) == [
        "'mode' must be one of 'api', 'html'"
    ]
    assert scrapers.validate_settings("conduct", {"api_url": "api.example"}) == [
        "'api_url' must start with http:// or https://"
    ]
    assert scrapers.validate_settings("shopify", {"product_types": "("}) == [
        "'product_types' is not a valid regular expression"
    ]
    assert scrapers.validate_settings("shopify", []) == ["settings for shopify must be a JSON object"]


def test_it_checks_css_selectors_compile() -> None:
    errors = scrapers.validate_settings(
        "css", {"search_path": "/s?q={query}", "selectors": {"results": "//main", "product": ".//div[", "name": "./a"}}
    )
    assert len(errors) == 1
    assert "needs 'price'" in errors[0] and "'product': invalid XPath" in errors[0]


def test_it_rejects_an_unknown_platform() -> None:
    assert scrapers.validate_settings("magento", {}) == ["unknown platform 'magento'"]
