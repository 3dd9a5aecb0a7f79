"""`scrapers.readout`: a listed card with no copy read is an error, unless the listing says sold out."""

from __future__ import annotations

import pytest

from scrapers.errors import UnreadablePage
from scrapers.readout import Readout


def test_a_listed_card_with_no_copy_read_and_no_sold_out_mark_is_an_error() -> None:
    readout = Readout("Tarmogoyf")
    for _ in range(3):
        readout.listing(offers=0, sold_out=False)
    with pytest.raises(UnreadablePage, match="3 listings for Tarmogoyf could not be read"):
        readout.require_readable()


def test_listings_that_say_sold_out_are_a_true_not_in_stock() -> None:
    readout = Readout("Tarmogoyf")
    readout.listing(offers=0, sold_out=True)
    readout.listing(offers=0, sold_out=True)
    readout.require_readable()
    assert readout.unread == 0


def test_copies_read_from_one_listing_answer_even_when_another_was_not_read() -> None:
    readout = Readout("Tarmogoyf")
    readout.listing(offers=2, sold_out=False)
    readout.listing(offers=0, sold_out=False)
    readout.require_readable()
    assert (readout.offers, readout.unread) == (2, 1)


def test_readouts_of_several_pages_add_up() -> None:
    first, second = Readout("Opt"), Readout("Opt")
    first.listing(offers=0, sold_out=False)
    second.listing(offers=0, sold_out=False)
    first.add(second)
    with pytest.raises(UnreadablePage, match="2 listings for Opt could not be read"):
        first.require_readable()


def test_a_single_unread_listing_is_named_in_the_singular() -> None:
    readout = Readout("Sol Ring")
    readout.listing(offers=0, sold_out=False)
    with pytest.raises(UnreadablePage, match="^1 listing for Sol Ring could not be read$"):
        readout.require_readable()
