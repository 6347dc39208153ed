"""Pages, blocks and footnotes of a UN / WHO report as a PDF text layer (the ``pdf_report`` engine's first half).

Such a source prints one physical line per source line with an empty spacer line after it, marks the end of a
paragraph or heading with a trailing space, starts a new page with a line that begins with a space, and puts
page-foot footnotes after a separator line (clean.pdf_lines reads these conventions). This module turns such a
text into *chunks* (the lines of one block, joined) and finds the footnote markers; the engine (engine.py) then
says what every text chunk is (``Draft``) from the layout's rules and ``build`` assembles the Document. The
separators, furniture and footnote labels come from the layout (build_scripts/layouts/*.yml); nothing here knows
a document's headings.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from ..clean import needs_space, pdf_lines, read_lines
from ..diagnostics import Collector, at
from ..load import Source
from ..model import Block, BlockKind, Document, FootnoteRef, Line, Part, Relocated, Removed, Unit
from .common import document, sections
from .layout import Layout

#: Sentence-final punctuation: a chunk ending with one is running text, not a heading.
SENTENCE_END = ("。", "；", "：", "！", "？", ".", ";", ":", "!", "?")


# Footnote markers: 1-2 digits glued to Chinese text, never a quantity (年, 月, 个 … follow quantities).
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_UNITS = "年月日个万亿多名岁例人次项号届条%％"
_GLUED_MARKER = re.compile(rf"(?<=[{_CJK}])(\d{{1,2}})(?![\d{_UNITS}])(?=[{_CJK}]|$)")
_DISPLACED_MARKER = re.compile(rf"(\d{{1,2}})(?![\d{_UNITS}])(?=[{_CJK}])")

_URL_TAIL = re.compile(r"(?:https?://|www\.)\S*$")
_URL_PIECE = re.compile(r"[A-Za-z0-9._~%#?=&/-]*[/.][A-Za-z0-9._~%#?=&/-]*")


@dataclass(frozen=True)
class Chunk:
    """The source lines of one block, in source order, with their joined text."""

    kind: str  #: ``text`` (heading, paragraph, item) or ``footnote``
    lines: tuple[Line, ...]  #: the physical lines (spacer lines dropped)
    text: str  #: the lines joined (see ``join``)
    starts: tuple[int, ...]  #: offset in ``text`` where each line's text begins
    pages: tuple[int, ...]  #: page of each line (a page-break line starts a new page)
    #: when footnotes interrupt the block: (first line after them, first footnote line, last footnote line)
    resumed: tuple[int, int, int] | None = None


@dataclass(frozen=True)
class Marker:
    """A footnote marker found in a text chunk."""

    chunk: int  #: index of the referencing text chunk
    line: int  #: index of the marker's line within the chunk
    column: int  #: position of the marker in that line's text
    label: str  #: the printed marker
    footnote: int  #: index of the footnote chunk it refers to

    def offset(self, chunk: Chunk) -> int:
        """Offset of the marker in the chunk's joined text."""
        return chunk.starts[self.line] + self.column


@dataclass(frozen=True)
class Chunked:
    """A source cut into chunks, with its footnote markers and the furniture removed on the way."""

    chunks: tuple[Chunk, ...]
    markers: tuple[Marker, ...]
    removed: tuple[Removed, ...]


@dataclass(frozen=True)
class Draft:
    """What a parser decided a text chunk is."""

    kind: BlockKind
    anchor: str
    num: str | None  #: the printed number, as printed (``1.``, ``一.``, ``(a)``)
    start: int  #: offset in the chunk's text where the unit text begins (after the printed number)
    level: int = 0


