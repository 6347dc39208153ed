"""Ranking judged by graded relevance (graded.yml): nDCG@10 and recall@10 with the Python engine.

The means must not drop below the baseline recorded in graded.yml (minus its epsilon). Run with ``-s`` to see
every query's figures. ``python -m tests.search.test_graded --record [SITE]`` sets the baseline (it builds the
site into a temporary folder unless SITE, a built site, is given).
"""
from __future__ import annotations

import math
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

from build_scripts.search.engine import Engine

GRADED = Path(__file__).with_name("graded.yml")
DEPTH = 10
RELEVANT = 2  #: grades from which a result counts for recall ("substantial" or better)


def load_graded() -> dict:
    return yaml.safe_load(GRADED.read_text(encoding="utf-8"))


def ndcg(ranked: list[str], grades: dict[str, int], depth: int = DEPTH) -> float:
    """Normalised discounted cumulative gain of a ranking: gain 2^grade - 1, discount log2(rank + 1), divided by
    the gain of the best possible order of the graded results."""
    def dcg(gains: list[int]) -> float:
        return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(gains[:depth]))

    ideal = dcg(sorted(grades.values(), reverse=True))
    return dcg([grades.get(loc, 0) for loc in ranked]) / ideal if ideal else 0.0


def recall(ranked: list[str], grades: dict[str, int], depth: int = DEPTH) -> float:
    """Share of the relevant results (grade >= RELEVANT) in the first ``depth``, out of as many as fit there."""
    relevant = {loc for loc, g in grades.items() if g >= RELEVANT}
    if not relevant:
        return 1.0
    return len(relevant & set(ranked[:depth])) / min(depth, len(relevant))


def evaluate(engine: Engine, queries: list[dict]) -> list[tuple[dict, float, float, list[str]]]:
    """(query, nDCG@10, recall@10, first 10 locations) per query, in the order the search box shows them."""
    out = []
    for q in queries:
        top = engine.search(q["q"]).locations()[:DEPTH]
        out.append((q, ndcg(top, q["grades"]), recall(top, q["grades"]), top))
    return out


def means(rows) -> tuple[float, float]:
    return (sum(r[1] for r in rows) / len(rows), sum(r[2] for r in rows) / len(rows))


def report(rows) -> str:
    lines = [f"{'nDCG@10':>8} {'R@10':>6} {'ungraded':>8}  kind        query"]
    for q, n, r, top in rows:
        ungraded = sum(loc not in q["grades"] for loc in top)
        lines.append(f"{n:8.3f} {r:6.3f} {ungraded:8}  {q['kind']:11} {q['q']}")
    by_kind: dict[str, list] = {}
    for row in rows:
        by_kind.setdefault(row[0]["kind"], []).append(row)
    for kind, group in sorted(by_kind.items()):
        n, r = means(group)
        lines.append(f"  {kind:11} ({len(group):2}) nDCG@10 {n:.3f}  recall@10 {r:.3f}")
    n, r = means(rows)
    lines.append(f"mean over {len(rows)} queries: nDCG@10 = {n:.4f}, recall@10 = {r:.4f}")
    return "\n".join(lines)


def test_graded_set_is_large_and_varied():
    queries = load_graded()["queries"]
    assert len(queries) >= 60
    assert len({q["q"] for q in queries}) == len(queries), "a query is listed twice"
    kinds = Counter(q["kind"] for q in queries)
    assert set(kinds) >= {"zh-topic", "zh-entity", "en-name", "en-term", "phrase", "symbol", "paragraph", "mixed"}
    for q in queries:
        assert set(q["grades"].values()) <= {0, 1, 2, 3}, q["q"]
        assert max(q["grades"].values()) >= RELEVANT, f"{q['q']}: no relevant result is graded"


def test_graded_locations_exist(built_site):
    """Every graded location is a built page and, with a #fragment, an id on it."""
    missing = []
    pages: dict[str, str] = {}
    for q in load_graded()["queries"]:
        for loc in q["grades"]:
            page, _, anchor = loc.partition("#")
            html = built_site / page / "index.html"
            if page not in pages:
                pages[page] = html.read_text(encoding="utf-8") if html.is_file() else ""
            if not pages[page] or (anchor and f'id="{anchor}"' not in pages[page]):
                missing.append(f"{q['q']}: {loc}")
    assert not missing, "\n".join(missing)


def test_metrics_on_known_rankings():
    grades = {"a": 3, "b": 2, "c": 1}
    assert ndcg(["a", "b", "c"], grades) == 1.0
    assert ndcg(["x", "y"], grades) == 0.0
    assert 0 < ndcg(["c", "b", "a"], grades) < ndcg(["a", "c", "b"], grades) < 1
    assert recall(["b", "x", "a"], grades) == 1.0 and recall(["b"], grades) == 0.5


def test_ndcg_and_recall_do_not_drop(built_site):
    data = load_graded()
    rows = evaluate(Engine.from_dir(built_site / "search"), data["queries"])
    print("\n" + report(rows))
    ndcg_mean, recall_mean = means(rows)
    base = data["baseline"]
    assert ndcg_mean >= base["ndcg_at_10"] - base["epsilon"], f"nDCG@10 {ndcg_mean:.4f} < baseline {base}"
    assert recall_mean >= base["recall_at_10"] - base["epsilon"], f"recall@10 {recall_mean:.4f} < baseline {base}"


def record(site: Path) -> tuple[float, float]:
    """Compute the means on a built site and write them as the baseline of graded.yml (comments kept)."""
    rows = evaluate(Engine.from_dir(site / "search"), load_graded()["queries"])
    print(report(rows))
    ndcg_mean, recall_mean = means(rows)
    text = GRADED.read_text(encoding="utf-8")
    line = re.search(r"^baseline: \{.*\}$", text, re.M)
    epsilon = load_graded()["baseline"]["epsilon"]
    new = f"baseline: {{ndcg_at_10: {ndcg_mean:.4f}, recall_at_10: {recall_mean:.4f}, epsilon: {epsilon}}}"
    GRADED.write_text(text[:line.start()] + new + text[line.end():], encoding="utf-8")
    return ndcg_mean, recall_mean


if __name__ == "__main__":
    import tempfile

    if sys.argv[1:2] != ["--record"]:
        sys.exit(f"usage: python -m tests.search.test_graded --record [SITE]")
    if len(sys.argv) > 2:
        record(Path(sys.argv[2]))
    else:
        from build_scripts.pipeline import BuildPaths, build

        with tempfile.TemporaryDirectory() as tmp:
            build(BuildPaths(site=Path(tmp) / "site"))
            record(Path(tmp) / "site")
