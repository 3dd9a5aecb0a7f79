"""One rule from a set's name to its code, used by list import and by store offers alike."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from availability.checks.setcodes import with_set_codes
from cards.catalog.models import Card, MagicSet, Printing
from cards.catalog.validation import set_code_for_name
from scrapers import Offer


@pytest.fixture
def sets(db):
    MagicSet.objects.create(code="m10", name="Magic 2010", released_at=date(2009, 7, 17))
    MagicSet.objects.create(code="ice", name="Ice Age", released_at=date(1995, 6, 3))
    # Two sets with one name: the older one wins unless the card was printed only in the newer.
    MagicSet.objects.create(code="old", name="Shared Name", released_at=date(2000, 1, 1))
    MagicSet.objects.create(code="new", name="Shared Name", released_at=date(2020, 1, 1))


def test_names_match_without_case_or_accents(sets):
    assert MagicSet.codes_for_names(["magic 2010", "ICE AGE"]) == {"magic 2010": "m10", "ICE AGE": "ice"}


def test_store_noise_after_the_set_name_is_dropped(sets):
    codes = MagicSet.codes_for_names(["Ice Age (Not Tournament Legal)", "Magic 2010 - Borderless"])
    assert codes == {"Ice Age (Not Tournament Legal)": "ice", "Magic 2010 - Borderless": "m10"}


def test_of_two_sets_with_one_name_the_cards_own_then_the_oldest_wins(sets):
    assert MagicSet.codes_for_names(["Shared Name"]) == {"Shared Name": "old"}
    card = Card.objects.create(name="Only New", layout="normal")
    Printing.objects.create(card=card, magic_set=MagicSet.objects.get(code="new"), collector_number="1")
    assert MagicSet.codes_for_names(["Shared Name"], card) == {"Shared Name": "new"}


def test_an_unknown_name_is_left_out_and_an_import_says_so(sets):
    assert MagicSet.codes_for_names(["Not A Set"]) == {}
    with pytest.raises(Exception, match='unknown set "Not A Set"'):
        set_code_for_name("Not A Set")


def _offer(set_name: str) -> Offer:
    return Offer(
        name="Lightning Bolt", set_name=set_name, set_code="", collector_number=None, finish="nonfoil",
        condition="NM", condition_raw="NM", language="English", price=Decimal("1.00"), currency="USD",
        quantity=1, url="https://store.example/bolt", variant_id=None,
    )


def test_offers_get_the_same_codes_as_imports(sets):
    offers = [_offer("Magic 2010 - Borderless"), _offer("Not A Set")]
    coded = with_set_codes(offers)
    assert [offer.set_code for offer in coded] == ["M10", ""]
    assert set_code_for_name("Magic 2010 - Borderless").upper() == coded[0].set_code
