"""The light/dark switch (overrides/partials/corpus-palette.html).

The scheme is chosen before the text is parsed, from the reader's stored choice or else the system preference;
the switch in the header changes it and the choice holds on the next page. After load nothing changes the body's
attributes (Material's palette component marked the body "switching" and restyled a long page twice).
"""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGES = ["", "documents/"]

#: Records every change of the body's attributes after DOMContentLoaded (installed before any script of the page).
WATCH_BODY = """
window.__bodyChanges = [];
document.addEventListener("DOMContentLoaded", () => {
  new MutationObserver(records => records.forEach(r => window.__bodyChanges.push(r.attributeName)))
    .observe(document.body, {attributes: true});
});
"""

SCHEME = "document.body.getAttribute('data-md-color-scheme')"
SHOWN_SWITCH = "Array.from(document.querySelectorAll('[data-corpus-palette] label')).filter(l => !l.hidden)" \
               ".map(l => l.htmlFor)"


def open_page(browser, site_url, scheme: str):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", color_scheme=scheme)
    context.add_init_script(WATCH_BODY)
    page = context.new_page()
    page.goto(site_url + PAGES[0])
    page.wait_for_load_state("networkidle")
    return context, page


@pytest.mark.parametrize("preference, scheme", [("light", "default"), ("dark", "slate")])
def test_first_visit_follows_the_system_and_nothing_is_restyled_after_load(browser, site_url, preference, scheme):
    context, page = open_page(browser, site_url, preference)
    try:
        assert page.evaluate(SCHEME) == scheme
        assert len(page.evaluate(SHOWN_SWITCH)) == 1, "exactly one switch (to the other scheme) is shown"
        assert page.evaluate("document.querySelector('meta[name=theme-color]').content").startswith("rgb")
        page.wait_for_timeout(500)
        assert page.evaluate("window.__bodyChanges") == [], "the body was changed after load: the page restyled"
    finally:
        context.close()


def test_the_switch_changes_the_scheme_and_the_choice_holds_on_the_next_page(browser, site_url):
    context, page = open_page(browser, site_url, "light")
    try:
        page.locator("[data-corpus-palette] label:not([hidden])").click()
        assert page.evaluate(SCHEME) == "slate"
        assert page.evaluate("document.querySelector('meta[name=color-scheme]').content") == "dark"
        page.goto(site_url + PAGES[1], wait_until="domcontentloaded")
        assert page.evaluate(SCHEME) == "slate", "the stored choice is applied before the page is shown"
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__bodyChanges") == []
        page.locator("[data-corpus-palette] input:checked").focus()  # from the keyboard: Enter moves on
        page.keyboard.press("Enter")
        assert page.evaluate(SCHEME) == "default"
        page.reload()
        assert page.evaluate(SCHEME) == "default"
    finally:
        context.close()
