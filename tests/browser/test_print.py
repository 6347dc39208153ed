"""Printing a document page (docs/assets/corpus.css, its @media print block) and touch targets on a phone.

Print: no controls or site chrome; the paragraph numbers and footnotes stay, and each paragraph is followed by its
permanent URL. Checked with print media emulated, and on the PDF Chromium prints (read with poppler's pdftotext).
Touch targets: axe-core's target-size rule at 390 px on the heaviest document page of the site.
"""
from __future__ import annotations

import subprocess

import pytest

from build_scripts import public_url
from build_scripts.pipeline import BuildPaths
from tests.browser.citing import scroll_through

pytestmark = pytest.mark.browser

CONTROLS = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer", ".md-search", ".cite-btn", ".headerlink"]
PHONE = {"width": 390, "height": 844}
SITE_URL = public_url.configured(BuildPaths.config).rstrip("/") + "/"  #: the URL the build wrote (canonical links)


def heaviest_document_page(site) -> str:
    """The site-relative URL of the largest built document page (the most paragraphs, buttons and links)."""
    page = max(site.glob("documents/**/index.html"), key=lambda p: p.stat().st_size)
    return str(page.parent.relative_to(site)) + "/"


def first_footnote_page(site) -> str:
    """A document page that has a numbered paragraph and a footnote (the smallest, to keep the test quick)."""
    pages = sorted(site.glob("documents/**/index.html"), key=lambda p: p.stat().st_size)
    page = next(p for p in pages if 'class="blk b-fn"' in (text := p.read_text(encoding="utf-8")) and 'class="num"' in text)
    return str(page.parent.relative_to(site)) + "/"


def test_print_hides_the_controls_and_keeps_numbers_footnotes_and_urls(page, site_url, built_site, tmp_path):
    path = first_footnote_page(built_site)
    page.goto(site_url + path)
    page.wait_for_selector(".cite-btn")
    page.emulate_media(media="print")
    shown = page.evaluate("""sels => sels.map(s => [s, Array.from(document.querySelectorAll(s))
        .filter(e => e.getClientRects().length > 0).length])""", CONTROLS)
    assert all(n == 0 for _, n in shown), f"controls printed: {[s for s, n in shown if n]}"
    assert page.locator("p.blk a.num").first.is_visible(), "paragraph numbers are printed"
    assert page.locator("aside.b-fn").first.is_visible(), "footnotes are printed"

    pdf = tmp_path / "print.pdf"
    page.pdf(path=str(pdf), format="A4")
    printed = "".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                                     check=True).stdout.split())
    first = page.locator("p.blk[id]").first
    block_id, number = first.get_attribute("id"), first.locator("a.num").inner_text()
    assert SITE_URL + path + "#" + block_id in printed, "a paragraph's permanent URL is printed"
    assert number in printed
    footnote = page.locator("aside.b-fn[id]").first.get_attribute("id")
    assert SITE_URL + path + "#" + footnote in printed, "a footnote's permanent URL is printed"
    assert "❝" not in printed and "复制" not in printed, "no citation control is printed"


def test_touch_targets_of_ours_are_at_least_24px_on_a_phone(browser, site_url, built_site):
    """axe target-size on the heaviest document page at 390 px: no violation on an element of the page's text
    (the ❝ buttons, the numbers, the links printed in the source), menu open or not."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(site_url + heaviest_document_page(built_site))
        scroll_through(page)  # every unit's control is made when it comes near the screen (corpus.js)
        assert page.locator(".cite-btn").count() > 100, "a heavy page: many buttons to check"
        size = page.locator(".cite-btn").first.bounding_box()
        assert size["width"] >= 24 and size["height"] >= 24, size
        ours = []
        for opened in (False, True):
            if opened:
                page.locator(".cite-btn").first.click()
                page.locator(".cite-menu").wait_for(state="visible")
            result = Axe().run(page, options={"runOnly": ["target-size"]})
            assert result.response["passes"] or result.response["violations"], "axe checked target sizes"
            for violation in result.response["violations"]:
                for node in violation["nodes"]:
                    if page.evaluate("s => !!document.querySelector(s)?.closest('article')", node["target"][-1]):
                        ours.append(node["html"][:120])
        assert not ours, f"{len(ours)} targets of ours below 24x24 px: {ours[:5]}"
    finally:
        context.close()
