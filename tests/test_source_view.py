"""The source view (render/source_view.py) and the bases that link to it, on the built site of the whole corpus.

Every document of corpus/documents is checked: its view holds every line of its source file exactly once, in
order, the text identical after unescaping; every removed furniture line (tests/data/removed_furniture.tsv) is
marked in words; every ``#L<n>`` link on the site lands on a page of a view holding that id; every printed basis
on a document header links to a line that prints the value; every entity page shows a basis for each title.
The built HTML is read with regular expressions, one file at a time (no HTML tree of the whole site).
"""
from __future__ import annotations

import csv
import json
import re
from html import unescape
from pathlib import Path

import pytest
import yaml

from build_scripts.checks import resolve
from build_scripts.load import letters
from build_scripts.render.paging import BUDGET
from build_scripts.render.source_view import line_html, line_weight, page_of_line, page_starts
from build_scripts.sourcelines import line_map, source_lines

from .conftest import CORPUS, document_slugs, wrapped

ROW = re.compile(r'<div class="sl( sl-removed)?" id="L(\d+)" data-n="(\d+)">(.*?)</div>')
WHY = re.compile(r'<span class="sl-why">(.*?)</span>$')
LINK = re.compile(r'^<a href="([^"]*)">(.*)</a>$')
LINE_HREF = re.compile(r'href="([^"#]*#L\d+)"')
FURNITURE = Path(__file__).parent / "data" / "removed_furniture.tsv"


def source_text(slug: str) -> str:
    meta = yaml.safe_load((CORPUS / "documents" / f"{slug}.yml").read_text(encoding="utf-8"))
    return (CORPUS / "sources" / meta["source"]).read_text(encoding="utf-8")


def view_files(site: Path, slug: str) -> list[Path]:
    """The pages of a document's view, in order: source/, then source/2/, source/3/ …"""
    root = site / "documents" / slug / "source"
    later = sorted((p for p in root.glob("*/index.html") if p.parent.name.isdigit()), key=lambda p: int(p.parent.name))
    return [root / "index.html", *later]


def view_rows(site: Path, slug: str) -> list[tuple[int, int, bool, str, str | None, str]]:
    """(id number, shown number, removed, text, href or None, reason) of every row of the view, in order."""
    rows = []
    for page in view_files(site, slug):
        for removed, anchor, shown, inner in ROW.findall(page.read_text(encoding="utf-8")):
            why = WHY.search(inner)
            inner = inner[:why.start()] if why else inner
            link = LINK.match(inner)
            rows.append((int(anchor), int(shown), bool(removed), unescape(link.group(2) if link else inner),
                         link.group(1) if link else None, unescape(why.group(1)) if why else ""))
    return rows


def squeezed(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace())


@pytest.mark.parametrize("slug", document_slugs())
def test_each_unit_knows_the_lines_that_print_its_text(documents, slug):
    """The alignment (sourcelines.py) on the parsed model: from each offset of a unit's text it names, the text
    goes on as that line prints it (to the line's end, where the next line takes over). A unit whose text the
    alignment cannot place (two table columns printed side by side on one line) is counted, and the lines of its
    block are still each shown by some place."""
    doc = documents[slug]
    lines = line_map(doc)
    unplaced = []
    for part in doc.parts:
        for block in part.blocks():
            for unit in block.units():
                if not squeezed(unit.text):
                    continue
                starts = lines.starts.get((part.slug, unit.anchor))
                if not starts:
                    unplaced.append(unit.anchor)
                    shown = [n in lines.shown for n in range(block.lines[0], block.lines[1] + 1)
                             if squeezed(lines.lines[n - 1]) and n not in lines.removed]
                    assert all(shown), f"{slug} {unit.anchor}: a line of its block is shown nowhere"
                for offset, n in starts or ():
                    printed, head = squeezed(lines.lines[n - 1]), squeezed(unit.text[offset:])[:6]
                    k = next(k for k in range(len(head), -1, -1) if head[:k] in printed)
                    assert k == len(head) or (k and printed.endswith(head[:k])), \
                        f"{slug} {unit.anchor}: line {n} does not print {head!r}"
    print(f"\n{slug}: {len(unplaced)} units not placed line by line {unplaced[:5]}")


