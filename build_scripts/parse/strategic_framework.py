"""Parser for A/71/6/Rev.1, the UN strategic framework for 2018-2019 (source 003).

One Part per page: ``preface`` (前言, footnotes 1-5, the 2018-2019 priorities) and ``prog-1`` … ``prog-28``.
The PDF text layer is read line by line (see clean.pdf_lines); the walk is a small state machine with one
reader per region: body text, footnotes after a separator, flattened tables (_TableReader), legislative-mandate
lists (_MandateReader). Anything it cannot place is reported with file and line, and the parse fails once
with every such problem (common.document).

Anchors are page-relative (the programme number is in the page URL) and come from the printed numbering:

====================================  =====================================================================
printed                               anchor
====================================  =====================================================================
前言; ``1.`` ``(a)``; lost bullet       ``preface``; ``preface__para_1``; ``preface__para_1__point_a``;
                                      ``preface__para_3__item_1`` (bullets counted within their paragraph)
2018-2019年期间的优先事项               ``priorities``; its paragraph ``priorities__para_1``; ``…__point_a``
footnote ``6``; table note ``a``      ``fn_6``; ``subprog_1__table_1__fn_a``
方案 1 (title as heading text)         ``prog_1``
A. 会议管理，纽约                       ``sec_a``; a lettered part of a subprogramme: ``subprog_1__sec_a``
次级方案 2                             ``subprog_2``; inside a lettered section ``sec_b__subprog_2`` (programmes 1
                                      and 25 repeat subprogramme numbers in each section)
构成部分 1; ``1. 联合国停战监督组织``      ``subprog_3__sec_1``; ``sec_b__sec_1``
``1. 本组织目标：…`` (numbered objective) ``subprog_4__sec_1__objective`` (the number opens sub-division 1)
1.7; (a); ㈠                           ``para_1-7``; ``para_1-7__point_a``; ``para_1-7__point_a__point_1``
本组织的目标：…                          ``<division>__objective``, e.g. ``sec_a__subprog_1__objective``
秘书处预期成绩 | 绩效指标                 table ``<division>__table_1`` (counted), row ``…__table_1__row_a``,
                                      accomplishment ``<division>__ea_a``, indicator ㈡ ``<division>__ea_a__ind_2``
                                      (an unmarked single indicator is ``ind_1``)
立法授权 / 法律授权                       ``mandates`` (one list per programme, at its end); a sub-list
                                      ``subprog_1__mandates``, ``sec_a__mandates``, ``sec_b__sec_1__mandates``;
                                      a sub-division with only sub-lists is a heading ``mandates__sec_b``;
                                      groups ``<list>__group_1``, entries ``<list>__group_1__entry_1`` (counted)
总方向, 战略 (unnumbered headings)        ``<nearest numbered heading>__hdg_k``: ``prog_1__hdg_1``,
                                      ``sec_a__subprog_1__hdg_1``
unnumbered paragraph                  ``<last numbered paragraph, else heading>__para_k``
====================================  =====================================================================

Unnumbered blocks are counted with common.UnnumberedCounter, keyed by that numbered parent, so an insertion
elsewhere never changes them. Reading order is source order except URL-only lines (Links of the block before
them, or of the block they interrupt) and the Relocated ranges: a footnote printed inside a block that goes on
after it, table text printed after the other column's at a page break, mandate titles printed after later symbols.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..clean import collapse_spaces, needs_space, pdf_lines, read_lines, remove_furniture
from ..diagnostics import Collector, at
from ..ids import child
from ..load import Source
from ..model import (Block, Document, FootnoteRef, Line, Link, MandateGroup, Part, Relocated, Removed, Row, Unit)
from .common import UnnumberedCounter, document, sections
from .layout import Layout, Rule

# --- page furniture -------------------------------------------------------------------------------------------------

# The running header and footer (``A/71/6/Rev.1``, ``22/457 17-03372 (C)``: 24 pairs survive) name the document:
# they are furniture rules in its metadata (``layout_rules``), not here. Separators are handled by the walker
# (they open footnotes).
_SEPARATOR = re.compile(r"_{10,}")
_URL = re.compile(r"h?https?://\S+")  # l.22182 ``hhttp://www.un.org/…`` is a URL line too

# --- line forms ------------------------------------------------------------------------------------------------------

_CIRCLED = "㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩"
_PROGRAMME = re.compile(r"方案\s*(\d+)")
_SUBPROG = re.compile(r"次级方案\s*(\d+)")
_COMPONENT = re.compile(r"构成部分\s*(\d+)")
_LETTERED = re.compile(r"([A-Z])\.\s*(\S.*)")
_NUMBERED = re.compile(r"(\d+)\.\s*([^\d\s].*)")
_PARA = re.compile(r"(\d+)\.(\d+)\s+(\S.*)")
_PREFACE_PARA = re.compile(r"(\d+)\.\s+(\S.*)")
_ITEM = re.compile(r"([(（]([a-z]{1,2})[)）])\s*(.*)")
_SUBITEM = re.compile(rf"([{_CIRCLED}])\s*(.*)")
_OBJECTIVE = re.compile(r"(?:(\d+)\.\s*)?((?:本)?组织(?:的)?目标\s*[：:].*)")
_TABLE_HEADER = re.compile(r"(秘书处(?:的)?预期成绩)\s+(绩效指标)")
_MANDATES = re.compile(r"(?:立法|法律)授权")
_PREFACE = re.compile(r"前言")
_PRIORITIES = re.compile(r"\d{4}-\d{4}\s*年期间的优先事项")
_FOOTNOTE = re.compile(r"(\d{1,2}|[a-z])\s+(\S.*)")


def _is_url(line: Line) -> bool:
    """A URL printed on a line of its own (1,575 of them), e.g. l.80 ``https://undocs.org/ch/A/RES/58/269``."""
    return bool(_URL.fullmatch(line.text))


def _is_separator(line: Line) -> bool:
    """The footnote separator, l.67 ``__________________``."""
    return bool(_SEPARATOR.fullmatch(line.text))


def _ends_with_marker(line: Line, labels: frozenset[str]) -> bool:
    """A line ending in a footnote marker lost its trailing space, l.20120 ``…各项决议的指导。11``."""
    m = re.search(r"(\d{1,2})$", line.text)
    return bool(m and m.group(1) in labels and len(line.text) > len(m.group(1))
                and ord(line.text[-len(m.group(1)) - 1]) > 0x2E80)


# --- builders (mutable, private to this module) -------------------------------------------------------------------


@dataclass
class _Text:
    """Pieces of text from physical lines, joined as clean.join_lines joins them, remembering where each landed."""

    pieces: list[tuple[int, str]] = field(default_factory=list)

    def add(self, number: int, text: str) -> None:
        self.pieces.append((number, text))

    def join(self) -> tuple[str, list[tuple[int, int, int]]]:
        out, spans = "", []
        for number, part in self.pieces:
            if not part:
                continue
            if out and needs_space(out, part):
                out += " "
            spans.append((number, len(out), len(out) + len(part)))
            out += part
        return out, spans

    @property
    def first(self) -> int:
        return self.pieces[0][0]

    @property
    def last(self) -> int:
        return self.pieces[-1][0]


@dataclass
class _Row:
    num: str
    cell: _Text
    indicators: list[tuple[str | None, _Text]] = field(default_factory=list)
    gap: bool = False  #: column 1's last line ended in two spaces: it may go on after column 2 (l.6418)

    def add(self, line: Line, text: str) -> None:
        self.cell.add(line.number, text)
        self.gap = line.raw.endswith("  ")


class _Cursor:
    """The kept lines of one Part and a position in them."""

    def __init__(self, lines: list[Line]):
        self.lines = lines
        self.i = 0

    def peek(self, k: int = 0) -> Line | None:
        j = self.i + k
        return self.lines[j] if j < len(self.lines) else None

    def take(self) -> Line:
        line = self.lines[self.i]
        self.i += 1
        return line

    def done(self) -> bool:
        return self.i >= len(self.lines)


