"""Parser for source 004, a journal article on China-ASEAN cooperation on UHC (PDF text layer).

The layer has blank spacer lines (mixed with single newlines), page breaks (a line starting with a space
straight after text) and NO trailing-space paragraph markers, so paragraph ends are inferred:

* a line ending with a sentence-final "。" (or "." in the English abstract) ends its paragraph, unless
  the next line is a full, unindented line of Chinese (paragraphs open with a two-character indent);
* section numbers start headings: "1   东盟对于…" (level 1), "2.1    中国 – 东盟…　中国…" (level 2, a
  run-in heading: U+3000 separates heading and body);
* the abstracts start with "【摘    要】" (l.1) and "【Abstract】" (l.10), run in with their text;
* tables start with a caption "表 N   …" and end at the next whitespace-only separator line.

Anchors: ``summary`` / ``summary__para_1``, ``abstract`` / ``abstract__para_1``, ``intro__para_k`` (the
text between the abstract and section 1), ``sec_2-1`` and ``sec_2-1__para_k`` (paragraphs counted within
their section), ``table_N`` with rows ``table_N__row_k`` and cell units ``table_N__row_k__para_j`` (units
counted within the row, in reading order: 届, 年份, 会议地点, then each paragraph of the outcome).
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
from .layout import Layout

#: l.1 " 【摘    要】东盟是…", l.10 " 【Abstract】 The Association…": an abstract's label run in with its text.
_ABSTRACT = re.compile(r"(【(?:摘[\s\u00a0]*要|Abstract)】)[\s\u00a0]*(.*)")
#: l.64 " 1   东盟对于全民健康覆盖的关切", l.135 "2.1    中国 – 东盟…": a number, two or more spaces, a title.
#: ("29 — 30日", l.263, has one space: not a heading.)
_SECTION = re.compile(r"(\d+(?:\.\d+)*)[ \u00a0]{2,}(\S.*)")
#: l.168 "表 1   中国 – 东盟领导人会议全民健康覆盖领域相关成果".
_CAPTION = re.compile(r"(表[ \u00a0]*(\d+))[ \u00a0]+(\S.*)")
#: l.175 "第十六届 2013 文莱斯里巴加湾 认可东盟和中国…": session, year, place, outcome (plain spaces).
_ROW = re.compile(r"([^ \u00a0]+) (\d{4}) ([^ \u00a0]+) (\S.*)")
#: l.215 " 续表 2": a continued table's header, followed by "Table 2 Continued" and the header row.
_CONTINUED = re.compile(r"续表[ \u00a0]*(\d+)")
_CONTINUED_EN = re.compile(r"Table[ \u00a0]*(\d+)[ \u00a0]+Continued")
#: a full line of the two-column body holds 21 Chinese characters (l.758 "为进一步深化双方在全民健康覆盖领域的合作，").
_COLUMN = 21


def _text(line: Line) -> str:
    """A line's text with runs of spaces and NBSP collapsed: "中国 \\u00a0–\\u00a0东盟" → "中国 – 东盟"."""
    return clean.collapse_spaces(line.text)


def _ends_paragraph(text: str) -> bool:
    """A sentence end at the end of a line: l.63 "…提供建议。", l.17 "…with ASEAN on UHC in the future."."""
    return text.endswith("。") or bool(re.search(r"[A-Za-z)]\.$", text))


def _full_width_continuation(text: str) -> bool:
    """A full line of Chinese with no indent continues a paragraph even after a "。".

    l.756-758 "…带来的挑战。" / "为进一步深化双方在全民健康覆盖领域的合作，" (21 characters: a first
    line would be indented by two).
    """
    return len(text) >= _COLUMN and all(unicodedata.east_asian_width(ch) in "WF" for ch in text)


