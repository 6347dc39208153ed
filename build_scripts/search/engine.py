"""The query engine over the written index files: the same algorithm as docs/assets/search/worker.js.

1. ``query_plan``: required tokens (all must match) and optional whole-word tokens (score only).
2. Load the term shard of every token; a required token with no postings means no results.
3. Candidates = intersection of the required tokens' doc sets (smallest first).
4. score = sum over tokens of idf(token) * weight(token, doc), idf = ln(1 + n / df); ``tier``:
   3: an entity or document page whose name is exactly the query (the optional ``=`` token),
   2: an entity or document page whose names hold every query token and more than half of one name (or the
      query's whole Chinese run as a word of a name),
   1: an exact key (the unit's own number or symbol, weight 12),
   0: everything else. Sort by tier, score (both descending), then doc id.
5. Group by page in that order: at most MAX_GROUPS pages, MAX_PER_GROUP docs each.

Query forms (query.py) wrap this: a quoted phrase keeps only the hits whose text holds it; a bare number that
one symbol can mean is searched as that symbol (``resolved``), one that several can mean lists them (``choices``)
first. ``results`` is the results page: every hit, filtered, ordered and grouped by document (and part) or entity
type, with counts; worker.js computes the same (tests/search/test_results_page.py compares).
"""
from __future__ import annotations

import json
import math
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .index import EIGHTHS, KEY, NAME, decode_postings, read_term_shard, shard_of
from .query import has_phrases, parse_query, symbol_query
from .tokenize import QueryPlan, query_plan

MAX_GROUPS = 10  #: result groups (pages) returned
MAX_PER_GROUP = 4  #: docs per group returned


@dataclass(frozen=True)
class Hit:
    doc: int
    score: float
    tier: int
    location: str  #: page URL + "#anchor" (or the page URL for a page / entity doc)
    page: str
    kind: str
    label: str
    text: str


@dataclass(frozen=True)
class Result:
    groups: tuple[tuple[str, tuple[Hit, ...]], ...]  #: (page URL, hits) in display order
    total: int  #: number of matching docs
    resolved: str = ""  #: the symbol a bare number was searched as
    choices: tuple[str, ...] = ()  #: the symbols a bare number can mean, when several

    def locations(self) -> list[str]:
        """Display order, flattened: each group's hits (the page itself where it matched)."""
        return [h.location for _, hits in self.groups for h in hits]


def tier(entity: bool, exact_name: bool, named_word: bool, weights: list[int]) -> int:
    """The ranking tier of a doc from the weights of the query's required tokens (as worker.js ``tier``).

    A name token's weight is NAME + the eighths of a name it covers (index.name_shares), so the tokens'
    coverages add up to how much of a name the query spells: ``卫生组织`` (3 of 世界卫生组织's 5 bigrams) names
    WHO, ``卫生`` (1 of 5) does not, and the actors whose long names merely contain 卫生 stay in tier 0.
    ``named_word``: the query's whole Chinese run is a word of a name (性别平等 in 性别平等和增强妇女权能), which
    names the entity however long the name."""
    if entity and exact_name:
        return 3
    coverage = sum(min(max(w - NAME, 0), EIGHTHS) for w in weights)
    if entity and min(weights) > NAME and (named_word or 2 * coverage > EIGHTHS):
        return 2
    return 1 if max(weights) >= KEY else 0


def rank_doc(entity: bool, required: list[tuple[float, int]], optional: list[tuple[str, float, int]]
             ) -> tuple[int, float]:
    """(tier, score) of a doc (as worker.js ``rankDoc``): ``required`` the (idf, weight) of each required token,
    ``optional`` the (token, idf, weight) of each optional token the doc holds.

    An entity page that the query does not name (tier 0 or 1: ``WHO`` and the page of the WHO FCTC) counts
    at most as a passage about the query: its weights are capped at NAME, the weight of a text that uses the
    word three times, and on a tie the passage (indexed first) comes first."""
    exact_name = any(t.startswith("=") for t, _, _ in optional)
    named_word = any(not t.startswith("=") and w > NAME for t, _, w in optional)
    level = tier(entity, exact_name, named_word, [w for _, w in required])
    cap = NAME if entity and level < 2 else KEY
    score = 0.0
    for idf, w in required:
        score += idf * min(w, cap)
    for _, idf, w in optional:
        score += idf * min(w, cap)
    return level, score


CHOICE_TIER = 4  #: the symbols a bare number can mean come before every other hit