def _closed(line: Line) -> bool:
    """Whether a line ends its block: a trailing space, except after an inline marker, whose space belongs to it
    (l.6313 ``…各项承诺；㈡␠``, l.13439 ``…的成果； (c)␠``, l.20937 ``…(a) 环境；(b)␠``)."""
    return line.ends_block and not _INLINE_MARKER.search(line.text)


_FULL_LINE = 25  #: a wrapped body line is 30-40 characters long; headings are shorter
_INLINE_MARKER = re.compile(rf"(?:[{_CIRCLED}]|[(（][a-z]{{1,2}}[)）])$")


def _space_before_latin(line: Line, nxt: Line) -> bool:
    """A trailing space that only separates Chinese from a number or Latin word wrapped onto the next line:
    l.16644-16646 ``…论坛的第 930␠`` / ``(XLVIII)号决议``, l.19583-19585 ``…特别是目标␠`` / ``4(确保…``."""
    return (len(line.text) >= _FULL_LINE and line.text[-1] not in "。；：！？"
            and bool(re.match(r"[0-9A-Za-z(（]", nxt.text))
            and not nxt.indented and not _strong_start(nxt.text))


def _goes_on(line: Line, nxt: Line, body: bool, labels: frozenset[str]) -> bool:
    """Whether the block that ``line`` ends so far goes on with ``nxt`` (a line, a URL or a separator)."""
    if not nxt.text:
        return False
    if _closed(line) and not (body and _space_before_latin(line, nxt)):
        return False
    return not (_ends_with_marker(line, labels) and not nxt.indented and not _is_url(nxt))


def _numbered_heading(text: str) -> re.Match[str] | None:
    """A heading that carries its own number: ``次级方案 1``, ``构成部分 2``."""
    return _SUBPROG.fullmatch(text) or _COMPONENT.fullmatch(text)


def _strong_start(text: str) -> bool:
    """A line that can only begin a new block (used after a footnote run interrupts a block)."""
    return bool(_PARA.match(text) or _numbered_heading(text) or _PROGRAMME.fullmatch(text) or _ITEM.match(text)
                or _SUBITEM.match(text) or _OBJECTIVE.match(text) or _TABLE_HEADER.fullmatch(text)
                or _MANDATES.fullmatch(text))


@dataclass
class _Scope:
    """A numbered heading the following blocks sit in: its anchor, heading level and rank."""

    anchor: str  #: "" for the programme itself (anchors are Part-relative)
    level: int
    rank: int  #: 0 programme, 1 lettered section, 2 subprogramme / numbered mission, 3 component
    name: str  #: the anchor that unnumbered children are counted under (``prog_1`` for the programme)