def join(lines: Sequence[Line], glued: frozenset[int] = frozenset()) -> tuple[str, tuple[int, ...]]:
    """Join wrapped lines like ``clean.join_lines``, keeping where each line starts, and mend broken URLs.

    001 l.99-101 ``…（https://www.unodc. `` + ``org/documents/…/V1603301-E.pdf，2018 年…`` becomes one URL with no
    space; 001 l.152-154 ``文件 A/72/124- `` + ``E/2018/3，…`` joins with no space (clean.needs_space). Lines whose
    index is in ``glued`` start with a displaced footnote marker and take no space either: ``H6`` + ``1的成员``
    → ``H61的成员``, the marker sitting where it was printed, as a superscript to ``H6``.
    """
    out, starts = "", []
    for index, line in enumerate(lines):
        part = line.text
        if out and part and index not in glued and not _url_continues(out, part) and needs_space(out, part):
            out += " "
        starts.append(len(out))
        out += part
    return out, tuple(starts)


def _url_continues(left: str, right: str) -> bool:
    """A URL cut at the line end goes on in a URL-like piece: ``https://www.unodc.`` + ``org/documents/…``."""
    return bool(_URL_TAIL.search(left) and _URL_PIECE.match(right))


def _is_blank_separator(layout: Layout, line: Line, following: Line | None) -> bool:
    """001 l.96: a line of ~49 spaces followed by ``1 联合国毒品和犯罪问题办公室。…`` separates the footnotes.

    A stray short whitespace line (001 l.303 " ") is not one: the layout sets the least length.
    """
    return (layout.footnote_blank_separator > 0 and line.text == ""
            and len(line.raw) >= layout.footnote_blank_separator and following is not None
            and layout.footnote_start.match(following.text) is not None)


class _Chunker:
    """Cuts lines into chunks: a trailing space ends a block; footnotes run from a separator to the next page.

    When footnotes interrupt a paragraph (001 l.260-265: ``…伙伴关系 H6`` / ``1的成员…协调`` / separator /
    ``1 H6 伙伴关系包括…`` / `` 有效的方法。…``), the paragraph goes on after the page break and the footnote
    chunks are held back until it closes, so each block stays whole.
    """

    def __init__(self, source: Source, layout: Layout, problems: Collector) -> None:
        self.source, self.layout, self.problems = source, layout, problems
        self.chunks: list[Chunk] = []
        self.removed: list[Removed] = []
        self.open: list[Line] = []
        self.held: list[Chunk] = []
        self.resumed: tuple[int, int, int] | None = None
        self.notes: list[list[Line]] | None = None
        self.page = 1
        self.page_of: dict[int, int] = {}

    def feed(self, line: Line, following: Line | None) -> None:
        self.page += line.page_break
        self.page_of[line.number] = self.page
        if self.notes is not None and not line.page_break:
            self.note_line(line)
            return
        if self.notes is not None:
            self.end_notes()
        separator = self.layout.footnote_separator
        furniture = next((rule for rule in self.layout.furniture if rule.pattern.fullmatch(line.raw)), None)
        if separator is not None and separator.pattern.fullmatch(line.raw):
            self.removed.append(Removed(line.number, line.raw, separator.reason))
            self.notes = []
        elif _is_blank_separator(self.layout, line, following):
            self.notes = []  # whitespace only: nothing to record
        elif furniture is not None:
            self.removed.append(Removed(line.number, line.raw, furniture.reason))
        elif line.text:
            self.text_line(line)

    def text_line(self, line: Line) -> None:
        if self.held and self.resumed is None:
            first, last = self.held[0].lines[0].number, self.held[-1].lines[-1].number
            self.resumed = (line.number, first, last)
        self.open.append(line)
        if line.ends_block:
            self.close()

    def note_line(self, line: Line) -> None:
        """A footnote starts with its label (``1 联合国秘书长。…``); numbering runs on within the page."""
        match = self.layout.footnote_start.match(line.text)
        expected = int(self.notes[-1][0].text.split()[0]) + 1 if self.notes else None
        if match and (expected is None or int(match.group(1)) == expected):
            self.notes.append([line])
        elif self.notes:
            self.notes[-1].append(line)  # a wrapped footnote line (001 l.99, l.101)
        elif line.text:
            self.problems.error(at(self.source.path, line.number),
                                f"text after a footnote separator is not a footnote: {line.text[:30]!r}")

    def end_notes(self) -> None:
        chunks = [self.chunk("footnote", lines) for lines in self.notes or []]
        self.notes = None
        if self.open:
            self.held.extend(chunks)
        else:
            self.chunks.extend(chunks)

    def close(self) -> None:
        self.chunks.append(self.chunk("text", self.open, self.resumed))
        self.chunks.extend(self.held)
        self.open, self.held, self.resumed = [], [], None

    def finish(self) -> None:
        if self.notes is not None:
            self.end_notes()
        if self.open:  # an excerpt may stop inside a block
            self.close()
        self.chunks.extend(self.held)
        self.held = []

    def chunk(self, kind: str, lines: Sequence[Line], resumed: tuple[int, int, int] | None = None) -> Chunk:
        text, starts = join(lines)
        pages = tuple(self.page_of[line.number] for line in lines)
        return Chunk(kind, tuple(lines), text, starts, pages, resumed)


