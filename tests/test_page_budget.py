"""Page weight on a phone (issue 16): no built page holds more than 3,000 elements, before or after its scripts ran.

Lighthouse's DOM-size audit counts a page's elements after its scripts ran; past 3,000 every style and layout change
costs a phone dearly. Every built page is counted here with lxml (the whole site in seconds); the scripts add a few
elements at load (the ❝ controls of the units near the screen, the copy confirmation), so the static pages keep a
margin for them, and the heaviest document page, chosen by bytes, is counted in Chromium after load as well.
A structural budget, not a timing: scores and times are measured by bench/lighthouse.py.
"""
from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from tests.browser.citing import next_frame, scripts_ready, url_path

BUDGET = 3_000  #: elements per page (issue 16, Lighthouse's DOM-size threshold)
SCRIPT_MARGIN = 100  #: kept free in the static HTML for what the page's scripts add at load
PHONE = {"width": 412, "height": 823}  #: Lighthouse's mobile preset screen


def element_count(html: Path) -> int:
    return sum(1 for _ in lxml.html.parse(str(html)).getroot().iter(etree.Element))


def heaviest_document_page(site: Path) -> Path:
    return max(site.glob("documents/**/index.html"), key=lambda p: (p.stat().st_size, str(p)))


def test_every_built_page_keeps_within_the_element_budget(built_site):
    counts = {page.relative_to(built_site).as_posix(): element_count(page) for page in built_site.rglob("*.html")}
    heaviest = sorted(counts.items(), key=lambda item: -item[1])[:5]
    print("\nmost elements:", ", ".join(f"{page} {n}" for page, n in heaviest))
    assert counts.get("index.html", 0) > 0, "the home page was counted"
    over = {page: n for page, n in counts.items() if n > BUDGET - SCRIPT_MARGIN}
    assert not over, f"{len(over)} pages over {BUDGET - SCRIPT_MARGIN} elements: {dict(heaviest)}"


@pytest.mark.browser
def test_heaviest_document_page_keeps_within_the_budget_after_its_scripts_ran(browser, site_url, built_site):
    html = heaviest_document_page(built_site)
    path = url_path(built_site, html)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(site_url + path, wait_until="networkidle")
        scripts_ready(page)
        next_frame(page)
        elements = page.evaluate("() => document.getElementsByTagName('*').length")
        controls = page.locator(".cite-btn").count()
        print(f"\n{path}: {element_count(html)} elements in its HTML, {elements} after its scripts ran "
              f"({controls} cite controls)")
        assert not errors, errors
        assert controls > 0, "the scripts ran: the units on the first screen have their cite controls"
        assert elements <= BUDGET, f"{path}: {elements} elements after its scripts ran"
    finally:
        context.close()
