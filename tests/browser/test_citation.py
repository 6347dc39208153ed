"""The copy-citation control (docs/assets/corpus.js), driven from the keyboard in a context that is offline.

The menu shows each style's citation before it is copied; a confirmation (role=status, outside the menu, which
closes on copy) stays about two seconds. The context may reach 127.0.0.1 only (every other request is aborted and recorded), has clipboard permissions,
and reads each citation twice: from the clipboard and from ``document.documentElement.dataset.lastCitation``.
"""
from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

import pytest

from tests.browser.citing import UNITS, scripts_ready, scroll_through

pytestmark = pytest.mark.browser

#: The site URL the build wrote into <link rel="canonical"> (mkdocs.yml: !ENV [SITE_URL, "http://127.0.0.1:8000/"]).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000/").rstrip("/") + "/"
HAN = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
MAX_TABS = 40  #: a paragraph's cite button is reached from its number within this many Tab presses


@pytest.fixture
def offline(browser, site_url):
    """A page in a context that can reach only 127.0.0.1, with clipboard access; yields (page, blocked URLs)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    origin = site_url.rstrip("/")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    blocked: list[str] = []

    def only_loopback(route):
        url = route.request.url
        if urlsplit(url).scheme in ("data", "blob") or urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", only_loopback)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page, blocked
    context.close()
    assert not errors, f"script errors: {errors}"


def active(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement;
        return {tag: e.tagName, cls: e.className, lang: e.dataset.lang || null, text: e.textContent,
                expanded: e.getAttribute('aria-expanded'), block: (e.closest('[id]') || {}).id || null} }""")


def tab_to_cite_button(page, block_id: str) -> None:
    """Focus the block's number (or permalink), then press Tab until its cite button has the focus."""
    page.locator(f"[id='{block_id}'] > a.num, [id='{block_id}'] > a.permalink").first.focus()
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        now = active(page)
        if "cite-btn" in now["cls"] and now["block"] == block_id:
            return
    pytest.fail(f"the cite button of #{block_id} is not reached by Tab within {MAX_TABS} presses from its number")


def copy_with_keyboard(page, block_id: str, lang: str) -> tuple[str, str]:
    """Open the menu with Enter, move to the style with Tab, copy with Enter; the (clipboard, lastCitation) pair."""
    tab_to_cite_button(page, block_id)
    page.evaluate("delete document.documentElement.dataset.lastCitation")
    page.keyboard.press("Enter")
    menu = page.locator(f"[id='{block_id}'] > .cite-menu")
    menu.wait_for(state="visible")
    assert active(page)["lang"] == "zh", "opening the menu moves the focus to its first choice"
    assert page.locator(f"[id='{block_id}'] > .cite-btn").get_attribute("aria-expanded") == "true"
    labels = menu.locator("button").all_inner_texts()
    assert labels == ["复制中文引文", "Copy English citation"]
    if lang == "en":
        page.keyboard.press("Tab")
        assert active(page)["lang"] == "en"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.documentElement.dataset.lastCitation !== undefined")
    menu.wait_for(state="detached")
    now = active(page)
    assert "cite-btn" in now["cls"] and now["block"] == block_id, "after copying, the focus returns to the button"
    assert now["expanded"] == "false"
    clip = page.evaluate("navigator.clipboard.readText()")
    toast = page.locator(".cite-toast")
    assert toast.is_visible() and toast.get_attribute("role") == "status", "the copy is confirmed outside the menu"
    assert clip in toast.inner_text() and ("已复制" if lang == "zh" else "Copied") in toast.inner_text()
    return clip, page.evaluate("document.documentElement.dataset.lastCitation")


CASES = [
    pytest.param(
        "documents/a-71-6-rev-1/prog-2/", "para_2-26",
        ["《2018-2019年期间战略框架》", "A/71/6/Rev.1", "方案 2", "第 2.26 段"],
        ["Strategic framework for the period 2018-2019", "A/71/6/Rev.1", "Programme 2", "para. 2.26"],
        id="A/71/6/Rev.1 programme 2 para 2.26"),
    pytest.param(
        "documents/health-needs-most-vulnerable/", "para_16__point_a",
        ["《改进国际协调与合作以期为促进实现可持续发展目标满足最弱势群体的卫生保健需求》", "第 16 段", "(a) 项"],
        ["Improving international coordination and cooperation to address the health-care needs of the most "
         "vulnerable in order to advance towards the Sustainable Development Goals", "para. 16", "(a)"],
        id="SG note para 16 (a)"),
]


