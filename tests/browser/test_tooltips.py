"""Tooltips on glossary terms (a.t) and mentions (a.m) in document text.

render/inline.py gives each a ``title``; Material's ``content.tooltips`` feature (mkdocs.yml) turns every
``[title]`` inside the content into its own tooltip: on hover or focus the title moves into a
``div.md-tooltip2[role=tooltip]`` (appended to <body>, linked from the element by ``aria-describedby``) that
gets the class ``md-tooltip2--active``. The expected text comes from the corpus (glossary.yml, actors.yml),
not from the rendered title, so a wrong or missing title fails.
"""
from __future__ import annotations

import pytest

from build_scripts.glossary import load_glossary
from build_scripts.pipeline import ROOT
from build_scripts.registries import load_registries

pytestmark = pytest.mark.browser

PAGE = "documents/health-needs-most-vulnerable/"
MAX_TABS = 60


@pytest.fixture(scope="module")
def terms():
    return {t.key: t for t in load_glossary(ROOT / "corpus" / "glossary.yml")}


@pytest.fixture(scope="module")
def actors():
    return {a.id: a for a in load_registries(ROOT / "corpus").actors}


def shown_tooltip(page, selector: str) -> str:
    """Wait until the element's Material tooltip is active and visible; its text."""
    handle = page.wait_for_function(
        """sel => { const el = document.querySelector(sel);
                    const id = el && el.getAttribute('aria-describedby');
                    const tip = id && document.getElementById(id);
                    return tip && tip.getAttribute('role') === 'tooltip'
                        && tip.classList.contains('md-tooltip2--active') && tip.checkVisibility()
                        && tip.innerText.trim() }""", arg=selector, timeout=5000)
    return handle.json_value()


def expected_term(terms, href: str) -> tuple[str, str]:
    key = href.split("#", 1)[1]
    term = terms[key]
    return term.en, term.definition_zh


def expected_actor(actors, href: str) -> str:
    return actors[href.rstrip("/").rsplit("/", 1)[1]].en


def mark(page, selector: str, name: str) -> str:
    """Tag the first element matching ``selector`` with data-probe=name; a selector for it."""
    assert page.locator(selector).count(), f"no {selector} on the page"
    page.locator(selector).first.evaluate("(el, n) => el.dataset.probe = n", name)
    return f"[data-probe='{name}']"


def test_glossary_term_tooltip_on_hover(page, site_url, terms):
    page.goto(site_url + PAGE)
    sel = mark(page, ".md-typeset .blk a.t[title]", "term")
    en, definition = expected_term(terms, page.get_attribute(sel, "href"))
    page.hover(sel)
    text = shown_tooltip(page, sel)
    assert en in text, f"English equivalent {en!r} not in the tooltip {text!r}"
    assert definition in text, f"definition not in the tooltip {text!r}"


def test_mention_tooltip_on_hover(page, site_url, actors):
    page.goto(site_url + PAGE)
    sel = mark(page, ".md-typeset .blk a.m.m-actor[title]", "mention")
    en = expected_actor(actors, page.get_attribute(sel, "href"))
    page.hover(sel)
    text = shown_tooltip(page, sel)
    assert en in text, f"English name {en!r} not in the tooltip {text!r}"


@pytest.mark.parametrize("kind", ["a.t", "a.m.m-actor"])
def test_tooltips_on_keyboard_focus(page, site_url, terms, actors, kind):
    """Tab from a paragraph's number to the first term / mention in it: the tooltip shows on focus alone."""
    page.goto(site_url + PAGE)
    block = page.locator(f".md-typeset p.blk:has(> a.num):has({kind}[title])").first
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
    if kind == "a.t":
        en, definition = expected_term(terms, href)
        assert en in text and definition in text, text
    else:
        assert expected_actor(actors, href) in text, text