class _PartParser:
    """Walks the lines of one Part and builds its blocks."""

    def __init__(self, source: Source, problems: Collector, lines: list[Line], programme: int | None,
                 removed: list[Removed], labels: frozenset[str], splits: Sequence[Rule] = ()):
        self.source = source
        self.splits = splits  #: the document's split_entries rules (entries once published inside the one before)
        self.problems = problems
        self.cur = _Cursor(lines)
        self.programme = programme
        #: the page before 方案 1; any other run of lines (an excerpt) is read as a programme's body
        self.preface = programme is None and bool(lines) and bool(_PREFACE.fullmatch(lines[0].text))
        self.scopes: list[_Scope] = [] if self.preface else [_Scope("", 1, 0, f"prog_{programme or 0}")]
        self.removed = removed
        self.relocated: list[Relocated] = []
        self.labels = labels  #: numeric footnote labels of this Part (see _ends_with_marker)
        self.blocks: list[Block] = []
        self.spans: dict[str, list[tuple[int, int, int]]] = {}
        self.texts: dict[str, _Text] = {}
        self.counter = UnnumberedCounter()
        self.para: str | None = None  #: anchor of the paragraph items attach to
        self.para_key: str | None = None  #: last numbered paragraph (unnumbered paragraphs count under it)
        self.item: str | None = None  #: anchor of the last (a) item (circled sub-items attach to it)
        self.last_table: str | None = None  #: anchor of the last table (its notes follow it)
        self.objective_text = ""  #: the last objective, as printed (repeated at page breaks inside tables)
        self.title = ""

    # -- diagnostics and output ---------------------------------------------------------------------------------

    def error(self, line: int, message: str) -> None:
        self.problems.error(at(self.source.path, line), message)

    def unit(self, anchor: str, text: _Text, num: str | None = None) -> Unit:
        joined, spans = text.join()
        self.spans[anchor] = spans
        self.texts[anchor] = text
        return Unit(anchor, joined, num)

    def last_block(self) -> int | None:
        """Index of the block that ends last (footnotes may be emitted before the block they interrupt)."""
        if not self.blocks:
            return None
        return max(range(len(self.blocks)), key=lambda k: (self.blocks[k].lines[1], self.blocks[k].lines[0]))

    def continues_item(self, lines: list[Line]) -> bool:
        """A stray ``；`` plus trailing space cut an item in two: l.28655-28657 `` (e) …应急准备和应变；`` /
        ``能力，以便采用…的情况；``. A list entry ends with ``；``; a paragraph after a list does not."""
        k = self.last_block()
        return (k is not None and self.blocks[k].kind == "item" and not lines[0].indented
                and lines[-1].text.endswith("；"))

    def extend_item(self, lines: list[Line], links: list[Link]) -> None:
        k = self.last_block()
        assert k is not None
        block = self.blocks[k]
        text = self.texts[block.anchor]
        for line in lines:
            text.add(line.number, line.text)
        unit = self.unit(block.anchor, text, block.unit.num)
        self.blocks[k] = dataclasses.replace(block, unit=unit, lines=(block.lines[0], lines[-1].number),
                                             links=block.links + tuple(links))

    def emit(self, block: Block) -> None:
        self.blocks.append(block)

    def attach(self, links: Iterable[Link]) -> None:
        """URLs printed after a block belong to it (the block before the URL run)."""
        links = tuple(links)
        if not links:
            return
        if not self.blocks:
            self.error(links[0].line, "URL before any block")
            return
        last = self.last_block()
        assert last is not None
        block = self.blocks[last]
        self.blocks[last] = dataclasses.replace(block, links=block.links + links)

    # -- scopes ---------------------------------------------------------------------------------------------------

    @property
    def scope(self) -> _Scope:
        return self.scopes[-1] if self.scopes else _Scope("", 0, -1, "preface")

    def push(self, rank: int, pair: tuple[str, str], headed: bool = True) -> _Scope:
        """Open a numbered division; one without a heading of its own (``1. 本组织目标``) adds no level."""
        while self.scopes and self.scopes[-1].rank >= rank:
            self.scopes.pop()
        parent = self.scope
        anchor = child(parent.anchor, pair)
        scope = _Scope(anchor, parent.level + headed, rank, anchor)
        self.scopes.append(scope)
        self.para = self.para_key = self.item = None
        return scope

    # -- reading ----------------------------------------------------------------------------------------------------

    def segment(self, body: bool = True) -> tuple[list[Line], list[Link]]:
        """One block's lines: up to a trailing space, across URL runs, footnotes and page breaks.

        A page break falls mid-sentence (l.1415-1416 ``…扩\\n 大使用电子工具``); a footnote run may interrupt a
        paragraph, which goes on after it (l.20135 ``…规范制定；`` / separator / footnote 11 / l.20141
        `` 在次区域…``); a line ending in a footnote marker has no trailing space (l.20120 ``…的指导。11``), so
        it ends the block unless the next line is indented (l.34059-34060 ``…设立)。13\\n 行政首长理事会``).
        """
        lines = [self.cur.take()]
        links: list[Link] = []
        interrupted = False  # a footnote run came in between: only an indented line takes the block up again
        while (nxt := self.cur.peek()) is not None and _goes_on(lines[-1], nxt, body, self.labels):
            if _is_url(nxt):
                links.append(Link(nxt.text, self.cur.take().number))
            elif _is_separator(nxt):
                self.footnotes()
                interrupted = True
            elif interrupted and (not nxt.indented or _strong_start(nxt.text)):
                break
            else:
                lines.append(self.cur.take())
                interrupted = False
        return lines, links

    def footnotes(self) -> None:
        """A separator and the numbered footnotes after it: l.67-78 ``__________________`` / `` 1 《大会…``."""
        sep = self.cur.take()
        self.removed.append(Removed(sep.number, sep.raw, "footnote separator"))
        while (nxt := self.cur.peek()) is not None:
            m = _FOOTNOTE.fullmatch(nxt.text)
            if not (m and nxt.indented and m.group(1).isdigit()):
                break
            self.footnote(m.group(1))

    def footnote(self, label: str, parent: str = "") -> None:
        """One footnote: `` 6 次级方案 1 仅包括在总部开展的活动。`` (l.290), or a table note `` a 包括…``."""
        lines: list[Line] = [self.cur.take()]
        while not _closed(lines[-1]) and (nxt := self.cur.peek()) is not None:
            if _is_url(nxt) or _is_separator(nxt) or not nxt.text:
                break
            lines.append(self.cur.take())
        text = _Text()
        first = lines[0]
        text.add(first.number, first.text[len(label):].strip())
        for line in lines[1:]:
            text.add(line.number, line.text)
        anchor = child(parent, ("fn", label))
        self.emit(Block("footnote", self.unit(anchor, text, label), (lines[0].number, lines[-1].number)))

    # -- the walk -----------------------------------------------------------------------------------------------------

    def run(self) -> None:
        while (line := self.cur.peek()) is not None:
            if _is_url(line):
                run: list[Link] = []
                while (nxt := self.cur.peek()) is not None and _is_url(nxt):
                    run.append(Link(nxt.text, self.cur.take().number))
                self.attach(run)
            elif not line.text:
                self.cur.take()
            elif _is_separator(line):
                self.footnotes()
            elif self.table_footnote(line):
                pass
            elif _TABLE_HEADER.fullmatch(line.text):
                self.table()
            elif _MANDATES.fullmatch(line.text) and not self.preface:
                self.mandates()
            else:
                lines, links = self.segment()
                if self.preface:
                    self.preface_block(lines, links)
                else:
                    self.body_block(lines, links)

    def body_block(self, lines: list[Line], links: list[Link]) -> None:
        text = lines[0].text
        if (m := _PROGRAMME.fullmatch(text)) and not self.title:
            self.programme_heading(lines, m)
        elif m := _SUBPROG.fullmatch(text):
            self.division(lines, links, 2, ("subprog", m.group(1)))
        elif m := _COMPONENT.fullmatch(text):
            self.division(lines, links, 3, ("sec", m.group(1)))
        elif (m := _LETTERED.fullmatch(text)) and len(lines) == 1:
            self.lettered(lines, links, m)
        elif m := _OBJECTIVE.fullmatch(text):
            self.objective(lines, links, m)
        elif (m := _NUMBERED.fullmatch(text)) and len(lines) == 1:
            self.numbered_division(lines, links, m)
        elif (m := _PARA.fullmatch(text)) and int(m.group(1)) == self.programme:
            self.paragraph(lines, links, m.group(0)[:m.start(3)].strip(), m.start(3))
        elif m := _ITEM.fullmatch(text):
            self.item_block(lines, links, m)
        elif m := _SUBITEM.fullmatch(text):
            self.subitem_block(lines, links, m)
        elif lines[0].indented and self.para and self.bullet_context():
            self.bullet(lines, links)
        elif _looks_like_heading(lines):
            self.unnumbered_heading(lines, links)
        elif self.continues_item(lines):
            self.extend_item(lines, links)
        else:
            self.unnumbered_paragraph(lines, links)

    # -- one method per surface form ---------------------------------------------------------------------------------

    def text_of(self, lines: list[Line], skip: int = 0) -> _Text:
        """The lines' texts, the first without its first ``skip`` characters (the printed number)."""
        text = _Text()
        text.add(lines[0].number, lines[0].text[skip:].strip())
        for line in lines[1:]:
            text.add(line.number, line.text)
        return text

    def programme_heading(self, lines: list[Line], m: re.Match[str]) -> None:
        """`` 方案 1 `` / ``  大会和经济及社会理事会事务和会议管理 `` (l.118-120): the title is the next block."""
        number = m.group(1)
        title_lines, links = self.segment()
        text = self.text_of(title_lines)
        anchor = child("", ("prog", number))
        unit = self.unit(anchor, text, lines[0].text)
        self.title = unit.text
        self.emit(Block("heading", unit, (lines[0].number, title_lines[-1].number), 1, tuple(links)))
        self.scopes = [_Scope("", 1, 0, anchor)]

    def division(self, lines: list[Line], links: list[Link], rank: int, pair: tuple[str, str]) -> None:
        """``  次级方案 1 `` / ``大会和经济及社会理事会事务6 `` (l.233-235); ``构成部分 1`` (l.9615): title below."""
        title_lines, more = self.segment()
        if _strong_start(title_lines[0].text):
            self.error(title_lines[0].number, f"no title after {lines[0].text!r}")
        scope = self.push(rank, pair)
        unit = self.unit(scope.anchor, self.text_of(title_lines), lines[0].text)
        self.emit(Block("heading", unit, (lines[0].number, title_lines[-1].number), scope.level,
                        tuple(links + more)))

    def lettered(self, lines: list[Line], links: list[Link], m: re.Match[str]) -> None:
        """`` A. 会议管理，纽约 `` (l.230): a lettered section of a programme, or of a subprogramme when it
        follows one that is not itself in a lettered section (l.26906 `` A. 把人权纳入主流 `` in 次级方案 1)."""
        scope = self.push(_lettered_rank([s.rank for s in self.scopes]), ("sec", m.group(1)))
        unit = self.unit(scope.anchor, self.text_of(lines, m.start(2)), m.group(1) + ".")
        self.emit(Block("heading", unit, (lines[0].number, lines[-1].number), scope.level, tuple(links)))

    def numbered_division(self, lines: list[Line], links: list[Link], m: re.Match[str]) -> None:
        """`` 1. 联合国停战监督组织 `` (l.4676): a numbered mission under a lettered section."""
        scope = self.push(2, ("sec", m.group(1)))
        unit = self.unit(scope.anchor, self.text_of(lines, m.start(2)), m.group(1) + ".")
        self.emit(Block("heading", unit, (lines[0].number, lines[-1].number), scope.level, tuple(links)))

    def objective(self, lines: list[Line], links: list[Link], m: re.Match[str]) -> None:
        """``本组织的目标：通过提供…`` (l.238); numbered ``1. 本组织目标：…`` (l.32459) opens sub-division 1."""
        num = None
        if m.group(1):
            self.push(3, ("sec", m.group(1)), headed=False)
            num = m.group(1) + "."
        scope = self.scope
        anchor = child(scope.anchor, "objective")
        unit = self.unit(anchor, self.text_of(lines, m.start(2)), num)
        self.emit(Block("paragraph", unit, (lines[0].number, lines[-1].number), 0, tuple(links)))
        self.para, self.item = anchor, None
        self.objective_text = " ".join(line.text for line in lines)

    def paragraph(self, lines: list[Line], links: list[Link], num: str, skip: int) -> None:
        """``1.1  本方案的总目标是：…`` (l.124): a numbered paragraph, ``para_1-1``."""
        anchor = child("", ("para", num))
        unit = self.unit(anchor, self.text_of(lines, skip), num)
        self.emit(Block("paragraph", unit, (lines[0].number, lines[-1].number), 0, tuple(links)))
        self.para = self.para_key = anchor
        self.item = None

    def item_block(self, lines: list[Line], links: list[Link], m: re.Match[str]) -> None:
        """`` (a) 向大会部所服务的政府间机构…`` (l.297): a lettered sub-item of the paragraph before."""
        if self.para is None:
            self.error(lines[0].number, f"item {m.group(1)} without a paragraph")
            self.para = self.scope.name
        anchor = child(self.para, ("point", m.group(2)))
        unit = self.unit(anchor, self.text_of(lines, m.start(3)), m.group(1))
        self.emit(Block("item", unit, (lines[0].number, lines[-1].number), 1, tuple(links)))
        self.item = anchor

    def subitem_block(self, lines: list[Line], links: list[Link], m: re.Match[str]) -> None:
        """``㈠ 统一各工作地点的政策和程序…`` (l.365): a sub-item of the (a) item before, or of the paragraph."""
        parent = self.item or self.para
        if parent is None:
            self.error(lines[0].number, f"sub-item {m.group(1)} without a paragraph")
            parent = self.scope.name
        anchor = child(parent, ("point", m.group(1)))
        unit = self.unit(anchor, self.text_of(lines, m.start(2)), m.group(1))
        self.emit(Block("item", unit, (lines[0].number, lines[-1].number), 2 if self.item else 1, tuple(links)))

    def unnumbered_heading(self, lines: list[Line], links: list[Link]) -> None:
        """`` 战略 `` (l.291), ``  总方向 `` (l.122): counted within the nearest numbered heading."""
        scope = self.scope
        anchor = child(scope.name, ("hdg", self.counter.next(scope.name, "hdg")))
        unit = self.unit(anchor, self.text_of(lines))
        self.emit(Block("heading", unit, (lines[0].number, lines[-1].number), scope.level + 1, tuple(links)))
        self.para = self.para_key = self.item = None

    def unnumbered_paragraph(self, lines: list[Line], links: list[Link]) -> None:
        """A paragraph without a number, counted within the last numbered paragraph (or heading)."""
        key = self.para_key or self.scope.name
        anchor = child(key, ("para", self.counter.next(key, "para")))
        unit = self.unit(anchor, self.text_of(lines))
        self.emit(Block("paragraph", unit, (lines[0].number, lines[-1].number), 0, tuple(links)))
        self.para, self.item = anchor, None

    # -- the preface page ---------------------------------------------------------------------------------------------

    def preface_block(self, lines: list[Line], links: list[Link]) -> None:
        """The page before 方案 1: `` 前言 `` (l.1), paragraphs ``1. 大会…`` with items and lost bullets, the
        footnotes 1-5 and ``   2018-2019年期间的优先事项 `` (l.93) with its paragraph and items (a)-(h)."""
        text = lines[0].text
        span = (lines[0].number, lines[-1].number)
        if not self.scopes and _PREFACE.fullmatch(text) or _PRIORITIES.fullmatch(text):
            name = "preface" if _PREFACE.fullmatch(text) else "priorities"
            self.emit(Block("heading", self.unit(name, self.text_of(lines)), span, 1, tuple(links)))
            self.scopes = [_Scope(name, 1, 0, name)]
            self.para = self.para_key = self.item = None
        elif m := _PREFACE_PARA.fullmatch(text):
            anchor = child(self.scope.anchor, ("para", m.group(1)))
            unit = self.unit(anchor, self.text_of(lines, m.start(2)), m.group(1) + ".")
            self.emit(Block("paragraph", unit, span, 0, tuple(links)))
            self.para = self.para_key = anchor
            self.item = None
        elif m := _ITEM.fullmatch(text):
            self.item_block(lines, links, m)
        elif lines[0].indented and self.para and self.bullet_context():
            self.bullet(lines, links)
        else:
            self.unnumbered_paragraph(lines, links)

    def bullet_context(self) -> bool:
        """A lost bullet follows a paragraph that ends with a colon (l.37 ``…决定：``) or another bullet."""
        last = max(self.blocks, key=lambda b: b.lines[1])
        return last.kind == "bullet" or (last.kind == "paragraph" and last.unit.text.endswith("："))

    def bullet(self, lines: list[Line], links: list[Link]) -> None:
        """`` 保留作为联合国主要政策指示的战略框架…`` (l.39): the bullet character was lost, a space is left."""
        assert self.para is not None
        anchor = child(self.para, ("item", self.counter.next(self.para, "item")))
        unit = self.unit(anchor, self.text_of(lines))
        self.emit(Block("bullet", unit, (lines[0].number, lines[-1].number), 1, tuple(links)))

    # -- flattened tables ---------------------------------------------------------------------------------------------

    def table(self) -> None:
        """A flattened two-column table ``秘书处预期成绩 绩效指标`` (l.243-278); see _TableReader."""
        header = self.cur.take()
        hm = _TABLE_HEADER.fullmatch(header.text)
        assert hm is not None
        scope = self.scope
        anchor = child(scope.anchor, ("table", self.counter.next(scope.name, "table")))
        reader = _TableReader(self)
        last = reader.read(header.number)
        self.emit(self.table_block(scope.anchor, anchor, hm, reader.rows, (header.number, last), reader.links))
        self.last_table = anchor
        self.relocate_cells(scope.anchor, anchor, reader.moved)

    def relocate_cells(self, prefix: str, anchor: str, moved: list[tuple[_Row, int, str]]) -> None:
        """Record the table lines shown out of source order: column-1 text that went on after column 2
        (to its accomplishment), lines holding both columns side by side (to their row)."""
        by_target: dict[str, list[int]] = {}
        for row, number, kind in moved:
            letter = row.num.strip("()（）")
            target = child(prefix, ("ea", letter)) if kind == "ea" else child(anchor, ("row", letter))
            by_target.setdefault(target, []).append(number)
        for target, numbers in by_target.items():
            for first, last in _ranges(numbers):
                self.relocated.append(Relocated(first, last, target, _MOVED_CELL))

    def continuation_header(self, line: Line, rows: list[_Row]) -> bool:
        """The objective and column headings repeated at a page break inside a table (l.19958-19960)."""
        nxt = self.cur.peek(1)
        repeated = (rows and nxt is not None and _OBJECTIVE.fullmatch(line.text)
                    and line.text == self.objective_text and _TABLE_HEADER.fullmatch(nxt.text))
        if repeated:
            self.removed.append(Removed(line.number, line.raw, "continued table header"))
            self.cur.take()
            line = self.cur.peek()
        if rows and line is not None and _TABLE_HEADER.fullmatch(line.text):
            self.removed.append(Removed(line.number, line.raw, "continued table header"))
            self.cur.take()
            return True
        return bool(repeated)

    def table_block(self, prefix: str, anchor: str, hm: re.Match[str], rows: list[_Row], span: tuple[int, int],
                    links: list[Link]) -> Block:
        """The table, its rows (``…__table_1__row_a``), accomplishments (``…__ea_a``), indicators (``…__ind_1``)."""
        out: list[Row] = []
        for row in rows:
            letter = row.num.strip("()（）")
            ea = child(prefix, ("ea", letter))
            indicators = []
            for k, (marker, text) in enumerate(row.indicators, 1):
                if marker is not None and marker != _CIRCLED[k - 1]:
                    self.error(text.first, f"indicator {marker} out of sequence in {ea}")
                if marker is None and len(row.indicators) > 1:
                    self.error(text.first, f"unmarked indicator among several in {ea}")
                indicators.append(self.unit(child(ea, ("ind", k)), text, marker))
            if not indicators:
                self.error(row.cell.first, f"expected accomplishment {row.num} has no indicator")
            columns = ((self.unit(ea, row.cell, row.num),), tuple(indicators))
            out.append(Row(child(anchor, ("row", letter)), columns))
        if not rows:
            self.error(span[0], "table without rows")
        return Block("table", Unit(anchor, ""), span, 0, tuple(links), (hm.group(1), hm.group(2)), tuple(out))

    def table_footnote(self, line: Line) -> bool:
        """A table note after its table: `` a 包括大会、第一委员会…`` (l.282), marker ``提供便利 a`` (l.240)."""
        m = _FOOTNOTE.fullmatch(line.text)
        if not (m and line.indented and m.group(1).isalpha() and self.last_table):
            return False
        self.footnote(m.group(1), self.last_table)
        return True

    # -- legislative mandates --------------------------------------------------------------------------------------

    def mandates(self) -> None:
        """A ``立法授权`` list (l.1432-1459), from its heading to the end of the programme."""
        self.scopes = self.scopes[:1]
        head = self.cur.take()
        segs: list[tuple[list[Line], list[Link]]] = [([head], [])]
        while (line := self.cur.peek()) is not None:
            if _is_url(line):
                segs[-1][1].append(Link(line.text, self.cur.take().number))
            elif not line.text:
                self.cur.take()
            elif _is_separator(line):
                self.footnotes()
            else:
                segs.append(self.segment(body=False))
        _MandateReader(self, segs[0], segs[1:]).read()