@dataclass(frozen=True)
class Collected:
    hits: tuple[tuple[int, float, int], ...]  #: (doc, score, tier), best first
    resolved: str  #: the symbol a bare number was searched as, or ""
    choices: tuple[str, ...]  #: the symbols a bare number can mean, when several


class Engine:
    """Loads files lazily through ``read(path below search/) -> bytes`` and answers queries."""

    def __init__(self, read: Callable[[str], bytes]):
        self._read = read
        self.meta = json.loads(read("meta.json"))
        self._terms: dict[int, dict[str, bytes]] = {}
        self._docs: dict[int, dict] = {}
        self.loaded: list[str] = ["meta.json"]
        self.entities = frozenset(i for a, b in self.meta["ent"] for i in range(a, b))
        self._run_starts, acc = [], 0
        for delta in self.meta["runs"]:
            acc += delta
            self._run_starts.append(acc)

    @classmethod
    def from_dir(cls, search_dir: Path) -> "Engine":
        return cls(lambda rel: (search_dir / rel).read_bytes())

    def _term_shard(self, k: int) -> dict[str, bytes]:
        if k not in self._terms:
            path = f"t/{k}.bin"
            self._terms[k] = read_term_shard(self._read(path))
            self.loaded.append(path)
        return self._terms[k]

    def postings(self, token: str) -> dict[int, int]:
        data = self._term_shard(shard_of(token, self.meta["terms"])).get(token)
        return dict(decode_postings(data)) if data else {}

    def doc(self, i: int) -> tuple[list, str, str]:
        """The doc record, its page URL and page title."""
        k = bisect_right(self.meta["docs"], i) - 1
        if k not in self._docs:
            path = f"d/{k}.json"
            self._docs[k] = json.loads(self._read(path))
            self.loaded.append(path)
        shard = self._docs[k]
        record = shard["d"][i - self.meta["docs"][k]]
        _, url, title = next(p for p in shard["p"] if p[0] == record[0])
        return record, url, title

    def run_of(self, i: int) -> int:
        return bisect_right(self._run_starts, i) - 1

    def search(self, query: str, max_groups: int = MAX_GROUPS, per_group: int = MAX_PER_GROUP) -> Result:
        found = self.collect(query)
        groups: dict[int, list[tuple[int, float, int]]] = {}
        for d, score, level in found.hits:
            page = self.run_of(d)
            if page not in groups:
                if len(groups) >= max_groups:
                    continue
                groups[page] = []
            if len(groups[page]) < per_group:
                groups[page].append((d, score, level))
        out = []
        for members in groups.values():
            hits = []
            for d, score, level in members:
                rec, url, _title = self.doc(d)
                location = url + (f"#{rec[1]}" if rec[1] else "")
                hits.append(Hit(d, score, level, location, url, self.meta["kinds"][rec[2]], rec[3], rec[5]))
            out.append((url, tuple(hits)))
        return Result(tuple(out), len(found.hits), found.resolved, found.choices)

    # -- query forms (query.py) ------------------------------------------------------------------------------

    def collect(self, query: str) -> "Collected":
        """Every hit of a query in rank order, with what a bare number was read as."""
        parsed = parse_query(query)
        symbols = self.bare_symbols(parsed.bare)
        if len(symbols) == 1:
            return Collected(tuple(self.ranked(query_plan(symbol_query(symbols[0][1])))), symbols[0][1], ())
        hits = self.ranked(query_plan(parsed.text))
        if parsed.phrases:
            hits = [h for h in hits if has_phrases(self.phrase_text(h[0]), parsed.phrases)]
        if symbols:  # several symbols: their pages first, in index order, as the choices offered
            first = {d for d, _ in symbols}
            hits = [(d, 0.0, CHOICE_TIER) for d, _ in symbols] + [h for h in hits if h[0] not in first]
        return Collected(tuple(hits), "", tuple(label for _, label in symbols) if len(symbols) > 1 else ())

    def bare_symbols(self, bare: str) -> list[tuple[int, str]]:
        """(doc, symbol) of the entity docs a bare number can mean, in index order."""
        return [(d, self.doc(d)[0][3]) for d in sorted(self.postings(bare))] if bare else []

    def phrase_text(self, d: int) -> str:
        """What a quoted phrase is looked for in: a doc's label and text, and an entity doc's title."""
        k = bisect_right(self.meta["docs"], d) - 1
        record, _url, _title = self.doc(d)
        context = self._docs[k]["c"][record[4]] if d in self.entities else ""
        return "\n".join((record[3], record[5], context))

    def ranked(self, plan: QueryPlan) -> list[tuple[int, float, int]]:
        """(doc, score, tier) of every doc matching a plan, best first."""
        if not plan.required:
            return []
        required = [(t, self.postings(t)) for t in plan.required]
        if any(not p for _, p in required):
            return []
        optional = [(t, self.postings(t)) for t in plan.optional]
        n = self.meta["n"]
        required.sort(key=lambda tp: (len(tp[1]), tp[0]))
        candidates = [d for d in required[0][1] if all(d in p for _, p in required[1:])]
        scored = []
        for d in candidates:
            matched = [(math.log(1 + n / len(p)), p[d]) for _, p in required]
            also = [(t, math.log(1 + n / len(p)), p[d]) for t, p in optional if d in p]
            level, score = rank_doc(d in self.entities, matched, also)
            scored.append((-level, -score, d))
        scored.sort()
        return [(d, -neg_score, -neg_tier) for neg_tier, neg_score, d in scored]


