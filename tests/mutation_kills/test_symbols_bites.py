"""Symbol validation at its boundaries (build_scripts/symbols.py): the first modern GA session, the first
decision numbers of the GA and ECOSOC, the year ranges, and roman numerals at both ends. A symbol that
wrongly parses or wrongly fails changes which resolution pages exist and what they link to."""
from __future__ import annotations

import pytest

from build_scripts.symbols import Symbol, int_to_roman, roman_to_int

VALID = ["A/RES/31/1", "A/RES/3379 (XXX)", "A/RES/60/400", "A/DEC/60/401", "A/RES/S-30/1", "A/RES/ES-10/17",
         "E/RES/1978/1", "E/RES/2100/200", "E/DEC/2015/201", "E/RES/13 (III)", "E/RES/671 A (XXV)",
         "S/RES/1 (1946)", "S/RES/9999 (2100)", "WHA1.1", "WHA69(15)", "A/RES/1 (I)"]
INVALID = ["A/RES/30/1", "A/RES/31/1 (XXXI)", "A/RES/3379 (XXXI)", "A/RES/60/401", "A/DEC/60/400", "A/RES/0/1",
           "A/RES/72/0", "E/RES/1977/1", "E/RES/2101/1", "E/RES/2015/201", "E/DEC/2015/200", "E/DEC/13 (III)",
           "S/RES/1 (1945)", "S/RES/1 (2101)", "A/RES/13 (i)", "A/RES/13 (IIII)", "A/RES/13 (XC)", "WHA0.1",
           "WHA71.0", "A/RES/2 (LXXXIX)", "A/RES/72/139 a", "A/RES/72/139  A"]


@pytest.mark.parametrize("text", VALID)
def test_valid_symbols_round_trip(text):
    assert str(Symbol.parse(text)) == text


@pytest.mark.parametrize("text", INVALID)
def test_invalid_symbols_are_refused(text):
    with pytest.raises(ValueError):
        Symbol.parse(text)


@pytest.mark.parametrize("kwargs", [
    dict(body="UN", kind="resolution", number=1, session="72"),
    dict(body="GA", kind="report", number=1, session="72"),
    dict(body="GA", kind="resolution", number=0, session="72"),
    dict(body="GA", kind="resolution", number=1, session="72", part="AB"),
    dict(body="WHA", kind="resolution", number=1, session="69", year=2016),
    dict(body="SC", kind="decision", number=1, year=2000),
    dict(body="ECOSOC", kind="decision", number=1, session="III"),
])
def test_inconsistent_fields_are_refused(kwargs):
    with pytest.raises(ValueError):
        Symbol(**kwargs)


def test_the_kind_follows_from_the_number():
    assert Symbol.ga("60", 400).kind == "resolution" and Symbol.ga("60", 401).kind == "decision"
    assert Symbol.ecosoc(2015, 200).kind == "resolution" and Symbol.ecosoc(2015, 201).kind == "decision"


@pytest.mark.parametrize(("value", "numeral"), [(1, "I"), (4, "IV"), (9, "IX"), (14, "XIV"), (40, "XL"), (49, "XLIX"),
                                                 (50, "L"), (89, "LXXXIX"), (30, "XXX")])
def test_roman_numerals(value, numeral):
    assert int_to_roman(value) == numeral and roman_to_int(numeral) == value


@pytest.mark.parametrize("value", [0, 90, -1])
def test_roman_numerals_out_of_range(value):
    with pytest.raises(ValueError):
        int_to_roman(value)


@pytest.mark.parametrize("text", ["", "IIII", "VX", "IL", "XC", "i", "L I"])
def test_not_canonical_roman_numerals(text):
    with pytest.raises(ValueError):
        roman_to_int(text)
