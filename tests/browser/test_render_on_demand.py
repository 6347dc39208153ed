"""Long pages are laid out near the screen only (docs/assets/corpus.css: content-visibility on a document page's
top-level blocks and the source view's rows), and nothing a reader needs changes with it: a link to a unit far
down lands on it, what hangs outside a block is not clipped, an open citation menu shows whole, print lays out
everything. The pages are chosen by structure: the heaviest document page, and for each kind of top-level block
(its `b-…` class, else its first class) the first document page that has one.
"""
from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from tests.browser.citing import next_frame, scripts_ready, url_path
from tests.test_page_budget import PHONE, heaviest_document_page

pytestmark = pytest.mark.browser

#: What corpus.css renders on demand: a document page's top-level blocks and the source view's rows.
BLOCKS = ".md-typeset > :is(.blk, .table-wrap), .md-typeset .source-view > .sl"
KINDS = {"blk", "table-wrap", "source-view"}  #: classes of the top-level elements that hold them


def page_per_block_kind(site: Path) -> dict[str, Path]:
    """The first document page (in path order) holding each kind of top-level block."""
    pages: dict[str, Path] = {}
    for html in sorted(site.glob("documents/**/index.html")):
        article = lxml.html.parse(str(html)).getroot().find_class("md-content__inner")
        for block in article[0] if article else []:
            classes = (block.get("class") or "").split() if isinstance(block.tag, str) else []
            kind = next((c for c in classes if c.startswith("b-")), classes[0] if classes else "")
            if KINDS & set(classes) and kind not in pages:
                pages[kind] = html
    return pages


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"script errors: {errors}"


def squeeze(text: str) -> str:
    """Without whitespace: a copy's line breaks between blocks differ from textContent's."""
    return "".join(text.split())


def test_a_long_page_lays_out_only_the_blocks_near_the_screen(phone, site_url, built_site):
    html = heaviest_document_page(built_site)
    phone.goto(site_url + url_path(built_site, html), wait_until="networkidle")
    scripts_ready(phone)
    next_frame(phone)
    shown = phone.evaluate(f"""() => Array.from(document.querySelectorAll({BLOCKS!r}), b => ({{
        auto: getComputedStyle(b).contentVisibility === 'auto',
        shown: (b.querySelector('*') || b).checkVisibility({{contentVisibilityAuto: true}}),
        top: b.getBoundingClientRect().top }}))""")
    assert shown and all(block["auto"] for block in shown), "every top-level block is content-visibility: auto"
    on_screen = [block for block in shown if 0 <= block["top"] < PHONE["height"]]
    assert on_screen and all(block["shown"] for block in on_screen), "the blocks on the first screen are laid out"
    skipped = sum(not block["shown"] for block in shown)
    assert skipped > len(shown) // 2, f"only {skipped} of {len(shown)} blocks skipped on a long page at load"


def test_a_link_to_a_unit_far_down_a_long_page_lands_on_it(phone, site_url, built_site):
    """The last block with an id, and the last id inside a block (a mandate entry, a table cell), from a fresh load."""
    path = url_path(built_site, heaviest_document_page(built_site))
    phone.goto(site_url + path, wait_until="networkidle")
    ids = phone.evaluate(f"""() => {{ const blocks = Array.from(document.querySelectorAll({BLOCKS!r}));
        const inner = blocks.flatMap(b => Array.from(b.querySelectorAll('[id]')));
        return [blocks.filter(b => b.id).pop().id, inner.pop().id] }}""")
    for unit in ids:
        phone.goto("about:blank")  # a fresh load of the cited URL, not a jump within the page
        phone.goto(f"{site_url}{path}#{unit}", wait_until="networkidle")
        phone.wait_for_timeout(1000)  # corpus.js holds the target for a few frames after load
        box = phone.evaluate(f"""() => {{ const b = document.getElementById({unit!r}).getBoundingClientRect();
            return {{top: b.top, bottom: b.bottom}} }}""")
        assert box["bottom"] > 0 and box["top"] < PHONE["height"], f"#{unit} is not on the screen: {box}"


