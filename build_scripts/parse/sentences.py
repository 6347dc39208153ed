"""The rule engine's reading of a layout whose paragraphs end at sentence ends (``blocks: sentence_end``).

Some PDF text layers (source 004, a journal article, is one) have spacer lines and page breaks like a UN report
but no trailing-space block ends, so where a paragraph ends is inferred from the layout (layouts/README.md):

* ``paragraphs``: a line matching ``end`` (a sentence end) ends its paragraph, unless the next line is a full
  column of wide characters (``full_width_continues``: a first line would be indented); ``parent`` counts the
  paragraphs before any part or section;
* ``parts``: a line opening with a part's label (``【摘    要】``) is the part's heading, run in with its first
  paragraph; ``ends_at_wide_text``: the part is over at the first paragraph opening with a wide character;
* ``numbering`` levels with ``depth`` (``2.1`` is level 2) run in their outline order; with ``run_in`` a
  heading that deep may wrap and ends at the separator, the rest of its line opening its first paragraph;
* ``tables``: a caption line, its translation up to a whitespace-only line, the header row, then rows (one
  group of ``row`` per column, the last wrapping into paragraphs) to the next whitespace-only line; a
  ``continued`` header (``续表 2``, ``Table 2 Continued``, the header row again) is furniture.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .. import clean
from ..diagnostics import Collector, at
from ..ids import anchor, child
from ..load import Source
from ..model import Block, Document, Line, Part, Removed, Row, Unit
from .common import UnnumberedCounter, document, sections
from .layout import Layout, Numbering, TextPart

#: How far (in lines of the text layer) a run-in heading may wrap before its separator must appear.
_RUN_IN_REACH = 3


def _text(line: Line) -> str:
    """A line's text with runs of spaces and NBSP collapsed: "中国 \\u00a0–\\u00a0东盟" → "中国 – 东盟"."""
    return clean.collapse_spaces(line.text)


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


@dataclass
class _RowDraft:
    cells: list[str]
    paragraphs: list[list[str]] = field(default_factory=list)  #: the last cell's paragraphs (lists of line texts)
    first: int = 0
    last: int = 0


