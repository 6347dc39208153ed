"""Resolution / decision symbols: exact parse-format round trips, ValueError on bad input, slugs,
undocs URLs and the numeric sort order."""
from __future__ import annotations

import pytest

from build_scripts.symbols import BodyMandate, Symbol, int_to_roman, mandate_sort_key, parse_mandate, roman_to_int

VALID = [
    # canonical, slug, body, kind, official_url
    ("A/RES/72/139", "a-res-72-139", "GA", "resolution", "https://undocs.org/zh/A/RES/72/139"),
    ("A/RES/71/6", "a-res-71-6", "GA", "resolution", "https://undocs.org/zh/A/RES/71/6"),
    ("A/RES/52/12 A", "a-res-52-12-a", "GA", "resolution", None),
    ("A/RES/S-10/2", "a-res-s-10-2", "GA", "resolution", "https://undocs.org/zh/A/RES/S-10/2"),
    ("A/RES/ES-10/17", "a-res-es-10-17", "GA", "resolution", "https://undocs.org/zh/A/RES/ES-10/17"),
    ("A/DEC/60/551", "a-dec-60-551", "GA", "decision", None),
    ("A/DEC/60/551 B", "a-dec-60-551-b", "GA", "decision", None),
    ("A/RES/1472 A (XIV)", "a-res-1472-a-xiv", "GA", "resolution", None),
    ("A/RES/2252 (ES-V)", "a-res-2252-es-v", "GA", "resolution", "https://undocs.org/zh/A/RES/2252(ES-V)"),
    ("A/RES/13 (I)", "a-res-13-i", "GA", "resolution", "https://undocs.org/zh/A/RES/13(I)"),
    ("S/RES/2167 (2014)", "s-res-2167-2014", "SC", "resolution", "https://undocs.org/zh/S/RES/2167(2014)"),
    ("E/RES/2017/9", "e-res-2017-9", "ECOSOC", "resolution", "https://undocs.org/zh/E/RES/2017/9"),
    ("E/DEC/2015/216", "e-dec-2015-216", "ECOSOC", "decision", None),
    ("E/RES/671 A (XXV)", "e-res-671-a-xxv", "ECOSOC", "resolution", None),
    ("E/RES/13 (III)", "e-res-13-iii", "ECOSOC", "resolution", "https://undocs.org/zh/E/RES/13(III)"),
    ("WHA69(15)", "wha69-15", "WHA", "decision", None),
    ("WHA71.1", "wha71-1", "WHA", "resolution", None),
]


@pytest.mark.parametrize("text,slug,body,kind,url", VALID)
def test_round_trip(text, slug, body, kind, url):
    symbol = Symbol.parse(text)
    assert str(symbol) == text
    assert Symbol.parse(str(symbol)) == symbol
    assert (symbol.slug(), symbol.body, symbol.kind, symbol.official_url()) == (slug, body, kind, url)


@pytest.mark.parametrize("text", [
    "", "A/RES/72/0139", "a/res/72/139", "A/RES/72/139 ", " A/RES/72/139", "A/RES/72/139A",
    "A/RES/60/551",  # 401 and up is a decision: A/DEC
    "A/DEC/60/5",  # below 401 is a resolution: A/RES
    "A/RES/20/1",  # sessions before the 31st use number (roman session)
    "A/RES/1472 (XXXV)",  # ... and roman sessions end at XXX
    "A/RES/1 (IIII)", "A/RES/1 (iv)",  # not canonical roman numerals
    "S/RES/2167(2014)",  # canonical form has a space before the year
    "S/RES/2167 (14)", "S/RES/2167 A (2014)",
    "E/RES/1977/3",  # ECOSOC year/number numbering began in 1978
    "E/DEC/2015/30", "E/RES/2015/216",  # ECOSOC decisions are 201 and up
    "WHA69(015)", "WHA69", "WHA69.1 A",
    "A/71/6/Rev.1",  # a document, not a resolution
])
def test_invalid(text):
    with pytest.raises(ValueError):
        Symbol.parse(text)


def test_constructor_validates():
    with pytest.raises(ValueError):
        Symbol("GA", "resolution", 551, session="60")
    with pytest.raises(ValueError):
        Symbol("XX", "resolution", 1, session="60")
    assert Symbol.ga("60", 551).kind == "decision"
    assert Symbol.ecosoc(2013, 247) == Symbol.parse("E/DEC/2013/247")


def test_sort_order_is_numeric():
    printed = ["S/RES/2033 (2012)", "A/RES/71/243", "A/RES/71/6", "A/RES/1472 A (XIV)", "A/RES/S-10/2",
               "A/DEC/71/551", "E/RES/671 A (XXV)", "E/RES/2017/9", "WHA69(15)", "A/RES/9 (I)"]
    ordered = sorted(printed, key=lambda s: Symbol.parse(s).sort_key())
    assert ordered == ["A/RES/9 (I)", "A/RES/1472 A (XIV)", "A/RES/S-10/2", "A/RES/71/6", "A/RES/71/243",
                       "A/DEC/71/551", "S/RES/2033 (2012)", "E/RES/671 A (XXV)", "E/RES/2017/9", "WHA69(15)"]
    assert Symbol.parse("A/RES/71/6").sort_key() < Symbol.parse("A/RES/71/243").sort_key()


def test_roman_numerals():
    assert [roman_to_int(r) for r in ("I", "IV", "IX", "XIV", "XXV", "XLVIII", "LV")] == [1, 4, 9, 14, 25, 48, 55]
    assert all(roman_to_int(int_to_roman(n)) == n for n in range(1, 90))
    for bad in ("", "IIII", "VX", "IL", "xv"):
        with pytest.raises(ValueError):
            roman_to_int(bad)


