"""The general index on the real corpus: no entry only repeats its own locator, long locator lists have sub-entries,
and every place of every entry is still there."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from build_scripts.extract import extract
from build_scripts.link import link
from build_scripts.render.general_index import SUBDIVIDE, entries, index_pages
from build_scripts.urls import relative, url_of

from .test_entity_links import parts


@pytest.fixture(scope="module")
def index(corpus, documents):
    docs = tuple(documents[slug] for slug in documents)
    graph = link(docs, extract(docs, corpus.registries), corpus.terms)
    pages = {p.path: BeautifulSoup(p.text, "html.parser") for p in index_pages(graph, corpus.registries, corpus.terms, docs)}
    return graph, entries(graph, corpus.registries, corpus.terms), pages


def az_parts(pages):
    """The A–Z page and its continuation parts (render/paging.py), as many as were rendered."""
    return [pages[path] for path in parts("general-index/index.md", pages)]


def letter_pages(pages):
    az = set(parts("general-index/index.md", pages))
    return {path: soup for path, soup in pages.items() if not path.endswith("/index.md") and path not in az}


def test_no_entry_only_repeats_its_own_heading(index):
    """A letter-page heading is never followed by itself, and no A–Z line leads to the text it starts with."""
    _, all_entries, pages = index
    same = [e for e in all_entries if e.en == e.zh]
    assert same, "the corpus has document symbols (same heading in both languages)"
    repeats = []
    for path, soup in letter_pages(pages).items():
        for head in soup.select(".ix-head"):
            words = [el.get_text() for el in head.find_all(["a", "span"], recursive=False)]
            if len(set(words)) < len(words):
                repeats.append((path, words))
    az = [li for soup in az_parts(pages) for li in soup.select("ul.en-az > li")]
    assert len(az) == len(all_entries)
    for li in az:
        heading = li.find("span", recursive=False).get_text()
        leads_to = li.get_text().split(" → ", 1)[1]
        if leads_to.strip() in ("", heading.strip()):
            repeats.append(("general-index/index.md", heading))
    assert not repeats, repeats[:10]
    titled = sum(1 for e in same if e.title)
    print(f"\n{len(same)} symbol entries: {titled} with their printed title, {len(same) - titled} lead to their places")


def _top_divisions(documents) -> dict[tuple[str, str, str], tuple[str, int]]:
    """unit -> (part, number of the level-1 heading it stands under), read from the parsed documents."""
    out = {}
    for doc in documents.values():
        for part in doc.parts:
            n = 0
            for block in part.blocks():
                n += block.kind == "heading" and block.level <= 1
                for unit in block.units():
                    out[(doc.meta.slug, part.slug, unit.anchor)] = (part.slug, n)
    return out


def test_long_locator_lists_have_subentries_and_lose_no_place(index, documents):
    """An entry's places in one document are split into sub-entries (by part, else by top-level heading) when
    there are more than SUBDIVIDE of them and they lie in more than one such division; every place is linked once."""
    graph, all_entries, pages = index
    divisions = _top_divisions(documents)
    entry_html = {el["id"]: (path, el) for path, soup in letter_pages(pages).items() for el in soup.select(".ix-entry")}
    flat, split = [], 0
    for e in all_entries:
        path, el = entry_html[e.id]
        expected = {relative(path, url_of(graph.place(h).page) + "#" + h.anchor) for h in e.hits}
        links = [a["href"] for a in el.select("ul.locations a")]
        assert sorted(links) == sorted(expected), e.id  # nothing lost, nothing twice
        for li in el.select("ul.locations > li"):
            places = [a["href"] for a in li.find_all("a")]
            subs = li.select("ul > li.loc-sub")
            if subs:
                split += 1
                assert len(subs) >= 2 and all(len(s.find_all("a")) for s in subs), e.id
                continue
            by_place = {relative(path, url_of(graph.place(h).page) + "#" + h.anchor): (h.doc, h.part, h.anchor)
                        for h in e.hits}
            spread = {divisions[by_place[href]] for href in places}
            parts = {part for part, _ in spread}
            if len(places) > SUBDIVIDE and (len(parts) > 1 or len(spread) > 1):
                flat.append((e.id, li.find(class_="loc-doc").get_text(), len(places)))
    assert split, "no entry has sub-entries"
    assert not flat, flat[:10]
    print(f"\n{split} document groups split into sub-entries")
