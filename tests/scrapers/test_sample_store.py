from __future__ import annotations

import requests

from scrapers.sample_store import running_sample_store, sample_store_definitions


def test_it_defines_one_store_per_platform_on_the_server() -> None:
    definitions = sample_store_definitions("http://127.0.0.1:8765/")
    platforms = {d["platform"] for d in definitions}
    assert platforms == {"crystal_commerce", "shopify", "binderpos", "conduct", "tcgplayer_pro", "woocommerce", "css"}
    shopify = next(d for d in definitions if d["platform"] == "shopify")
    assert shopify["base_url"] == shopify["homepage"] == "http://127.0.0.1:8765/shopify"
    assert len({d["slug"] for d in definitions}) == len(definitions)


def test_it_flips_faults_and_reports_counts_over_http(sample_store) -> None:
    control = sample_store.url + "/_control"
    requests.post(control, json={"platform": "woocommerce", "fault": {"status": 503, "times": 1}}, timeout=2)
    url = sample_store.base_url("woocommerce") + "/wp-json/wc/store/v1/products?search=sol"
    assert requests.get(url, timeout=2).status_code == 503
    assert requests.get(url, timeout=2).status_code == 200
    assert requests.get(control, timeout=2).json()["requests"] == {"woocommerce": 2}
    requests.post(control, json={"reset": True}, timeout=2)
    assert sample_store.counts() == {}


def test_it_answers_conduct_like_conduct_for_unknown_operations(sample_store) -> None:
    response = requests.post(sample_store.url + "/conduct-api/v1/noSuchThing", data="{}", timeout=2)
    assert response.status_code == 502


def test_it_starts_on_a_free_port_and_stops() -> None:
    with running_sample_store() as server:
        config = server.store_config("shopify")
        assert config.base_url.startswith(server.url) and config.platform == "shopify"
        assert requests.get(server.base_url("shopify") + "/search/suggest.json?q=sol", timeout=2).ok
    try:
        requests.get(server.url, timeout=0.5)
        reachable = True
    except requests.ConnectionError:
        reachable = False
    assert not reachable
