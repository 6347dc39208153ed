"""Query forms (build_scripts/search/query.py) and the results page (engine.ResultsEngine) on the built index.

What a phrase or a bare number must give is worked out here from the index itself (the units' texts, the
``bare:`` postings), never typed, so the checks hold for any corpus.
"""
from __future__ import annotations

import re
import unicodedata

import pytest

from build_scripts.search.engine import FACETS, CHOICE_TIER, ResultsEngine, group_key
from build_scripts.search.index import bare_form, decode_postings, read_term_shard
from build_scripts.search.query import parse_query
from build_scripts.search.tokenize import normalize
from tests.search.test_recall import load_queries


@pytest.fixture(scope="module")
def engine(built_site):
    return ResultsEngine.from_dir(built_site / "search")


def bare_token_docs(search_dir) -> dict[str, list[int]]:
    """Every ``bare:`` token of an index with its docs."""
    out = {}
    for shard in sorted((search_dir / "t").glob("*.bin")):
        for term, data in read_term_shard(shard.read_bytes()).items():
            if term.startswith("bare:"):
                out[term] = [d for d, _ in decode_postings(data)]
    return out


@pytest.fixture(scope="module")
def bare_tokens(built_site) -> dict[str, list[int]]:
    return bare_token_docs(built_site / "search")


def test_parse_query():
    assert parse_query('"全民健康覆盖 东盟" 卫生') == parse_query('“全民健康覆盖 东盟” 卫生')
    q = parse_query('「Universal  Health」 and "东盟')  # an unclosed quote runs to the end
    assert q.phrases == (("universal", "health"), ("东盟",))
    assert q.bare == "" and "Universal  Health" in q.text and '"' not in q.text
    assert parse_query("２１６７").bare == "bare:2167"
    assert parse_query(" 70 / 1 ").bare == "bare:70/1"
    assert parse_query("2.26").bare == parse_query("WHO 2167").bare == parse_query('"2167"').bare == ""


def test_bare_form():
    assert bare_form("S/RES/2167 (2014)") == "2167"
    assert bare_form("A/RES/70/1") == "70/1"
    assert bare_form("E/RES/2017/9") == "2017/9"
    assert bare_form("csw:ac:1996:2") == bare_form("csw:ac:1996") == "1996"  # a year's 2nd text: typed as its year
    assert bare_form("A/RES/S-10/2") == "s-10/2"
    assert bare_form("cnd:52/1") == "52/1"
    assert bare_form("X/RES/12") == ""  # one or two digits alone: a paragraph or a count more often
    assert bare_form("A/71/6/Rev.1") == bare_form("WHA69(15)") == ""


def _flat(text: str) -> str:
    return "".join(normalize(text).split())


def _phrase_cases(engine) -> list[str]:
    """Phrases from the query set's Chinese words, and two-word phrases from the text of their first hits."""
    words = [q["q"] for q in load_queries() if q["kind"] in ("zh-word", "zh-subword")][:8]
    cases = [f'"{w}"' for w in words]
    for w in words[:4]:
        first = next(d for d, _, _ in engine.collect(w).hits if d not in engine.entities)
        text = engine.doc(first)[0][5]
        at = normalize(text).find(w)
        after = re.match(r"[\u4e00-\u9fff]{2}", normalize(text)[at + len(w):])
        if after:
            cases.append(f'"{w} {after.group()}"')  # the word and the two characters after it: adjacent
    return cases


def test_a_phrase_is_every_unit_holding_it_as_written(engine):
    for query in _phrase_cases(engine):
        phrase = parse_query(query).phrases[0]
        loose = engine.collect(" ".join(phrase)).hits
        expected = [d for d, _, _ in loose if "".join(phrase) in _flat(engine.phrase_text(d))]
        got = [d for d, _, _ in engine.collect(query).hits]
        assert got == expected and got, query  # the loose hits holding it, in the same order
        assert engine.search(query).total == len(expected)