class _TableReader:
    """Reads the rows of a flattened two-column table, line by line.

    Column 1 cells start with ``(a)``, column 2 cells with ㈠ … (or no marker when a row has one indicator);
    a cell ends at a trailing space, and both columns wrap mid-word. A short column-1 cell may share its line
    with the first indicator (l.327 ``(a) 切实高效举办会议 ㈠ 会员国…``, l.32501 ``(b) 国际竞争水平提高 在全…``),
    and both may then go on side by side (l.20059). At a page break a column-1 cell can be interrupted by
    column 2 and go on after it (l.13676-13707 across footnote 9; l.6418-6423).
    """

    def __init__(self, parser: _PartParser):
        self.p = parser
        self.rows: list[_Row] = []
        self.links: list[Link] = []
        self.cell: _Text | None = None  #: the cell being read
        self.in_col1 = False
        self.suspended: _Row | None = None  #: a row whose column-1 cell was interrupted by column 2
        self.dual: _Text | None = None  #: an indicator that shares its lines with column 1
        self.resumed = False  #: the open column-1 cell was taken up again after column 2
        self.waiting_cell: _Text | None = None  #: a column-2 cell interrupted by column 1 at a page break
        self.moved: list[tuple[_Row, int, str]] = []  #: (row, line, "ea" or "row"): lines shown out of order

    def read(self, last: int) -> int:
        """Read up to the first line that cannot belong to the table; return the table's last line."""
        p = self.p
        while (line := p.cur.peek()) is not None:
            if _is_url(line):
                self.links.append(Link(line.text, p.cur.take().number))
            elif not line.text:
                p.cur.take()
            elif _is_separator(line):
                p.footnotes()
            elif not p.continuation_header(line, self.rows):
                if not self.feed(line):
                    break
                p.cur.take()
                last = line.number
                if _closed(line):
                    self.suspended = None if self.in_col1 else self.suspended
                    self.cell = self.dual = None
                    self.resumed = False
        return last

    def feed(self, line: Line) -> bool:
        text = line.text
        dual, self.dual = self.dual, None
        im = _ITEM.fullmatch(text)
        sm = _SUBITEM.fullmatch(text)
        if dual is not None and (split := _split_columns(text))[1]:
            self.rows[-1].add(line, split[0])
            dual.add(line.number, split[1])
            self.dual = dual
            self.moved.append((self.rows[-1], line.number, "row"))
        elif im and im.group(2) == _next_letter(self.rows):
            self.new_row(line, im)
        elif sm and self.rows:
            self.new_indicator(line, sm.group(1), sm.group(2))
        elif self.suspended is not None and self.cell is not None and not self.in_col1 and line.page_break \
                and not _ends_table(text):
            # a new page: column 1 goes on first, then the column-2 cell it interrupted (l.8232-8251)
            self.waiting_cell = self.cell
            self.resume(line)
        elif self.cell is not None and self.in_col1:
            self.rows[-1].add(line, text)
            if self.resumed:
                self.moved.append((self.rows[-1], line.number, "ea"))
        elif self.cell is not None:
            self.cell.add(line.number, text)
        elif (self.suspended is not None or self.rows and line.page_break and self.rows[-1].gap) \
                and not _ends_table(text):
            self.resume(line)
        elif self.waiting_cell is not None and not _ends_table(text):
            self.cell, self.in_col1, self.resumed, self.waiting_cell = self.waiting_cell, False, False, None
            self.cell.add(line.number, text)
        elif self.rows and not self.rows[-1].indicators and not _ends_table(text):
            self.new_indicator(line, None, text)
        else:
            return False
        return True

    def resume(self, line: Line) -> None:
        """Column 1 goes on after column 2 (l.13695-13707): shown before it, so these lines move."""
        self.cell, self.in_col1, self.resumed = self.rows[-1].cell, True, True
        self.rows[-1].add(line, line.text)
        self.moved.append((self.rows[-1], line.number, "ea"))

    def new_row(self, line: Line, im: re.Match[str]) -> None:
        """``(a) 正式会议的组织工作得到改善，举办程序准`` (l.246), maybe with its first indicator."""
        self.suspended, self.resumed, self.waiting_cell = None, False, None
        self.rows.append(_Row(im.group(1), _Text()))
        self.cell, self.in_col1 = self.rows[-1].cell, True
        first, rest = _split_columns(im.group(3))
        self.rows[-1].add(line, first)
        if rest:
            rm = _SUBITEM.fullmatch(rest)
            self.new_indicator(line, rm.group(1) if rm else None, rm.group(2) if rm else rest)
            self.dual, self.suspended = self.cell, None

    def new_indicator(self, line: Line, marker: str | None, text: str) -> None:
        """``㈠ 会员国代表没有对正式会议的组织工作和`` (l.250), or an unmarked single indicator (l.266)."""
        self.resumed = False
        if self.cell is not None and self.in_col1:
            self.suspended = self.rows[-1]
        self.cell, self.in_col1 = _Text(), False
        self.cell.add(line.number, text)
        self.rows[-1].indicators.append((marker, self.cell))


