"""The list pages' tables are wrapped at build time (build_scripts/tables_hook.py), not by Material's script at load.

Material wraps every ``table:not([class])`` in a scrolling box at DOMContentLoaded, which lays the table out again;
the build wraps them as Material would and gives them the class ``list-table``, styled in corpus.css with the
theme's own rules for class-less tables.
"""
from __future__ import annotations

import re
from pathlib import Path

import material
import pytest

from build_scripts.tables_hook import on_page_content

CORPUS_CSS = Path(__file__).parent.parent / "docs" / "assets" / "corpus.css"
THEME_CSS = next((Path(material.__file__).parent / "templates" / "assets" / "stylesheets").glob("main.*.min.css"))


def rules(css: str) -> list[str]:
    """Every rule ``selector{declarations}`` of a stylesheet, those inside @media blocks too, spaces removed."""
    found: list[str] = []

    def walk(text: str) -> None:
        pos = 0
        while (brace := text.find("{", pos)) >= 0:
            selector = text[pos:brace].rsplit(";", 1)[-1].strip()  # after an @charset or @import statement
            depth, end = 1, brace + 1
            while depth:
                depth += {"{": 1, "}": -1}.get(text[end], 0)
                end += 1
            body = text[brace + 1:end - 1]
            if selector.startswith("@"):
                walk(body)
            else:
                found.append(re.sub(r"\s+", "", selector + "{" + body + "}"))
            pos = end

    walk(re.sub(r"/\*.*?\*/", "", css, flags=re.S))
    return found


def test_list_tables_have_the_themes_styles_of_classless_tables():
    theirs = [r.replace("table:not([class])", "table.list-table") for r in rules(THEME_CSS.read_text("utf-8"))
              if "table:not([class])" in r]
    assert len(theirs) >= 10, f"the theme's table rules were not found in {THEME_CSS.name}"
    ours = set(rules(CORPUS_CSS.read_text("utf-8")))
    missing = [r for r in theirs if r not in ours]
    assert not missing, f"corpus.css lacks the theme's rules for class-less tables (copy them): {missing}"


def test_the_hook_wraps_markdown_tables_once_and_leaves_classed_tables_alone():
    html = ('<p>x</p><table>\n<tr><td>a</td></tr>\n</table><table class="blk b-table" id="t1"><tr><td>b</td></tr>'
            '</table><table>\n<tr><td>c</td></tr>\n</table>')
    out = on_page_content(html, None, None, None)
    assert out.count('<div class="md-typeset__scrollwrap"><div class="md-typeset__table"><table class="list-table">') == 2
    assert '<table class="blk b-table" id="t1"><tr><td>b</td></tr></table>' in out
    assert "<table>" not in out and out.count("</table></div></div>") == 2
    assert on_page_content(out, None, None, None) == out, "a wrapped table is not wrapped again"


def test_no_built_page_has_a_table_the_themes_script_would_move(built_site):
    pages_with_lists = 0
    for html in built_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        classless = re.findall(r"<table(?![^>]*\bclass=)[^>]*>", text)
        assert not classless, f"{html.relative_to(built_site)}: a table without a class: {classless[0]}"
        lists = text.count('<table class="list-table">')
        assert text.count('<div class="md-typeset__table"><table class="list-table">') == lists
        pages_with_lists += bool(lists)
    assert pages_with_lists, "no list table on the site: the hook is not running"


@pytest.mark.browser
def test_list_tables_stay_where_the_build_put_them(built_site, browser, site_url):
    """In the browser, after load, each list table is in exactly one scrolling box (the theme did not wrap again)."""
    page_path = max(built_site.rglob("index.html"),
                    key=lambda p: p.read_text(encoding="utf-8").count('class="list-table"'))
    path = page_path.parent.relative_to(built_site).as_posix()
    page = browser.new_page()
    try:
        page.goto(site_url + ("" if path == "." else path + "/"))
        page.wait_for_load_state("networkidle")
        counts = page.evaluate("""() => ({
          tables: document.querySelectorAll('table.list-table').length,
          boxes: document.querySelectorAll('.md-typeset__scrollwrap').length,
          nested: document.querySelectorAll('.md-typeset__scrollwrap .md-typeset__scrollwrap').length,
          font: parseFloat(getComputedStyle(document.querySelector('table.list-table')).fontSize),
          rem: parseFloat(getComputedStyle(document.documentElement).fontSize)})""")
    finally:
        page.close()
    assert counts["tables"] and counts["boxes"] == counts["tables"] and counts["nested"] == 0, counts
    assert abs(counts["font"] - 0.64 * counts["rem"]) < 0.01, f"the theme's table style (.64rem) is missing: {counts}"