def test_a_latin_phrase_needs_whole_words(engine):
    hits = [d for d, _, _ in engine.collect('"health"').hits]
    assert hits
    for d in hits:
        assert re.search(r"(?<![a-z0-9])health(?![a-z0-9])", normalize(engine.phrase_text(d)))
    loose = [d for d, _, _ in engine.collect("health").hits]
    assert set(hits) <= set(loose)


def test_a_bare_number_with_one_symbol_is_searched_as_that_symbol(engine, bare_tokens):
    single = [t for t, docs in sorted(bare_tokens.items()) if len(docs) == 1][:12]
    assert single
    for token in single:
        d = bare_tokens[token][0]
        record, url, _ = engine.doc(d)
        number = token[len("bare:"):]
        result = engine.search(number)
        assert result.resolved == record[3] and result.choices == ()
        assert bare_form(record[3]) == number
        assert url in result.locations(), f"{number}: the page of {record[3]} is among the results"
        wide = unicodedata.normalize("NFKC", number).translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
        assert engine.search(wide).locations() == result.locations(), "full-width digits are the same"


def test_a_bare_number_with_several_symbols_offers_them_first(engine, bare_tokens):
    several = [t for t, docs in sorted(bare_tokens.items()) if len(docs) > 1][:8]
    assert several
    for token in several:
        number = token[len("bare:"):]
        symbols = [engine.doc(d)[0][3] for d in bare_tokens[token]]
        result = engine.search(number)
        assert result.choices == tuple(symbols) and not result.resolved
        hits = engine.collect(number).hits
        assert [d for d, _, tier in hits if tier == CHOICE_TIER] == bare_tokens[token]
        assert [d for d, _, _ in hits[:len(symbols)]] == bare_tokens[token]
        spaced = number.replace("/", " / ")
        assert engine.search(spaced).choices == result.choices


RESULTS_QUERIES = ["卫生", "WHO", "全民健康覆盖 东盟", "70/1", "universal health coverage"]


@pytest.mark.parametrize("query", RESULTS_QUERIES)
def test_results_page_groups_and_filters(engine, query):
    page = engine.results(query)
    assert page.total == engine.search(query).total == len(page.docs) > 0
    assert sorted(page.docs) == sorted(d for d, _, _ in engine.collect(query).hits)
    assert sum(g.count for g in page.groups) == page.total
    for g in page.groups:
        assert sum(n for _, n in g.parts) == g.count
    at = 0
    for g in page.groups:  # the hits come group by group, part by part
        for part, n in g.parts:
            assert {group_key(engine.facet_values(d)) for d in page.docs[at:at + n]} == {(g.key, part)}
            at += n
    assert sum(page.facets["kind"].values()) == page.total
    assert sum(page.facets["doc"].values()) + sum(g.count for g in page.groups if g.key == "entity") == page.total
    for facet in FACETS:
        for value, count in page.facets[facet].items():
            narrowed = engine.results(query, {facet: {value}})
            assert len(narrowed.docs) == count, (query, facet, value)
            assert all(engine.facet_values(d).get(facet) == value for d in narrowed.docs)
            assert narrowed.total == page.total


def test_results_page_filters_combine_and_order(engine):
    page = engine.results("卫生")
    kind = max(page.facets["kind"], key=page.facets["kind"].get)
    doc = max(page.facets["doc"], key=page.facets["doc"].get)
    both = engine.results("卫生", {"kind": {kind}, "doc": {doc}})
    expected = [d for d in page.docs if engine.facet_values(d).get("kind") == kind
                and engine.facet_values(d).get("doc") == doc]
    assert sorted(both.docs) == sorted(expected)
    assert both.facets["kind"][kind] == len(expected)  # a filter's own counts ignore it, not the others
    in_order = engine.results("卫生", order="doc")
    assert list(in_order.docs) == sorted(page.docs)
