"""The currency a shop's page states, for filling a new store's currency from its home page.

    stated_currency(html) -> StatedCurrency(code, evidence)   # code None: the page does not say

Read in order of how plainly the page says it:
1. Shopify's storefront object, `Shopify.currency = {"active": "GBP", …}` [F real BinderPOS pages];
2. a price-currency meta tag: `og:price:currency`, `product:price:currency`, schema.org's
   `itemprop="priceCurrency"` [I: Open Graph and schema.org vocabularies];
3. the prices a buyer reads: "£0.80" [F Crystal Commerce UK pages], "€1,50", "CA$ 1.25",
   "A$2.00", "CAD 1.25"… The most frequent wins.

A bare "$" does not say which dollar (US, Canadian, Australian…): it is reported, not guessed, and
the caller keeps its default. Scripts and styles are left out of the price count: a cart's
`"currency":"USD"` placeholder (every Crystal Commerce page carries one, whatever the shop sells
in) and a script's "$1" are not prices.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html import unescape


@dataclass(frozen=True)
class StatedCurrency:
    code: str | None  # ISO 4217, or None when the page does not say
    evidence: str  # how the page said it, or what it showed instead


_SHOPIFY = re.compile(r"""Shopify\.currency\s*=\s*\{[^}]*?["']active["']\s*:\s*["']([A-Za-z]{3})["']""")
_META = re.compile(r"<meta\b[^>]*>", re.I)
_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_META_NAMES = {"og:price:currency", "product:price:currency", "pricecurrency"}
_NOT_TEXT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
# Most specific first: "CA$" is Canadian before "$" is anything.
_AMOUNT = r"\s?\d"
_PRICE_MARKS = (
    ("CAD", re.compile(r"(?:\bCAD\s?\$?|\bCA\$|(?<![A-Za-z])C\$)" + _AMOUNT)),
    ("AUD", re.compile(r"(?:\bAUD\s?\$?|\bAU\$|(?<![A-Za-z])A\$)" + _AMOUNT)),
    ("NZD", re.compile(r"(?:\bNZD\s?\$?|\bNZ\$)" + _AMOUNT)),
    ("USD", re.compile(r"(?:\bUSD\s?\$?|\bUS\$)" + _AMOUNT)),
    ("GBP", re.compile(r"(?:£|\bGBP\s?)" + _AMOUNT + r"|\d[\d.,]*\s?£")),
    ("EUR", re.compile(r"(?:€|\bEUR\s?)" + _AMOUNT + r"|\d[\d.,]*\s?€")),
)
_BARE_DOLLAR = re.compile(r"(?<![A-Za-z$])\$" + _AMOUNT)


def stated_currency(html: str) -> StatedCurrency:
    shopify = _SHOPIFY.search(html)
    if shopify:
        return StatedCurrency(shopify.group(1).upper(), "Shopify.currency")
    meta = _meta_currency(html)
    if meta:
        return meta
    return _price_currency(unescape(_NOT_TEXT.sub(" ", html)))


def _meta_currency(html: str) -> StatedCurrency | None:
    for tag in _META.findall(html):
        attributes = {name.lower(): a or b for name, a, b in _ATTRIBUTE.findall(tag)}
        names = {attributes.get(key, "").lower() for key in ("property", "itemprop", "name")}
        code = attributes.get("content", "").strip().upper()
        if names & _META_NAMES and re.fullmatch(r"[A-Z]{3}", code):
            return StatedCurrency(code, f"the page's {', '.join(sorted(names & _META_NAMES))} tag")
    return None


def _price_currency(text: str) -> StatedCurrency:
    counts = Counter({code: len(mark.findall(text)) for code, mark in _PRICE_MARKS})
    code, found = counts.most_common(1)[0]
    if found:
        return StatedCurrency(code, f"{found} prices in {code} on the page")
    if _BARE_DOLLAR.search(text):
        return StatedCurrency(None, "the page shows prices in $ without saying which dollar")
    return StatedCurrency(None, "the page states no currency")