@pytest.mark.parametrize("slug", document_slugs())
def test_pages_are_cut_by_the_elements_their_lines_make(documents, slug):
    lines = line_map(documents[slug])
    weights = [len(re.findall(r"<[a-zA-Z]", line_html(lines, n, "x/y.md"))) for n in range(1, len(lines.lines) + 1)]
    assert weights == [line_weight(lines, n) for n in range(1, len(lines.lines) + 1)]
    starts = page_starts(lines)
    for first, end in zip(starts, [*starts[1:], len(lines.lines) + 1]):
        assert sum(weights[first - 1:end - 1]) <= BUDGET
        assert page_of_line(lines, first) == page_of_line(lines, end - 1)
        assert end > len(lines.lines) or page_of_line(lines, end) != page_of_line(lines, first)


@pytest.mark.parametrize("slug", document_slugs())
def test_the_view_holds_every_line_once_in_order(built_site, slug):
    text = source_text(slug)
    rows = view_rows(built_site, slug)
    assert [r[0] for r in rows] == list(range(1, len(source_lines(text)) + 1)), "every line once, in order"
    assert all(r[0] == r[1] for r in rows), "the number shown is the line's"
    assert [r[3] for r in rows] == list(source_lines(text)), "the text of every line as in the file"
    assert "\n".join(r[3] for r in rows) + ("\n" if text.endswith("\n") else "") == text
    unlinked = [r[0] for r in rows if r[3].strip() and not r[2] and r[4] is None]
    assert not unlinked, f"{slug}: lines shown on no page: {unlinked[:10]}"


@pytest.mark.parametrize("slug", document_slugs())
def test_every_furniture_line_is_marked_in_words(built_site, slug):
    with FURNITURE.open(encoding="utf-8") as f:
        expected = {int(row["line"]) for row in csv.DictReader(f, delimiter="\t") if row["document"] == slug}
    rows = view_rows(built_site, slug)
    marked = {r[0] for r in rows if r[2]}
    assert marked == expected
    assert all("furniture, not shown" in r[5] and r[4] is None for r in rows if r[2])


def test_every_line_link_lands_on_a_page_holding_its_id(built_site):
    """Every #L<n> link of the site (document headers, entity pages, the views' own rows point elsewhere) resolves
    to a page of a view that holds L<n>; the view pages are small, so their ids are read once each."""
    ids: dict[str, set[str]] = {}
    checked = 0
    for page in sorted(built_site.rglob("*.html")):
        rel = page.relative_to(built_site).as_posix()
        for href in set(LINE_HREF.findall(page.read_text(encoding="utf-8"))):
            target, fragment = resolve(rel, unescape(href))
            assert re.fullmatch(r"documents/[a-z0-9-]+/source/(\d+/)?index\.html", target), (rel, href)
            if target not in ids:
                ids[target] = set(re.findall(r'id="(L\d+)"', (built_site / target).read_text(encoding="utf-8")))
            assert fragment in ids[target], f"{rel}: {href} does not land"
            checked += 1
    assert checked
    print(f"\n{checked} links to source lines checked")


def line_texts(site: Path, href_target: str) -> tuple[str, list[str]]:
    """(slug, every line of its source) for a site-relative URL into a view."""
    slug = href_target.split("/")[1]
    return slug, list(source_lines(source_text(slug)))


def test_printed_bases_link_to_lines_that_print_the_value(built_site):
    facts = json.loads((built_site / "data" / "facts.json").read_text(encoding="utf-8"))
    printed = [f for f in facts if f["basis"] == "printed"]
    assert printed and {f["document"] for f in printed} <= set(document_slugs())
    for fact in printed:
        first, _, last = fact["lines"].partition("-")
        url = fact["line_url"]
        assert url.endswith(f"#L{first}"), fact
        header = (built_site / "documents" / fact["document"] / "index.html").read_text(encoding="utf-8")
        hrefs = {resolve(f"documents/{fact['document']}/index.html", unescape(h)) for h in LINE_HREF.findall(header)}
        path, _, fragment = url.partition("#")
        assert (path + "index.html", fragment) in hrefs, f"the header links {url}"
        _, lines = line_texts(built_site, url)
        assert letters(fact["value"]) in letters("".join(lines[int(first) - 1:int(last or first)])), fact


def marks(html: str, label: str) -> list[str]:
    """The basis markers in the metadata table row named ``label``."""
    row = re.search(rf'<tr><th scope="row">{re.escape(label)}.*?</tr>', html, re.S)
    return re.findall(r'<sup class="basis basis-(\w+)"', row.group(0)) if row else []