def _is_cjk(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def _section_number(num: str) -> tuple[int, ...]:
    return tuple(int(p) for p in num.split("."))


def _follows(previous: tuple[int, ...] | None, current: tuple[int, ...]) -> bool:
    """Whether a section number can follow the previous one: 2 → 2.1, 2.1 → 2.2, 2.3 → 3."""
    if previous is None:
        return True
    if current == previous + (1,):
        return True
    return any(current == previous[:k] + (previous[k] + 1,) for k in range(len(previous)))


@dataclass
class _Cell:
    """The last cell of a table row being read: its paragraphs (lists of line texts)."""

    paragraphs: list[list[str]] = field(default_factory=list)


@dataclass
class _RowDraft:
    cells: list[str]
    outcome: _Cell
    first: int
    last: int


class _Parser:
    """Reads the article top to bottom with a cursor over the non-spacer lines."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.lines = clean.pdf_lines(clean.read_lines(source.text))
        self.i = 0
        self.problems = Collector()
        self.counter = UnnumberedCounter()
        self.blocks: list[Block] = []
        self.removed: list[Removed] = []
        self.parent = "intro"  # anchor that paragraphs are counted in
        self.section: tuple[int, ...] | None = None

    # -- helpers -------------------------------------------------------------------------------------
    def error(self, line: int, message: str) -> None:
        self.problems.error(at(self.source.path, line), message)

    def next_text_index(self, start: int) -> int | None:
        """Index of the first line at or after ``start`` that has text (NBSP-only lines are whitespace)."""
        for j in range(start, len(self.lines)):
            if self.lines[j].text:
                return j
        return None

    def is_boundary(self, line: Line) -> bool:
        """A line that starts a new block whatever came before: heading, abstract label, table caption."""
        text = line.text
        return bool(_ABSTRACT.match(text) or _CAPTION.fullmatch(text) or self.heading_match(line))

    def heading_match(self, line: Line) -> re.Match[str] | None:
        m = _SECTION.fullmatch(line.text)
        return m if m and not _CAPTION.fullmatch(line.text) else None

    # -- main loop -----------------------------------------------------------------------------------
    def run(self) -> None:
        while (j := self.next_text_index(self.i)) is not None:
            self.i = j
            line = self.lines[j]
            if m := _ABSTRACT.match(line.text):
                self.abstract(line, m)
            elif m := self.heading_match(line):
                self.heading(line, m)
            elif m := _CAPTION.fullmatch(line.text):
                self.table(m)
            else:
                self.paragraph(_text(line), line.number)

    def abstract(self, line: Line, m: re.Match[str]) -> None:
        """l.1 "【摘    要】东盟是…" → heading ``summary`` + paragraph; l.10 "【Abstract】 The…" → ``abstract``."""
        label = re.sub(r"[\s\u00a0]+", "", m.group(1))  # "【摘    要】" is spaced out for justification
        self.parent = "abstract" if "Abstract" in label else "summary"
        self.blocks.append(Block("heading", Unit(anchor(self.parent), label), (line.number, line.number), level=1))
        self.i += 1
        if m.group(2).strip():
            self.paragraph(clean.collapse_spaces(m.group(2)), line.number, advanced=True)

    def heading(self, line: Line, m: re.Match[str]) -> None:
        """l.64 " 1   东盟对于全民健康覆盖的关切" → ``sec_1`` level 1; "5   小　结" → "小结" (U+3000 dropped)."""
        num = m.group(1)
        number = _section_number(num)
        if not _follows(self.section, number):
            self.error(line.number, f"section {num} does not follow section "
                                    f"{'.'.join(map(str, self.section or ()))}")
        self.section = number
        self.parent = anchor(("sec", num))
        if len(number) > 1:
            self.run_in_heading(line, m)
            return
        title = clean.collapse_spaces(m.group(2)).replace("\u3000", "")
        self.blocks.append(Block("heading", Unit(self.parent, title, num=num), (line.number, line.number), level=1))
        self.i += 1

    def run_in_heading(self, line: Line, m: re.Match[str]) -> None:
        """l.386-388 "2.3    东盟与日本、韩国在全民健康覆盖领域的" / "合作重点　在全民健康覆盖领域，…".

        The heading may wrap; U+3000 ends it and the rest of that line opens the section's first paragraph.
        """
        pieces = [m.group(2)]
        j = self.i
        while "\u3000" not in pieces[-1]:
            nxt = self.next_text_index(j + 1)
            if nxt is None or nxt - self.i > 3 or self.is_boundary(self.lines[nxt]):
                self.error(line.number, "run-in heading without the U+3000 that ends it")
                break
            j = nxt
            pieces.append(self.lines[j].text)
        title_tail, _, body = pieces[-1].partition("\u3000")
        title = clean.join_lines(clean.collapse_spaces(p) for p in pieces[:-1] + [title_tail])
        self.blocks.append(Block("heading", Unit(self.parent, title, num=m.group(1)),
                                 (line.number, self.lines[j].number), level=len(m.group(1).split("."))))
        self.i = j + 1
        if body.strip():
            self.paragraph(clean.collapse_spaces(body), self.lines[j].number, advanced=True)

    def paragraph(self, first: str, first_line: int, advanced: bool = False) -> None:
        """Gather a paragraph from ``first`` until a sentence end or a boundary.

        Page-break lines (l.695-696 "…通过持续分享新兴技" / " 术、工具、知识等，…") continue it.
        """
        if not advanced:
            self.i += 1
        if self.parent == "abstract" and first and _is_cjk(first[0]):
            # l.17-18: the English abstract is over when Chinese text starts: the unheaded introduction.
            self.parent = "intro"
        parts, last = [first], first_line
        while True:
            nxt = self.next_text_index(self.i)
            if nxt is None or self.is_boundary(self.lines[nxt]):
                break
            if _ends_paragraph(parts[-1]) and not _full_width_continuation(self.lines[nxt].text):
                break
            parts.append(_text(self.lines[nxt]))
            last = self.lines[nxt].number
            self.i = nxt + 1
        unit = Unit(child(self.parent, ("para", self.counter.next(self.parent, "para"))), clean.join_lines(parts))
        self.blocks.append(Block("paragraph", unit, (first_line, last)))

    # -- tables --------------------------------------------------------------------------------------
    def table(self, m: re.Match[str]) -> None:
        """Rebuild a flattened table: caption (zh + en), header row, rows; continuation headers removed.

        l.168-189: "表 1   …" / "Table 1   Five China-ASEAN Summits: …" / NBSP line / "届 年份 会议地点 成果" /
        "第十六届 2013 文莱斯里巴加湾 认可…合作" / "谅解备忘录》，…合作。" / … / NBSP line (end of table).
        """
        caption_line = self.lines[self.i]
        number = m.group(2)
        self.i += 1
        english = self.take_until_separator()
        header_index = self.next_text_index(self.i)
        if header_index is None:
            self.error(caption_line.number, f"table {number}: no header row")
            return
        header_line = self.lines[header_index]
        header = tuple(header_line.text.split())
        self.i = header_index + 1
        rows = self.table_rows(number, header_line.text)
        caption = "\n".join([clean.collapse_spaces(m.group(3))] + ([clean.join_lines(english)] if english else []))
        table_anchor = anchor(("table", number))
        built = tuple(self.build_row(table_anchor, k, r) for k, r in enumerate(rows, start=1))
        last = rows[-1].last if rows else header_line.number
        self.blocks.append(Block("table", Unit(table_anchor, caption, num=m.group(1)), (caption_line.number, last),
                                 header=header, rows=built))

    def take_until_separator(self) -> list[str]:
        """The English caption: the lines up to the whitespace-only separator (l.197-199, wrapped)."""
        out: list[str] = []
        while self.i < len(self.lines) and self.lines[self.i].text:
            out.append(_text(self.lines[self.i]))
            self.i += 1
        return out

    def table_rows(self, number: str, header_text: str) -> list[_RowDraft]:
        rows: list[_RowDraft] = []
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if not line.text or self.is_boundary(line):
                break  # l.191: the NBSP-only line after the last row ends the table
            self.i += 1
            if cm := _CONTINUED.fullmatch(line.text):
                self.continued_header(line, cm.group(1), number, header_text)
            elif rm := _ROW.fullmatch(line.text):
                outcome = _Cell([[clean.collapse_spaces(rm.group(4))]])
                rows.append(_RowDraft([rm.group(1), rm.group(2), rm.group(3)], outcome, line.number, line.number))
            elif rows:
                self.cell_line(rows[-1], line)
            else:
                self.error(line.number, f"table {number}: text before the first row: {line.text[:30]!r}")
        return rows

    @staticmethod
    def cell_line(row: _RowDraft, line: Line) -> None:
        """A wrapped line of the outcome cell; after a "。" it opens a new paragraph of the cell.

        l.206-208 "健康覆盖政策、提高医疗服务质量、覆盖率方面的合作。" / "承诺调动更多的财政和人力资源以丰富合作。"
        """
        paragraphs = row.outcome.paragraphs
        if _ends_paragraph(paragraphs[-1][-1]):
            paragraphs.append([])
        paragraphs[-1].append(_text(line))
        row.last = line.number

    def continued_header(self, line: Line, label: str, number: str, header_text: str) -> None:
        """l.215-218 " 续表 2" / "Table 2 Continued" / "届 年份 会议地点 公共卫生安全领域相关成果": removed."""
        if label != number:
            self.error(line.number, f"continuation of table {label} inside table {number}")
        self.removed.append(Removed(line.number, line.raw, "continued table header"))
        expected = [lambda t: bool(_CONTINUED_EN.fullmatch(t)), lambda t: t == header_text]
        for check in expected:
            j = self.next_text_index(self.i)
            if j is None or not check(self.lines[j].text):
                self.error(line.number, f"table {number}: incomplete continuation header")
                return
            self.removed.append(Removed(self.lines[j].number, self.lines[j].raw, "continued table header"))
            self.i = j + 1

    def build_row(self, table_anchor: str, k: int, draft: _RowDraft) -> Row:
        """Row ``table_1__row_1``; its units ``…__para_1`` (届) … ``__para_4`` (first outcome paragraph) …"""
        row_anchor = child(table_anchor, ("row", k))
        texts = draft.cells + [clean.join_lines(p) for p in draft.outcome.paragraphs]
        units = [Unit(child(row_anchor, ("para", j)), t) for j, t in enumerate(texts, start=1)]
        columns = tuple((u,) for u in units[:3]) + (tuple(units[3:]),)
        return Row(row_anchor, columns)


def parse(source: Source, layout: Layout) -> Document:
    """Parse a journal article into one Part ``index`` (its rules are still code: ``layout`` adds none yet)."""
    parser = _Parser(source)
    parser.run()
    # 004's title is not established (metadata title_zh is null): no title is invented here.
    part = Part("index", source.meta.title_zh or "", source.meta.title_en, sections(parser.blocks))
    return document(source, [part], parser.removed, (), parser.problems)
