"""Every document's downloads (render/pdf.py, downloads/<slug>.pdf and .txt), read from the session's built site.

The PDFs are read with poppler's command-line tools (Debian's poppler-utils, installed by `make`): pdftohtml -xml
for the bookmarks (the PDF outline) and the links, pdftotext for the text, pdffonts for the fonts, pdfinfo for the
tags and the title.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from functools import cache
from pathlib import Path
from urllib.parse import urljoin

import pytest
from lxml import etree, html as lxml_html

from build_scripts import cache as build_cache, public_url
from build_scripts.model import Document
from build_scripts.pipeline import BuildPaths
from build_scripts.render.documents import document_title, part_heading_label
from build_scripts.render.pdf import SNIPPET, editions, edition_html, render_pdf, write_editions
from build_scripts.urls import doc_page, download_file, url_of
from tests.conftest import document_slugs

SLUGS = document_slugs()
TEXT_BLOCKS = ("paragraph", "item", "bullet", "footnote", "milestone")  #: blocks whose number opens their text
SITE_URL = public_url.configured(BuildPaths.config).rstrip("/") + "/"


def poppler(tool: str, *args: str) -> str:
    assert shutil.which(tool), f"{tool} not found: `make test` installs Debian's poppler-utils"
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True).stdout


@cache
def outline(pdf: Path) -> tuple[tuple[int, str], ...]:
    """The PDF's bookmarks, in order, as (depth, title); depth 1 is the top level. (pdftohtml writes the whole
    outline whatever pages it converts: converting only the first keeps this cheap.)"""
    xml = poppler("pdftohtml", "-xml", "-i", "-stdout", "-q", "-f", "1", "-l", "1", str(pdf))
    root = etree.fromstring(xml.encode(), etree.XMLParser(recover=True, huge_tree=True))
    return tuple((len(item.xpath("ancestor::outline")), " ".join("".join(item.itertext()).split()))
                 for item in root.iter("item"))


@cache
def text(pdf: Path) -> str:
    """The PDF's text with every whitespace removed (lines and pages break anywhere)."""
    return "".join(poppler("pdftotext", "-enc", "UTF-8", str(pdf), "-").split())


def pages_of(doc: Document) -> list[str]:
    """A document's pages (Markdown paths) in navigation order: its first page, then its parts, if several."""
    parts = [p.slug for p in doc.parts] if len(doc.parts) > 1 else []
    return [doc_page(doc.meta.slug, part) for part in ["index", *parts]]


def page_urls(doc: Document) -> list[str]:
    return [url_of(page) for page in pages_of(doc)]


def edition_pages(documents: dict) -> tuple[str, ...]:
    return tuple(page for slug in SLUGS for page in pages_of(documents[slug]))


def numbered_blocks(doc: Document):
    """Every block whose printed number opens its text, in reading order."""
    return [block for part in doc.parts for block in part.blocks() if block.kind in TEXT_BLOCKS and block.unit.num]


def squeeze(s: str) -> str:
    return "".join(s.split())