@dataclass
class _Entry:
    """A mandate being read: its symbol pieces and its title."""

    num: list[tuple[int, str]]
    title: _Text = field(default_factory=_Text)
    moved: list[int] = field(default_factory=list)  #: title lines printed after later symbols
    split: bool = False  #: once published run into the entry before (split_entries): numbered after it, ``1a``

    @property
    def open(self) -> bool:
        """The symbol goes on in the next block: ``49/233 A 和`` (l.4793), ``56/255，`` (l.34655)."""
        last = self.num[-1][1] if self.num else ""
        return last.endswith(("/", "和", "、", "，", ",", "-", "号")) or last.startswith("第") and "号" not in last


@dataclass
class _Group:
    title: _Text
    entries: list[_Entry] = field(default_factory=list)


@dataclass
class _List:
    """One mandates list: the whole 立法授权 section, or one sub-division of it (次级方案 k, A., 1.)."""

    path: str  #: anchor path of the sub-division (``subprog_1``, ``sec_b__sec_1``); "" for the whole list
    num: str | None
    title: _Text
    level: int
    rank: int
    first: int
    groups: list[_Group] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    has_children: bool = False

    @property
    def entries(self) -> list[_Entry]:
        return [e for g in self.groups for e in g.entries]


class _MandateReader:
    """Turns the blocks of a mandates list into heading and ``mandates`` blocks.

    The list is a flattened two-column table (symbol | title) in which both columns wrap, so a symbol may
    take several blocks (l.21901-21905 ``ECE/BEL`` / ``GRADE.CONF/`` / ``2007/4/Add.1``) and sometimes the
    symbols of a run come first and their titles after (l.4814-4842, l.5111-5117): titles are matched to the
    symbols still waiting for one, in order.
    """

    def __init__(self, parser: _PartParser, head: tuple[list[Line], list[Link]],
                 segs: list[tuple[list[Line], list[Link]]]):
        self.p = parser
        self.segs = segs
        title = _Text()
        title.add(head[0][0].number, head[0][0].text)
        self.lists = [_List("", None, title, parser.scope.level + 1, 0, head[0][0].number, links=head[1])]
        self.stack = [self.lists[0]]
        self.waiting: list[_Entry] = []  #: entries whose title has not come yet

    @property
    def current(self) -> _List:
        return self.stack[-1]

    def read(self) -> None:
        k = 0
        while k < len(self.segs):
            lines, links = self.segs[k]
            self.current.links.extend(links)
            text = lines[0].text
            nxt = self.segs[k + 1][0] if k + 1 < len(self.segs) else None
            if m := _numbered_heading(text):
                title_lines = nxt or []
                if title_lines:
                    self.current.links.extend(self.segs[k + 1][1])
                    k += 1
                kind = "subprog" if _SUBPROG.fullmatch(text) else "sec"
                self.division(2 if kind == "subprog" else 3, (kind, m.group(1)), text, title_lines, lines[0])
            elif (m := _LETTERED.fullmatch(text)) and nxt is not None and self.opens_list(nxt):
                rank = _lettered_rank([lst.rank for lst in self.stack])
                self.division(rank, ("sec", m.group(1)), m.group(1) + ".", lines, lines[0], m.start(2))
            elif (m := _NUMBERED.fullmatch(text)) and nxt is not None and self.opens_list(nxt):
                self.division(2, ("sec", m.group(1)), m.group(1) + ".", lines, lines[0], m.start(2))
            else:
                self.mandate(lines)
            k += 1
        self.emit()

    def opens_list(self, lines: list[Line]) -> bool:
        """A lettered or numbered line heads a sub-list when a group or a sub-division follows it."""
        text = lines[0].text
        return _is_group_title(lines) or bool(_numbered_heading(text) or _NUMBERED.fullmatch(text)
                                              and not _split_symbol(text)[0])

    def division(self, rank: int, pair: tuple[str, str], num: str, title_lines: list[Line], first: Line,
                 skip: int = 0) -> None:
        """``次级方案 1`` / ``预防、管理和解决冲突`` (l.2296-2298), `` A. 维持和平行动 `` (l.4789),
        `` 1. 联合国停战监督组织 `` (l.4850): a sub-list of the mandates."""
        while self.stack[-1].rank >= rank:
            self.stack.pop()
        parent = self.stack[-1]
        parent.has_children = True
        title = _Text()
        if title_lines:
            title.add(title_lines[0].number, title_lines[0].text[skip:].strip())
            for line in title_lines[1:]:
                title.add(line.number, line.text)
        sub = _List(child(parent.path, pair), num, title, parent.level + 1, rank, first.number)
        self.lists.append(sub)
        self.stack.append(sub)
        self.waiting = []

    def mandate(self, lines: list[Line]) -> None:
        """One block of a mandate list: a symbol and title, part of one, a group heading, or a bare title."""
        text = lines[0].text
        num, title = _entry_pieces(lines)
        whole = [(line.number, line.text) for line in lines]
        group = self.current.groups[-1] if self.current.groups else None
        last = group.entries[-1] if group and group.entries else None
        awaiting = last is not None and not last.title.pieces
        if last is not None and last.title.pieces and last.title.pieces[-1][1].endswith("/"):
            # a symbol inside the title wraps: l.16464-16466 ``…(见 A/52/3/`` / ``Rev.1，第四章 A 部分)``
            self.add_title(last, whole)
        elif num and awaiting and _continues_symbol(last, num[0][1]):
            last.num.extend(num)
            self.add_title(last, title)
        elif num:
            entry = _Entry(num, split=any(rule.pattern.fullmatch(text) for rule in self.p.splits))
            self.group().entries.append(entry)
            self.add_title(entry, title)
        elif awaiting and last.open and _SECTION.fullmatch(text):
            last.num.append((lines[0].number, text))
        elif _is_group_title(lines) or not self.current.groups and _is_weak_group_title(lines):
            self.new_group(whole)
        elif self.waiting:
            entry = self.waiting[0]
            if entry is not self.group().entries[-1]:  # later symbols came first: the title moves up
                entry.moved.extend(line.number for line in lines)
            self.add_title(entry, whole)
        elif _is_weak_group_title(lines) or _is_body_group_title(lines):
            self.new_group(whole)
        elif last is not None and last.num:
            # the title goes on after a break: l.11912-11914 ``SS.VIII/1 …的执行情况`` / ``(第二节：…)``
            self.add_title(last, [(n, " " + t) for n, t in whole])
        else:
            entry = _Entry([])
            self.group().entries.append(entry)
            self.add_title(entry, whole)

    def new_group(self, pieces: list[tuple[int, str]]) -> None:
        """``大会决议`` (l.1437): a group heading; titles awaited before it are not coming."""
        title = _Text()
        for number, text in pieces:
            title.add(number, text)
        self.current.groups.append(_Group(title))
        self.waiting = []

    def add_title(self, entry: _Entry, pieces: list[tuple[int, str]]) -> None:
        for number, text in pieces:
            entry.title.add(number, text)
        if entry.title.pieces and entry in self.waiting:
            self.waiting.remove(entry)
        elif not entry.title.pieces and entry not in self.waiting:
            self.waiting.append(entry)

    def group(self) -> _Group:
        if not self.current.groups:
            self.current.groups.append(_Group(_Text()))
        return self.current.groups[-1]

    def emit(self) -> None:
        """One ``mandates`` block per list that has entries; a sub-division with only sub-lists is a heading."""
        for lst in self.lists:
            if lst.groups or not lst.has_children:
                self.p.emit(self.list_block(lst))
            else:
                anchor = child("mandates", *(_pair(c) for c in lst.path.split("__"))) if lst.path else "mandates"
                last = lst.title.last if lst.title.pieces else lst.first
                self.p.emit(Block("heading", self.p.unit(anchor, lst.title, lst.num), (lst.first, last), lst.level,
                                  tuple(lst.links)))

    def list_block(self, lst: _List) -> Block:
        p = self.p
        anchor = child(lst.path, "mandates")
        groups = []
        for g, group in enumerate(lst.groups, 1):
            ganchor = child(anchor, ("group", g))
            entries = tuple(p.unit(child(ganchor, ("entry", e)), entry.title, _join_symbol(entry.num))
                            for e, entry in zip(self.entry_numbers(group.entries), group.entries))
            p.relocated.extend(Relocated(first, last, unit.anchor, _MOVED_TITLE)
                               for unit, entry in zip(entries, group.entries) for first, last in _ranges(entry.moved))
            lines = tuple(tuple(sorted({n for n, _ in entry.num + entry.title.pieces})) for entry in group.entries)
            groups.append(MandateGroup(ganchor, group.title.join()[0], entries, lines))
        numbers = [n for g in lst.groups for n, _ in g.title.pieces]
        numbers += [n for g in lst.groups for e in g.entries for n, _ in e.num + e.title.pieces]
        return Block("mandates", p.unit(anchor, lst.title, lst.num), (lst.first, max([lst.first, *numbers])),
                     lst.level, tuple(lst.links), groups=tuple(groups))

    def entry_numbers(self, entries: list[_Entry]) -> list[str]:
        """Entries are counted within their group (1, 2, 3 …); a split entry (once published run into the entry
        before it) takes that entry's count and a letter, 1a, 1b …, so that no entry after it changes its id."""
        out: list[str] = []
        count = letters = 0
        for entry in entries:
            if entry.split and count:
                letters += 1
                out.append(f"{count}{chr(ord('a') + letters - 1)}")
                continue
            if entry.split:
                self.p.error(entry.num[0][0], "split_entries: a split entry needs an entry before it in its group")
            count, letters = count + 1, 0
            out.append(str(count))
        return out


