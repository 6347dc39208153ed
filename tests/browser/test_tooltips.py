"""Tooltips on glossary terms (a.t) and mentions (a.m) in document text.

render/inline.py gives each a ``data-tip``; one delegated listener in assets/corpus.js shows it, on hover or
keyboard focus, in a single ``div#corpus-tip[role=tooltip]`` linked from the element by ``aria-describedby``
(Material's ``content.tooltips``, which prepared a tooltip for every title at load, cost seconds of script on long
pages). The expected text comes from the corpus (glossary.yml, actors.yml), not from the rendered attribute, so a
wrong or missing tooltip fails: bilingual (Chinese and English), readable (at least 14 px), and within the window
on a phone. Every document page with a term or a mention is tried (a sixth document is checked like the rest).
"""
from __future__ import annotations

import pytest

from build_scripts.glossary import load_glossary
from build_scripts.pipeline import ROOT
from build_scripts.registries import load_registries
from tests.conftest import document_slugs

pytestmark = pytest.mark.browser

MAX_TABS = 60
MIN_FONT_PX = 14
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def terms():
    return {t.key: t for t in load_glossary(ROOT / "corpus" / "glossary.yml")}


@pytest.fixture(scope="module")
def actors():
    return {a.id: a for a in load_registries(ROOT / "corpus").actors}


def first_page_with(built_site, selector_class: str) -> str:
    """The first document page (by slug) whose text has a link of this class: ``documents/<slug>/``."""
    for slug in document_slugs():
        html = built_site / "documents" / slug / "index.html"
        if html.exists() and f'class="{selector_class}' in html.read_text(encoding="utf-8"):
            return f"documents/{slug}/"
    pytest.fail(f"no document page has a link of class {selector_class!r}")


def shown_tooltip(page, selector: str) -> str:
    """Wait until the element's tooltip is shown (role=tooltip, linked by aria-describedby, visible); its text."""
    handle = page.wait_for_function(
        """sel => { const el = document.querySelector(sel);
                    const id = el && el.getAttribute('aria-describedby');
                    const tip = id && document.getElementById(id);
                    return tip && tip.getAttribute('role') === 'tooltip' && tip.checkVisibility()
                        && tip.innerText.trim() }""", arg=selector, timeout=5000)
    return handle.json_value()


def tooltip_box(page) -> dict:
    return page.evaluate("""() => { const tip = document.getElementById('corpus-tip');
        const r = tip.getBoundingClientRect();
        return {left: r.left, right: r.right, width: window.innerWidth,
                font: parseFloat(getComputedStyle(tip).fontSize)} }""")


def expected_term(terms, href: str) -> tuple[str, str, str]:
    term = terms[href.split("#", 1)[1]]
    return term.zh, term.en, term.definition_zh


def expected_actor(actors, href: str) -> tuple[str, str]:
    actor = actors[href.rstrip("/").rsplit("/", 1)[1]]
    return actor.zh, actor.en


def mark(page, selector: str, name: str) -> str:
    """Tag the first element matching ``selector`` with data-probe=name; a selector for it."""
    assert page.locator(selector).count(), f"no {selector} on the page"
    page.locator(selector).first.evaluate("(el, n) => el.dataset.probe = n", name)
    return f"[data-probe='{name}']"


def test_glossary_term_tooltip_on_hover(page, site_url, built_site, terms):
    page.goto(site_url + first_page_with(built_site, "t"))
    sel = mark(page, ".md-typeset .blk a.t[data-tip]", "term")
    zh, en, definition = expected_term(terms, page.get_attribute(sel, "href"))
    page.hover(sel)
    text = shown_tooltip(page, sel)
    for part in (zh, en, definition):
        assert part in text, f"{part!r} not in the tooltip {text!r}"
    assert tooltip_box(page)["font"] >= MIN_FONT_PX
    page.mouse.move(0, 0)
    page.wait_for_function("() => document.getElementById('corpus-tip').hidden")
    assert page.get_attribute(sel, "aria-describedby") is None, "a hidden tooltip still describes the link"


def test_mention_tooltip_on_hover_is_bilingual(page, site_url, built_site, actors):
    page.goto(site_url + first_page_with(built_site, "m m-actor"))
    sel = mark(page, ".md-typeset .blk a.m.m-actor[data-tip]", "mention")
    zh, en = expected_actor(actors, page.get_attribute(sel, "href"))
    page.hover(sel)
    text = shown_tooltip(page, sel)
    assert zh in text and en in text, f"{zh!r} and {en!r} not both in the tooltip {text!r}"
    assert tooltip_box(page)["font"] >= MIN_FONT_PX


def test_tooltip_stays_inside_a_phone_screen(browser, site_url, built_site):
    """On a 390 px screen the tooltip of a term near the right edge is moved inside the window."""
    context = browser.new_context(viewport=PHONE, locale="zh-CN", has_touch=True)
    try:
        page = context.new_page()
        page.goto(site_url + first_page_with(built_site, "t"))
        rightmost = page.evaluate("""() => { let best = null, x = -1;
            for (const a of document.querySelectorAll('.md-typeset .blk a.t[data-tip]')) {
              const r = a.getBoundingClientRect(); if (r.width && r.right > x) { x = r.right; best = a; } }
            best.dataset.probe = 'edge'; return x }""")
        assert rightmost > PHONE["width"] / 2
        page.focus("[data-probe='edge']")
        shown_tooltip(page, "[data-probe='edge']")
        box = tooltip_box(page)
        assert box["left"] >= 0 and box["right"] <= box["width"], box
    finally:
        context.close()


@pytest.mark.parametrize("kind", ["a.t", "a.m.m-actor"])
def test_tooltips_on_keyboard_focus(page, site_url, terms, actors, kind):
    """Tab from a paragraph's number to the first term / mention in it: the tooltip shows on focus alone."""
    numbered = f".md-typeset p.blk:has(> a.num):has({kind}[data-tip])"
    for slug in document_slugs():  # the first document with a numbered paragraph holding one
        page.goto(site_url + f"documents/{slug}/")
        if page.locator(numbered).count():
            break
    else:
        pytest.fail(f"no document page has a numbered paragraph with {kind}")
    block = page.locator(numbered).first
    block_id = block.get_attribute("id")
    target = mark(page, f"[id='{block_id}'] {kind}", "focus-target")
    block.locator("a.num").focus()
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("sel => document.activeElement === document.querySelector(sel)", target):
            break
    else:
        pytest.fail(f"{kind} in #{block_id} is not reached by Tab")
    assert page.evaluate("() => document.activeElement.matches(':focus-visible')")
    href = page.get_attribute(target, "href")
    text = shown_tooltip(page, target)
    expected = expected_term(terms, href) if kind == "a.t" else expected_actor(actors, href)
    assert all(part in text for part in expected), (expected, text)
    page.keyboard.press("Escape")
    page.wait_for_function("() => document.getElementById('corpus-tip').hidden")
