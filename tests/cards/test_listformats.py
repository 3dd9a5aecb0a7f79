"""Parsing the list formats of docs/list-formats.md (pure: no database)."""

from __future__ import annotations

from cards.wishlist.listformats import MAX_LINES, ParsedLine, parse_list


def _cards(text: str) -> list[tuple]:
    return [
        (line.quantity, line.name, line.set_code, line.collector_number, line.finish) for line in parse_list(text).lines
    ]


def _by_line(text: str) -> dict[int, ParsedLine]:
    return {line.line_no: line for line in parse_list(text).lines}


def test_it_reads_moxfield_text_with_foil_etched_and_odd_collector_numbers(list_text):
    parsed = parse_list(list_text("moxfield.txt"))

    assert parsed.errors == []
    assert _cards(list_text("moxfield.txt")) == [
        (1, "Glissa Sunslayer", "one", "318", "foil"),
        (4, "Lightning Bolt", "m10", "146", ""),
        (1, "Helix Pinnacle", "plst", "EVE-68", ""),
        (1, "Karn, the Great Creator", "war", "1★", ""),
        (1, "Counterspell", "mh2", "267", "etched"),
        (2, "Fire // Ice", "apc", "128", ""),
        (1, "Glissa Sunslayer", "pone", "202p", ""),
    ]


def test_it_reads_arena_sections_and_skips_the_about_block(list_text):
    lines = _by_line(list_text("arena.txt"))

    assert [line.name for line in lines.values()] == [
        "Glissa Sunslayer", "Jötun Grunt", "Delver of Secrets", "Llanowar Elves", "Bonecrusher Giant",
        "Duress", "Thoughtseize",
    ]
    assert lines[5].section == "commander"
    assert lines[8].section == "companion"
    assert lines[11].section == "main"
    assert lines[16].section == "sideboard" and lines[16].quantity == 2
    assert parse_list(list_text("arena.txt")).errors == []


def test_it_maps_arenas_own_set_codes_to_scryfalls(list_text):
    assert _by_line(list_text("arena.txt"))[12].set_code == "dom"


def test_it_puts_mtgo_cards_after_the_blank_line_in_the_sideboard(list_text):
    lines = parse_list(list_text("mtgo.txt")).lines

    assert [(line.name, line.section) for line in lines] == [
        ("Lightning Bolt", "main"), ("Counterspell", "main"), ("Fire // Ice", "main"),
        ("Delver of Secrets", "main"), ("Duress", "sideboard"), ("Sol Ring", "sideboard"),
    ]
    assert parse_list(list_text("mtgo.txt")).format == "plain"


def test_it_reads_forge_sections_and_set_codes_and_skips_metadata(list_text):
    parsed = parse_list(list_text("forge.dck"))

    assert parsed.format == "forge"
    assert parsed.errors == []
    assert [(line.quantity, line.name, line.set_code, line.section) for line in parsed.lines] == [
        (4, "Lightning Bolt", "m10", "main"),
        (4, "Counterspell", "7ed", "main"),
        (2, "Fire // Ice", "apc", "main"),
        (2, "Duress", "10e", "sideboard"),
    ]


def test_it_reads_loose_lists_with_comments_and_quantities_either_side(list_text):
    lines = _by_line(list_text("loose.txt"))

    assert 1 not in lines and 2 not in lines  # "# ..." and "// ..." comments
    assert (lines[3].quantity, lines[3].name) == (1, "Lightning Bolt")
    assert (lines[4].quantity, lines[4].name) == (4, "Lightning Bolt")
    assert (lines[5].quantity, lines[5].name) == (4, "Counterspell")
    assert (lines[6].name, lines[6].set_code, lines[6].collector_number) == ("Counterspell", "7ed", "")
    assert lines[7].name == "Fire/Ice"
    assert (lines[9].quantity, lines[9].name, lines[9].section) == (2, "Duress", "sideboard")
    assert lines[12].section == "commander"
    assert (lines[15].quantity, lines[15].name, lines[15].section) == (2, "Sol Ring", "maybeboard")