def _pair(component: str) -> tuple[str, str]:
    kind, _, num = component.partition("_")
    return kind, num


#: a number and its bracketed parts; a bracket may hold words (l.18754 ``830(MFC 1 A)``: the first meeting of a
#: follow-up committee), l.15182 ``第 2014/232|号``
_CODE = r"[A-Za-z0-9][A-Za-z0-9/.\-−–|]*(?:\s?[(（][A-Za-z0-9.\-/]+(?:\s[A-Za-z0-9.\-/]+)*[)）])*"
_TAIL = (r"(?:(?:Add|Corr|Rev)\.\d+|[A-Z](?:-[A-Z])?(?![A-Za-z0-9/.])(?:\s?[(（][A-Za-z0-9]+[)）])?"
         r"|[(（][IVXLC0-9]+[)）]|[A-Za-z0-9]*[/.][A-Za-z0-9/.\-−–()]*)")
_CONNECTOR = r"(?:[，,]\s*)?(?:和|及|、)?"
_SECTION = re.compile(r"第[一二三四五六七八九十]+节|号?\s*(?:决定|决议)|号")
_SYMBOL_RE = re.compile(
    rf"(?P<marker>[{_CIRCLED}]\s*)?(?P<lead>{_CONNECTOR}\s*)?(?P<di>第\s*)?(?P<first>{_CODE})"
    rf"(?P<tail>(?:\s*{_CONNECTOR}\s*{_TAIL}|\s*(?:和|、)\s*\d+(?![\d/.]|\s*年))*)(?P<end>\s*(?:号\s*(?:决定|决议)?|[，,和、](?=\s*$)|[，,]\s*第[一二三四五六七八九十]+节))?")


