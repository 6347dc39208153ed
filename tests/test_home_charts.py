"""The home page charts show exactly the counts computed from the mention graph."""
from __future__ import annotations

from collections import Counter, defaultdict

import pytest
from bs4 import BeautifulSoup

from build_scripts.extract import extract
from build_scripts.link import link
from build_scripts.load import load_corpus
from build_scripts.parse import layout_names
from build_scripts.pipeline import ROOT, parse_all
from build_scripts.render.home import home_page
from build_scripts.symbols import Symbol, parse_mandate


@pytest.fixture(scope="module")
def inputs():
    corpus = load_corpus(ROOT / "corpus", layout_names(ROOT / "corpus"))
    registries, terms = corpus.registries, corpus.terms
    documents = parse_all(corpus)
    return documents, link(documents, extract(documents, registries), terms), registries, terms


def chart(inputs, chart_id: str) -> dict[tuple[str, str], int]:
    html = home_page(*inputs).text
    figure = BeautifulSoup(html, "html.parser").find(id=chart_id)
    return {(r["data-row"], r["data-series"]): int(r["data-value"]) for r in figure.find_all("rect", attrs={"data-value": True})}


def test_resolutions_per_programme(inputs):
    documents, graph, registries, _ = inputs
    cited = defaultdict(set)
    for m in graph.mentions:
        programme = graph.places[(m.doc, m.part, m.anchor)].programme
        if m.kind == "resolution" and programme:
            cited[programme].add(m.entity)
    expected = {}
    for programme, entities in cited.items():
        items = [parse_mandate(e) for e in entities]
        bodies = Counter(i.body if isinstance(i, Symbol) else "OTHER" for i in items)
        label = {"GA": "大会 GA", "SC": "安理会 SC", "ECOSOC": "经社理事会 ECOSOC", "WHA": "卫生大会 WHA", "OTHER": "其他机构 other bodies"}
        expected.update({(f"方案 {programme}", label[b]): n for b, n in bodies.items()})
    assert chart(inputs, "chart-resolutions") == expected
    assert sum(expected.values()) > 1000


def test_mentions_per_sdg(inputs):
    _, graph, _, _ = inputs
    goals = Counter(m.entity for m in graph.mentions if m.kind == "goal")
    targets = Counter(m.entity.split(".")[0] for m in graph.mentions if m.kind == "target")
    expected = {(f"目标 {g} SDG {g}", "目标 goal"): n for g, n in goals.items()}
    expected.update({(f"目标 {g} SDG {g}", "具体目标 targets"): n for g, n in targets.items()})
    assert chart(inputs, "chart-sdgs") == expected


def test_actors_most_mentioned(inputs):
    _, graph, registries, _ = inputs
    counts = Counter(m.entity for m in graph.mentions if m.kind == "actor")
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:15]
    assert chart(inputs, "chart-actors") == {(registries.actor(a).zh, "提及 mentions"): n for a, n in top}
