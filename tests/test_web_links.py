"""The one rule for store links: only an absolute http(s) URL with a host may become a link."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from lgs_checker.weblinks import web_url

SAFE = ["https://shop.example.com/products/bolt?variant=1", "http://127.0.0.1:8123/catalog/x", "HTTPS://SHOP.EXAMPLE/x"]
UNSAFE = [
    "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "java\nscript:alert(1)", "\x01javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)", "//evil.example/x", "/products/bolt", "https:evil.example", "http://", "",
    "https://shop.example.com/a b", "mailto:owner@example.com", None, 42,
]


@pytest.mark.parametrize("url", SAFE)
def test_absolute_web_urls_are_links(url):
    assert web_url(url) == url


@pytest.mark.parametrize("url", UNSAFE)
def test_anything_else_is_not(url):
    assert web_url(url) == ""


def test_the_template_filter_applies_the_same_rule():
    template = Template("{% load weblinks %}[{{ good|web_url }}][{{ bad|web_url }}]")
    rendered = template.render(Context({"good": SAFE[0], "bad": UNSAFE[0]}))
    assert rendered == f"[{SAFE[0].replace('&', '&amp;')}][]"