def bookmarked(doc: Document):
    """(anchor, what its bookmark starts with) for everything of a document that has a bookmark, in reading order:
    each heading (its number and text), each unit with a printed number (paragraphs, items, footnotes, numbered
    table captions and cells), each mandate group (its heading)."""
    for part in doc.parts:
        for block in part.blocks():
            if block.kind == "heading":
                yield block.anchor, squeeze((block.unit.num or "") + block.unit.text)[:SNIPPET // 2]
            elif block.unit.num:
                yield block.anchor, squeeze(block.unit.num)
            for row in block.rows:
                yield from ((unit.anchor, squeeze(unit.num)) for column in row.columns for unit in column if unit.num)
            yield from ((group.anchor, squeeze(group.title)[:SNIPPET // 2]) for group in block.groups if group.title)


@pytest.mark.parametrize("slug", SLUGS)
def test_bookmarks_hold_every_part_heading_number_and_mandate_group_in_order(built_site, documents, slug):
    doc = documents[slug]
    marks = outline(built_site / download_file(slug, "pdf"))
    top = [title for depth, title in marks if depth == 1]
    assert top[0] == " ".join(document_title(doc.meta).split()), "the title page is the first bookmark"
    if len(doc.parts) > 1:
        for part in doc.parts:
            assert " ".join(part_heading_label(part).split()) in top, f"no top-level bookmark for {part.slug}"
    titles = iter(squeeze(title) for _, title in marks)
    wanted = list(bookmarked(doc))
    assert len(wanted) > len(doc.parts)
    for anchor, start in wanted:
        assert any(title.startswith(start) for title in titles), f"{anchor}: no bookmark {start!r} after the last"


@pytest.mark.parametrize("slug", SLUGS)
def test_text_has_every_paragraph_number_with_its_text_and_every_part_url(built_site, documents, slug):
    doc = documents[slug]
    whole = text(built_site / download_file(slug, "pdf"))
    at = 0
    for block in numbered_blocks(doc):
        opening = squeeze(block.unit.num) + squeeze(block.unit.text)[:6]
        found = whole.find(opening, at)
        assert found >= 0, f"{block.anchor}: {opening!r} not in the PDF text after the previous paragraph"
        if block.kind == "bullet":  # a printed marker is the bullet's number: none is drawn before it
            assert not whole[:found].endswith(squeeze(block.unit.num)), f"{block.anchor}: two bullets"
        at = found
    for url in page_urls(doc):
        assert squeeze(SITE_URL + url) in whole, f"the public URL of {url} is not printed"
    title_page = text(built_site / download_file(slug, "pdf"))[: 2000]
    assert squeeze(document_title(doc.meta)) in title_page
    if doc.meta.symbol:
        assert squeeze(doc.meta.symbol) in title_page, "the title page has the document's metadata"


@cache
def links(pdf: Path) -> frozenset[str]:
    """Every URL the PDF links to (its link annotations, as pdftohtml -xml writes them)."""
    root = etree.fromstring(poppler("pdftohtml", "-xml", "-i", "-stdout", "-q", str(pdf)).encode(),
                            etree.XMLParser(recover=True, huge_tree=True))
    return frozenset(a.get("href") for a in root.iter("a"))


@pytest.mark.parametrize("slug", SLUGS)
def test_every_units_permanent_url_is_a_link_in_the_pdf(built_site, documents, slug):
    """Print shows every unit's URL after it (corpus.css); the PDF links it: from the unit's printed number, or
    from the ¶ after a unit without one. Every id a page publishes (a table row and a block container aside:
    their cells and entries are the units) is linked, as SITE_URL + page + "#" + id."""
    linked = links(built_site / download_file(slug, "pdf"))
    for url in page_urls(documents[slug]):
        article = lxml_html.parse(str(built_site / url / "index.html")).find(".//article")
        ids = [el.get("id") for el in article.iter() if el.get("id") and el.tag not in ("h1", "tr", "div")
               and not (el.tag == "table" and el.find("caption") is None)]
        assert ids, url
        missing = [i for i in ids if f"{SITE_URL}{url}#{i}" not in linked]
        assert not missing, f"{url}: {len(missing)} of {len(ids)} units not linked from the PDF: {missing[:5]}"


def catalog_lang(pdf: Path) -> str | None:
    """The /Lang of the PDF's catalog (it sits in a compressed object stream: streams are inflated, the last first,
    where the writer puts its object streams)."""
    data = memoryview(pdf.read_bytes())
    for start in reversed(list(re.finditer(rb"stream\r?\n", data))):
        try:
            text = zlib.decompressobj().decompress(data[start.end():])
        except zlib.error:
            continue
        found = re.search(rb"/Type /Catalog.*?/Lang \((.*?)\)", text, re.S)
        if found:
            return found.group(1).decode()
    return None


@pytest.mark.parametrize("slug", SLUGS)
def test_pdf_is_tagged_titled_and_in_the_sites_language(built_site, documents, slug):
    pdf = built_site / download_file(slug, "pdf")
    info = dict(line.split(":", 1) for line in poppler("pdfinfo", str(pdf)).splitlines() if ":" in line)
    assert info["Tagged"].strip() == "yes", "a tagged PDF (structure tree)"
    assert info["Title"].strip() == document_title(documents[slug].meta)
    site_lang = lxml_html.parse(str(built_site / page_urls(documents[slug])[0] / "index.html")).getroot().get("lang")
    assert catalog_lang(pdf) == site_lang and site_lang.split("-")[0] == "zh", (catalog_lang(pdf), site_lang)
    structure = poppler("pdfinfo", "-struct", str(pdf)).split()
    assert structure[0] == "Document" and {"H1", "P", "Link"} <= set(structure), structure[:40]


@pytest.mark.parametrize("slug", SLUGS)
def test_fonts_are_the_machines_noto_cjk_embedded(built_site, slug):
    rows = poppler("pdffonts", str(built_site / download_file(slug, "pdf"))).splitlines()[2:]
    assert rows
    for row in rows:
        name, emb = row.split()[0], row.split()[-5]
        assert "Noto" in name and emb == "yes", row


@pytest.mark.parametrize("slug", SLUGS)
def test_source_text_is_published_byte_for_byte_under_the_slug_and_linked(built_site, corpus, slug):
    source = next(s for s in corpus.sources if s.meta.slug == slug)
    assert (built_site / download_file(slug, "txt")).read_bytes() == source.path.read_bytes()
    assert (built_site / "sources" / source.path.name).read_bytes() == source.path.read_bytes(), \
        "the URL published first still works"
    page_url = url_of(doc_page(slug))
    page = lxml_html.parse(str(built_site / page_url / "index.html"))
    for cls, target in (("pdf-file", download_file(slug, "pdf")), ("source-file", download_file(slug, "txt"))):
        links = page.xpath(f'//a[contains(concat(" ", @class, " "), " {cls} ")]/@href')
        assert [urljoin("/" + page_url, href) for href in links] == ["/" + target], (cls, links)


def test_same_html_gives_the_same_pdf_bytes(built_site, corpus, documents):
    """Rendered again in this process (no cache), the two smallest editions give the bytes the build wrote."""
    all_editions = editions(tuple(s.meta for s in corpus.sources), edition_pages(documents))
    for edition in sorted(all_editions, key=lambda e: len(edition_html(e, built_site, SITE_URL)))[:2]:
        html = edition_html(edition, built_site, SITE_URL)
        first, second = render_pdf(html), render_pdf(html)
        assert first == second, f"{edition.meta.slug}: two renders of the same HTML differ"
        assert first == (built_site / edition.path).read_bytes(), f"{edition.meta.slug}: the build wrote other bytes"


def test_a_pdf_is_made_again_only_when_its_documents_pages_changed(built_site, corpus, documents, tmp_path):
    """With a build cache, a second run makes no PDF; after a change to one document's page, only its PDF.
    (On the three smallest editions: the largest alone would cost most of a minute, and proves nothing more.)"""
    site = tmp_path / "site"
    shutil.copytree(built_site / "documents", site / "documents")
    all_editions = editions(tuple(s.meta for s in corpus.sources), edition_pages(documents))
    chosen = sorted(all_editions, key=lambda e: sum((site / p / "index.html").stat().st_size for p in e.pages))[:3]

    def run() -> tuple[int, int]:
        build_cache.last_stats.clear()
        with build_cache.output_memo(tmp_path / "cache", "pdf") as memo:
            write_editions(tuple(chosen), site, SITE_URL, memo)
        return build_cache.last_stats["pdf_made"], build_cache.last_stats["pdf_reused"]

    assert run() == (len(chosen), 0)
    assert run() == (0, len(chosen))
    smallest = chosen[0]
    page = site / smallest.pages[-1] / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", "<p>changed</p></article>", 1), encoding="utf-8")
    assert run() == (1, len(chosen) - 1)
    assert "changed" in "".join(poppler("pdftotext", str(site / smallest.path), "-").split())
