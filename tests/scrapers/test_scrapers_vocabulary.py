from __future__ import annotations

from decimal import Decimal

import pytest

from scrapers import vocabulary


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NM-Mint", "NM"), ("Nm-Mint, English", "NM"), ("Near Mint", "NM"), ("Mint/Near-Mint", "NM"),
        ("Brand New", "NM"), ("NM", "NM"), ("NearMint", "NM"), ("NM/Mint", "NM"), ("Near Mint Foil", "NM"),
        ("Light Play", "LP"), ("Lightly Played", "LP"), ("Slightly Played", "LP"), ("Lightly Played Foil", "LP"),
        ("Lightly Played - Japanese", "LP"),
        ("Moderate Play", "MP"), ("Moderately Played", "MP"), ("Moderatly Played", "MP"), ("Played", "MP"),
        ("Heavy Play", "HP"), ("Heavy Played", "HP"), ("Heavily Played", "HP"), ("Sleeve Playable", "HP"),
        ("Damaged", "DMG"), ("Damaged Foil", "DMG"),
    ],
)
def test_it_normalises_every_condition_spelling_stores_use(text: str, expected: str) -> None:
    assert vocabulary.parse_condition(text) == expected


@pytest.mark.parametrize("text", ["Graded", "Hero Deal", "", None, "Website Exclusive"])
def test_it_does_not_guess_a_condition_for_unknown_text(text: str | None) -> None:
    assert vocabulary.parse_condition(text) is None


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (("Lightning Bolt - Foil",), "foil"),
        (("Lightning Bolt - Etched Foil",), "etched"),
        (("Sol Ring (0912) (Rainbow Foil) [Secret Lair Drop Series]",), "foil"),
        (("Near Mint", "Non-Foil"), "nonfoil"),
        (("Lightning Bolt", "Near Mint Nonfoil"), "nonfoil"),
        (("Foil Etched",), "etched"),
        (("Lightning Bolt - Borderless",), "nonfoil"),
        (("Counterspell", None, "Near Mint Foil"), "foil"),
    ],
)
def test_it_reads_the_finish_from_names_and_variant_titles(texts: tuple[str | None, ...], expected: str) -> None:
    assert vocabulary.parse_finish(*texts) == expected


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("CAD$ 1.25", "1.25", "CAD"), ("$1,234.50", "1234.50", None), ("$12.34", "12.34", None),
        ("US$ 0.99", "0.99", "USD"), ("1.234,50 €", "1234.50", "EUR"), ("€ 1,50", "1.50", "EUR"),
        ("$2.690", "2690.00", None), ("CLP 15.000", "15000.00", "CLP"), ("4", "4.00", None),
    ],
)
def test_it_parses_prices_with_currency_prefixes_and_separators(text: str, amount: str, currency: str | None) -> None:
    assert vocabulary.parse_price(text) == (Decimal(amount), currency)


def test_it_returns_none_for_a_price_without_digits() -> None:
    assert vocabulary.parse_price("Call for price") is None
    assert vocabulary.parse_price("") is None


def test_it_converts_minor_units_using_the_currency_exponent() -> None:
    assert vocabulary.price_from_minor_units(1440) == Decimal("14.40")
    assert vocabulary.price_from_minor_units("2690", 0) == Decimal("2690")
    assert vocabulary.price_from_minor_units("12.5") is None
    assert vocabulary.price_from_minor_units(True) is None


def test_it_keeps_cents_when_reading_float_prices() -> None:
    assert vocabulary.price_from_number(41.5) == Decimal("41.50")
    assert vocabulary.price_from_number("1.10") == Decimal("1.10")
    assert vocabulary.price_from_number(None) is None
    assert vocabulary.price_from_number("n/a") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2 In Stock", 2), ("Limit 3", 3), ("4 En stock", 4), ("7", 7), ("Out of stock.", 0), ("Sold out", 0),
     ("3 available", 3), ("In stock", None), ("", None)],
)
def test_it_parses_quantities_in_the_ways_stores_write_them(text: str, expected: int | None) -> None:
    assert vocabulary.parse_quantity(text) == expected


def test_it_finds_languages_in_codes_names_and_longer_text() -> None:
    assert vocabulary.parse_language("EN") == "English"
    assert vocabulary.parse_language("Inglés") == "English"
    assert vocabulary.language_in("NM-Mint, Japanese, Montréal") == "Japanese"
    assert vocabulary.language_in("Near Mint Foil Japanese") == "Japanese"
    assert vocabulary.language_in("Near Mint") is None


@pytest.mark.parametrize(("text", "expected"), [("Excellent", "LP"), ("EX", "LP"), ("Good", "MP"), ("Poor", "DMG")])
def test_it_reads_the_european_grades_some_stores_use(text: str, expected: str) -> None:
    assert vocabulary.parse_condition(text) == expected


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (("(Surge Foil)",), "foil"), (("(Galaxy Foil)",), "foil"), (("(Textured Foil)",), "foil"),
        (("(Gilded Foil)",), "foil"), (("(Halo Foil)",), "foil"), (("(Retro Foil Etched)",), "etched"),
        (("Etched Foil",), "etched"), (("Normal",), "nonfoil"),
    ],
)
def test_named_foils_are_foil_and_foil_etched_is_etched(texts: tuple[str, ...], expected: str) -> None:
    assert vocabulary.parse_finish(*texts) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Near Mint Non English", "Non English"), ("Lightly Played Foil Non English", "Non English"),
        ("NM, Non-English", "Non English"), ("NM-Mint, English", "English"), ("Near Mint - 日本語", "Japanese"),
        ("Near Mint Foil", None), ("NM, Español", "Spanish"),
    ],
)
def test_it_reads_the_language_a_variant_states_and_never_takes_non_english_for_english(text: str, expected) -> None:
    assert vocabulary.language_in(text) == expected


@pytest.mark.parametrize(("code", "expected"), [("JP", "Japanese"), ("ja", "Japanese"), ("日本語", "Japanese"),
                                                ("Non English", "Non English"), ("EN", "English"), ("xx", None)])
def test_it_reads_language_codes_and_names(code: str, expected: str | None) -> None:
    assert vocabulary.parse_language(code) == expected