def test_it_reports_bad_lines_with_a_reason_instead_of_dropping_them(list_text):
    errors = {error.line_no: error for error in parse_list(list_text("loose.txt")).errors}

    assert errors[16].text == "4x" and errors[16].reason == "no card name"
    assert errors[17].reason == 'unbalanced "(" in "Lightning Bolt (M10"'
    assert errors[18].reason == "quantity must be between 1 and 999, not 0"
    assert len(errors) == 3


def test_it_reads_archidekt_categories_tags_and_foil(list_text):
    parsed = parse_list(list_text("archidekt.txt"))
    lines = _by_line(list_text("archidekt.txt"))

    assert parsed.format == "archidekt"
    assert (lines[1].name, lines[1].set_code, lines[1].collector_number, lines[1].finish, lines[1].section) == (
        "Glissa Sunslayer", "one", "202", "foil", "commander"
    )
    assert (lines[2].quantity, lines[2].name, lines[2].finish) == (4, "Lightning Bolt", "")
    assert lines[3].name == "Fire // Ice"
    assert lines[5].section == "sideboard"
    assert lines[6].section == "maybeboard"


def test_it_reads_manabox_text(list_text):
    assert _cards(list_text("manabox.txt")) == [
        (4, "Lightning Bolt", "m11", "149", ""),
        (1, "Glissa Sunslayer", "one", "202", "foil"),
        (2, "Llanowar Elves", "dom", "168", ""),
        (1, "Delver of Secrets // Insectile Aberration", "isd", "51", ""),
    ]


def test_it_reads_moxfield_csv_with_quoted_fields(list_text):
    parsed = parse_list(list_text("moxfield.csv"))

    assert parsed.format == "moxfield-csv"
    assert _cards(list_text("moxfield.csv")) == [
        (4, "Lightning Bolt", "m10", "146", "foil"),
        (1, "Fire // Ice", "apc", "128", ""),
        (1, "Counterspell", "mh2", "267", "etched"),
        (1, "Glissa Sunslayer", "one", "318", ""),
    ]
    assert [(e.line_no, e.reason) for e in parsed.errors] == [(6, "quantity 'lots' is not a number")]


def test_it_keeps_deckbox_set_names_for_validation_to_map(list_text):
    parsed = parse_list(list_text("deckbox.csv"))

    assert parsed.format == "deckbox-csv"
    first = parsed.lines[0]
    assert (first.name, first.set_code, first.set_name, first.collector_number, first.finish) == (
        "Lightning Bolt", "", "Magic 2010", "146", "foil"
    )
    assert parsed.lines[1].name == "Fire // Ice"
    assert [(e.line_no, e.reason) for e in parsed.errors] == [(6, "no card name")]


def test_it_reads_manabox_csv_and_rejects_an_unknown_finish(list_text):
    parsed = parse_list(list_text("manabox.csv"))

    assert parsed.format == "manabox-csv"
    assert _cards(list_text("manabox.csv")) == [
        (2, "Lightning Bolt", "2xm", "117", ""),
        (1, "Glissa Sunslayer", "one", "202", "foil"),
        (4, "Delver of Secrets // Insectile Aberration", "isd", "51", ""),
        (1, "Counterspell", "mh2", "267", "etched"),
    ]
    assert [(e.line_no, e.reason) for e in parsed.errors] == [(6, "unknown finish 'shiny'")]


def test_it_reads_dragon_shield_csv_after_the_sep_line(list_text):
    parsed = parse_list(list_text("dragonshield.csv"))

    assert parsed.format == "dragonshield-csv"
    assert _cards(list_text("dragonshield.csv")) == [
        (4, "Lightning Bolt", "m10", "146", "foil"),
        (2, "Fire // Ice", "apc", "128", ""),
        (1, "Llanowar Elves", "dom", "168", ""),
    ]
    assert parsed.lines[0].line_no == 3  # line 1 is "sep=,", line 2 the header
    assert [(e.line_no, e.reason) for e in parsed.errors] == [(6, "quantity '-1' is not a number")]


