"""Long list pages cut into a first page and numbered continuation pages, each light enough for a phone.

A page's body is a sequence of blocks (each renders itself for the page it lands on, since links are relative).
Blocks are packed in order onto pages of at most ``BUDGET`` elements; a block is never cut (callers make their
blocks small: a document's mentions in runs of at most ``RUN`` items). The first page keeps the page's path, so
its URL never changes; continuation ``n`` lives below it (``actors/un/`` -> ``actors/un/2/``), where no other
page can be. Every page names its part in its title and links to every other part. An id that was on the
first page before the list grew and is now on a later one is still found: the first page carries a map id ->
page (``#corpus-moved-ids``) that assets/corpus.js follows, like the anchor aliases.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ..urls import relative, url_of
from . import Citable, PageFile
from .html import esc, front_matter

#: Elements of content per page: Lighthouse's limit is 3,000 for the whole document, and the theme's header,
#: tabs, sidebar and footer take several hundred of them.
BUDGET = 1800
RUN = 150  #: items per block in long lists (a block is never cut across pages)
#: A table row makes about four elements (tr, td...) but costs a phone far more: with automatic table layout the
#: whole table is laid out again as rows arrive. Measured (bench/lighthouse.py): a part of 300 resolution rows
#: (1,474 elements) blocked for 2.5 s, a part of 2,000 elements of lists for 0.3 s.
TABLE_ROW = 12

_TAG = re.compile(r"<[a-zA-Z]")
_MD_ROW = re.compile(r"^\|", re.M)
_ID = re.compile(r'\bid="([^"]+)"|\{#([^}\s]+)\}')
#: A heading in a block's text: Markdown (``## text {#id}``) or HTML (``<h2 ...>text</h2>``).
_HEADING = re.compile(r'^(#{1,6})[ \t]+(.*?)(?:[ \t]*\{[^}]*\})?[ \t]*$|<h([1-6])\b[^>]*>(.*?)</h\3>', re.M | re.S)


@dataclass(frozen=True)
class Block:
    """A piece of a page's body, rendered for the page (Markdown path) it lands on."""

    render: Callable[[str], str]
    ids: tuple[str, ...] = ()  #: ids it holds that a link may name (kept findable from the first page)
    _first: dict = field(default_factory=dict, compare=False, repr=False)  #: its text for the page first asked

    def text(self, page: str) -> str:
        """Its text on ``page``; the text for the first page asked is kept (most blocks stay on the page they
        were weighed for: rendered once)."""
        if page in self._first:
            return self._first[page]
        text = self.render(page)
        if not self._first:
            self._first[page] = text
        return text

    def weight(self, page: str) -> int:
        """What it costs a phone, in elements: its HTML tags, and ``TABLE_ROW`` per Markdown table row."""
        text = self.text(page)
        return len(_TAG.findall(text)) + TABLE_ROW * len(_MD_ROW.findall(text))


def html_block(render: Callable[[str], str]) -> Block:
    """A block whose ids are read from its own text."""
    sample = render("x/y.md")
    return Block(render, tuple(a or b for a, b in _ID.findall(sample)))


def part_path(path: str, n: int) -> str:
    """The Markdown path of part ``n`` (1 is the page itself): ``actors/un.md`` -> ``actors/un/2.md``."""
    if n == 1:
        return path
    return url_of(path) + f"{n}.md"


def pack(path: str, blocks: list[Block], budget: int = BUDGET) -> list[list[Block]]:
    """The blocks of the page at ``path``, in order, in groups of at most ``budget`` elements (one per part)."""
    groups: list[list[Block]] = [[]]
    used = 0
    for block in blocks:
        weight = block.weight(path)
        if groups[-1] and used + weight > budget:
            groups.append([])
            used = 0
        groups[-1].append(block)
        used += weight
    return groups