# -- other bodies' numbered texts (BodyMandate) ------------------------------------------------------

BODY_VALID = [
    # canonical, slug, body, kind, printed
    ("hrc:5/1", "hrc-5-1", "hrc", "resolution", "5/1"),
    ("hrc:dec:2/102", "hrc-dec-2-102", "hrc", "decision", "2/102"),
    ("hrc:S-7/1", "hrc-s-7-1", "hrc", "resolution", "S-7/1"),
    ("hrc:prst:8/1", "hrc-prst-8-1", "hrc", "presidential statement", "PRST/8/1"),
    ("cnd:59/5", "cnd-59-5", "cnd", "resolution", "59/5"),
    ("cnd:dec:58/2", "cnd-dec-58-2", "cnd", "decision", "58/2"),
    ("escap:71/1", "escap-71-1", "escap", "resolution", "71/1"),
    ("eca:928(XLVIII)", "eca-928-xlviii", "eca", "resolution", "928(XLVIII)"),
    ("ece:dec:A(64)", "ece-dec-a-64", "ece", "decision", "A(64)"),
    ("unep_gc:dec:SS.XI/2", "unep-gc-dec-ss-xi-2", "unep_gc", "decision", "SS.XI/2"),
    ("unfccc_cop:dec:9-15/CP.19", "unfccc-cop-dec-9-15-cp-19", "unfccc_cop", "decision", "9-15/CP.19"),
    ("csw:ac:1996", "csw-ac-1996", "csw", "agreed conclusions", "1996"),
    ("ecosoc:ac:1995/1", "ecosoc-ac-1995-1", "ecosoc", "agreed conclusions", "1995/1"),
    ("ecosoc:comm:2007", "ecosoc-comm-2007", "ecosoc", "ministerial communiqué", "2007"),
    ("csw:ac:1996:2", "csw-ac-1996-text-2", "csw", "agreed conclusions", "1996"),  # the year's 2nd text
    ("eca:830(MFC1A)", "eca-830-mfc1a", "eca", "resolution", "830(MFC1A)"),  # l.18754: a meeting in brackets
]


@pytest.mark.parametrize("text,slug,body,kind,printed", BODY_VALID)
def test_body_mandate_round_trip(text, slug, body, kind, printed):
    item = BodyMandate.parse(text)
    assert str(item) == text and BodyMandate.parse(str(item)) == item and parse_mandate(text) == item
    assert (item.slug(), item.body, item.kind, item.printed, item.official_url()) == (slug, body, kind, printed, None)


@pytest.mark.parametrize("text", [
    "", "hrc:5/1 ", "HRC:5/1", "hrc:05/1", "hrc:", "hrc:5/1 A", "hrc:xyz:5/1", "hrc:res:5/1",
    "hrc:5 / 1",  # the canonical number has no spaces
    "eca:928(XXXXVIII)",  # not a canonical roman numeral
    "hrc:5/1:2", "csw:ac:1996:0", "csw:ac:1996:02", "csw:ac:1996:",  # only a year has texts numbered 1, 2 …
    "ga:70/1", "ecosoc:2015/1", "ecosoc:dec:2015/216",  # the four bodies' resolutions and decisions are Symbols
    "A/RES/70/1",
])
def test_body_mandate_invalid(text):
    with pytest.raises(ValueError):
        BodyMandate.parse(text)


def test_parse_mandate_and_one_order():
    assert isinstance(parse_mandate("A/RES/70/1"), Symbol) and isinstance(parse_mandate("hrc:5/1"), BodyMandate)
    with pytest.raises(ValueError):
        parse_mandate("A/71/6/Rev.1")
    printed = ["hrc:5/10", "cnd:58/1", "WHA69(15)", "ecosoc:ac:1995/1", "hrc:S-7/1", "E/RES/2017/9", "hrc:5/2",
               "cnd:dec:58/1", "A/RES/71/6", "hrc:dec:2/102", "hrc:4/1"]
    assert sorted(printed, key=mandate_sort_key) == [
        "A/RES/71/6", "E/RES/2017/9", "ecosoc:ac:1995/1", "WHA69(15)", "cnd:58/1", "cnd:dec:58/1",
        "hrc:4/1", "hrc:5/2", "hrc:5/10", "hrc:S-7/1", "hrc:dec:2/102"]


def test_a_year_and_its_texts():
    """A number that is only a year names its texts by order (csw:ac:1996:2): the slug keeps them apart from a
    number year/k (ecosoc:ac:1997/2), the label shows the place in brackets, the year sorts before its texts."""
    text = BodyMandate.parse("csw:ac:1996:2")
    assert (text.year_only, text.ordinal, str(text.year()), text.designation) == (True, 2, "csw:ac:1996", "1996 [2]")
    assert text.year().with_ordinal(2) == text
    assert BodyMandate.parse("ecosoc:ac:2008:2").slug() != BodyMandate.parse("ecosoc:ac:2008/2").slug()
    assert not BodyMandate.parse("ecosoc:ac:1997/2").year_only
    with pytest.raises(ValueError):
        BodyMandate("hrc", "resolution", "5/1", 1)
    ids = ["csw:ac:1996:2", "csw:ac:1997:1", "csw:ac:1996", "csw:ac:1996:1"]
    assert sorted(ids, key=mandate_sort_key) == ["csw:ac:1996", "csw:ac:1996:1", "csw:ac:1996:2", "csw:ac:1997:1"]
