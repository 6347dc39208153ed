"""Typing into the header search box of the built site: result links, snippets and highlighting."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

INPUT = "input.md-search__input"


def search(page, query: str) -> list[dict]:
    """Type ``query`` into the header search box; the result links (href, html) once they show it."""
    page.fill(INPUT, "")
    page.locator(INPUT).press_sequentially(query)
    page.press(INPUT, "End")  # Chinese is typed as inserted text (as an IME commits it): no keyup of its own
    page.wait_for_function(
        """q => { const a = document.querySelector('.md-search-result__link');
                  return a && new URL(a.href).searchParams.get('h') !== null
                      && decodeURIComponent(a.href).includes(q.toLowerCase()) }""",
        arg=query.split()[0], timeout=5000)
    return page.eval_on_selector_all(".md-search-result__link",
                                     "els => els.map(a => ({href: a.getAttribute('href'), html: a.innerHTML}))")


def path_and_fragment(href: str, site_url: str) -> str:
    parts = urlsplit(href)
    return parts.path[len(urlsplit(site_url).path):] + (f"#{parts.fragment}" if parts.fragment else "")


def test_results_link_to_paragraphs_with_highlighted_snippets(page, site_url):
    page.goto(site_url + "documents/a-71-6-rev-1/prog-2/")
    page.click(INPUT)
    links = search(page, "健康覆盖")
    assert links
    marked = [l for l in links if "<mark>健康覆盖</mark>" in l["html"]]
    assert marked, "the match is highlighted in the snippets"
    assert any("#" in path_and_fragment(l["href"], site_url) for l in marked), "results link to paragraph anchors"
    assert not page.errors


@pytest.mark.parametrize("query, first", [
    ("WHO", "actors/who/"),
    ("世界卫生组织", "actors/who/"),
    ("72/139", "resolutions/a-res-72-139/"),
    ("S/RES/2167 (2014)", "resolutions/s-res-2167-2014/"),
    ("WHA69(15)", "resolutions/wha69-15/"),
])
def test_entity_pages_and_exact_symbols_come_first(page, site_url, query, first):
    page.goto(site_url)
    page.click(INPUT)
    links = search(page, query)
    assert path_and_fragment(links[0]["href"], site_url) == first


def test_paragraph_number_and_following_a_result(page, site_url):
    page.goto(site_url)
    page.click(INPUT)
    links = search(page, "2.26")
    targets = [path_and_fragment(l["href"], site_url) for l in links]
    assert "documents/a-71-6-rev-1/prog-2/#para_2-26" in targets
    links = search(page, "卫生组织")
    hit = next(l for l in links if "<mark>卫生组织</mark>" in l["html"] and "#" in l["href"])
    page.click(f".md-search-result__link[href='{hit['href']}']")
    fragment = urlsplit(hit["href"]).fragment
    page.wait_for_function("f => location.hash === '#' + f", arg=fragment)
    # the match in the unit landed on is highlighted and shown (the page's first mark may sit in its collapsed
    # metadata <details>, hidden until the reader opens it)
    page.wait_for_selector(f"[id='{fragment}'] mark[data-md-highlight]", state="visible")
    assert "卫生组织" in page.inner_text(f"[id='{fragment}']")
    assert not page.errors


def test_cross_language_alias_is_marked(page, site_url):
    page.goto(site_url)
    page.click(INPUT)
    links = search(page, "UNOPS")
    para = next(l for l in links if "#para_36" in l["href"])
    assert "<mark>" in para["html"], "the Chinese name of UNOPS is marked in the snippet"
