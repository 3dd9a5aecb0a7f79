"""Which platform a store's web shop runs on, read off its home page.

`detect(html, url)` looks for the markers each platform leaves in every page it serves and fills the
settings that platform needs. Pure: text in, `Detection` out; `scrapers.probe` fetches the page.

Markers, strongest first ([F] seen in real captures in ../shared/real-samples, [I] inferred from
docs/platforms.md and public scrapers, not seen in a capture):
- BinderPOS: a Shopify page that also loads BinderPOS (`portal.binderpos.com`, `binderpos-…-js`,
  `app.binderpos.com/external/shopify/…` in the app scripts' list) [F Pro Gamers, Boards & Swords,
  Dice Saloon]. Settings: `shop` from `Shopify.shop = "….myshopify.com"` [F]; `api_url` from the
  scripts' `portal-url="…"` [F Pro Gamers], else from the BinderPOS host the page loads its
  `/external/shopify/…` scripts from [F Boards & Swords, Dice Saloon: `app.binderpos.com`], when
  it is not the default portal.
- Shopify: `Shopify.shop = "…"` [F], `cdn.shopify.com`, a theme asset under the shop's own
  `/cdn/shop/` [F Highlander Games, the BinderPOS pages] or `.myshopify.com` [I]. No settings needed.
- Crystal Commerce: `crystalcommerce` in asset addresses (`crystalcommerce.com/themes/clients/…`,
  `crystalcommerce-assets…`) [F MTG Seattle, Games Cube, Skyward Fire, Magic Card Trader].
  `catalog_path` (the Magic singles category inventory sync reads) from the menu link or search
  option naming the Magic singles category, when it is not the default [F Skyward Fire, Harlequin
  Games] (`crystal_commerce.settings_from_home_page`); a page that names none leaves the default,
  and says so (Magic Card Trader's search page links only set categories [F]).
- Conduct Commerce: `conductcommerce` or `conduct-catalog-images` [I]. `api_url` from an address
  ending in `/v1/` on the page when it is not Conduct's own API [I].
- TCGplayer Pro: `tcgplayerpro` in the page or the host [I].
- WooCommerce: `wp-content/plugins/woocommerce` or a `woocommerce` class [I]. `category` from a
  product-category link whose text (else address) names Magic, a singles one first [I].
Anything else is unknown: the admin offers the custom CSS-selector platform (`css`) instead.

The shop's currency comes from what the page states (`scrapers.page_currency`: Shopify's
storefront object, a price-currency meta tag, or the prices shown, "£0.80").

The games it sells (`Detection.games`, codes of `scrapers.games`, in the registry's order) are those
its menu links, category links and search options name, by the registry's words ("Pokemon Singles",
"Disney Lorcana", "Yu-Gi-Oh!", a link to `/collections/one-piece-singles`), leaving out links that
only name sealed product or supplies ("Lorcana Sealed"). A page that names no game gives none: the
caller keeps its default (Magic). Games are not settings: the store's settings stay what the
platform needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from typing import Any
from urllib.parse import unquote, urlsplit

from lxml import etree

from scrapers import binderpos, conduct, crystal_commerce, games, matching
from scrapers.crystal_commerce_categories import NOT_SINGLES
from scrapers.page_currency import stated_currency


@dataclass(frozen=True)
class Detection:
    platform: str | None  # a key of scrapers.PLATFORMS, or None when no marker matched
    settings: dict[str, Any] = field(default_factory=dict)
    evidence: str = ""  # the marker that decided it, for the person adding the store
    name: str = ""  # the shop's own name from the page, if any
    currency: str | None = None
    currency_evidence: str = ""  # how the page stated it, or that it did not
    # What the page did not show that a setting would need: the default is kept, and said so.
    notes: tuple[str, ...] = ()
    games: tuple[str, ...] = ()  # the games its links name (see the module docstring); () when none

    @property
    def known(self) -> bool:
        return self.platform is not None


_SHOPIFY_SHOP = re.compile(r"""Shopify\.shop\s*=\s*["']([a-z0-9][a-z0-9.-]*\.myshopify\.com)["']""", re.I)
_PORTAL_URL = re.compile(r"""portal-url=["'](https?://[^"']+)["']""", re.I)
# The BinderPOS host a page loads its store scripts from, also inside JSON ("https:\/\/app.binderpos…").
_BINDERPOS_HOST = re.compile(r"""(https?:(?:\\?/){2}[a-z0-9-]+\.binderpos\.com)(?:\\?/)external(?:\\?/)shopify""", re.I)
_CONDUCT_API = re.compile(r"""(https?://[^"'\s]+?)/v1/""", re.I)
_WOO_CATEGORY = re.compile(r"""<a[^>]+href=["'][^"']*/product-category/([^"'?#]*?)/?["'][^>]*>([^<]*)</a>""", re.I)
_SITE_NAME = re.compile(r"""<meta[^>]+property=["']og:site_name["'][^>]+content=["']([^"']+)["']""", re.I)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)