class _Reader:
    """Reads the source top to bottom with a cursor over the non-spacer lines."""

    def __init__(self, source: Source, layout: Layout) -> None:
        self.source, self.layout = source, layout
        self.lines = clean.pdf_lines(clean.read_lines(source.text))
        self.i = 0
        self.problems = Collector()
        self.counter = UnnumberedCounter()
        self.blocks: list[Block] = []
        self.removed: list[Removed] = []
        self.parent = layout.paragraph_parent  # anchor that paragraphs are counted in
        self.part: TextPart | None = None
        self.numbers: dict[str, tuple[int, ...]] = {}  # outline level → its last printed number

    def error(self, line: int, message: str) -> None:
        self.problems.error(at(self.source.path, line), message)

    def next_text_index(self, start: int) -> int | None:
        """Index of the first line at or after ``start`` that has text (NBSP-only lines are whitespace)."""
        return next((j for j in range(start, len(self.lines)) if self.lines[j].text), None)

    def part_match(self, text: str) -> tuple[TextPart, re.Match[str]] | None:
        return next(((p, m) for p in self.layout.parts if (m := p.pattern.match(text))), None)

    def caption_match(self, text: str) -> re.Match[str] | None:
        tables = self.layout.tables
        return tables.caption.match(text) if tables is not None else None

    def heading_match(self, text: str) -> tuple[Numbering, re.Match[str]] | None:
        if self.caption_match(text):
            return None
        return next(((n, m) for n in self.layout.numbering if (m := n.pattern.match(text))), None)

    def is_boundary(self, line: Line) -> bool:
        """A line that starts a new block whatever came before: heading, part label, table caption."""
        text = line.text
        return bool(self.part_match(text) or self.caption_match(text) or self.heading_match(text))

    def run(self) -> None:
        while (j := self.next_text_index(self.i)) is not None:
            self.i = j
            line = self.lines[j]
            if found := self.part_match(line.text):
                self.open_part(line, *found)
            elif found := self.heading_match(line.text):
                self.heading(line, *found)
            elif m := self.caption_match(line.text):
                self.table(m)
            else:
                self.paragraph(_text(line), line.number)

    def open_part(self, line: Line, part: TextPart, m: re.Match[str]) -> None:
        """l.1 "【摘    要】东盟是…" → heading ``summary`` + paragraph; l.10 "【Abstract】 The…" → ``abstract``."""
        label = re.sub(r"[\s\u00a0]+", "", m.group(1))  # "【摘    要】" is spaced out for justification
        self.parent, self.part = part.anchor, part
        self.blocks.append(Block("heading", Unit(anchor(part.anchor), label), (line.number, line.number), level=1))
        self.i += 1
        body = line.text[m.end():]
        if body.strip():
            self.paragraph(clean.collapse_spaces(body), line.number, advanced=True)

    def heading(self, line: Line, level: Numbering, m: re.Match[str]) -> None:
        """l.64 " 1   东盟对于全民健康覆盖的关切" → ``sec_1`` level 1; "5   小　结" → "小结" (the separator dropped)."""
        num = m.group(1)
        self.check_outline(line, level, num)
        self.parent, self.part = anchor((level.type, num)), None
        depth = len(num.split(level.depth)) if level.depth else level.level
        if level.run_in and depth >= level.run_in_depth:
            self.run_in_heading(line, level, num, line.text[m.end():], depth)
            return
        title = clean.collapse_spaces(line.text[m.end():])
        title = title.replace(level.run_in, "") if level.run_in else title
        self.blocks.append(Block("heading", Unit(self.parent, title, num=num), (line.number, line.number),
                                 level=depth))
        self.i += 1

    def check_outline(self, line: Line, level: Numbering, num: str) -> None:
        """2 → 2.1, 2.1 → 2.2, 2.3 → 3: a number follows the previous one in outline order."""
        if not level.depth:
            return
        number = tuple(int(p) for p in num.split(level.depth))
        previous = self.numbers.get(level.name)
        follows = previous is None or number == previous + (1,) or any(
            number == previous[:k] + (previous[k] + 1,) for k in range(len(previous)))
        if not follows:
            self.error(line.number, f"{level.name} {num} does not follow {level.name} "
                                    f"{level.depth.join(map(str, previous or ()))}")
        self.numbers[level.name] = number

    def run_in_heading(self, line: Line, level: Numbering, num: str, first: str, depth: int) -> None:
        """l.386-388 "2.3    东盟与日本、韩国在全民健康覆盖领域的" / "合作重点　在全民健康覆盖领域，…".

        The heading may wrap; the separator (U+3000) ends it and the rest of that line opens the first paragraph.
        """
        pieces = [first]
        j = self.i
        while level.run_in not in pieces[-1]:
            nxt = self.next_text_index(j + 1)
            if nxt is None or nxt - self.i > _RUN_IN_REACH or self.is_boundary(self.lines[nxt]):
                self.error(line.number, f"run-in heading without the {level.run_in!r} that ends it")
                break
            j = nxt
            pieces.append(self.lines[j].text)
        title_tail, _, body = pieces[-1].partition(level.run_in)
        title = clean.join_lines(clean.collapse_spaces(p) for p in pieces[:-1] + [title_tail])
        self.blocks.append(Block("heading", Unit(self.parent, title, num=num), (line.number, self.lines[j].number),
                                 level=depth))
        self.i = j + 1
        if body.strip():
            self.paragraph(clean.collapse_spaces(body), self.lines[j].number, advanced=True)

    def ends_paragraph(self, text: str) -> bool:
        """A sentence end at the end of a line: l.63 "…提供建议。", l.17 "…with ASEAN on UHC in the future."."""
        return bool(self.layout.paragraph_end.search(text)) if self.layout.paragraph_end else False

    def full_width_continuation(self, text: str) -> bool:
        """l.756-758 "…带来的挑战。" / "为进一步深化双方在全民健康覆盖领域的合作，": a full column, no indent."""
        column = self.layout.full_width_continues
        return bool(column) and len(text) >= column and all(_wide(ch) for ch in text)

    def paragraph(self, first: str, first_line: int, advanced: bool = False) -> None:
        """Gather a paragraph from ``first`` until a sentence end or a boundary; page-break lines continue it."""
        if not advanced:
            self.i += 1
        if self.part is not None and self.part.ends_at_wide_text and first and _wide(first[0]):
            # l.17-18: the English abstract is over when Chinese text starts: the unheaded introduction.
            self.parent, self.part = self.layout.paragraph_parent, None
        parts, last = [first], first_line
        while True:
            nxt = self.next_text_index(self.i)
            if nxt is None or self.is_boundary(self.lines[nxt]):
                break
            if self.ends_paragraph(parts[-1]) and not self.full_width_continuation(self.lines[nxt].text):
                break
            parts.append(_text(self.lines[nxt]))
            last = self.lines[nxt].number
            self.i = nxt + 1
        unit = Unit(child(self.parent, ("para", self.counter.next(self.parent, "para"))), clean.join_lines(parts))
        self.blocks.append(Block("paragraph", unit, (first_line, last)))

    # -- tables --------------------------------------------------------------------------------------
    def table(self, m: re.Match[str]) -> None:
        """l.168-189: "表 1   …" / "Table 1   Five China-ASEAN Summits: …" / NBSP line / "届 年份 会议地点 成果" /
        "第十六届 2013 文莱斯里巴加湾 认可…合作" / "谅解备忘录》，…合作。" / … / NBSP line (end of table)."""
        caption_line = self.lines[self.i]
        number = m.group(2)
        self.i += 1
        translation = self.take_until_separator()
        header_index = self.next_text_index(self.i)
        if header_index is None:
            self.error(caption_line.number, f"table {number}: no header row")
            return
        header_line = self.lines[header_index]
        self.i = header_index + 1
        rows = self.table_rows(number, header_line.text)
        caption_text = clean.collapse_spaces(caption_line.text[m.end():])
        caption = "\n".join([caption_text] + ([clean.join_lines(translation)] if translation else []))
        table_anchor = anchor(("table", number))
        built = tuple(self.build_row(table_anchor, k, r) for k, r in enumerate(rows, start=1))
        last = rows[-1].last if rows else header_line.number
        self.blocks.append(Block("table", Unit(table_anchor, caption, num=m.group(1)), (caption_line.number, last),
                                 header=tuple(header_line.text.split()), rows=built))

    def take_until_separator(self) -> list[str]:
        """The caption's translation: the lines up to the whitespace-only separator (l.197-199, wrapped)."""
        out: list[str] = []
        while self.i < len(self.lines) and self.lines[self.i].text:
            out.append(_text(self.lines[self.i]))
            self.i += 1
        return out

    def table_rows(self, number: str, header_text: str) -> list[_RowDraft]:
        tables = self.layout.tables
        assert tables is not None
        rows: list[_RowDraft] = []
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if not line.text or self.is_boundary(line):
                break  # l.191: the NBSP-only line after the last row ends the table
            self.i += 1
            if tables.continued and (cm := tables.continued[0].fullmatch(line.text)):
                self.continued_header(line, cm.group(1), number, header_text)
            elif rm := tables.row.fullmatch(line.text):
                cells = list(rm.groups())
                rows.append(_RowDraft(cells[:-1], [[clean.collapse_spaces(cells[-1])]], line.number, line.number))
            elif rows:
                self.cell_line(rows[-1], line)
            else:
                self.error(line.number, f"table {number}: text before the first row: {line.text[:30]!r}")
        return rows

    def cell_line(self, row: _RowDraft, line: Line) -> None:
        """A wrapped line of the last cell; after a sentence end it opens a new paragraph of the cell.

        l.206-208 "健康覆盖政策、提高医疗服务质量、覆盖率方面的合作。" / "承诺调动更多的财政和人力资源以丰富合作。"
        """
        if self.ends_paragraph(row.paragraphs[-1][-1]):
            row.paragraphs.append([])
        row.paragraphs[-1].append(_text(line))
        row.last = line.number

    def continued_header(self, line: Line, label: str, number: str, header_text: str) -> None:
        """l.215-218 " 续表 2" / "Table 2 Continued" / "届 年份 会议地点 公共卫生安全领域相关成果": removed."""
        tables = self.layout.tables
        assert tables is not None
        if label != number:
            self.error(line.number, f"continuation of table {label} inside table {number}")
        self.removed.append(Removed(line.number, line.raw, tables.continued_reason))
        expected = [lambda t, p=p: bool(p.fullmatch(t)) for p in tables.continued[1:]] + [lambda t: t == header_text]
        for check in expected:
            j = self.next_text_index(self.i)
            if j is None or not check(self.lines[j].text):
                self.error(line.number, f"table {number}: incomplete continuation header")
                return
            self.removed.append(Removed(self.lines[j].number, self.lines[j].raw, tables.continued_reason))
            self.i = j + 1

    @staticmethod
    def build_row(table_anchor: str, k: int, draft: _RowDraft) -> Row:
        """Row ``table_1__row_1``; its units ``…__para_1`` (届) … ``__para_4`` (the last cell's first paragraph) …"""
        row_anchor = child(table_anchor, ("row", k))
        texts = draft.cells + [clean.join_lines(p) for p in draft.paragraphs]
        units = [Unit(child(row_anchor, ("para", j)), t) for j, t in enumerate(texts, start=1)]
        single = len(draft.cells)
        columns = tuple((u,) for u in units[:single]) + (tuple(units[single:]),)
        return Row(row_anchor, columns)


def parse(source: Source, layout: Layout) -> Document:
    """Read a source whose paragraphs end at sentence ends into one Part ``index``."""
    reader = _Reader(source, layout)
    reader.run()
    # a title that is not established (metadata title_zh null) is not invented here
    part = Part("index", source.meta.title_zh or "", source.meta.title_en, sections(reader.blocks))
    return document(source, [part], reader.removed, (), reader.problems)