@pytest.mark.parametrize("path, block_id, zh_parts, en_parts", CASES)
def test_copy_citation_with_keyboard_offline(offline, site_url, path, block_id, zh_parts, en_parts):
    page, blocked = offline
    page.goto(site_url + path)
    scripts_ready(page)  # the block is screens below: its control is made when the keyboard reaches it
    permanent = SITE_URL + path + "#" + block_id

    clip, last = copy_with_keyboard(page, block_id, "zh")
    assert clip == last, "the clipboard holds what the control reports"
    for part in zh_parts + [permanent]:
        assert part in clip, f"{part!r} missing from the Chinese citation {clip!r}"
    assert clip.endswith(permanent), "the permanent URL (with its #fragment) ends the citation"

    clip, last = copy_with_keyboard(page, block_id, "en")
    assert clip == last
    for part in en_parts + [permanent]:
        assert part in clip, f"{part!r} missing from the English citation {clip!r}"
    assert not HAN.search(clip), f"the English citation contains Chinese: {clip!r}"
    assert clip.endswith(permanent)

    assert not blocked, f"the page tried to reach other hosts: {blocked}"


def test_escape_closes_the_menu_and_returns_focus(offline, site_url):
    page, blocked = offline
    page.goto(site_url + "documents/a-71-6-rev-1/prog-2/")
    tab_to_cite_button(page, "para_2-26")
    page.keyboard.press("Enter")
    page.locator("#para_2-26 > .cite-menu").wait_for(state="visible")
    page.keyboard.press("Tab")  # Escape works from either choice
    assert active(page)["lang"] == "en"
    page.keyboard.press("Escape")
    page.locator("#para_2-26 > .cite-menu").wait_for(state="detached")
    now = active(page)
    assert "cite-btn" in now["cls"] and now["block"] == "para_2-26", f"focus did not return to the button: {now}"
    assert now["expanded"] == "false"
    assert page.evaluate("document.documentElement.dataset.lastCitation") is None, "Escape copies nothing"
    assert page.locator(".cite-menu").count() == 0
    assert not blocked


MISSING = """units => Array.from(document.querySelectorAll(units))
    .filter(el => { const b = el.querySelectorAll(':scope > button.cite-btn');
                    return b.length !== 1 || !(b[0].getAttribute('aria-label') || '').includes(el.id) })
    .map(el => el.id)"""


def test_every_citable_unit_has_one_labelled_button_once_near_the_screen(offline, site_url):
    """The units of the first screens have their control at load; every other unit gets it as the reader scrolls
    to it (and only one, however often it comes back into view)."""
    page, _ = offline
    page.goto(site_url + "documents/a-71-6-rev-1/prog-2/")
    scripts_ready(page)
    units = page.locator(UNITS).count()
    first = page.evaluate("() => document.querySelectorAll('.cite-btn').length")
    assert 0 < first < units, f"at load: {first} controls for {units} units (only those near the screen)"
    scroll_through(page)
    scroll_through(page)
    missing = page.evaluate(MISSING, UNITS)
    assert not missing, f"units without exactly one labelled cite button after scrolling: {missing[:10]}"


def test_the_menu_previews_what_is_copied_and_the_confirmation_stays_about_two_seconds(offline, site_url):
    page, blocked = offline
    path, block_id = CASES[0].values[:2]
    page.goto(site_url + path)
    page.locator(f"[id='{block_id}']").scroll_into_view_if_needed()
    page.locator(f"[id='{block_id}'] > .cite-btn").click()
    menu = page.locator(f"[id='{block_id}'] > .cite-menu")
    previews = {lang: menu.locator(f".cite-preview[lang='{lang}']").inner_text() for lang in ("zh", "en")}
    for lang, preview in previews.items():
        assert preview.endswith(SITE_URL + path + "#" + block_id), f"{lang} preview: {preview!r}"
        described = menu.locator(f"button[data-lang='{lang}']").get_attribute("aria-describedby")
        assert page.locator(f"[id='{described}']").inner_text() == preview, "each copy button is described by its preview"
    menu.locator("button[data-lang='en']").click()
    toast = page.locator(".cite-toast")
    toast.wait_for(state="visible")
    assert page.evaluate("navigator.clipboard.readText()") == previews["en"], "what was previewed is what is copied"
    page.wait_for_timeout(1200)
    assert toast.is_visible(), "the confirmation is still there after more than a second"
    toast.wait_for(state="hidden", timeout=4000)  # about two seconds (a busy machine may fire the timer late)
    assert page.locator(".cite-toast").count() == 1, "one confirmation element for the page"
    assert not blocked
