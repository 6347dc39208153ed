"""The mention path in O(n log n): the same mentions as the quadratic code it replaced, on random paragraphs.

Each test builds seeded random texts (reproducible: the seed is in the test id) from the real registries'
names, SDG goals and targets, programmes, citation shapes, URLs, sentence ends and filler, and compares the
extract and link stages with the old way of testing overlaps: every new interval compared with every kept
one (``ListClaimed``, put in place of build_scripts.intervals.Claimed), the old ``_body_before``, and the
old ``_first_claims``. A count of comparisons shows ``_first_claims`` stays O(n log n).
"""
from __future__ import annotations

import math
import random

import pytest

from build_scripts import extract as extract_module
from build_scripts import link as link_module
from build_scripts.extract import _BODY_OF_ACTOR, _BARE_CUE_WINDOW, _CUE_WINDOW, _DATE, _OTHER_BODY, _OTHER_ISSUERS
from build_scripts.extract import _CITATION_END, BODY_ISSUERS, CitationMatcher, Context, Hit, _BodyCues, _first_claims
from build_scripts.extract import cited, fold, read_tokens
from build_scripts.glossary import Term
from build_scripts.link import TermFinder, _term_hits
from tests.test_intervals import CountedInt

SEEDS = range(30)


class ListClaimed:
    """The old overlap test: every claimed interval compared with the one asked about."""

    def __init__(self, starts=()):
        self.spans: list[tuple[int, int]] = []

    def claim(self, start: int, end: int) -> None:
        self.spans.append((start, end))

    def overlaps(self, start: int, end: int) -> bool:
        return any(start < e and s < end for s, e in self.spans)

    def covers(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.spans)


def list_claimed_from(spans) -> ListClaimed:
    claimed = ListClaimed()
    for start, end in spans:
        claimed.claim(start, end)
    return claimed


def citations_reference(self, text: str, actors: list[Hit], default_body: str | None = None,
                        default_issuer: str | None = None) -> list[Hit]:
    """CitationMatcher.find as it was: every 第 reads the rest of its list again, every actor looked at."""
    folded = fold(text)
    hits: list[Hit] = []
    for start, cue_end in self._starts(folded, actors):
        tokens, end = read_tokens(folded.text, start)
        close = _CITATION_END.match(folded.text, end) if tokens else None
        if not close:
            continue
        body, issuer = body_before_reference(text, cue_end, actors, self)
        if body is None:
            body, issuer = default_body, default_issuer
        before = [h for h in actors if h.start < cue_end and h.entity in BODY_ISSUERS]
        last = max(before, key=lambda h: h.start).entity if before else None
        found = cited(tokens, body, issuer, close.group(1), lambda: last)
        for token, symbol in found:
            hits.append(Hit("resolution", str(symbol), *folded.span(token.start, token.end), self.name,
                            bool(token.groups.get("implied"))))
    return hits


@pytest.fixture
def quadratic(monkeypatch):
    """Switch extract and link to the old code (quadratic overlap tests, citation lists read from every 第)."""
    def switch(on: bool) -> None:
        if on:
            monkeypatch.setattr(CitationMatcher, "find", citations_reference)
            monkeypatch.setattr(extract_module, "Claimed", ListClaimed)
            monkeypatch.setattr(extract_module, "claimed_from", list_claimed_from)
            monkeypatch.setattr(link_module, "claimed_from", list_claimed_from)
        else:
            monkeypatch.undo()
    return switch


#: pieces of citation lists: joined at random they make lists of every shape, under several bodies at once
LIST_PIECES = ["第 72/139 号", "第 ", "72/139", "52/12 A", " 和 B", "、", "和", "及", "2167(2014)", "671 A(XXV)",
               "ES-10/17", "2001/321", "号决议", "号决定", "号", "大会", "安全理事会", "经济及社会理事会", "人权理事会",
               "卫生大会", "委员会", "关于", "。"]


