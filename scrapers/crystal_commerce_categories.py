"""Crystal Commerce: is a listed product a single of the searched game? Read from the store's own links.

A Crystal Commerce product link names the product's category, `/catalog/<category>/<card>/<id>`,
and the category link beside the title, `/catalog/<category>/<category id>`. Category slugs are
joined with "-" from the top of the store's tree down ("magic_singles-ravnica_block-guildpact",
"pokemon_singles-xy_sets-furious_fists"), but a store may file a category anywhere: Skyward Fire
keeps Guilds of Ravnica under "Magic Singles" with the bare slug "guilds_of_ravnica". So a fixed
substring ("magic_singles") drops real Magic singles and the card reads "not in stock".

The rule (`is_single_of`, for the game searched; `is_magic_single` for Magic), the first step that
decides wins:

1. `href_contains`, a store admin's override, when set: the product link must contain it (a filter
   a store sets for its Magic singles, so it applies to Magic searches only).
2. The category's slug, or the set text shown beside the title, names another game (another one in
   `scrapers.games`, or one the registry does not know) or sealed product and supplies: not a single
   of the game.
3. The slug names the game (its registry words: "magic", "mtg"; "pokemon"; "lorcana"; …): a single.
4. The page's own category tree (the sidebar's nested `li.category` items with `data-id` and
   `data-name`) places the category, by its id or slug, under categories whose names say another
   game or sealed product (not a single), or the game (a single).
5. Otherwise (a slug that only names a set, no tree): kept. The card matcher still has to accept
   the title, so only another game's card with exactly the card's name could slip through, while
   dropping unknown categories would hide real copies: the failure this module exists to end.

Decision: words, not a list of the store's slugs. Magic sets share names with other franchises
(Magic's "Final Fantasy", "Warhammer 40,000 Commander", "Marvel's Spider-Man"), so only names that
are never a Magic set are listed (`games.UNLISTED_GAMES`: "final fantasy tcg", not "final fantasy").

The store's singles category of each game (`singles_path`) is read the same way off any of its pages:
a menu link to a top-level category named like "Pokemon Singles", or the search form's option of
that name.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from lxml import etree

from scrapers import games, matching
from scrapers.games import MAGIC

# What a singles shop also sells and a card search must not read as a single.
NOT_SINGLES = (
    "sealed", "supplies", "accessories", "accessory", "sleeves", "playmats", "binders", "dice",
    "deck boxes", "deck box", "booster boxes", "booster box", "booster packs", "gift card", "gift cards",
    "board games", "miniatures", "apparel", "toys", "merchandise",
)
_NOT_SINGLES = re.compile(r"\b(?:" + "|".join(re.escape(phrase) for phrase in NOT_SINGLES) + r")\b")
_CATALOG_PATH = re.compile(r"/catalog/([^/?#]+)/(?:[^/?#]+/)?(\d+)/?(?:[?#]|$)")


def _words(text: str) -> str:
    return matching.normalize(unquote(text).replace("_", " ").replace("-", " "))


@functools.lru_cache(maxsize=1024)
def verdict(text: str, game: str = MAGIC) -> bool | None:
    """False when the text names another game or sealed product, True when it names the game, else None."""
    words = _words(text)
    if _NOT_SINGLES.search(words):
        return False
    return games.names_game(words, game)


@dataclass(frozen=True)
class CatalogLink:
    category: str  # the category slug ("magic_singles-ravnica_block-guildpact")
    number: str  # the last number in the link: the product's id, or the category's


def catalog_link(href: str | None) -> CatalogLink | None:
    """`/catalog/<category>/<card>/<id>` or `/catalog/<category>/<id>`, read from a link."""
    if not href:
        return None
    match = _CATALOG_PATH.search(urlsplit(href).path + "#")
    return CatalogLink(match.group(1), match.group(2)) if match else None


@dataclass
class CategoryTree:
    """The page's category tree, read on first use: category id or slug -> names from it up to the top."""

    page: etree._Element
    _chains: dict[str, str] | None = field(default=None, repr=False)

    def names_above(self, key: str) -> str:
        if self._chains is None:
            self._chains = _read_tree(self.page)
        return self._chains.get(key, "")


