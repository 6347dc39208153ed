"""Matchers the real corpus leaves (almost) idle, tested on their own forms: a resolution symbol printed in
running text without 第 or a body's name (SymbolMatcher; in the corpus every full symbol follows 第 and the
citation matcher claims it first), the two WHA forms, and the body of a legislative-mandate list read from
its title (a list of something else — agreed conclusions, communiqués — must not turn years into resolutions)."""
from __future__ import annotations

import pytest

from build_scripts.extract import SymbolMatcher, WhaMatcher, _first_claims, mandate_body, mandate_hits
from tests.extract.conftest import extractor, registries  # noqa: F401 - fixtures


def found(hits, text):
    return [(h.entity, text[h.start:h.end], h.matcher) for h in hits if h.kind == "resolution"]


def test_full_symbols_in_running_text(extractor):
    text = "另见 S/RES/2167（2014）、E/RES/2017/9 和 A/RES/52/12 B。"
    assert found(extractor.unit_hits(text), text) == [
        ("S/RES/2167 (2014)", "S/RES/2167（2014）", "symbol"), ("E/RES/2017/9", "E/RES/2017/9", "symbol"),
        ("A/RES/52/12 B", "A/RES/52/12 B", "symbol")]


def test_symbols_inside_urls_and_words_are_not_citations():
    text = "见 https://undocs.org/A/RES/70/1 与 XA/RES/70/1"
    assert found(SymbolMatcher().find(text), text) == []


def test_wha_resolutions_and_decisions():
    text = "WHA71.1 号决议、WHA 69(15)号决定和 WHA70（18）；不是 WHA7 或 XWHA71.1 或 WHA71.123"
    assert found(WhaMatcher().find(text), text) == [
        ("WHA71.1", "WHA71.1", "wha"), ("WHA69(15)", "WHA 69(15)", "wha"), ("WHA70(18)", "WHA70（18）", "wha")]


def test_the_first_matcher_listed_claims_a_span(extractor):
    text = "大会通过了第 A/RES/70/1 号决议"
    assert [h.matcher for h in extractor.unit_hits(text) if h.kind == "resolution"] == ["citation"]
    a, b = SymbolMatcher().find("A/RES/70/1") + WhaMatcher().find(" " * 12 + "WHA71.1")
    assert _first_claims([a, b]) == [a, b]
    assert _first_claims([a, a]) == [a]


@pytest.mark.parametrize(("title", "body"), [
    ("大会决议", "GA"), ("安全理事会决议", "SC"), ("经济及社会理事会决议和决定", "ECOSOC"),
    ("世界卫生大会决议", "WHA"), ("人权理事会的决议和决定", "other"), ("经济及社会理事会的商定结论", "other"),
    ("部长级公报", "other"), ("理事会决定", "other"), ("", None)])
def test_mandate_body_from_the_group_title(extractor, title, body):
    assert mandate_body(title, extractor.actors) == body


def test_numbers_of_a_list_that_is_not_resolutions_are_not_resolved(extractor):
    body = mandate_body("经济及社会理事会的商定结论", extractor.actors)
    assert mandate_hits("1995/1", body) == []
    assert mandate_hits("1995/1", None) == [("1995/1", "E/RES/1995/1")]  # what the shape alone would say
    assert mandate_hits("2167(2014)", "SC") == [("2167(2014)", "S/RES/2167 (2014)")]
    assert mandate_hits("52/12 A 和 B", "GA") == [("52/12 A", "A/RES/52/12 A"), ("B", "A/RES/52/12 B")]
