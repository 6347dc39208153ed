"""Matchers the real corpus leaves (almost) idle, tested on their own forms: a resolution symbol printed in
running text without 第 or a body's name (SymbolMatcher; in the corpus every full symbol follows 第 and the
citation matcher claims it first), the two WHA forms, and the body of a legislative-mandate list read from
its title (a list of something else — agreed conclusions, communiqués — must not turn years into resolutions)."""
from __future__ import annotations

import re
from collections import defaultdict

import pytest

from build_scripts.extract import (_BARE_CUE_WINDOW, Context, _BODY_OF_ACTOR, _CITATION_END, _OTHER_ISSUERS, BODY_ISSUERS, SymbolMatcher,
                                   WhaMatcher, _first_claims, mandate_body, mandate_hits, mandate_issuer)
from build_scripts.symbols import BodyMandate, Symbol
from tests.extract.conftest import extractor, mentions, parsed, registries  # noqa: F401 - fixtures
from tests.extract.test_gold import _units


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
    assert mandate_hits("1995/1", "ECOSOC") == [("1995/1", "E/RES/1995/1")]  # what an ECOSOC list would say
    # no heading: a number that does not name its own body is resolved as nobody's (issue 14 part 2)
    assert mandate_hits("1995/1", None) == []
    assert mandate_hits("E/RES/1995/1", None) == [("E/RES/1995/1", "E/RES/1995/1")]
    assert mandate_hits("2167(2014)", "SC") == [("2167(2014)", "S/RES/2167 (2014)")]
    assert mandate_hits("52/12 A 和 B", "GA") == [("52/12 A", "A/RES/52/12 A"), ("B", "A/RES/52/12 B")]


# -- real corpus text, re-issued by another body -------------------------------------------------------------

def units_by_key(parsed) -> dict:
    """(doc, part, anchor) -> unit text, for every unit of the corpus."""
    return {(slug, part, unit.anchor): unit.text for slug, document in parsed.items()
            for part, unit, _ in _units(document)}


def distant_body_citations(parsed, mentions) -> list[tuple[str, str, str]]:
    """Real citations the GA, SC or ECOSOC makes its own from further before 第 than a bare 委员会 / 理事会
    counts (大会在其题为“…”的第 N 号决议): (excerpt from the body's name to 号决议, the name as printed, symbol)."""
    texts, out = units_by_key(parsed), []
    by_unit: dict = defaultdict(list)
    for m in mentions:
        if not m.in_num:
            by_unit[(m.doc, m.part, m.anchor)].append(m)
    for key, unit_mentions in by_unit.items():
        text = texts[key]
        for m in unit_mentions:
            if m.matcher != "citation" or ":" in m.entity or Symbol.parse(m.entity).body == "SC":
                continue  # (another body's text is no GA symbol; an SC symbol carries its year in brackets, a shape
                # no other body's number has)
            bodies = [a for a in unit_mentions if a.kind == "actor" and a.entity in _BODY_OF_ACTOR and a.end <= m.start]
            body = max(bodies, key=lambda a: a.end, default=None)
            if body is None or not _CITATION_END.match(text, m.end):
                continue
            between = text[body.end:m.start]
            if len(between) > _BARE_CUE_WINDOW and between.count("第") == 1 and re.search(r"第\s*$", between) \
                    and not re.search("[。；]", between):  # the first citation of one sentence after the body
                out.append((text[body.start:_CITATION_END.match(text, m.end).end()], body.surface, m.entity))
    return sorted(set(out))


def test_a_citation_made_by_another_body_is_not_the_general_assembly_s(parsed, mentions, extractor, registries):
    """Every body with numbered texts of its own, named where the corpus names the GA before a citation,
    keeps the citation from becoming a GA (SC, ECOSOC) resolution: its numbers are its own."""
    excerpts = distant_body_citations(parsed, mentions)
    assert excerpts, "the corpus has citations a body makes its own from a distance"
    actors = {a.id: a for a in registries.actors}
    issuers = sorted(BODY_ISSUERS | _OTHER_ISSUERS)
    assert [i for i in issuers if i not in actors] == [], "issuer ids that are no registered actor"
    for excerpt, name, symbol in excerpts:
        assert symbol in [h.entity for h in extractor.unit_hits(excerpt)], excerpt  # the excerpt alone suffices
        for issuer in issuers:
            for other in (actors[issuer].zh, *actors[issuer].aliases):
                text = other + excerpt[len(name):]
                resolved = [h.entity for h in extractor.unit_hits(text) if h.kind == "resolution"]
                assert symbol not in resolved, f"{text}: read as {symbol}"