def _read_tree(page: etree._Element) -> dict[str, str]:
    chains: dict[str, str] = {}
    for item in page.iter("li"):
        name = item.get("data-name")
        if name is None or "category" not in item.get("class", ""):
            continue
        names = [name] + [above.get("data-name") or "" for above in item.iterancestors("li")
                          if above.get("data-name") is not None]
        chain = " / ".join(names)
        if item.get("data-id"):
            chains[item.get("data-id")] = chain
        # The item's own link comes before its sub-categories'.
        link = next(item.iter("a"), None)
        found = catalog_link(link.get("href") if link is not None else None)
        if found is not None:
            chains.setdefault(found.category, chain)
    return chains


def is_single_of(
    game: str, product_href: str, category_href: str | None, set_text: str, tree: CategoryTree,
    href_contains: str = "",
) -> bool:
    """Whether a listed product is a single of `game` (the rule in the module docstring)."""
    if href_contains and game == MAGIC:
        return href_contains in product_href
    product = catalog_link(product_href)
    category = catalog_link(category_href)
    slug = (product or category).category if (product or category) else ""
    for text in (slug, set_text):
        if text and verdict(text, game) is False:
            return False
    if slug and verdict(slug, game):
        return True
    keys = [key for key in (category.number if category else "", slug) if key]
    for key in keys:
        above = tree.names_above(key)
        if above:
            return verdict(above, game) is not False
    return True


def is_magic_single(
    product_href: str, category_href: str | None, set_text: str, tree: CategoryTree, href_contains: str = ""
) -> bool:
    """Whether a listed product is a Magic single (the rule in the module docstring)."""
    return is_single_of(MAGIC, product_href, category_href, set_text, tree, href_contains)


# -- the store's singles category of a game, from its own pages --------------------------------------

_TOP_CATEGORY = re.compile(r"/catalog/([a-z0-9_]+)/(\d+)/?$")


def names_singles_of(text: str, game: str = MAGIC) -> bool:
    words = _words(text)
    return verdict(text, game) is True and "singles" in words.split()


def singles_path(page: etree._Element, game: str = MAGIC) -> str | None:
    """The store's singles category page of `game` (`/catalog/<slug>/<id>`), read off any of its pages.

    A menu link to a top-level category named like "Magic Singles" or "Magic: The Gathering Singles"
    ("Pokemon Singles", "Lorcana Singles") says it outright; else the search form's category option of
    that name gives the id, and the page's links of the game give the slug
    ("magic_the_gathering_singles-…" -> "magic_the_gathering_singles"). None when the page says neither.
    """
    slugs: list[str] = []
    for link in page.iter("a"):
        path = urlsplit(link.get("href") or "").path
        top = _TOP_CATEGORY.search(path)
        if top and (names_singles_of(top.group(1), game) or names_singles_of(text_of_link(link), game)):
            return f"/catalog/{top.group(1)}/{top.group(2)}"
        found = catalog_link(path)
        if found and "-" in found.category and names_singles_of(found.category.split("-", 1)[0], game):
            slugs.append(found.category.split("-", 1)[0])
    for option in page.iter("option"):
        if (option.get("value") or "").isdigit() and names_singles_of(option.text or "", game):
            default = f"{games.game(game).stores.words[0].replace(' ', '_')}_singles"
            slug = max(set(slugs), key=slugs.count) if slugs else default
            return f"/catalog/{slug}/{option.get('value')}"
    return None


def magic_singles_path(page: etree._Element) -> str | None:
    """The store's Magic singles category page (`singles_path` for Magic)."""
    return singles_path(page, MAGIC)


def text_of_link(link: etree._Element) -> str:
    return " ".join("".join(link.itertext()).split())
