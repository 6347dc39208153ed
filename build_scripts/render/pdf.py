"""Stage 8 (after MkDocs), PDF editions: one PDF per document, ``downloads/<slug>.pdf``, made with WeasyPrint
from the document's built pages.

Why from the built HTML and not from the model: the PDF then holds exactly the text, numbers, footnotes and
escaping the site shows (one renderer, nothing to drift), it is made after MkDocs has resolved the public URL
(printed on the title page and at the head of every part, and behind every paragraph number), and a PDF's
cache key is simply the HTML it is made from, so a PDF is made again only when its document's pages changed.

Fonts are the machine's own (Debian's Noto CJK, found by fontconfig): the HTML given to WeasyPrint has no
stylesheet or font but ``PDF_CSS``, and every relative link is made absolute against the public URL, so
WeasyPrint never fetches anything (``_no_fetch`` refuses every URL all the same).
"""
from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from lxml import html as lxml_html

from ..model import DocumentMeta
from ..urls import doc_page, download_file, url_of
from .documents import document_title
from .html import attr, esc

SITE_NAME = "全球卫生治理文献库 · Global Health Governance Corpus"
SNIPPET = 24  #: characters of a paragraph's text shown after its number in the bookmarks
DEEPEST = 6  #: PDF bookmark levels used: headings 1-5, the numbered blocks below them

PDF_CSS = """
@page { size: A4; margin: 20mm 18mm 22mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; color: #555; }
  @top-right { content: string(doc-title); font-size: 8pt; color: #555; } }
@page :first { @top-right { content: none; } @bottom-center { content: none; } }
html { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 10.5pt; line-height: 1.6; }
body { margin: 0; }
h1, h2, h3, h4, h5, h6 { font-family: "Noto Sans CJK SC", sans-serif; line-height: 1.3; break-after: avoid;
  bookmark-level: none; }
h1 { font-size: 17pt; } h2 { font-size: 14pt; } h3 { font-size: 12pt; } h4, h5, h6 { font-size: 11pt; }
.title-page { break-after: page; }
.title-page h1 { font-size: 22pt; margin-top: 30mm; string-set: doc-title content(text); }
.title-page .site { font-family: "Noto Sans CJK SC", sans-serif; color: #555; }
.part { break-before: page; }
.part-url, .edition-note { font-size: 8.5pt; color: #333; word-break: break-all; }
a { color: inherit; text-decoration: none; }
a.num { font-family: "Noto Sans CJK SC", sans-serif; font-weight: 700; margin-right: .3em; }
a.pl { font-family: "Noto Sans CJK SC", sans-serif; font-size: 7.5pt; color: #666; margin-left: .3em; }
.b-item { margin-left: 2em; } .b-item.level-2 { margin-left: 4em; } .b-bullet { margin-left: 1.5em; }
.b-bullet::before { content: "• "; }
.b-bullet:has(> a.num)::before { content: none; }  /* the printed marker is the number: no second bullet */
.b-fn { font-size: 9pt; border-left: 1.5pt solid #999; padding-left: .6em; }
.b-milestone { border-left: 3pt solid #333; padding-left: .6em; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; font-size: 9pt; margin: .6em 0; }
tr { break-inside: avoid; }  /* a row split over two pages would put its cells out of order in the bookmarks */
th, td { border: .5pt solid #999; padding: .2em .4em; vertical-align: top; text-align: left; }
caption { text-align: left; font-weight: 700; padding-bottom: .3em; }
td p { margin: .1em 0; }
.mandate-list { list-style: none; padding-left: 0; } .mandate-group { font-weight: 700; }
.src-links { font-size: 8.5pt; word-break: break-all; }
.en { color: #444; }
""" + "".join(f".bm-{n} {{ bookmark-level: {n}; bookmark-label: attr(data-bm); }}\n" for n in range(1, DEEPEST + 1))

#: removed from the pages: the site's controls, what only the site's scripts read, the lines linking the
#: document's other formats, and the metadata block with its summary (the title page has its table and legend)
DROP = ("headerlink", "permalink", "cite-data", "part-meta", "doc-meta-box", "doc-meta")
META = ("doc-meta", "basis-legend")  #: what the title page takes from the first page: the metadata and its legend
#: links unwrapped to their text: mentions and glossary terms (their pages are on the site, not in the PDF)
UNWRAP = ("m", "t")
#: links to a unit's permanent URL on the site: its printed number, or the ¶ a unit without a number ends with
TO_SITE = ("num", "pl")
#: elements whose id is no unit of their own: a page's h1 (the page's URL is printed under it), a table row and a
#: block container (their cells and entries are the units; so is a table's, when it has no caption to link from)
NOT_UNITS = ("h1", "tr", "div")