def test_it_reads_the_shorter_dragon_shield_wishlist_export(list_text):
    assert _cards(list_text("dragonshield-wishlist.csv")) == [
        (3, "Counterspell", "7ed", "67", ""),
        (1, "Glissa Sunslayer", "one", "318", "foil"),
    ]


def test_it_takes_tcgplayers_simple_name_and_set_code(list_text):
    parsed = parse_list(list_text("tcgplayer.csv"))

    assert parsed.format == "tcgplayer-csv"
    assert _cards(list_text("tcgplayer.csv")) == [
        (4, "Lightning Bolt", "m10", "146", ""),
        (1, "Glissa Sunslayer", "one", "318", "foil"),
        (2, "Fire // Ice", "apc", "128", ""),
        (1, "Sol Ring", "c21", "263", ""),
    ]
    assert parsed.lines[1].set_name == "Phyrexia: All Will Be One"


def test_it_reads_a_sideboard_prefix_and_crlf_line_ends():
    parsed = parse_list("4 Lightning Bolt\r\nSB: 2 Duress\r\n")

    assert [(line.name, line.section) for line in parsed.lines] == [("Lightning Bolt", "main"), ("Duress", "sideboard")]


def test_it_keeps_parentheses_that_are_part_of_a_name():
    assert _cards("1 B.F.M. (Big Furry Monster)") == [(1, "B.F.M. (Big Furry Monster)", "", "", "")]


def test_it_reads_set_only_and_x_spaced_quantities():
    assert _cards("Counterspell (7ED)\n4 x Lightning Bolt\nSol Ring x 2") == [
        (1, "Counterspell", "7ed", "", ""),
        (4, "Lightning Bolt", "", "", ""),
        (2, "Sol Ring", "", "", ""),
    ]


def test_it_does_not_mistake_a_name_with_a_comma_for_a_csv():
    parsed = parse_list("1 Karn, the Great Creator\n1 Teferi, Time Raveler")

    assert [line.name for line in parsed.lines] == ["Karn, the Great Creator", "Teferi, Time Raveler"]


def test_it_refuses_a_list_longer_than_the_limit():
    parsed = parse_list("Lightning Bolt\n" * (MAX_LINES + 1))

    assert parsed.lines == []
    assert parsed.errors[0].reason == f"the list is longer than {MAX_LINES} lines"


def test_an_empty_list_has_no_lines_and_no_errors():
    parsed = parse_list("\n\n# only a comment\n")

    assert parsed.lines == [] and parsed.errors == []


def test_it_reads_a_semicolon_separated_csv_from_a_european_excel():
    text = "Count;Name;Edition;Collector Number;Foil\n2;Lightning Bolt;m10;146;foil\n1;Sol Ring;c21;263;\n"

    parsed = parse_list(text)

    assert parsed.format == "moxfield-csv"
    assert _cards(text) == [(2, "Lightning Bolt", "m10", "146", "foil"), (1, "Sol Ring", "c21", "263", "")]


def test_an_unclosed_quote_is_reported_with_the_lines_it_swallowed():
    text = 'Count,Name,Edition,Collector Number,Foil\n1,"Fire // Ice",apc,128,\n1,"Sol Ring,c21,263,\n2,Counterspell,7ed,67,\n'

    parsed = parse_list(text)

    assert [(line.line_no, line.name) for line in parsed.lines] == [(2, "Fire // Ice")]
    assert [(e.line_no, e.text, e.reason) for e in parsed.errors] == [
        (3, '1,"Sol Ring,c21,263,\n2,Counterspell,7ed,67,', 'a quoted field runs over several lines (a missing ")'),
    ]


def test_a_csv_row_the_reader_cannot_take_is_reported_not_dropped():
    text = f"Count,Name,Edition,Collector Number,Foil\n1,Lightning Bolt,m10,146,\n1,{'x' * 200_000},c21,263,\n"

    parsed = parse_list(text)

    assert [line.name for line in parsed.lines] == ["Lightning Bolt"]
    assert parsed.errors[0].line_no == 3 and parsed.errors[0].reason.startswith("not a CSV row")