def test_another_body_s_text_cited_in_running_text_is_its_mandate_entry(mentions, extractor, registries):
    """Every text of another body listed in a mandate list (人权理事会的决议和决定 5/1 → hrc:5/1), cited in
    running text with the body's name right before 第 and the number as the list prints it (spaces kept:
    690 (XXXV), A (64)), is the same entity."""
    actors = {a.id: a for a in registries.actors}
    listed = sorted({(m.entity, m.surface) for m in mentions if m.in_num and ":" in m.entity})
    cited = [(BodyMandate.parse(entity), surface) for entity, surface in listed]
    # (a member of a printed range, 9 or 9-15/CP.19 for 10/CP.19, is not the number as a citation prints it)
    cited = [(b, surface) for b, surface in cited
             if b.kind in ("resolution", "decision") and re.sub(r"\s+", "", surface) == b.number]
    assert any(" " in surface for _, surface in cited), "the lists print some numbers with a space inside"
    for body, surface in cited:
        word = "决定" if body.kind == "decision" else "决议"
        text = f"{actors[body.body].zh}第 {surface} 号{word}"
        assert str(body) in [h.entity for h in extractor.unit_hits(text)], text


def group_titles(parsed) -> list[tuple[str, int | None]]:
    """(title, programme) of every mandate-list group of the corpus."""
    return sorted({(group.title, part.programme) for document in parsed.values() for part in document.parts
                   for block in part.blocks() for group in block.groups if group.title}, key=str)


def test_a_list_s_body_may_follow_a_two_character_label(parsed, extractor):
    """The body that issued a list is read from the start of its title, after at most two characters (《, a
    label 1.), not from further in (a label (1) or a topic) unless the name stands right before the kind of text
    (…委员会决议, extract._heading_body): every real title that names its body first reads the same after 1., and
    after (1) the same when its name comes right before the kind of text, else as no body's."""
    titles = [(t, p) for t, p in group_titles(parsed) if (hits := extractor.actors.find(t)) and hits[0].start == 0]
    issued = [(t, p, mandate_issuer(t, extractor.actors, p)) for t, p in titles]
    assert any(issuer for _, _, issuer in issued), "the corpus has lists issued by another body"
    assert any(mandate_body(t, extractor.actors) in ("GA", "SC", "ECOSOC", "WHA") for t, _ in titles)
    for title, programme, issuer in issued:
        assert mandate_issuer("1." + title, extractor.actors, programme) == issuer, title
        assert mandate_body("1." + title, extractor.actors) == mandate_body(title, extractor.actors), title
        # after a longer label only a name right before the kind of text (…委员会决议) still names the issuer
        last = extractor.actors.find(title)[-1]
        named_last = re.match(r"\s*的?\s*(?:决议|决定|商定结论|主席声明)", title[last.end:]) is not None
        if issuer is not None:
            assert mandate_issuer("(1)" + title, extractor.actors, programme) == (issuer if named_last else None), title
        if named_last:
            assert mandate_body("(1)" + title, extractor.actors) == mandate_body(title, extractor.actors), title
        else:
            assert mandate_body("(1)" + title, extractor.actors) in ("other", None), title


def test_a_symbol_with_its_part_glued_on_is_the_same_resolution(extractor):
    """A/RES/57/283B (no space before the lettered part, as some texts print it) is A/RES/57/283 B."""
    text = "见 A/RES/57/283B 和 A/RES/57/283 B。"
    assert found(extractor.unit_hits(text), text) == [
        ("A/RES/57/283 B", "A/RES/57/283B", "symbol"), ("A/RES/57/283 B", "A/RES/57/283 B", "symbol")]


def test_a_subprogramme_number_outside_a_programme_page_is_no_mention(extractor):
    """次级方案 2 means the subprogramme of the page's programme: on a page of no programme (the foreword, the
    overview of the programme document, any other document) it names nothing."""
    text = "次级方案 2 和次级方案 3"
    for context in (Context(programme_document=True), Context(programme=4), Context()):
        assert [h for h in extractor.unit_hits(text, context) if h.kind == "subprogramme"] == [], context
    assert [h.entity for h in extractor.unit_hits(text, Context(programme=4, programme_document=True))
            if h.kind == "subprogramme"] == ["4.2", "4.3"]