def test_nothing_hanging_outside_a_block_is_clipped(phone, site_url, built_site):
    """Every descendant box and every positioned ::before/::after of a block or its descendants (a drawn bullet, a
    line number) stays within the block's clip margin."""
    pages = page_per_block_kind(built_site)
    assert {"b-para", "table-wrap", "source-view"} <= set(pages), f"block kinds found: {sorted(pages)}"
    for kind, html in sorted(pages.items()):
        phone.goto(site_url + url_path(built_site, html), wait_until="networkidle")
        scripts_ready(phone)
        over = phone.evaluate(f"""() => {{
          const over = [];
          for (const block of document.querySelectorAll({BLOCKS!r})) {{
            const style = getComputedStyle(block);
            if (style.contentVisibility !== 'auto') continue;
            const margin = parseFloat(style.overflowClipMargin) || 0, b = block.getBoundingClientRect();
            const check = (what, left, right, top) => {{
              if (left < b.left - margin - 0.5 || right > b.right + margin + 0.5 || top < b.top - margin - 0.5)
                over.push(`${{block.id || block.className}}: ${{what}} (margin ${{margin}}px)`);
            }};
            for (const el of [block, ...block.querySelectorAll('*')]) {{
              const r = el.getBoundingClientRect();
              if (el !== block && (r.width || r.height)) check(el.tagName + '.' + el.className, r.left, r.right, r.top);
              for (const pseudo of ['::before', '::after']) {{
                const p = getComputedStyle(el, pseudo);
                if (p.content === 'none' || p.position !== 'absolute') continue;
                const left = parseFloat(p.left);
                if (!Number.isNaN(left)) check(el.tagName + pseudo, r.left + left, r.left + left, r.top);
              }}
            }}
            if (over.length > 5) break;
          }}
          return over;
        }}""")
        assert not over, f"{kind} ({url_path(built_site, html)}): clipped: {over}"


def test_an_open_citation_menu_is_shown_whole(phone, site_url, built_site):
    html = heaviest_document_page(built_site)
    phone.goto(site_url + url_path(built_site, html), wait_until="networkidle")
    scripts_ready(phone)
    button = phone.locator(".md-typeset > .blk > .cite-btn").first
    button.click()
    block = button.locator("xpath=..")
    assert block.evaluate("b => getComputedStyle(b).contentVisibility") == "visible", "the menu's block clips it"
    menu = phone.locator(".cite-menu")
    assert menu.is_visible()
    phone.keyboard.press("Escape")
    assert menu.count() == 0
    assert block.evaluate("b => getComputedStyle(b).contentVisibility") == "auto", "closed: rendered on demand again"


def test_print_lays_out_every_block(phone, site_url, built_site):
    html = heaviest_document_page(built_site)
    phone.goto(site_url + url_path(built_site, html), wait_until="networkidle")
    phone.emulate_media(media="print")
    values = phone.evaluate(f"""() => Array.from(new Set(Array.from(document.querySelectorAll({BLOCKS!r}),
        b => getComputedStyle(b).contentVisibility)))""")
    assert values == ["visible"], values


def test_copying_the_whole_text_copies_the_blocks_not_yet_shown(browser, site_url, built_site):
    """Select the article and copy it, as a reader would: the text of the last block (skipped at load) is copied."""
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = context.new_page()
    try:
        page.goto(site_url + url_path(built_site, heaviest_document_page(built_site)), wait_until="networkidle")
        last = page.evaluate(f"() => Array.from(document.querySelectorAll({BLOCKS!r})).pop().textContent")
        page.evaluate("""() => { const range = document.createRange();
            range.selectNodeContents(document.querySelector('article'));
            getSelection().removeAllRanges(); getSelection().addRange(range); }""")
        next_frame(page)
        page.keyboard.press("Control+c")
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert squeeze(last) and squeeze(last) in squeeze(copied), "the last block's text was not copied"
    finally:
        context.close()