def detect(html: str, url: str) -> Detection:
    """The platform the page at `url` belongs to, with the settings it needs."""
    found = _platform(html, url)
    name, currency = _shop_name(html), stated_currency(html)
    sold = games_named(html)
    if found is None:
        return Detection(None, {}, "no platform marker on the home page", name, currency.code, currency.evidence,
                         games=sold)
    platform, settings, evidence = found
    notes = _crystal_commerce_notes(html) if platform == "crystal_commerce" else ()
    return Detection(platform, settings, evidence, name, currency.code, currency.evidence, notes, sold)


_NOT_SINGLES = re.compile(r"\b(?:" + "|".join(re.escape(phrase) for phrase in NOT_SINGLES) + r")\b")


def games_named(html: str) -> tuple[str, ...]:
    """The games a page's links and search options name (codes, in the registry's order)."""
    tree = etree.HTML(html) if html and html.strip() else None
    if tree is None:
        return ()
    named: set[str] = set()
    for element in tree.iter("a", "option"):
        label = " ".join("".join(element.itertext()).split())
        address = unquote(urlsplit(element.get("href") or "").path.rstrip("/").rsplit("/", 1)[-1])
        for text in (label, address.replace("-", " ").replace("_", " ")):
            words = matching.normalize(text)
            if not words or _NOT_SINGLES.search(words):
                continue
            named.update(code for code in games.GAMES if games.names_game(words, code))
    return tuple(code for code in games.GAMES if code in named)


def _platform(html: str, url: str) -> tuple[str, dict[str, Any], str] | None:
    lowered = html.lower()
    shop = _SHOPIFY_SHOP.search(html)
    is_shopify = bool(shop) or any(mark in lowered for mark in ("cdn.shopify.com", "/cdn/shop/", ".myshopify.com"))
    if is_shopify and "binderpos" in lowered:
        return "binderpos", _binderpos_settings(html, shop), "a Shopify page that loads BinderPOS"
    if is_shopify:
        return "shopify", {}, f"Shopify.shop = {shop.group(1)}" if shop else "Shopify assets"
    if "crystalcommerce" in lowered:
        return "crystal_commerce", crystal_commerce.settings_from_home_page(html), "Crystal Commerce asset addresses"
    if "conductcommerce" in lowered or "conduct-catalog-images" in lowered:
        return "conduct", _conduct_settings(html), "Conduct Commerce scripts or images"
    if "tcgplayerpro" in lowered or urlsplit(url).netloc.lower().endswith(".tcgplayerpro.com"):
        return "tcgplayer_pro", {}, "a TCGplayer Pro storefront"
    if "wp-content/plugins/woocommerce" in lowered or re.search(r"class=[\"'][^\"']*\bwoocommerce\b", lowered):
        return "woocommerce", _woocommerce_settings(html), "WooCommerce assets"
    return None


def _binderpos_settings(html: str, shop: re.Match[str] | None) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    if shop:
        settings["shop"] = shop.group(1).lower().removesuffix(".myshopify.com")
    else:
        settings["mode"] = "html"  # without the shop name the API cannot be asked; the theme page can
    portal = _PORTAL_URL.search(html) or _BINDERPOS_HOST.search(html)
    api_url = portal.group(1).replace("\\/", "/").rstrip("/") if portal else ""
    if api_url and api_url.lower() != binderpos.DEFAULT_API_URL:
        settings["api_url"] = api_url
    return settings


def _crystal_commerce_notes(html: str) -> tuple[str, ...]:
    if crystal_commerce.magic_singles_path_in(html):
        return ()
    return (f"no Magic singles category link on the page: inventory sync reads the default "
            f"{crystal_commerce.DEFAULT_CATALOG_PATH}; set catalog_path if the shop's differs",)


def _conduct_settings(html: str) -> dict[str, Any]:
    api = _CONDUCT_API.search(html)
    if api and api.group(1).rstrip("/") != conduct.DEFAULT_API_URL:
        return {"api_url": api.group(1).rstrip("/")}
    return {}


def _woocommerce_settings(html: str) -> dict[str, Any]:
    """The product category naming Magic (by its name, else its address), singles first."""
    magic = []
    for match in _WOO_CATEGORY.finditer(html):
        slug, text = match.group(1), unescape(match.group(2)).strip()
        if re.search(r"magic|mtg", text, re.I):
            magic.append(text)
        elif re.search(r"magic|mtg", slug, re.I):
            magic.append(slug)
    singles = [name for name in magic if re.search(r"singles?\b|sueltas?\b", name, re.I)]
    chosen = (singles or magic)[:1]
    return {"category": chosen[0]} if chosen else {}


def _shop_name(html: str) -> str:
    match = _SITE_NAME.search(html) or _TITLE.search(html)
    return unescape(re.sub(r"\s+", " ", match.group(1))).strip()[:200] if match else ""
