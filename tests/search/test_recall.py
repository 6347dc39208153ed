"""Recall@10 of the query set (queries.yml) on the index files the browser loads, with the Python engine."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import yaml

from build_scripts.search.engine import Engine

QUERIES = Path(__file__).with_name("queries.yml")
MIN_RECALL = 0.95


def load_queries() -> list[dict]:
    return yaml.safe_load(QUERIES.read_text(encoding="utf-8"))["queries"]


def test_query_set_is_large_and_varied():
    queries = load_queries()
    assert len(queries) >= 60
    kinds = Counter(q["kind"] for q in queries)
    assert set(kinds) >= {"zh-word", "zh-subword", "en-name", "en-passage", "en-term", "en-sdg", "en-abstract",
                          "symbol", "paragraph"}
    assert len({q["q"] for q in queries}) == len(queries), "a query is listed twice"


def test_expected_targets_exist(built_site):
    """Every expected location is a built page and, with a #fragment, an id on it."""
    missing = []
    for q in load_queries():
        for loc in q["expect"]:
            page, _, anchor = loc.partition("#")
            html = built_site / page / "index.html"
            if not html.is_file() or (anchor and f'id="{anchor}"' not in html.read_text(encoding="utf-8")):
                missing.append(f"{q['q']}: {loc}")
    assert not missing, "\n".join(missing)


def test_recall_at_10(built_site):
    engine = Engine.from_dir(built_site / "search")
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    misses = []
    for q in load_queries():
        top = engine.search(q["q"]).locations()[:10]
        total[q["kind"]] += 1
        if any(loc in top for loc in q["expect"]):
            found[q["kind"]] += 1
        else:
            misses.append(f"{q['q']!r} expected one of {q['expect']}, got {top}")
    recall = sum(found.values()) / sum(total.values())
    print(f"\nrecall@10 = {recall:.3f} ({sum(found.values())}/{sum(total.values())})")
    for kind in sorted(total):
        print(f"  {kind:12} {found[kind]}/{total[kind]}")
    for miss in misses:
        print("  MISS", miss)
    assert recall >= MIN_RECALL, "\n".join(misses)