def chunk_source(source: Source, layout: Layout, problems: Collector) -> Chunked:
    """Cut a source into chunks and find its footnote markers."""
    lines = pdf_lines(read_lines(source.text))
    chunker = _Chunker(source, layout, problems)
    for index, line in enumerate(lines):
        chunker.feed(line, lines[index + 1] if index + 1 < len(lines) else None)
    chunker.finish()
    markers = find_markers(source, chunker.chunks, problems)
    return Chunked(_glue_displaced(chunker.chunks, markers), markers, tuple(chunker.removed))


def marker_candidates(chunk: Chunk) -> list[tuple[int, int, int, int]]:
    """(page, line index, column, value) of every digit run in a chunk that may be a footnote marker.

    Glued to text: 001 l.88 ``成果文件1、``, l.122 ``主要建议1。``; 000 l.259 ``具体目标。1``. Displaced to the
    start of the next line: 001 l.260-261 ``全球卫生伙伴关系 H6`` / ``1的成员``. Quantities (``10亿``, ``2016年``)
    and numbers after a space (``目标 3以及``) are not candidates.
    """
    out = []
    for index, line in enumerate(chunk.lines):
        found = [(m.start(), m.group(1)) for m in _GLUED_MARKER.finditer(line.text)]
        if index > 0 and (m := _DISPLACED_MARKER.match(line.text)):
            found.insert(0, (0, m.group(1)))
        out += [(chunk.pages[index], index, column, int(value)) for column, value in found]
    return out


def find_markers(source: Source, chunks: Sequence[Chunk], problems: Collector) -> tuple[Marker, ...]:
    """Match every footnote to the first candidate with its label on its page, after the previous marker.

    Only labels of footnotes printed on that page count, so ordinary digits elsewhere are never markers.
    """
    candidates = [(page, (i, line, column), value) for i, c in enumerate(chunks) if c.kind == "text"
                  for page, line, column, value in marker_candidates(c)]
    markers: list[Marker] = []
    last: dict[int, tuple[int, int, int]] = {}
    for index, chunk in enumerate(chunks):
        if chunk.kind != "footnote":
            continue
        page, label = chunk.pages[0], footnote_label(chunk)
        after = last.get(page, (-1, -1, -1))
        found = next((where for p, where, value in candidates
                      if p == page and value == int(label) and where > after), None)
        if found is None:
            problems.error(at(source.path, chunk.lines[0].number), f"no marker for footnote {label} on its page")
            continue
        last[page] = found
        markers.append(Marker(*found, label, index))
    return tuple(markers)


def _glue_displaced(chunks: Sequence[Chunk], markers: Sequence[Marker]) -> tuple[Chunk, ...]:
    """Re-join the chunks whose markers open a line, so no space separates a marker from the word it follows."""
    glued: dict[int, set[int]] = {}
    for marker in markers:
        if marker.column == 0 and marker.line > 0:
            glued.setdefault(marker.chunk, set()).add(marker.line)
    out = list(chunks)
    for index, lines in glued.items():
        text, starts = join(out[index].lines, frozenset(lines))
        out[index] = replace(out[index], text=text, starts=starts)
    return tuple(out)