def placed(path: str, groups: list[list[Block]]) -> dict[str, str]:
    """id -> the site-relative URL of the part that holds it (links to an id go straight there)."""
    return {i: url_of(part_path(path, n)) for n, group in enumerate(groups, 1) for block in group for i in block.ids}


def paged(path: str, title: str, heading: str, blocks: list[Block], nav_title: str | None = None,
          citables: tuple[Citable, ...] = (), intro: str = "", groups: list[list[Block]] | None = None
          ) -> Iterator[PageFile]:
    """The page at ``path`` (``heading``: its Markdown ``# ...`` line; ``intro`` only on the first part), cut
    into parts (``groups`` from ``pack``, when the caller needs to know where each id lands). ``citables``
    are the ids the first page publishes."""
    groups = groups if groups is not None else pack(path, blocks)
    count = len(groups)
    #: the section headings open at the end of the previous part (the intro may open one: the first part's)
    open_headings = _headings_after([], intro)
    for n, group in enumerate(groups, 1):
        page = part_path(path, n)
        label = f"{title}（第 {n}/{count} 页 page {n} of {count}）" if count > 1 else title
        body = [front_matter(label) + heading + "\n", intro if n == 1 else "", pager(page, path, n, count)]
        texts = [block.text(page) for block in group]
        if n > 1:
            body.append(_continued(open_headings, texts))
        body += texts
        for text in texts:
            open_headings = _headings_after(open_headings, text)
        body.append(pager(page, path, n, count))
        if n == 1 and count > 1:
            body.append(moved_ids(page, path, groups))
        yield PageFile(page, "\n".join(part for part in body if part) + "\n", nav_title if n == 1 else None,
                       citables if n == 1 else ())


def _headings(text: str) -> Iterator[tuple[int, str]]:
    """(level, HTML text) of each heading in ``text``, in order."""
    for m in _HEADING.finditer(text):
        yield (len(m.group(1)), m.group(2)) if m.group(1) else (int(m.group(3)), m.group(4))


def _headings_after(open_headings: list[tuple[int, str]], text: str) -> list[tuple[int, str]]:
    """The headings still open (one per level, outermost first) after ``text``."""
    out = list(open_headings)
    for level, heading in _headings(text):
        out = [h for h in out if h[0] < level] + [(level, heading)]
    return out


def _continued(open_headings: list[tuple[int, str]], texts: list[str]) -> str:
    """A continuation part starts inside the sections the previous part left open: their headings again (marked
    continued, without ids: the ids stay on the part that opened them), down to the level above the part's own
    first heading, so the part's headings never skip a level."""
    first = next((level for text in texts for level, _ in _headings(text)), 7)
    return "".join(f'<h{level} class="paging-continued">{heading}（续 continued）</h{level}>\n'
                   for level, heading in open_headings if 1 < level < first)


def pager(page: str, path: str, n: int, count: int) -> str:
    """Links to every part of the page (nothing when there is one)."""
    if count == 1:
        return ""
    links = " ".join(f'<a href="{esc(relative(page, url_of(part_path(path, k))))}"'
                     + (' aria-current="page"' if k == n else "") + f">{k}</a>" for k in range(1, count + 1))
    return f'<nav class="pager" aria-label="分页 Pages"><span>页 Pages:</span> {links}</nav>\n'


def moved_ids(page: str, path: str, groups: list[list[Block]]) -> str:
    """The first page's map of the ids on later pages -> their page, for old links (assets/corpus.js)."""
    moved = {i: relative(page, url_of(part_path(path, n))) for n, group in enumerate(groups, 1) if n > 1
             for block in group for i in block.ids}
    if not moved:
        return ""
    data = json.dumps(moved, ensure_ascii=True, sort_keys=True).replace("</", "<\\/")
    return f'<script type="application/json" id="corpus-moved-ids">{data}</script>\n'


def runs(items: list, size: int = RUN) -> list[list]:
    """``items`` in consecutive runs of at most ``size``."""
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]
