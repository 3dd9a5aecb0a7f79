"""Loading Scryfall data into the catalog: the sample catalog, re-runs, skips and updates."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from cards.catalog.loader import SAMPLE_CARDS, load_catalog, load_printings, load_sets, printing_from_scryfall
from cards.catalog.models import Card, MagicSet, Printing


def test_the_sample_catalog_has_the_cards_the_sample_store_sells(catalog):
    for name in ["Lightning Bolt", "Counterspell", "Fire // Ice", "Delver of Secrets // Insectile Aberration",
                 "Sol Ring", "Llanowar Elves", "Lightning Helix", "Glissa Sunslayer"]:
        assert Card.objects.filter(name=name).exists(), name
    assert catalog.cards.created == Card.objects.count() >= 200
    assert catalog.printings.created == Printing.objects.count() >= 300


def test_it_keeps_sets_finishes_and_odd_collector_numbers(catalog):
    bolt_m10 = Printing.objects.get(magic_set__code="m10", collector_number="146")
    assert bolt_m10.card.name == "Lightning Bolt"
    assert bolt_m10.finishes == ["nonfoil", "foil"]
    assert MagicSet.objects.get(code="m10").name == "Magic 2010"
    assert MagicSet.objects.get(code="m10").set_type == "core"
    assert Printing.objects.get(magic_set__code="plst", collector_number="EVE-68").card.name == "Helix Pinnacle"
    assert Printing.objects.get(magic_set__code="war", collector_number="1★").card.name == "Karn, the Great Creator"
    assert Printing.objects.get(magic_set__code="pone", collector_number="202p").card.name == "Glissa Sunslayer"
    assert "etched" in Printing.objects.get(magic_set__code="mh2", collector_number="267").finishes


def test_it_records_the_front_face_of_split_and_double_faced_cards(catalog):
    delver = Card.objects.get(name="Delver of Secrets // Insectile Aberration")
    assert (delver.front_face_name, delver.layout) == ("Delver of Secrets", "transform")
    assert Card.objects.get(name="Fire // Ice").front_face_name == "Fire"
    assert Card.objects.get(name="Lightning Bolt").front_face_name == ""
    assert Card.objects.get(name="Lightning Bolt").search_name == "lightning bolt"


def test_it_skips_digital_printings_tokens_and_art_cards(catalog):
    assert catalog.skipped == 4
    assert not MagicSet.objects.filter(code__in=["prm", "ana"]).exists()
    assert not Printing.objects.filter(magic_set__code__in=["prm", "ana", "tone", "aone"]).exists()
    assert not Card.objects.filter(name__in=["Phyrexian Mite", "Glissa Sunslayer // Glissa Sunslayer"]).exists()


def test_a_flavor_named_printing_stays_on_its_card(catalog):
    assert not Card.objects.filter(name="Thrum of the Vestige").exists()
    assert Printing.objects.get(magic_set__code="fca").card.name == "Lightning Bolt"


def test_a_second_load_changes_nothing(catalog):
    again = load_catalog()

    assert not again.changed
    assert (again.cards.created, again.cards.updated, again.cards.unchanged) == (0, 0, catalog.cards.created)
    assert (again.printings.created, again.printings.updated) == (0, 0)
    assert again.printings.unchanged == catalog.printings.created
    assert (again.sets.created, again.sets.updated) == (0, 0)


def test_the_command_reports_zero_created_and_updated_on_a_second_run(catalog):
    out = io.StringIO()
    call_command("load_catalog", stdout=out)

    assert "cards: 0 created, 0 updated" in out.getvalue()
    assert "printings: 0 created, 0 updated" in out.getvalue()
    assert "\r" not in out.getvalue()  # no progress line when stdout is not a terminal


def _scryfall(name="Lightning Bolt", set_code="m10", number="146", **fields) -> dict:
    return {"name": name, "set": set_code, "set_name": "Magic 2010", "collector_number": number,
            "finishes": ["nonfoil", "foil"], "layout": "normal", "games": ["paper"], "digital": False, **fields}


def _load(*objects: dict):
    return load_printings(io.BytesIO(json.dumps(list(objects)).encode()))


def test_it_never_deletes_what_a_later_file_leaves_out(catalog):
    before = (Card.objects.count(), Printing.objects.count(), MagicSet.objects.count())

    report = _load(_scryfall())

    assert (report.printings.unchanged, report.printings.created) == (1, 0)
    assert (Card.objects.count(), Printing.objects.count(), MagicSet.objects.count()) == before


def test_it_updates_changed_finishes_and_reports_them(catalog):
    report = _load(_scryfall(finishes=["foil", "etched", "nonfoil"]))

    assert (report.printings.updated, report.printings.created) == (1, 0)
    # Stored in one order whatever order the file uses, so the next load sees no change.
    assert Printing.objects.get(magic_set__code="m10", collector_number="146").finishes == ["nonfoil", "foil", "etched"]
    assert _load(_scryfall(finishes=["nonfoil", "etched", "foil"])).printings.unchanged == 1


def test_without_a_set_list_sets_are_made_from_the_printings(db):
    report = load_catalog(SAMPLE_CARDS, sets=None)

    m10 = MagicSet.objects.get(code="m10")
    assert (m10.name, str(m10.released_at), m10.set_type) == ("Magic 2010", "2009-07-17", "")
    assert report.sets.created == MagicSet.objects.count()


def test_a_set_list_fills_in_what_printing_made_sets_lacked(db):
    _load(_scryfall())
    sets = {"data": [{"code": "m10", "name": "Magic 2010", "released_at": "2009-07-17", "set_type": "core"}]}

    counts = load_sets(io.BytesIO(json.dumps(sets).encode()))

    assert (counts.created, counts.updated) == (0, 1)
    assert MagicSet.objects.get(code="m10").set_type == "core"


@pytest.mark.parametrize(
    "fields",
    [{"digital": True}, {"games": ["arena", "mtgo"]}, {"layout": "token"}, {"layout": "art_series"},
     {"collector_number": ""}],
)
def test_printing_from_scryfall_skips_what_is_not_a_paper_card(fields):
    assert printing_from_scryfall(_scryfall(**fields)) is None


def test_a_reversible_card_is_one_card_not_two_faces():
    printing = printing_from_scryfall(_scryfall(
        name="Zndrsplt, Eye of Wisdom // Zndrsplt, Eye of Wisdom", layout="reversible_card",
        card_faces=[{"name": "Zndrsplt, Eye of Wisdom"}, {"name": "Zndrsplt, Eye of Wisdom"}],
    ))

    assert (printing.name, printing.front_face_name) == ("Zndrsplt, Eye of Wisdom", "")