def pieces(registries) -> list[str]:
    """Mention strings of every kind and the words around them that steer the matchers."""
    names = [name for actor in registries.actors for name in actor.names]
    names += [item.name for item in registries.not_actors]
    goals = [f"可持续发展目标 {g.number}" for g in registries.goals] + ["目标 3", "千年发展目标 1", "特别是目标 5"]
    targets = [f"具体目标 {t.id}" for t in registries.targets]
    programmes = [f"{w} {p.number}" for p in registries.programmes[:6] for w in ("方案", "次级方案")] + ["次级方案 1 至 5"]
    citations = ["第 72/139 号决议", "第 57/300 号、第 66/233 号和第 70/9 号决议", "第 2167(2014)号决议",
                 "第 671 A(XXV)号决议", "第 52/12 A 和 B 号决议", "第 2001/321 号决定", "第 5/1 号决议",
                 "在其第 19/1 号决定", "A/RES/70/1", "S/RES/2167(2014)", "WHA69(15)", "WHA71.1", "A/72/684-E/2018/7",
                 "S/PRST/2015/22", "ES-10/17 号决议"] + LIST_PIECES
    words = ["。", "；", "、", "和", "关于", "委员会", "理事会", "的", "根据", "第", "号决议", " ", "（", "）", "2030",
             "https://undocs.org/A/RES/70/1 ", "www.who.int/A/72/1 ", "ASEAN", "H6", "x"]
    return names + goals + targets + programmes + citations + words * 8


def random_text(rng: random.Random, parts: list[str], n: int) -> str:
    return "".join(rng.choice(parts) for _ in range(n))


def random_context(rng: random.Random) -> Context:
    programme, in_plan, body = rng.choice([None, 11, 13]), rng.random() < 0.7, rng.choice([None, None, "GA", "SC", "ECOSOC", "other"])
    # another body's group names its issuer or not (from the draws already made: the seeds' texts stay as they were)
    issuer = {11: "unep_gc", 13: "hrc"}.get(programme) if body == "other" else None
    return Context("doc", "part", programme, in_plan, body, issuer)


@pytest.mark.parametrize("seed", SEEDS)
def test_unit_hits_as_with_the_quadratic_overlap_test(seed, extractor, registries, quadratic):
    rng = random.Random(seed)
    parts = pieces(registries)
    for _ in range(4):
        size = rng.choice([5, 40, 200])
        text = random_text(rng, parts, size)
        context = random_context(rng)
        markers = frozenset(rng.sample(range(len(text)), k=min(len(text), rng.randrange(3))))
        fast = extractor.unit_hits(text, context, markers)
        quadratic(True)
        slow = extractor.unit_hits(text, context, markers)
        quadratic(False)
        assert fast == slow, text
        assert fast or size == 5, text  # the texts are dense with mentions: an empty result would compare nothing


def body_before_reference(text: str, pos: int, actors: list[Hit], matcher: CitationMatcher) -> tuple:
    """extract.py _body_before as it was: every actor of the text looked at, the text scanned back for 。/；."""
    floor = max(text.rfind("。", 0, pos) + 1, text.rfind("；", 0, pos) + 1, pos - _CUE_WINDOW, 0)
    topic_from = text.rfind("关于", floor, pos)
    cues: list[tuple[int, str, str | None]] = []
    for hit in actors:
        if floor <= hit.start and hit.end <= pos and (hit.entity in _BODY_OF_ACTOR or hit.entity in _OTHER_ISSUERS):
            if topic_from < 0 or hit.start < topic_from:
                cues.append((hit.end, _BODY_OF_ACTOR.get(hit.entity, "other"),
                             hit.entity if hit.entity in BODY_ISSUERS else None))
    for m in _OTHER_BODY.finditer(text, floor, pos):
        if not any(h.start <= m.start() < h.end for h in actors) and \
                len(_DATE.sub("", text[m.end():pos]).strip()) <= _BARE_CUE_WINDOW - 3:
            cues.append((m.end(), "other", anaphor_reference(m.group(0), m.start(), actors, matcher)))
    return max(cues, key=lambda cue: cue[0])[1:] if cues else (None, None)


