"""The source view in Chromium: a line id on any page of a document's view lands on the page that holds it; each
line shows its number; the heaviest page of the views stays within the element budget after the scripts ran.
Every document is tried (its view's last line, asked on its first page); screenshots at 390 and 1280 px of the
heaviest page are written to the test's temporary folder (`pytest --basetemp=…` keeps them to look at).
"""
from __future__ import annotations

import re

import pytest

from tests.conftest import document_slugs

pytestmark = pytest.mark.browser

MAX_ELEMENTS = 2500  #: each page of the view, theme and scripts included (issue 14's budget for the view)


def pages_of(built_site, slug: str) -> list[str]:
    root = built_site / "documents" / slug / "source"
    later = sorted((p.parent.name for p in root.glob("*/index.html") if p.parent.name.isdigit()), key=int)
    return [f"documents/{slug}/source/"] + [f"documents/{slug}/source/{n}/" for n in later]


def last_line(built_site, url: str) -> int:
    html = (built_site / url / "index.html").read_text(encoding="utf-8")
    return max(int(n) for n in re.findall(r'id="L(\d+)"', html))


@pytest.mark.parametrize("slug", document_slugs())
def test_a_line_on_another_page_of_the_view_lands(page, site_url, built_site, slug):
    pages = pages_of(built_site, slug)
    n = last_line(built_site, pages[-1])
    page.goto(f"{site_url}{pages[0]}#L{n}")
    page.wait_for_url(f"{site_url}{pages[-1]}#L{n}")
    row = page.locator(f"#L{n}")
    assert row.is_visible()
    before = page.evaluate(f"getComputedStyle(document.getElementById('L{n}'), '::before').content")
    assert before.strip('"') in (str(n), "attr(data-n)") and row.get_attribute("data-n") == str(n)
    assert page.errors == []


def test_heaviest_view_page_within_budget_with_screenshots(browser, site_url, built_site, tmp_path):
    candidates = [url for slug in document_slugs() for url in pages_of(built_site, slug)]
    heaviest = max(candidates, key=lambda url: (built_site / url / "index.html").read_text(encoding="utf-8").count("<"))
    for width in (390, 1280):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
        tab = context.new_page()
        tab.goto(site_url + heaviest)
        tab.wait_for_load_state("load")
        elements = tab.evaluate("document.querySelectorAll('*').length")
        tab.screenshot(path=str(tmp_path / f"source-view-{width}.png"))
        print(f"\n{heaviest} at {width} px: {elements} elements after scripts")
        assert elements <= MAX_ELEMENTS, (heaviest, elements)
        overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{heaviest} scrolls sideways at {width} px"
        context.close()
