"""Whole corpus: every mention links both ways — from its paragraph to the entity page, and back."""
from __future__ import annotations

import re
from collections import Counter, defaultdict

import pytest
from bs4 import BeautifulSoup

from build_scripts.pipeline import BuildPaths, render
from build_scripts.render.paging import part_path
from build_scripts.urls import entity_page, entity_url, relative, url_of


@pytest.fixture(scope="module")
def rendered():
    corpus, rendered = render(BuildPaths())
    return {p.path: p.text for p in rendered.pages}


@pytest.fixture(scope="module")
def graph():
    from build_scripts.extract import extract
    from build_scripts.link import link
    from build_scripts.pipeline import parse_all
    from build_scripts.load import load_corpus
    from build_scripts.parse import layout_names
    from build_scripts.pipeline import ROOT

    corpus = load_corpus(ROOT / "corpus", layout_names(ROOT / "corpus"))
    registries, terms = corpus.registries, corpus.terms
    documents = parse_all(corpus)
    return link(documents, extract(documents, registries), terms)


def hrefs_by_id(html: str) -> dict[str, list[str]]:
    """For each element with an id on a page: the hrefs of the links inside it."""
    soup = BeautifulSoup(html, "html.parser")
    return {el["id"]: [a["href"] for a in el.find_all("a", href=True)] for el in soup.find_all(id=True)}


def parts(page: str, rendered: dict) -> list[str]:
    """An entity page and its continuation pages (render/paging.py), as many as were rendered."""
    out = [page]
    while part_path(page, len(out) + 1) in rendered:
        out.append(part_path(page, len(out) + 1))
    return out


def test_every_entity_page_links_back_to_every_citing_place(graph, rendered):
    """Each citing place is linked from the entity's page or one of its continuation pages."""
    missing = []
    for (kind, entity), mentions in graph.by_entity.items():
        pages = parts(entity_page(kind, entity), rendered)
        for m in mentions:
            place = graph.place(m)
            target = url_of(place.page) + "#" + place.anchor
            if not any(f'href="{relative(p, target)}"' in rendered[p] for p in pages):
                missing.append((kind, entity, target))
    assert not missing, missing[:10]
    print(f"\n{len(graph.by_entity)} entities, {len(graph.mentions)} mentions: every one listed on its entity page")


def test_every_mention_in_the_text_links_to_its_entity_page(graph, rendered):
    """Each mention outside headings is a link to its entity's page (mandate symbols included)."""
    by_page = defaultdict(list)
    for m in graph.mentions:
        by_page[graph.place(m).page].append(m)
    missing, total = [], 0
    for page, mentions in by_page.items():
        links = hrefs_by_id(rendered[page])
        heading_ids = set(re.findall(r"\{#([a-z0-9_-]+)\}\s*$", rendered[page], re.M))
        for m in mentions:
            if m.anchor in heading_ids:
                continue  # headings carry no inline links
            total += 1
            target = relative(page, entity_url(m.kind, m.entity))
            if target not in links.get(m.anchor, []):
                missing.append((page, m.anchor, m.surface, target))
    assert not missing, missing[:10]
    print(f"\n{total} mentions in text, each a link to its entity page")


def test_counts_per_kind_and_document(graph):
    counts = Counter((m.doc, m.kind) for m in graph.mentions)
    for (doc, kind), n in sorted(counts.items()):
        print(f"{doc:32} {kind:14} {n}")
    assert {kind for _, kind in counts} >= {"resolution", "actor", "goal", "target", "subprogramme", "document"}
