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
"""
from __future__ import annotations

import json
import math
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .index import EIGHTHS, KEY, NAME, decode_postings, read_term_shard, shard_of
from .tokenize import query_plan

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
        plan = query_plan(query)
        if not plan.required:
            return Result((), 0)
        required = [(t, self.postings(t)) for t in plan.required]
        if any(not p for _, p in required):
            return Result((), 0)
        optional = [(t, self.postings(t)) for t in plan.optional]
        n = self.meta["n"]
        required.sort(key=lambda tp: (len(tp[1]), tp[0]))
        candidates = [d for d in required[0][1] if all(d in p for _, p in required[1:])]
        scored = []
        for d in candidates:
            matched = [(math.log(1 + n / len(p)), p[d]) for _, p in required]
            also = [(t, math.log(1 + n / len(p)), p[d]) for t, p in optional if d in p]
            rank, score = rank_doc(d in self.entities, matched, also)
            scored.append((-rank, -score, d))
        scored.sort()
        groups: dict[int, list[tuple[int, float, int]]] = {}
        for neg_tier, neg_score, d in scored:
            page = self.run_of(d)
            if page not in groups:
                if len(groups) >= max_groups:
                    continue
                groups[page] = []
            if len(groups[page]) < per_group:
                groups[page].append((d, -neg_score, -neg_tier))
        out = []
        for members in groups.values():
            hits = []
            for d, score, rank in members:
                rec, url, _title = self.doc(d)
                location = url + (f"#{rec[1]}" if rec[1] else "")
                hits.append(Hit(d, score, rank, location, url, self.meta["kinds"][rec[2]], rec[3], rec[5]))
            out.append((url, tuple(hits)))
        return Result(tuple(out), len(scored))