def printed_line(site: Path, page: str, html: str, label: str, length: int) -> str:
    """The source text from the line the 印 marker of a row links to, with as many of the next lines as a text of
    ``length`` characters starting on it could run into (a name may wrap, over blank lines)."""
    row = re.search(rf'<tr><th scope="row">{re.escape(label)}.*?</tr>', html, re.S).group(0)
    href = re.search(r'<sup class="basis basis-printed"><a href="([^"]+)"', row).group(1)
    target, fragment = resolve(page, unescape(href))
    _, lines = line_texts(site, target)
    return wrapped(lines, int(fragment[1:]) - 1, length)


def test_entity_pages_show_a_basis_for_each_title(built_site):
    actors = json.loads((built_site / "data" / "actors.json").read_text(encoding="utf-8"))
    shown = 0
    for actor in actors:
        page = f"actors/{actor['id']}/index.html"
        if not (built_site / page).exists():
            continue  # (an actor the sources never mention has no page)
        html = (built_site / page).read_text(encoding="utf-8")
        zh, en = marks(html, "中文名称"), marks(html, "英文名称")
        assert len(zh) == 1 and len(en) == 1, page
        assert zh[0] == actor["zh_basis"].split()[0].rstrip(":") and en[0] == actor["en_basis"].split()[0].rstrip(":")
        if zh[0] == "printed":
            printed = printed_line(built_site, page, html, "中文名称", len(actor["zh"]))
            assert letters(actor["zh"]) in letters(printed), page
        shown += 1
    assert shown
    for goal in range(1, 18):
        html = (built_site / "sdgs" / str(goal) / "index.html").read_text(encoding="utf-8")
        assert marks(html, "简称") == ["reference"] and marks(html, "目标") == ["reference"]
    for row in json.loads((built_site / "data" / "programmes.json").read_text(encoding="utf-8")):
        page = f"programmes/{row['number']}/index.html"
        html = (built_site / page).read_text(encoding="utf-8")
        names = re.search(r'<p class="names">.*?</p>', html, re.S).group(0)
        assert re.findall(r'basis-(\w+)"', names) == ["printed", "reference"], page
        href = re.search(r'basis-printed"><a href="([^"]+)"', names).group(1)
        target, fragment = resolve(page, unescape(href))
        _, lines = line_texts(built_site, target)
        n = int(fragment[1:])
        assert letters(row["zh"]) in letters("".join(lines[n - 1:n + 3])), page


def test_every_printed_title_of_a_resolution_links_to_its_line(built_site):
    resolutions = json.loads((built_site / "data" / "resolutions.json").read_text(encoding="utf-8"))
    checked = 0
    for row in resolutions:
        if not row["title_zh"]:
            continue
        page = row["url"] + "index.html"
        html = (built_site / page).read_text(encoding="utf-8")
        titles, lines_by_title = row["title_zh"].split(" | "), row["title_zh_lines"].split(" | ")
        for title, urls in zip(titles, lines_by_title):
            for url in urls.split(" "):
                path, _, fragment = url.partition("#")
                _, lines = line_texts(built_site, path)
                n = int(fragment[1:])
                printed = letters("".join(lines[n - 1:n + 3]))  # (a title may wrap, past a spacer line)
                assert letters(title)[:8] in printed, f"{row['symbol']}: {url} does not print {title!r}"
                checked += 1
            assert re.search(re.escape(title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                                       .replace('"', "&quot;").replace("'", "&#x27;"))
                             + r'\s*<sup class="basis basis-printed">', html), (page, title)
    assert checked
    print(f"\n{checked} printed titles checked against their source lines")


def test_the_view_is_outside_the_navigation_and_search_with_unique_titles(built_site):
    titles: dict[str, str] = {}
    for page in built_site.rglob("index.html"):
        m = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S)
        if m:
            titles[page.relative_to(built_site).as_posix()] = unescape(m.group(1))
    views = {p: t for p, t in titles.items() if re.fullmatch(r"documents/[^/]+/source/(\d+/)?index\.html", p)}
    assert {p.split("/")[1] for p in views} == set(document_slugs())
    others = set(titles.values()) - set(views.values())
    assert len(set(views.values())) == len(views) and not set(views.values()) & others
    index = b"".join(p.read_bytes() for p in (built_site / "assets" / "search").rglob("*") if p.is_file())
    assert b"/source/" not in index, "the source view is not in the search index"
    home = (built_site / "index.html").read_text(encoding="utf-8")
    nav = home[home.find('<nav class="md-nav'):]
    assert "/source/" not in nav
