"""Long lists cut into pages (build_scripts/render/paging.py), the glossary by initial, on the real built site.

Nothing lost: every mention an entity page counts is listed on one of its parts; every glossary term has its
entry on the page its links name. Nothing unreachable: every part links to every other, the first page maps each
id that moved to a later part to that part, and every page but a document's own stays within Lighthouse's
element limit (the reason for paging).
"""
from __future__ import annotations

import json
import re
from bisect import bisect_right
from html.parser import HTMLParser
from pathlib import Path

import pytest

from build_scripts.glossary import load_glossary
from build_scripts.pipeline import ROOT
from build_scripts.render.glossary_page import term_url

PAGER = re.compile(r'<nav class="pager"[^>]*>(.*?)</nav>', re.S)
MOVED = re.compile(r'<script type="application/json" id="corpus-moved-ids">(.*?)</script>', re.S)
MAX_ELEMENTS = 3000  #: Lighthouse's DOM-size limit (issue 16); the theme's elements are counted too


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.count = 0
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.count += 1
        self.ids.update(v for k, v in attrs if k == "id" and v)


def parsed(path: Path) -> _Elements:
    parser = _Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def parts_of(first: Path) -> list[Path]:
    """A paged page's parts, in order: the page and ``<n>/index.html`` below it."""
    count = len(re.findall(r"<a ", PAGER.search(first.read_text(encoding="utf-8")).group(1)))
    return [first] + [first.parent / str(n) / "index.html" for n in range(2, count + 1)]


@pytest.fixture(scope="module")
def paged_pages(built_site) -> list[Path]:
    firsts = [p for p in sorted(built_site.rglob("index.html"))
              if not p.parent.name.isdigit() and PAGER.search(p.read_text(encoding="utf-8"))]
    assert firsts, "no paged list in the site (the corpus has lists longer than a page)"
    return firsts


def test_every_part_exists_and_links_to_every_other(paged_pages):
    for first in paged_pages:
        parts = parts_of(first)
        for part in parts:
            assert part.exists(), f"{part} missing"
            links = re.findall(r'href="([^"]*)"', PAGER.search(part.read_text(encoding="utf-8")).group(1))
            targets = {(part.parent / href / "index.html").resolve() for href in links}
            assert targets == {p.resolve() for p in parts}, f"{part}: pager does not reach every part"


def line_pages(first: Path) -> dict[str, str]:
    """A source view (render/source_view.py) maps line ids to its pages by their first lines (assets/source-view.js
    follows it): each id of a later page -> that page, as the first page's moved-id map would."""
    found = re.search(r'<script type="application/json" id="source-pages">(.*?)</script>', first.read_text(encoding="utf-8"))
    if not found:
        return {}
    data = json.loads(found.group(1))
    parts = parts_of(first)
    out = {}
    for k, part in enumerate(parts[1:], 1):
        for anchor in parsed(part).ids:
            m = re.fullmatch(r"L(\d+)", anchor)
            if m and bisect_right(data["first"], int(m.group(1))) - 1 == k:
                out[anchor] = data["pages"][k]
    return out


def test_ids_on_later_parts_are_mapped_from_the_first(paged_pages):
    """An old link to an id that was on the first page before the list grew lands on the right part."""
    checked = 0
    for first in paged_pages:
        parts = parts_of(first)
        found = MOVED.search(first.read_text(encoding="utf-8"))
        moved = json.loads(found.group(1)) if found else line_pages(first)
        first_ids = parsed(first).ids
        for part in parts[1:]:
            new_ids = parsed(part).ids - first_ids
            assert new_ids <= set(moved), f"{part}: ids not mapped from the first page: {sorted(new_ids - set(moved))[:5]}"
            for anchor in new_ids:
                assert (first.parent / moved[anchor] / "index.html").resolve() == part.resolve(), (first, anchor)
                assert anchor not in first_ids
                checked += 1
        assert all((first.parent / href / "index.html").exists() for href in moved.values())
    assert checked, "no id moved to a later part anywhere: the map is untested"


def test_no_mention_is_lost_on_a_paged_entity_page(built_site):
    """An actor page's mention count (its table) equals the mentions listed over all its parts."""
    checked = 0
    for first in sorted((built_site / "actors").glob("*/index.html")):
        text = first.read_text(encoding="utf-8")
        count = re.search(r"Mentions</span></th><td>(\d+)</td>", text)
        if not count:
            continue
        parts = parts_of(first) if PAGER.search(text) else [first]
        listed = sum(listed_mentions(part) for part in parts)
        assert listed == int(count.group(1)), f"{first}: {count.group(1)} mentions counted, {listed} listed"
        checked += len(parts) > 1
    assert checked, "no actor page is paged: the count over parts is untested"


def listed_mentions(path: Path) -> int:
    lists = re.findall(r'<ul class="mentions">(.*?)</ul>', path.read_text(encoding="utf-8"), re.S)
    return sum(len(re.findall(r"<li>", items)) for items in lists)


def test_every_glossary_term_is_on_the_page_its_links_name(built_site):
    for term in load_glossary(ROOT / "corpus" / "glossary.yml"):
        url, _, key = term_url(term).partition("#")
        assert key in parsed(built_site / url / "index.html").ids, f"{term.key} not on {url}"
        assert key not in parsed(built_site / "glossary" / "index.html").ids, "an old glossary/#key would not forward"


def test_pages_other_than_documents_stay_within_the_element_limit(built_site):
    heavy = []
    for path in sorted(built_site.rglob("index.html")):
        if path.relative_to(built_site).parts[0] == "documents":
            continue  # a document's pages follow its printed structure (see docs/benchmark.md)
        count = parsed(path).count
        if count > MAX_ELEMENTS:
            heavy.append((path.relative_to(built_site).as_posix(), count))
    assert not heavy, heavy