def footnote_label(chunk: Chunk) -> str:
    """``1 全球卫生安全和人道主义应对努力…`` → ``1``."""
    return chunk.text.split()[0]


def build(source: Source, chunked: Chunked, drafts: dict[int, Draft],
          footnote_anchor: Callable[[str, str], str], problems: Collector) -> Document:
    """Assemble blocks from chunks and drafts, link footnotes, and check ids.

    ``footnote_anchor(referencing_anchor, label)`` names a footnote: ``fn_1`` in 000, ``para_13__fn_1`` in 001.
    """
    refs: dict[int, list[FootnoteRef]] = {}
    fn_anchors: dict[int, str] = {}
    for marker in chunked.markers:
        draft = drafts.get(marker.chunk)
        if draft is None:
            continue  # the chunk could not be classified; already reported
        fn_anchors[marker.footnote] = footnote_anchor(draft.anchor, marker.label)
        offset = marker.offset(chunked.chunks[marker.chunk]) - draft.start
        ref = FootnoteRef(offset, marker.label, fn_anchors[marker.footnote])
        refs.setdefault(marker.chunk, []).append(ref)
    blocks, relocated = [], []
    for index, chunk in enumerate(chunked.chunks):
        block = _block(chunk, drafts.get(index), fn_anchors.get(index), tuple(refs.get(index, ())))
        if block is None:
            continue
        blocks.append(block)
        if chunk.resumed:
            relocated.append(_relocation(chunk, block.anchor))
    title = source.meta.title_zh or next((b.unit.text for b in blocks if b.kind == "heading"), source.meta.slug)
    part = Part("index", title, source.meta.title_en, sections(blocks))
    return document(source, [part], chunked.removed, relocated, problems)


def _block(chunk: Chunk, draft: Draft | None, fn_anchor: str | None, refs: tuple[FootnoteRef, ...]) -> Block | None:
    lines = (chunk.lines[0].number, chunk.lines[-1].number)
    if chunk.kind == "footnote":
        if fn_anchor is None:
            return None  # no marker; already reported
        label = footnote_label(chunk)
        text = chunk.text[len(label):].lstrip()
        return Block("footnote", Unit(fn_anchor, text, label), lines)
    if draft is None:
        return None
    return Block(draft.kind, Unit(draft.anchor, chunk.text[draft.start:], draft.num, refs), lines, draft.level)


def _relocation(chunk: Chunk, anchor: str) -> Relocated:
    """001 l.265-267 continue paragraph 21 after the page-foot footnote l.264; they render before it."""
    first, fn_first, fn_last = chunk.resumed
    notes = f"l.{fn_first}" if fn_first == fn_last else f"l.{fn_first}-{fn_last}"
    return Relocated(first, chunk.lines[-1].number, anchor,
                     f"page-break continuation of the block, rendered before the footnotes at {notes} that interrupt it")


def numbered(pattern: re.Pattern[str], chunk: Chunk) -> tuple[str, str, int] | None:
    """(token, printed number, start of the unit text) when ``chunk`` opens with ``pattern``: ``13. 全球…``."""
    match = pattern.match(chunk.text)
    if match is None:
        return None
    return match.group(1), chunk.text[:match.end()].strip(), match.end()


def is_heading_like(chunk: Chunk, max_lines: int = 3) -> bool:
    """A short chunk that does not end a sentence: ``免疫联盟`` (000 l.266), ``卫生大会的行动`` (001 l.299)."""
    return len(chunk.lines) <= max_lines and not chunk.text.endswith(SENTENCE_END)


def report(problems: Collector, source: Source, chunk: Chunk, message: str) -> None:
    """Record a chunk the parser cannot place, naming its first line."""
    problems.error(at(source.path, chunk.lines[0].number), f"{message}: {chunk.text[:40]!r}")


def text_chunks(chunked: Chunked) -> Iterable[tuple[int, Chunk]]:
    """The text chunks with their indexes (the keys of the engine's drafts)."""
    return ((i, c) for i, c in enumerate(chunked.chunks) if c.kind == "text")