def _split_symbol(text: str) -> tuple[str, str]:
    """Split a mandate line into (symbol, title); ("", text) when it does not start with a symbol.

    ``52/12 A 和 B  革新联合国：改革方案`` (l.1443) → (``52/12 A 和 B``, ``革新联合国：改革方案``);
    ``671 A(XXV)``; ``2167(2014)``; ``第 17/2 号决定 改善…`` (l.15754); ``56/255，`` (l.34655, the title follows);
    ``2015/16 年维持和平行动支助账户`` (l.4830) is a title, not a symbol.
    """
    m = _SYMBOL_RE.match(text)
    if not m:
        return "", text
    first = m.group("first")
    rest = text[m.end():]
    if m.group("di") and re.match(r"第[^号]*条", text):  # treaty articles, l.5894 ``第 26(1)和 36 条``
        return "", text
    if first.endswith("."):  # a numbered or lettered heading, l.4848 `` B. 维持和平特派团 ``
        return "", text
    symbol_like = ("/" in first or "(" in first or "（" in first or "." in first or m.group("tail")
                   or m.group("lead") or m.group("di") or re.fullmatch(r"[A-Z]|(?:19|20)\d\d", first))
    if not symbol_like or re.match(r"\s*年(?!度)", rest) or (rest and not rest[0].isspace() and
                                                             ord(rest[0]) < 0x2E80):
        return "", text
    return text[:m.end()].strip(), rest.strip()


def _entry_pieces(lines: list[Line]) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Split a mandate block into symbol pieces and title pieces; a symbol may wrap onto the next line
    (l.22108-22110 ``ECE/TRANS/ADN/CO`` / ``NF/10/Add.1 和 Corr.1``)."""
    num: list[tuple[int, str]] = []
    title: list[tuple[int, str]] = []
    for k, line in enumerate(lines):
        symbol, rest = _split_symbol(line.text) if not title and (k == 0 or num) else ("", line.text)
        if symbol:
            num.append((line.number, symbol))
        if not symbol and k == 0:
            return [], [(ln.number, ln.text) for ln in lines]
        if rest:
            title.append((line.number, rest))
    return num, title


def _continues_symbol(last: _Entry, num: str) -> bool:
    """Whether a symbol-only block goes on with the symbol of a title-less entry before it.

    ``ECE/BEL`` / ``GRADE.CONF/`` / ``2007/4/Add.1`` (l.21901-21905), ``50/233、57/284 A`` / ``和 B、58/286、``
    (l.34286-34288); but ``61/111`` / ``62/101`` (l.5111-5113) are two mandates waiting for their titles.
    """
    first = re.match(r"[{}]?\s*(\S+)".format(_CIRCLED), num)
    token = first.group(1) if first else num
    return last.open or num.startswith(("和", "、", "，", "Add.", "Corr.", "Rev.")) or not re.search(r"\d", token)


def _join_symbol(pieces: list[tuple[int, str]]) -> str | None:
    """A symbol printed over several lines is joined without spaces, except around 和."""
    if not pieces:
        return None
    out = ""
    for _, piece in pieces:
        if out and (out.endswith("和") or piece.startswith("和")):
            out += " "
        out += piece
    return collapse_spaces(out)


_GROUP_TITLE = re.compile(r"[^\s，。；]{0,30}?(?:决议|决定|主席声明|商定结论|条款|部长级宣言|部长级公报|文件|决议和报告)"
                          r"(?:和(?:决议|决定|部长级宣言))?[：:]?|.{0,60}如下[：:]")
_WEAK_GROUP_TITLE = re.compile(r"《[^》]{1,30}》|公约|公约和会议宣言")


def _is_group_title(lines: list[Line]) -> bool:
    """A group heading of a mandate list: ``大会决议``, ``经济及社会理事会的决议和决定``, ``《联合国宪章》条款``,
    ``大会每年通过的…决议，其中最近的决议如下：`` (l.5896)."""
    text = " ".join(line.text for line in lines)
    return len(lines) <= 2 and not text.startswith("第") and bool(_GROUP_TITLE.fullmatch(text))


#: a heading that names the issuing body and then what it adopted: ``…举行的第四届《联合国反腐败公约》`` /
#: ``缔约国会议的决议`` (l.7988-7990), or a body's name alone: ``社会发展委员会`` (l.7618). Its name may be long
#: and hold spaces and a treaty's title, so _GROUP_TITLE does not see it; the body word before the kind word does.
_BODY_WORD = r"(?:会议|委员会|理事会|大会|执行局|论坛)"
_BODY_GROUP_TITLE = re.compile(rf"[^。；]{{2,80}}{_BODY_WORD}的?(?:决议|决定)(?:和(?:决议|决定))?[：:]?|[^\W\d_]{{2,18}}{_BODY_WORD}")


def _is_body_group_title(lines: list[Line]) -> bool:
    """A group heading that names its body, where a title could otherwise go on (after a complete entry):
    it ends with a body word and, for a long one, the kind of text the body adopted."""
    text = re.sub(r"\s+", "", "".join(line.text for line in lines))
    return len(lines) <= 2 and not text.startswith("第") and bool(_BODY_GROUP_TITLE.fullmatch(text))


def _is_weak_group_title(lines: list[Line]) -> bool:
    """A group heading only where no title is awaited: ``《联合国海洋法公约》`` (l.5884), ``公约`` (l.14615)."""
    return len(lines) == 1 and bool(_WEAK_GROUP_TITLE.fullmatch(lines[0].text))


_MOVED_CELL = "flattened table: a cell's text printed after the next column's (page break), shown in its cell"
_MOVED_TITLE = "flattened mandate list: a title printed after later symbols, shown with its own symbol"
_MOVED_NOTE = "footnote printed inside a block that goes on after it (page break), shown after the block"


def _ranges(numbers: list[int]) -> list[tuple[int, int]]:
    """Runs of line numbers with only blank lines between them: [5, 7, 9, 20] → [(5, 9), (20, 20)]."""
    out: list[tuple[int, int]] = []
    for n in sorted(numbers):
        if out and n - out[-1][1] <= 2:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return out


def _lettered_rank(ranks: list[int]) -> int:
    """The rank of a lettered heading: 1 (a section of the programme), or 3 (a part of the subprogramme
    open above it) when that subprogramme is not itself in a lettered section."""
    if 2 in ranks and 1 not in ranks[:ranks.index(2)]:
        return 3
    return 1


def _next_letter(rows: list[_Row]) -> str:
    """The letter the next table row must carry: a, then the letter after the last row's."""
    if not rows:
        return "a"
    return chr(ord(rows[-1].num.strip("()（）")[-1]) + 1)


def _split_columns(text: str) -> tuple[str, str]:
    """Split a row's first line when the first indicator shares it.

    ``切实高效举办会议 ㈠ 会员国…`` (l.327) → (``切实高效举办会议``, ``㈠ 会员国…``);
    ``国际竞争水平提高 在全秘书处…`` (l.32501): a space between two Chinese characters is a column gap.
    """
    m = re.search(rf"\s+(?=[{_CIRCLED}])", text) or re.search(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])", text)
    if not m:
        return text, ""
    return text[:m.start()], text[m.end():]


def _ends_table(text: str) -> bool:
    """A line that cannot be an indicator: the next heading, paragraph or list after the table."""
    return _strong_start(text) or bool(_LETTERED.fullmatch(text)) or text in {"战略"}


