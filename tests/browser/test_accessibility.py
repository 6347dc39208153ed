"""axe-core (axe_playwright_python) on the main kinds of page and on a search result view.

No "serious" or "critical" violation may remain; the others (moderate, minor) are printed (pytest -s or -rA).
Fixed at the source, for the record (docs/assets/corpus.css, corpus.js, render/*.py):
  link-in-text-block  links in running text are underlined (Material tells them apart by colour only);
  color-contrast      Material's tab links (opacity .7), copyright line, search-result count and highlights
                      fall just short of 4.5:1 with the indigo palette: raised in corpus.css;
  aria-dialog-name    Material's search overlay is role="dialog" without a name: corpus.js labels it;
  nested-interactive  the home page's charts were <svg role="img"> holding links: now role="group";
  link-name           glossary / index headings for the "#" group rendered empty ("## #" is a closing
                      sequence in Markdown): the heading text is escaped.
axe does not see text drawn by CSS (the cite button's ❝ is ``::before`` content): its contrast is measured here.
"""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGES = {
    "home": "",
    "documents": "documents/",
    "document": "documents/health-needs-most-vulnerable/",
    "programme": "documents/a-71-6-rev-1/prog-2/",
    "entity": "actors/who/",
    "glossary": "glossary/",
    "index": "general-index/",
}
BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def describe(violation: dict, limit: int = 5) -> str:
    nodes = violation["nodes"]
    lines = [f"[{violation['impact']}] {violation['id']}: {violation['help']} ({len(nodes)} node(s)) {violation['helpUrl']}"]
    for node in nodes[:limit]:
        summary = " | ".join(s.strip() for s in (node.get("failureSummary") or "").splitlines() if s.strip())
        lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]!r} — {summary[:300]}")
    return "\n".join(lines)


def render_every_block(page) -> None:
    """Lay out the blocks the page renders on demand (corpus.css, content-visibility) before axe reads it.

    axe takes a text's background from what the browser hit-tests at its place, and a skipped block has nothing
    there: it reports false contrast failures (dequelabs/axe-core#2768, open). Colours do not depend on when a
    block is laid out, so axe checks the page as a reader sees each block once it is near the screen.
    """
    page.add_style_tag(content="* { content-visibility: visible !important; }")


def check(axe, page, name: str) -> None:
    render_every_block(page)
    result = axe.run(page)
    violations = result.response["violations"]
    assert result.response["passes"], "axe ran and checked something"
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    for v in violations:
        if v["impact"] not in BLOCKING:
            print(f"{name}: {describe(v, 2)}")
    assert not blocking, f"{name}: serious/critical accessibility violations:\n" + "\n".join(map(describe, blocking))


@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_serious_violations(page, site_url, axe, name):
    page.goto(site_url + PAGES[name])
    page.wait_for_load_state("networkidle")
    check(axe, page, name)


def show_search_results(page, site_url) -> None:
    """The header search's results for a common word, with the true count and the "all N results" link."""
    page.goto(site_url)
    page.click("input.md-search__input")
    page.locator("input.md-search__input").press_sequentially("卫生")
    page.press("input.md-search__input", "End")  # Chinese arrives as inserted text, without a keyup of its own
    page.wait_for_selector(".md-search-result__item mark")
    page.wait_for_selector(".md-search-result__meta .gh-all")
    assert page.locator(".md-search-result__item").count() > 0


def test_search_results_have_no_serious_violations(page, site_url, axe):
    show_search_results(page, site_url)
    check(axe, page, "search results")


def test_open_citation_menu_has_no_serious_violations(page, site_url, axe):
    page.goto(site_url + PAGES["programme"])
    page.locator("#para_2-26").scroll_into_view_if_needed()  # its control is made when it comes near the screen
    page.locator("#para_2-26 > .cite-btn").focus()
    page.keyboard.press("Enter")
    page.locator("#para_2-26 > .cite-menu").wait_for(state="visible")
    check(axe, page, "citation menu")


@pytest.mark.parametrize("name", ["home", "programme", "entity"])
def test_dark_scheme_has_no_serious_violations(browser, site_url, axe, name):
    """Material's slate scheme (chosen by prefers-color-scheme: dark) has colours of its own."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", color_scheme="dark")
    page = context.new_page()
    try:
        page.goto(site_url + PAGES[name])
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        check(axe, page, f"{name} (dark)")
    finally:
        context.close()


def test_dark_search_results_have_no_serious_violations(browser, site_url, axe):
    """The search results' count line and "all N results" link in the slate scheme."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", color_scheme="dark")
    page = context.new_page()
    try:
        show_search_results(page, site_url)
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        check(axe, page, "search results (dark)")
    finally:
        context.close()


CONTRAST = """el => {
  const rgba = s => s.match(/[\\d.]+/g).map(Number)
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
  }
  const bg = rgba(getComputedStyle(document.body).backgroundColor)
  const [r, g, b, a = 1] = rgba(getComputedStyle(el, "::before").color)
  const fg = [r, g, b].map((v, i) => v * a + bg[i] * (1 - a))
  const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x)
  return (hi + 0.05) / (lo + 0.05)
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_cite_button_glyph_contrast(browser, site_url, scheme):
    """The ❝ glyph (CSS content, unseen by axe) has 4.5:1 against the page in both colour schemes."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(site_url + PAGES["programme"])
        page.locator("#para_2-26").scroll_into_view_if_needed()
        ratio = page.locator("#para_2-26 > .cite-btn").evaluate(CONTRAST)
        assert ratio >= 4.5, f"{scheme}: cite button contrast {ratio:.2f}:1"
    finally:
        context.close()
