"""The source view: a document's source file line by line (``documents/<slug>/source/``, paged), each line with its
number and id ``L<n>``, linked to the place on the document pages that shows it, or marked as removed furniture.

A staff member checks the edition both ways: from a printed fact (印) or a title to the line that prints it,
and from any line to where the site shows it. Pages hold whole lines up to ``paging.BUDGET`` elements, so a line's
page depends only on the source and how it is aligned (sourcelines.py); every page carries the first line of
each page, and assets/source-view.js forwards ``#L<n>`` from any page of the view to the page that holds it.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_right
from functools import lru_cache

from ..model import Document
from ..sourcelines import LineMap
from ..urls import doc_page, download_file, relative, url_of
from . import PageFile
from .html import esc
from .paging import BUDGET, Block, paged, part_path

VIEW = "source"  #: the view's page below the document (no part of a document may take this slug)
#: What Markdown or the theme would change in a raw-HTML line, written as character references (Python-Markdown
#: expands tabs to spaces and reads CR as a line end): the page shows the line exactly as in the file.
_KEEP = str.maketrans({"\t": "&#9;", "\r": "&#13;", "\x02": "&#2;", "\x03": "&#3;"})


def view_path(slug: str) -> str:
    """Markdown path of the first page of a document's source view."""
    return doc_page(slug, VIEW)


def is_view_page(path: str) -> bool:
    """Whether a generated page is a page of a source view (not part of a document's text: no PDF edition has it)."""
    return re.fullmatch(rf"documents/[^/]+/{VIEW}(?:/\d+)?\.md", path) is not None


def line_weight(lines: LineMap, n: int) -> int:
    """Elements ``line_html`` makes for line ``n``: its row, and a link or a furniture label (tests check)."""
    return 2 if n in lines.removed or n in lines.shown else 1


@lru_cache(maxsize=16)
def page_starts(lines: LineMap) -> tuple[int, ...]:
    """The first line of each page of the view: whole lines, at most ``paging.BUDGET`` elements a page."""
    starts, used = [1], 0
    for n in range(1, len(lines.lines) + 1):
        weight = line_weight(lines, n)
        if used and used + weight > BUDGET:
            starts.append(n)
            used = 0
        used += weight
    return tuple(starts)


def page_of_line(lines: LineMap, n: int) -> str:
    """Markdown path of the view page holding line ``n``."""
    return part_path(view_path(lines.slug), max(bisect_right(page_starts(lines), n), 1))


def line_url(lines: LineMap, n: int) -> str:
    """Site-relative URL of line ``n`` in the source view."""
    return url_of(page_of_line(lines, n)) + f"#L{n}"


def line_html(lines: LineMap, n: int, page: str) -> str:
    """One source line: its number (``data-n``, shown by corpus.css), the text exactly as in the file, escaped;
    a link to the place that shows it, or the reason it was removed, in words."""
    text = esc(lines.lines[n - 1]).translate(_KEEP)
    if n in lines.removed:
        return (f'<div class="sl sl-removed" id="L{n}" data-n="{n}">{text}<span class="sl-why">'
                f"〔未呈现的版面元素 furniture, not shown: {esc(lines.removed[n])}〕</span></div>")
    place = lines.shown.get(n)
    if place:
        href = relative(page, url_of(place[0]) + "#" + place[1])
        return f'<div class="sl" id="L{n}" data-n="{n}"><a href="{esc(href)}">{text}</a></div>'
    return f'<div class="sl" id="L{n}" data-n="{n}">{text}</div>'


def source_pages(doc: Document, lines: LineMap) -> list[PageFile]:
    """Every page of the document's source view. The anchor registry records the pages, not their line ids: a line
    id is fixed by the source file, which is published byte for byte and never edited (a mis-parse is fixed in
    the layout); hashing every line would add a registry row per line (tens of thousands)."""
    path, meta = view_path(lines.slug), doc.meta
    if any(part.slug == VIEW for part in doc.parts):  # its page would be the view's first page
        raise ValueError(f"{meta.slug}: a part may not be named {VIEW!r} (the source view's URL)")
    starts = page_starts(lines)
    ranges = list(zip(starts, [*starts[1:], len(lines.lines) + 1]))
    groups = [[Block(lambda page, a=a, b=b: _intro(doc, page) + _lines_block(lines, a, b, page, starts))]
              for a, b in ranges]
    from .documents import short_label  # (render/documents.py imports this module)
    title = f"原文 Source text: {short_label(meta)}"
    heading = "# 原文 Source text <span lang=\"en\">line by line</span>\n"
    return list(paged(path, title, heading, [b for g in groups for b in g], groups=groups))


def _intro(doc: Document, path: str) -> str:
    """What the view is, on each of its pages (``path``): links are relative to the page."""
    from .documents import document_title  # (render/documents.py imports this module)
    slug = doc.meta.slug
    back = relative(path, url_of(doc_page(slug)))
    txt = relative(path, download_file(slug, "txt"))
    removed = relative(path, f"about/removed/#{slug}")
    return (f'<p class="source-intro"><a href="{esc(back)}">{esc(document_title(doc.meta))}</a>：'
            f"来源文件逐行，行号与文件相同（第 n 行的地址以 <code>#L<i>n</i></code> 结尾）。"
            f"点击一行，转到文献页上显示该行的位置；标为“未呈现的版面元素”的行（页眉、页脚等）不在文献页上，"
            f'见<a href="{esc(removed)}">删除的版面元素</a>。'
            f'<span lang="en">The source file line by line, numbered as in the file (line n is '
            f"<code>#L<i>n</i></code>); a line links to the place on the document's pages that shows it; lines "
            f"marked as furniture not shown (running heads, page numbers…) are listed under "
            f'<a href="{esc(removed)}">Removed page furniture</a>. '
            f'The file byte for byte: <a href="{esc(txt)}">{esc(slug)}.txt</a>.</span></p>\n')


def _lines_block(lines: LineMap, first: int, end: int, page: str, starts: tuple[int, ...]) -> str:
    """Lines ``first`` to ``end - 1`` in one container, the page map for assets/source-view.js, and the script."""
    path = view_path(lines.slug)
    pages = [relative(page, url_of(part_path(path, k))) for k in range(1, len(starts) + 1)]
    data = json.dumps({"first": list(starts), "pages": pages}, separators=(",", ":")).replace("</", "<\\/")
    script = relative(page, "assets/source-view.js")
    rows = "\n".join(line_html(lines, n, page) for n in range(first, end))
    return (f'<div class="source-view">\n{rows}\n</div>\n'
            f'<script type="application/json" id="source-pages">{data}</script>\n'
            f'<script src="{esc(script)}" defer></script>\n')