def _looks_like_heading(lines: list[Line]) -> bool:
    """An unnumbered heading is one short line without closing punctuation: `` 战略 ``, ``  总方向 ``."""
    text = lines[0].text
    return len(lines) == 1 and len(text) <= 40 and text[-1] not in "。；，：:;,"


def _furniture(lines: list[Line], rules: Sequence[tuple[re.Pattern[str], str]]) -> tuple[list[Line], list[Removed]]:
    """Remove the running header and footer, and the whitespace-only lines around them.

    The furniture comes wrapped in whitespace-only lines that would otherwise end the paragraph it interrupts
    (l.600-612: ``…扩`` / `` `` / ``A/71/6/Rev.1`` / `` `` / ``22/457 17-03372 (C)`` / `` `` / ``大使用电子工具…``).
    """
    kept, removed = remove_furniture(lines, rules)
    gone = {r.line for r in removed}
    near: set[int] = set()
    for k, line in enumerate(lines):
        if line.number in gone:
            j = k - 1
            while j >= 0 and not lines[j].text and lines[j].number not in gone:
                near.add(lines[j].number)
                j -= 1
            j = k + 1
            while j < len(lines) and not lines[j].text and lines[j].number not in gone:
                near.add(lines[j].number)
                j += 1
    return [line for line in kept if line.number not in near], removed


def _split_parts(lines: list[Line]) -> list[tuple[int | None, list[Line]]]:
    """The preface, then one run of lines per programme, each starting at its `` 方案 N `` line."""
    parts: list[tuple[int | None, list[Line]]] = [(None, [])]
    previous: Line | None = None  # the last line that is not a URL
    for line in lines:
        m = _PROGRAMME.fullmatch(line.text)
        number = int(m.group(1)) if m else 0
        if m and (previous is None or _closed(previous)) and (parts[-1][0] is None or number == parts[-1][0] + 1):
            parts.append((int(m.group(1)), []))
        parts[-1][1].append(line)
        if not _is_url(line):
            previous = line
    return parts


def _first_programme(lines: list[Line]) -> int | None:
    """The programme an excerpt without its `` 方案 N `` heading belongs to, from its first ``N.M`` paragraph."""
    for line in lines:
        if m := _PARA.match(line.text):
            return int(m.group(1))
    return None


def _footnote_labels(lines: list[Line]) -> frozenset[str]:
    """Numeric labels of the footnotes in a run of lines: the notes after each separator."""
    labels: set[str] = set()
    for k, line in enumerate(lines):
        if not _is_separator(line):
            continue
        going_on = False  # the note before goes on on this line
        for nxt in lines[k + 1:]:
            m = _FOOTNOTE.fullmatch(nxt.text)
            if m and nxt.indented and m.group(1).isdigit():
                labels.add(m.group(1))
            elif not going_on:
                break
            going_on = not _closed(nxt)
    return frozenset(labels)


def _notes_inside_blocks(blocks: list[Block]) -> list[Relocated]:
    """Footnotes printed inside a block that goes on after them are shown after that block, so they move:
    footnote 11 (l.20138) inside paragraph 16.51 (l.20129-20145), footnote 9 (l.13690) inside a table."""
    out = []
    for note in blocks:
        if note.kind == "footnote" and any(b.lines[0] < note.lines[0] and note.lines[1] < b.lines[1]
                                           for b in blocks if b.kind != "footnote"):
            out.append(Relocated(note.lines[0], note.lines[1], note.anchor, _MOVED_NOTE))
    return out


def _marker_at(text: str, end: int, label: str) -> bool:
    """Whether ``text[:end]`` ends with footnote marker ``label``.

    A number is glued to Chinese text (``报告2``, ``行动计划》。8``, ``日内瓦7``); a table note letter follows a
    space (``提供便利 a``). An ordinary number (``第 16``, ``2030``) never qualifies.
    """
    start = end - len(label)
    if start <= 0 or text[start:end] != label:
        return False
    before = text[start - 1]
    if label.isdigit():
        return ord(before) > 0x2E80
    return before == " " or ord(before) > 0x2E80


def _link_footnotes(source: Source, blocks: list[Block], spans: dict[str, list[tuple[int, int, int]]],
                    problems: Collector) -> list[Block]:
    """Give each footnote its marker: the last line before it (on its page) that ends with its label.

    A heading that repeats a marker already used on an earlier page (l.902 `` C. 会议管理，维也纳 7 ``,
    footnote 7 at l.684) refers to the same footnote.
    """
    units = {u.anchor: u for b in blocks for u in _all_units(b)}
    pieces = sorted((line, anchor, start, end) for anchor, sp in spans.items() if anchor in units
                    for line, start, end in sp)
    refs: dict[str, list[FootnoteRef]] = {}
    used: set[tuple[str, int]] = set()
    for block in blocks:
        if block.kind != "footnote":
            continue
        label, first = block.unit.num or "", block.lines[0]
        found = None
        for line, anchor, start, end in reversed(pieces):
            if line >= first or line < first - _PAGE_LINES:
                continue
            if (anchor, end) not in used and _marker_at(units[anchor].text, end, label):
                found = (anchor, end)
                break
        if found is None:
            problems.error(at(source.path, first), f"no marker found for footnote {label}")
            continue
        used.add(found)
        refs.setdefault(found[0], []).append(FootnoteRef(found[1] - len(label), label, block.anchor))
    labels = {b.unit.num: b.anchor for b in blocks if b.kind == "footnote" and (b.unit.num or "").isdigit()}
    for block in blocks:
        m = re.search(r"(\d+)$", block.unit.text)
        if block.kind == "heading" and m and m.group(1) in labels and (block.anchor, m.end()) not in used:
            refs.setdefault(block.anchor, []).append(FootnoteRef(m.start(), m.group(1), labels[m.group(1)]))
    return [_with_refs(block, refs) for block in blocks]


_PAGE_LINES = 200  #: a page is about 76 source lines; a marker is looked for at most this far before its note


def _all_units(block: Block) -> tuple[Unit, ...]:
    return (block.unit,) + tuple(u for u in block.units() if u is not block.unit)


def _with_refs(block: Block, refs: dict[str, list[FootnoteRef]]) -> Block:
    def fix(unit: Unit) -> Unit:
        found = refs.get(unit.anchor)
        return dataclasses.replace(unit, footnote_refs=tuple(sorted(found, key=lambda r: r.offset))) if found else unit

    rows = tuple(Row(row.anchor, tuple(tuple(fix(u) for u in col) for col in row.columns)) for row in block.rows)
    groups = tuple(dataclasses.replace(g, entries=tuple(fix(u) for u in g.entries)) for g in block.groups)
    return dataclasses.replace(block, unit=fix(block.unit), rows=rows, groups=groups)


def parse(source: Source, layout: Layout) -> Document:
    """Parse a strategic framework into its pages (foreword, one per programme); furniture from the layout rules."""
    problems = Collector()
    rules = [(rule.pattern, rule.reason) for rule in layout.furniture]
    lines, removed = _furniture(pdf_lines(read_lines(source.text)), rules)
    parts: list[Part] = []
    relocated: list[Relocated] = []
    for programme, part_lines in _split_parts(lines):
        if not part_lines:
            continue
        preface = programme is None and bool(_PREFACE.fullmatch(part_lines[0].text))
        programme = programme or (None if preface else _first_programme(part_lines))
        parser = _PartParser(source, problems, part_lines, programme, removed, _footnote_labels(part_lines),
                             layout.split_entries)
        parser.run()
        blocks = _link_footnotes(source, sorted(parser.blocks, key=lambda b: b.lines[0]), parser.spans, problems)
        relocated += parser.relocated + _notes_inside_blocks(blocks)
        if preface:
            parts.append(Part("preface", "前言", "Foreword", sections(blocks)))
        else:
            slug = f"prog-{programme}" if programme else "excerpt"
            parts.append(Part(slug, parser.title, None, sections(blocks), programme))
    removed.sort(key=lambda r: r.line)
    relocated.sort(key=lambda r: r.first_line)
    return document(source, parts, removed, relocated, problems)
