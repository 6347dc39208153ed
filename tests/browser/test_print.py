"""Printing a document page (docs/assets/corpus.css, its @media print block) and touch targets on a phone.

Print: no controls or site chrome; the paragraph numbers and footnotes stay, and every citable unit (paragraph,
item, footnote, table cell, mandate group and entry, heading ...) is followed by its permanent URL. Checked with print
media emulated on a page of each kind of unit, and on the PDF Chromium prints (read with poppler's pdftotext).
Touch targets: axe-core's target-size rule at 390 px on the heaviest document page of the site.
"""
from __future__ import annotations

import functools
import subprocess

import pytest
from lxml import html as lxml_html

from build_scripts import public_url
from build_scripts.pipeline import BuildPaths
from tests.browser.citing import scroll_through

pytestmark = pytest.mark.browser

CONTROLS = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer", ".md-search", ".md-path", ".cite-btn",
            ".headerlink", ".permalink", "button", "[role=button]"]
PHONE = {"width": 390, "height": 844}
SITE_URL = public_url.configured(BuildPaths.config).rstrip("/") + "/"  #: the URL the build wrote (canonical links)
#: elements whose own id is not printed: a page's h1 (MkDocs names it), a table row and a block container (their
#: cells and entries print theirs, a source view's line its number), and a page's data (script)
NOT_PRINTED = ("h1", "tr", "div", "script")


def heaviest_document_page(site) -> str:
    """The site-relative URL of the largest built document page (the most paragraphs, buttons and links)."""
    page = max(site.glob("documents/**/index.html"), key=lambda p: p.stat().st_size)
    return str(page.parent.relative_to(site)) + "/"


def unit_kind(el) -> str:
    """A citable unit's kind, by structure: its tag, its classes and its parent's tag (a cell's paragraph, a list's
    entry), e.g. ``p.blk.b-para``, ``td>p``, ``li``, ``aside.blk.b-fn``, ``h4``."""
    classes = "".join("." + c for c in sorted((el.get("class") or "").split()) if not c.startswith("level"))
    return f"{el.getparent().tag}>{el.tag}" if el.getparent().tag == "td" else el.tag + classes


def printed_units(article) -> list:
    return [el for el in article.iter() if el.get("id") and el.tag not in NOT_PRINTED]


@functools.cache
def kinds_by_page(site) -> dict[str, frozenset[str]]:
    """Every document page of the site (site-relative URL), smallest first, with the kinds of unit it has."""
    out = {}
    for page in sorted(site.glob("documents/*/**/index.html"), key=lambda p: p.stat().st_size):
        article = lxml_html.parse(str(page)).find(".//article")
        out[str(page.parent.relative_to(site)) + "/"] = frozenset(unit_kind(el) for el in printed_units(article))
    return out


def pages_by_kind(site) -> dict[str, str]:
    """For every kind of citable unit on the site's document pages, the smallest page that has one: the pages a
    reader's print is checked on, found by structure, not by name."""
    out: dict[str, str] = {}
    for path, kinds in kinds_by_page(site).items():
        for kind in kinds:
            out.setdefault(kind, path)
    return out


def printed_urls(page) -> dict[str, str]:
    """Print media emulated: id -> the text printed after that unit (its ::after content)."""
    return page.evaluate("""notPrinted => Object.fromEntries(Array.from(document.querySelectorAll('article [id]'))
        .filter(e => !notPrinted.includes(e.tagName.toLowerCase()))
        .map(e => [e.id, getComputedStyle(e, '::after').content]))""", list(NOT_PRINTED))


def shown_controls(page) -> list[str]:
    return page.evaluate("""sels => sels.filter(s => Array.from(document.querySelectorAll(s))
        .some(e => e.getClientRects().length > 0))""", CONTROLS)


def test_print_gives_every_citable_unit_its_url_and_no_control(browser, site_url, built_site):
    """Per kind of unit on the site (paragraph, item, bullet, milestone, footnote, table cell, captioned table,
    mandate group and entry, heading of each rank): on the smallest page that has it, printed, every unit of the
    page is followed by its permanent URL (canonical URL + "#" + id) and no control or site chrome is shown.
    At a page's width (A4), nothing is wider than the text."""
    kinds = pages_by_kind(built_site)
    assert {"li", "td>p", "aside.b-fn.blk", "p.b-para.blk"} <= set(kinds), f"the kinds of the corpus: {sorted(kinds)}"
    context = browser.new_context(viewport={"width": 720, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    try:
        for path in sorted(set(kinds.values())):
            page.emulate_media(media="screen")
            page.goto(site_url + path)
            page.wait_for_function("getComputedStyle(document.documentElement).getPropertyValue('--cite-page-url')")
            assert page.get_attribute('link[rel="canonical"]', "href") == SITE_URL + path
            page.emulate_media(media="print")
            assert not shown_controls(page), f"{path}: controls printed: {shown_controls(page)}"
            urls = printed_urls(page)
            wrong = {i: c for i, c in urls.items() if c != f'"{SITE_URL}{path}#{i}"'}
            assert not wrong, f"{path}: {len(wrong)} of {len(urls)} print another URL: {sorted(wrong.items())[:3]}"
            too_wide = page.evaluate("""() => Array.from(document.querySelectorAll('article, article .table-wrap'))
                .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.className || e.tagName)""")
            assert not too_wide, f"{path}: wider than the printed page: {too_wide}"
    finally:
        context.close()


def pages_to_print(site) -> list[str]:
    """Two pages to print whole: the smallest with a footnote, and the smallest with the most kinds of unit."""
    kinds = kinds_by_page(site)
    footnote = next(path for path, found in kinds.items() if "aside.b-fn.blk" in found)
    richest = max(kinds, key=lambda path: len(kinds[path]))  # (max keeps the first, smallest, of a tie)
    return sorted({footnote, richest})


def test_chromium_print_keeps_numbers_footnotes_and_every_units_url(page, site_url, built_site, tmp_path):
    """The PDF Chromium prints (Save as PDF), read back with pdftotext: every unit's permanent URL, the numbers,
    the footnotes, and no trace of the citation control."""
    for path in pages_to_print(built_site):
        page.emulate_media(media="screen")
        page.goto(site_url + path)
        page.wait_for_selector(".cite-btn")
        page.emulate_media(media="print")
        assert page.locator(".blk a.num").first.is_visible(), "numbers are printed"
        pdf = tmp_path / "print.pdf"
        page.pdf(path=str(pdf), format="A4")
        # -raw: in the order drawn (the default layout mode interleaves the lines of neighbouring table cells)
        printed = "".join(subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                                         text=True, check=True).stdout.split())
        ids = list(printed_urls(page))
        missing = [i for i in ids if SITE_URL + path + "#" + i not in printed]
        assert not missing, f"{path}: {len(missing)} of {len(ids)} units' URLs not printed: {missing[:5]}"
        for number in page.locator("article a.num").all_inner_texts():
            assert "".join(number.split()) in printed, f"{path}: number {number} not printed"
        for footnote in page.locator("aside.b-fn").all():  # (its text: pdftotext may read the number apart)
            number, text = footnote.locator("a.num").inner_text(), "".join(footnote.inner_text().split())
            assert text[len("".join(number.split())):][:12] in printed, f"{path}: footnote {number} not printed"
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