# -- the results page -----------------------------------------------------------------------------------------

FACETS = ("doc", "part", "kind", "type")  #: the results page's filters: document, part, kind, entity type


@dataclass(frozen=True)
class Group:
    key: str  #: ``doc:<slug>`` or ``entity``
    count: int
    parts: tuple[tuple[str, int], ...]  #: (part slug, or entity type in the entity group; count)


@dataclass(frozen=True)
class ResultsPage:
    docs: tuple[int, ...]  #: every hit left by the filters, in display order
    groups: tuple[Group, ...]
    facets: dict[str, dict[str, int]]  #: filter -> value -> hits with that value (the other filters applied)
    total: int  #: every hit, before the filters
    resolved: str = ""
    choices: tuple[str, ...] = ()


class ResultsEngine(Engine):
    """The Engine, plus the results page of a query: facets.json read once for grouping and filters."""

    def __init__(self, read: Callable[[str], bytes]):
        super().__init__(read)
        self.facet_data = json.loads(read("facets.json"))

    def facet_values(self, d: int) -> dict[str, str]:
        """filter -> value of one doc: ``doc`` (slug), ``part`` (``slug/part``), ``kind`` (KIND_FILTER choice),
        ``type`` (entity type); a filter that does not apply to the doc is missing."""
        f = self.facet_data
        kind = self.meta["kinds"][int(f["kind"][d], 36)]
        out = {"kind": f["cat"][int(f["kind"][d], 36)]}
        place = f["run"][self.run_of(d)]
        if place >= 0:
            slug, _title, part, _part_title = f["places"][place]
            out["doc"] = slug
            if part:
                out["part"] = f"{slug}/{part}"
        if kind in f["types"]:
            out["type"] = kind
        return out

    def results(self, query: str, filters: dict[str, set[str]] | None = None, order: str = "rank") -> ResultsPage:
        """Every hit, filtered (values of one filter: any; several filters: all), grouped: by document (and
        part) and, for entity pages, by entity type; groups in the order of their best hit (``rank``) or of the
        index (``doc``, reading order)."""
        filters = {k: v for k, v in (filters or {}).items() if v}
        found = self.collect(query)
        values = [(d, self.facet_values(d)) for d, _score, _tier in found.hits]

        def passes(v: dict[str, str], skip: str = "") -> bool:
            return all(v.get(f) in chosen for f, chosen in filters.items() if f != skip)

        facets: dict[str, dict[str, int]] = {f: {} for f in FACETS}
        for _d, v in values:
            for f in FACETS:
                if f in v and passes(v, skip=f):
                    facets[f][v[f]] = facets[f].get(v[f], 0) + 1
        kept = [(d, v) for d, v in values if passes(v)]
        if order == "doc":
            kept.sort(key=lambda dv: dv[0])
        group_of = {}
        for d, v in kept:  # first appearance: the best hit's order
            key = group_key(v)
            group_of.setdefault(key[0], {}).setdefault(key[1], []).append(d)
        docs = tuple(d for parts in group_of.values() for members in parts.values() for d in members)
        groups = tuple(Group(key, sum(len(m) for m in parts.values()), tuple((p, len(m)) for p, m in parts.items()))
                       for key, parts in group_of.items())
        return ResultsPage(docs, groups, facets, len(found.hits), found.resolved, found.choices)


def group_key(values: dict[str, str]) -> tuple[str, str]:
    """(group, sub-group) of a hit: its document and part ("" for a one-page document or the overview), or
    ``entity`` and its entity type."""
    if "doc" in values:
        return f"doc:{values['doc']}", values.get("part", "").partition("/")[2]
    return "entity", values.get("type", "")
