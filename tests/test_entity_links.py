"""Whole corpus: every mention links both ways — from its paragraph to the entity page, and back."""
from __future__ import annotations

import re
from collections import Counter, defaultdict

import pytest
from bs4 import BeautifulSoup

from build_scripts.pipeline import BuildPaths, render
from build_scripts.render.inline import designation
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


def links_by_unit(html: str, anchors: set[str]) -> dict[str, list]:
    """unit anchor -> the mention and term links (``a.m``, ``a.t``) whose nearest unit is that one, in order."""
    soup = BeautifulSoup(html, "html.parser")
    out = defaultdict(list)
    for a in soup.select("a.m, a.t"):
        owner = next((p.get("id") for p in a.parents if p.get("id") in anchors), None)
        out[owner].append(a)
    return out


@pytest.fixture(scope="module")
def unit_links(graph, rendered):
    """page -> unit anchor -> its links, for every page with a citable unit."""
    anchors = defaultdict(set)
    for place in graph.places.values():
        anchors[place.page].add(place.anchor)
    return {page: links_by_unit(rendered[page], found) for page, found in anchors.items()}


def test_no_entity_or_term_is_linked_twice_in_a_unit(unit_links):
    """Calm text: in each paragraph, item, footnote, cell, caption or mandate entry, an entity page or glossary
    entry is linked once at most (subprogrammes share their programme's page)."""
    twice, total = [], 0
    for page, units in unit_links.items():
        for anchor, links in units.items():
            total += len(links)
            repeated = [href for href, n in Counter(a["href"] for a in links).items() if n > 1]
            if repeated:
                twice.append((page, anchor, repeated))
    assert total, "no mention or term links at all"
    assert not twice, twice[:10]
    print(f"\n{total} links in text, none repeated within its unit")


def test_every_entity_is_linked_at_its_first_mention_in_each_unit(graph, unit_links, rendered):
    """Each entity page a unit outside headings mentions is linked from that unit, at its first mention (a mandate
    entry's symbol first, then the text in reading order); later mentions stay plain text."""
    first: dict[tuple, object] = {}
    # a member a printed range only implies (10/CP.19 of 9-15/CP.19, B of 69/263 A-C) spans the range, which holds
    # the spans of the printed members: it is linked by its designation right after the number (span.implied)
    in_num = defaultdict(list)
    for m in graph.mentions:
        if m.in_num:
            in_num[(m.doc, m.part, m.anchor)].append(m)
    implied = {m for ms in in_num.values() for m in ms
               if any((o.start, o.end) != (m.start, m.end) and m.start <= o.start and o.end <= m.end for o in ms)}
    assert implied, "the corpus prints ranges of mandate numbers"
    for m in sorted(graph.mentions, key=lambda m: (not m.in_num, m.start)):
        first.setdefault((m.doc, m.part, m.anchor, entity_url(m.kind, m.entity)), m)
    missing = []
    headings = {page: set(re.findall(r"\{#([a-z0-9_-]+)\}\s*$", text, re.M)) for page, text in rendered.items()}
    for (doc, part, anchor, url), m in first.items():
        page = graph.place(m).page
        if anchor in headings[page]:
            continue  # headings carry no inline links
        target = relative(page, url)
        links = [a for a in unit_links[page].get(anchor, []) if a["href"] == target]
        if len(links) == 1 and m in implied:  # no text of its own: linked in the list after the printed number
            if links[0].find_parent("span", class_="implied") is None or links[0].get_text() != designation(m.entity):
                missing.append((page, anchor, m.surface, [a.get_text() for a in links]))
        elif len(links) != 1 or links[0].get_text() != m.surface:
            missing.append((page, anchor, m.surface, [a.get_text() for a in links]))
    later = len(graph.mentions) - len(first)
    assert not missing, missing[:10]
    print(f"\n{len(first)} first mentions linked; {later} later mentions in the same unit left as plain text")


def test_a_glossary_term_is_marked_once_per_page_at_its_first_free_occurrence(corpus, graph, unit_links, rendered):
    """Each term a page's text holds is marked (``a.t``) exactly once there: at its first occurrence in reading
    order outside headings that no entity link covers (render/inline.py, ``terms_marked_on``)."""
    from build_scripts.render.glossary_page import term_url

    terms = {t.key: t for t in corpus.terms}
    order = {key: i for i, key in enumerate(graph.places)}
    headings = {page: set(re.findall(r"\{#([a-z0-9_-]+)\}\s*$", text, re.M)) for page, text in rendered.items()}

    def covered(hit) -> bool:
        return any(m.start < hit.end and hit.start < m.end for m in graph.by_unit.get((hit.doc, hit.part, hit.anchor), ())
                   if not m.in_num)

    expected: dict[tuple[str, str], str] = {}  # (page, term href) -> anchor of the occurrence to mark
    for hit in sorted(graph.term_hits, key=lambda h: (order[(h.doc, h.part, h.anchor)], h.start)):
        page = graph.place(hit).page
        if hit.anchor not in headings[page] and not covered(hit):
            expected.setdefault((page, relative(page, term_url(terms[hit.term]))), hit.anchor)
    marked: dict[tuple[str, str], list[str]] = defaultdict(list)
    for page, units in unit_links.items():
        for anchor, links in units.items():
            for a in links:
                if "t" in a.get("class", []):
                    marked[(page, a["href"])].append(anchor)
    assert expected, "the corpus holds glossary terms"
    wrong = [(key, anchor, marked.get(key)) for key, anchor in expected.items() if marked.get(key) != [anchor]]
    extra = [key for key in marked if key not in expected]
    assert not wrong, wrong[:10]
    assert not extra, extra[:10]
    print(f"\n{len(expected)} terms marked once on their pages, of {len(graph.term_hits)} occurrences")


def test_counts_per_kind_and_document(graph):
    counts = Counter((m.doc, m.kind) for m in graph.mentions)
    for (doc, kind), n in sorted(counts.items()):
        print(f"{doc:32} {kind:14} {n}")
    assert {kind for _, kind in counts} >= {"resolution", "actor", "goal", "target", "subprogramme", "document"}