@dataclass(frozen=True)
class Edition:
    """One document's PDF: its metadata and its built pages, in reading order (site-relative URLs)."""

    meta: DocumentMeta
    pages: tuple[str, ...]

    @property
    def path(self) -> str:
        return download_file(self.meta.slug, "pdf")


def editions(metas: tuple[DocumentMeta, ...], page_paths: tuple[str, ...]) -> tuple[Edition, ...]:
    """Every document's edition; ``page_paths`` are the generated Markdown paths, in navigation order."""
    out = []
    for meta in metas:
        folder = url_of(doc_page(meta.slug))
        pages = tuple(url_of(p) for p in page_paths if url_of(p).startswith(folder) and p.endswith(".md"))
        out.append(Edition(meta, pages))
    return tuple(out)


def edition_html(edition: Edition, site_dir: Path, site_url: str) -> str:
    """The whole document as one HTML file: a title page, then each built page's article, cleaned for print."""
    base = site_url.rstrip("/") + "/"
    trees = [(url, lxml_html.parse(str(site_dir / url / "index.html"))) for url in edition.pages]
    articles = [(url, tree.find(".//article")) for url, tree in trees]
    lang = trees[0][1].getroot().get("lang") or "zh"  # the site's language (the theme's), the PDF's /Lang
    first = articles[0][1]
    title = _title_page(edition.meta, [el for cls in META for el in first.find_class(cls)], base, edition.pages)
    parts = [_part(url, article, base, edition.pages) for url, article in articles]
    return (f'<!DOCTYPE html>\n<html{attr("lang", lang)}><head><meta charset="utf-8">'
            f"<title>{esc(document_title(edition.meta))}</title>"
            f'<meta name="generator" content="{esc(SITE_NAME)}">'
            f"<style>{PDF_CSS}</style></head>\n<body>\n{title}\n" + "\n".join(parts) + "\n</body></html>\n")


def _title_page(meta: DocumentMeta, meta_blocks: list, base: str, pages: tuple[str, ...]) -> str:
    """The document's title, its metadata block (from its first page) and its public URL."""
    url, table = base + pages[0], ""
    for block in meta_blocks:
        block = copy.deepcopy(block)
        _relink(block, base, pages[0], pages)
        table += lxml_html.tostring(block, encoding="unicode")
    en = f'<p lang="en">{esc(meta.title_en)}</p>' if meta.title_en else ""
    return (f'<section class="title-page"><p class="site">{esc(SITE_NAME)}</p>'
            f'<h1 class="bm-1" data-bm="{esc(document_title(meta))}">{esc(document_title(meta))}</h1>{en}{table}'
            f'<p class="edition-note">在线版 Online edition: <a{attr("href", url)}>{esc(url)}</a><br>'
            "每段的永久网址是其所在部分的网址加 “#” 和锚点；"
            "点击段落编号（无编号者点击其后的 ¶）即可打开。"
            " A paragraph's permanent URL is its part's URL, “#” and its anchor; each paragraph's number"
            " (or, where it has none, the ¶ after it) links to it."
            "</p></section>")


def _part(url: str, article, base: str, pages: tuple[str, ...]) -> str:
    """One built page: controls dropped, mention links unwrapped, links absolute (or internal when they point
    into this edition), ids made unique across the edition, and a bookmark class on every heading and
    numbered block."""
    for cls in DROP:
        for el in article.find_class(cls):
            el.drop_tree()
    for cls in UNWRAP:
        for el in article.find_class(cls):
            if el.tag == "a":
                el.drop_tag()
    _bookmarks(article)
    _permalinks(article)
    _relink(article, base, url, pages)
    prefix = _id_prefix(url)
    for el in article.iter():
        if el.get("id"):
            el.set("id", prefix + el.get("id"))
    article.attrib.clear()
    article.tag = "section"
    article.set("class", "part")
    article.set("id", _part_id(url))
    heading = article.find(".//h1")
    note = lxml_html.fragment_fromstring(
        f'<p class="part-url">网址 URL: <a{attr("href", base + url)}>{esc(base + url)}</a></p>')
    if heading is not None:
        heading.addnext(note)
    return lxml_html.tostring(article, encoding="unicode")


def _id_prefix(url: str) -> str:
    """Ids of a page are prefixed with its URL: unique across the edition (a footnote fn_1 on two pages)."""
    return _part_id(url) + "--"