def anaphor_reference(word: str, pos: int, actors: list[Hit], matcher: CitationMatcher) -> str | None:
    """_BodyCues._anaphor as a scan of every actor before ``pos``, nearest first."""
    for hit in sorted((h for h in actors if h.start < pos), key=lambda h: -h.start):
        if (hit.entity, word) in matcher.governing:
            return matcher.governing[(hit.entity, word)]
        if hit.entity in BODY_ISSUERS and matcher.full_names.get(hit.entity, "").endswith(word):
            return hit.entity
    return None


@pytest.mark.parametrize("seed", SEEDS)
def test_body_before_a_citation_as_before(seed, extractor, registries):
    rng = random.Random(seed)
    # bodies only, with sentence ends and bare 委员会 / 理事会: every branch of the look-back
    bodies = [name for actor in registries.actors if actor.id in _BODY_OF_ACTOR or actor.id in _OTHER_ISSUERS
              for name in actor.names]
    parts = bodies + ["。", "；", "关于", "委员会", "理事会", "的", "第", "、", "x" * 7, "y" * 30, "人居署", "2015 年 4 月 23 日"]
    text = random_text(rng, parts, rng.choice([12, 30, 120]))
    actors = extractor.actors.find(text)
    matcher = extractor.citations
    cues = _BodyCues(text, actors, matcher.governing, matcher.full_names)
    answers = [cues.before(pos) for pos in range(len(text) + 1)]
    assert answers == [body_before_reference(text, pos, actors, matcher) for pos in range(len(text) + 1)]
    assert any(body for body, _ in answers), text  # the look-back found some body: the comparison is not all None


def citation_list(rng: random.Random) -> str:
    """A body (or none), then 第 and a list of symbols of mixed shapes, some with their own 号 and 第, then
    号决议 or 号决定 (or nothing: a list that is no citation)."""
    symbols = ["72/139", "52/12 A 和 B", "2167(2014)", "671 A(XXV)", "ES-10/17", "2001/321", "45/401", "5/1", "70/1"]
    out = [rng.choice(["大会", "安全理事会", "经济及社会理事会", "人权理事会", "卫生大会", "委员会", "", "", "的"]), "第 "]
    for i in range(rng.randrange(1, 30)):
        if i:
            out.append(rng.choice(["、", " 号、第 ", "和", "号和第", "及第 ", " 及 "]))
        out.append(rng.choice(symbols))
    out.append(rng.choice([" 号决议", "号决定", " 号决定", "号决议", ""]))
    return "".join(out)


@pytest.mark.parametrize("seed", SEEDS)
def test_citation_lists_as_before(seed, extractor, quadratic):
    """Citations in long lists under several bodies: the same resolutions as reading the list from every 第."""
    rng = random.Random(seed)
    text = "".join(citation_list(rng) + rng.choice(["。", "，", "", "关于", "委员会"]) for _ in range(rng.randrange(5, 40)))
    default_body = rng.choice([None, "GA", "other"])
    actors = extractor.actors.find(text)
    fast = _first_claims(extractor.citations.find(text, actors, default_body))
    quadratic(True)
    slow = _first_claims(extractor.citations.find(text, actors, default_body))
    quadratic(False)
    assert fast == slow
    assert len(fast) > 10, text  # lists were read


def first_claims_reference(hits: list[Hit]) -> list[Hit]:
    """extract.py _first_claims as it was: each hit compared with every hit kept before it."""
    kept: list[Hit] = []
    previous_kept = False
    for hit in hits:
        if hit.implied:
            if previous_kept:
                kept.append(hit)
            continue
        previous_kept = not any(hit.start < o.end and o.start < hit.end for o in kept if not o.implied)
        if previous_kept:
            kept.append(hit)
    return kept