def _part_id(url: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", url.lower()).strip("-") or "top"


def _relink(tree, base: str, page_url: str, pages: tuple[str, ...]) -> None:
    """Every href made absolute against the public URL (a paragraph number so links to its permanent URL);
    a link to a page of this edition goes to that page's place in the PDF."""
    for el in tree.iter("a"):
        if el.get("href") is None:
            continue
        absolute = urljoin(base + page_url, el.get("href"))
        target, _, fragment = absolute[len(base):].partition("#")
        if el.get("class") in TO_SITE or not absolute.startswith(base) or target not in pages:
            el.set("href", absolute)
        else:
            el.set("href", "#" + (_id_prefix(target) + fragment if fragment else _part_id(target)))


def _permalinks(article) -> None:
    """Every unit whose printed number is no link to it (a paragraph printed without a number, a heading, a
    mandate group or entry, a cell) ends with a ¶ linking to its permanent URL, as the site's ¶ does: in the
    PDF, as in print, every unit's URL can be reached (print shows it; the PDF links it from the number or ¶)."""
    for el in list(article.iter()):
        if not el.get("id") or el.tag in NOT_UNITS or _numbered(el):
            continue
        holder = el.find("caption") if el.tag == "table" else el
        if holder is None:
            continue
        holder.append(lxml_html.fragment_fromstring(
            f'<a class="pl"{attr("href", "#" + el.get("id"))} title="永久链接 Permalink">¶</a>'))


def _numbered(el) -> bool:
    """Whether the unit's printed number links to it already (``<a class="num" href="#id">``)."""
    return any(a.get("class") == "num" and a.get("href") == "#" + el.get("id") for a in el.iter("a"))


def _bookmarks(article) -> None:
    """Headings get the bookmark level of their rank, numbered blocks and mandate groups the level below the
    heading above them; a heading that repeats the page title (a programme page's first h2) is not bookmarked
    twice."""
    level, page_title = 1, None
    for el in article.iter():
        if el.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text = " ".join(el.text_content().split())
            rank = min(int(el.tag[1]), DEEPEST - 1)
            if el.tag == "h1":
                page_title = text
            elif text == page_title:
                continue
            level = rank
            _mark(el, rank, text)
        elif el.tag == "p" and el.get("class") == "mandate-group":
            _mark(el, min(level + 1, DEEPEST), " ".join(el.text_content().split()))
        elif el.tag == "a" and el.get("class") == "num":
            block = el.getparent()
            text = " ".join(block.text_content().split())
            number = " ".join(el.text_content().split())
            rest = text[len(number):].strip()
            _mark(block, min(level + 1, DEEPEST), f"{number} {rest[:SNIPPET]}{'…' if len(rest) > SNIPPET else ''}")


def _mark(el, level: int, label: str) -> None:
    el.set("class", f"{el.get('class') or ''} bm-{level}".strip())
    el.set("data-bm", label)


def _no_fetch(url: str, *args, **kwargs):
    raise ValueError(f"the PDF edition fetches nothing: {url}")


#: a tagged PDF (PDF/UA-1: a structure tree from the HTML, /Lang from ``<html lang>``, the title shown as the
#: window title), so a screen reader reads it in order, headings, lists and tables as such
PDF_VARIANT = "pdf/ua-1"


def render_pdf(html: str, variant: str | None = PDF_VARIANT) -> bytes:
    """The PDF of ``html``; the same HTML always gives the same bytes (no date, no random identifier).
    (``variant=None``, untagged, only for bench/pdf.py, which measures what tagging costs.)"""
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_no_fetch).write_pdf(pdf_identifier=False, uncompressed_pdf=False,
                                                              pdf_variant=variant)


#: PDFs made by this process, by the SHA-256 of their HTML (the most recent few): a process that builds several
#: times (the test session, the benchmark's incremental runs) makes each PDF once. Safe because the same HTML
#: always gives the same bytes (tests/test_pdf_editions.py renders twice and compares).
_MADE: dict[str, bytes] = {}
_MADE_KEEP = 16


def made_once(html: str, make: Callable[[], bytes]) -> bytes:
    key = hashlib.sha256(html.encode()).hexdigest()
    if key not in _MADE:
        while len(_MADE) >= _MADE_KEEP:
            del _MADE[next(iter(_MADE))]
        _MADE[key] = make()
    return _MADE[key]


def write_editions(editions_: tuple[Edition, ...], site_dir: Path, site_url: str,
                   memo: Callable[[str, Callable[[], bytes]], bytes] | None = None) -> list[Path]:
    """Write every edition's PDF below ``site_dir``; ``memo(html, make)`` may return an earlier PDF of the same HTML."""
    written = []
    for edition in editions_:
        html = edition_html(edition, site_dir, site_url)
        make = lambda html=html: made_once(html, lambda: render_pdf(html))  # noqa: E731
        data = memo(html, make) if memo else make()
        target = site_dir / edition.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(target)
    return written