@pytest.mark.parametrize("seed", SEEDS)
def test_first_claims_as_before(seed):
    rng = random.Random(seed)
    hits = []
    for i in range(rng.randrange(0, 80)):
        start = rng.randrange(60)
        end = start + rng.choice([0, 1, 2, 3, 5, 9, 30])
        hits.append(Hit("goal", str(i), start, end, rng.choice(["target", "sdg_goal", "bare_goal"])))
    assert _first_claims(hits) == first_claims_reference(hits)


@pytest.mark.parametrize("n", [1000, 4000])
def test_first_claims_makes_n_log_n_comparisons(n):
    """n hits side by side, all kept: at most 10 n log2 n comparisons; the old code made n^2 (9 times that
    bound at n = 1000)."""
    hits = [Hit("resolution", str(i), CountedInt(3 * i), CountedInt(3 * i + 2), "citation") for i in range(n)]
    bound = 10 * n * math.log2(n)
    CountedInt.comparisons = 0
    assert len(_first_claims(hits)) == n
    assert CountedInt.comparisons <= bound
    if n == 1000:
        CountedInt.comparisons = 0
        first_claims_reference(hits)
        assert CountedInt.comparisons > 5 * bound


@pytest.mark.parametrize("seed", range(10))
def test_glossary_terms_inside_actor_names_dropped_as_before(seed, extractor, registries, quadratic):
    """link: a term inside an actor's name (卫生大会) is no term hit, with either overlap test."""
    rng = random.Random(seed)
    names = [name for actor in registries.actors for name in actor.names]
    inner = sorted({name[1:4] for name in names if len(name) > 4})[:40]  # words inside actor names
    terms = tuple(Term(f"t{i}", form, (), "", None, "", "", None, "glossary.yml", 1) for i, form in enumerate(inner))
    text = random_text(rng, names + inner + ["、", "和"], 300)  # the words alone too: those are term hits
    mentions = tuple(extract_module.Mention("actor", h.entity, "d", "p", "a", h.start, h.end, text[h.start:h.end])
                     for h in extractor.actors.find(text))
    place = link_module.Place("d", "p", "d.md", "a", text, "", None, None)
    by_unit = {("d", "p", "a"): mentions}
    fast = _term_hits({("d", "p", "a"): place}, terms, by_unit)
    quadratic(True)
    slow = _term_hits({("d", "p", "a"): place}, terms, by_unit)
    quadratic(False)
    assert fast == slow
    assert len(TermFinder(terms).find(text)) > len(fast) > 0  # some terms kept, some dropped inside names


def test_a_list_of_n_citations_is_read_once(extractor, monkeypatch):
    """大会第 1/1 号、第 2/2 号、… : every 第 starts a read, and reading the rest of the list from each of them
    read n^2 / 2 symbol tokens (a paragraph that is one long list took minutes). Now each token is read once."""
    n = 500
    text = "大会" + "".join(f"第 {40 + i // 300}/{i % 300 + 1} 号、" for i in range(n - 1)) + "第 70/1 号决议。"
    read = []

    def counting_read_tokens(text: str, pos: int):
        tokens, end = read_tokens(text, pos)
        read.extend(tokens)
        return tokens, end

    monkeypatch.setattr(extract_module, "read_tokens", counting_read_tokens)
    hits = extractor.citations.find(text, extractor.actors.find(text))
    assert len(_first_claims(hits)) == n
    assert len(read) <= 2 * n


def trim_symbol_reference(symbol: str) -> str:
    """extract.py _trim_symbol as it was: the brackets counted again for every character dropped."""
    if symbol.count("(") > symbol.count(")"):
        symbol = symbol[:symbol.rindex("(")]
    while symbol and (symbol[-1] in ".-/" or (symbol[-1] == ")" and symbol.count(")") > symbol.count("("))):
        symbol = symbol[:-1]
    return symbol


@pytest.mark.parametrize("seed", SEEDS)
def test_trim_symbol_as_before(seed):
    rng = random.Random(seed)
    for _ in range(200):
        symbol = "A/" + "".join(rng.choice("7/.-()()).-/)Ab") for _ in range(rng.randrange(12)))
        assert extract_module._trim_symbol(symbol) == trim_symbol_reference(symbol), symbol
