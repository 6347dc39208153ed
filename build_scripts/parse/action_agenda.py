"""The ``action_agenda`` engine: a brochure-style action agenda (source 002, the UHC2030 action agenda, is one).

Code behind the layout engine's interface (build_scripts/parse/__init__.py): the rules a layout can state are
data: the action-area numbering (``numbering`` of build_scripts/layouts/action_agenda.yml), the labels of the
agenda heading and of a milestone (``labels``), and the page header (``furniture``, in the document's
``layout_rules``: it names the brochure's hashtag). The region logic below is code.

002 is not a PDF text layer with spacer lines: it uses single newlines inside a block and blank lines
between blocks, so ``clean.pdf_lines`` does not apply; ``_chunks`` reads the layout instead.

Document order (source lines):

* cover (l.1-10): title, subtitle, event, hashtags and the English tagline;
* page header (l.14) ``2`` + TABs + ``#UHCHLM`` — removed (a furniture rule of the document); it ends the cover;
* summary (l.16-89): eight ``行动领域N：…`` headings, each with one indented paragraph;
* introduction (l.91-104): a heading and indented paragraphs;
* detailed agenda (l.106-291): ``行动议程 / 重点行动和里程碑``, action areas with ``•`` bullets, and the
  milestones (里程碑) printed in two runs after the bullets of areas 1-4 and 5-8: the k-th milestone of a
  run belongs to the k-th area of that run and is moved there (a ``Relocated`` record per milestone);
* running footer (l.293) ``重点行动和里程碑`` — removed; footnote 1 (l.295-296), marker glued at l.258.

Anchors: ``cover__hdg_1``, ``cover__para_k``; ``summary__area_N`` and ``summary__area_N__para_k``;
``intro__hdg_1``, ``intro__para_k``; ``hdg_1`` (the agenda heading); ``area_N``, ``area_N__action_k``,
``area_N__milestone``; ``fn_1``. Unnumbered blocks are counted within their parent.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .. import clean
from ..diagnostics import Collector, at
from ..ids import anchor, child
from ..load import Source
from ..model import Block, Document, FootnoteRef, Line, Part, Relocated, Removed, Unit
from .common import UnnumberedCounter, document, sections
from .layout import Layout

_WS = " \t\u00a0\u3000\r"

#: l.111 "•\t 在最高政治级别…", l.137 "•\t建立…" (no space after the TAB).
_BULLET = re.compile(r"•[\s]*(.*)")
#: l.295 "1 认识到当前的全球经济挑战…": a footnote, printed label then a space.
_FOOTNOTE = re.compile(r"(\d{1,2}) +(\S.*)")
#: l.10 "#HEALTHFORALLTaking action…": a hashtag glued to an English tagline.
_HASHTAG = re.compile(r"(#[A-Z0-9]+)([A-Z][a-z].*)?")


@dataclass(frozen=True)
class _Chunk:
    """A run of non-empty source lines (a block of the brochure)."""

    lines: tuple[Line, ...]

    @property
    def first(self) -> int:
        return self.lines[0].number

    @property
    def last(self) -> int:
        return self.lines[-1].number

    @property
    def texts(self) -> list[str]:
        return [line.text for line in self.lines]

    @property
    def joined(self) -> str:
        return clean.join_lines(self.texts)


def _line(number: int, raw: str, previous_empty: bool) -> Line:
    starts_with_space = raw[0] in _WS  # callers pass non-empty lines only
    return Line(number=number, raw=raw, text=raw.strip(_WS), ends_block=False,
                page_break=starts_with_space and not previous_empty, indented=starts_with_space)


def _area(layout: Layout, text: str) -> tuple[str, str, str] | None:
    """(printed number, token, title) when ``text`` opens an action area: l.16 "行动领域1：倡导全民健康覆盖"."""
    level = next(n for n in layout.numbering if n.type == "area")
    m = level.pattern.match(text)
    return (text[:m.end()], m.group(1), text[m.end():]) if m else None


def _chunks(raw_lines: list[str], layout: Layout) -> list[_Chunk]:
    """Group lines into blocks separated by blank lines.

    A line ``行动领域N：…`` always starts a new block: l.201-202 "…质量和信任度。\\n 行动领域5：增加投资" has
    no blank line between the last milestone and the heading of area 5.
    """
    out: list[_Chunk] = []
    current: list[Line] = []
    previous_empty = True
    for number, raw in enumerate(raw_lines, start=1):
        if not raw.strip(_WS):
            if current:
                out.append(_Chunk(tuple(current)))
            current, previous_empty = [], True
            continue
        line = _line(number, raw, previous_empty)
        if current and _area(layout, line.text):
            out.append(_Chunk(tuple(current)))
            current = []
        current.append(line)
        previous_empty = False
    if current:
        out.append(_Chunk(tuple(current)))
    return out


def _cover_units(chunk: _Chunk) -> list[tuple[str, int, int]]:
    """Split a cover block into (text, first line, last line) units.

    Wrapped lines are joined (l.6-7 "2023年联合国全民健康覆盖高级\\n别会议"); a line starting with ``#`` is a
    unit of its own, and a hashtag glued to a tagline is split in two, keeping every character:
    l.10 "#HEALTHFORALLTaking action for universal health coverage" → "#HEALTHFORALL",
    "Taking action for universal health coverage".
    """
    out: list[tuple[str, int, int]] = []
    pending: list[Line] = []

    def flush() -> None:
        if pending:
            out.append((clean.join_lines(line.text for line in pending), pending[0].number, pending[-1].number))
            pending.clear()

    for line in chunk.lines:
        if not line.text.startswith("#"):
            pending.append(line)
            continue
        flush()
        m = _HASHTAG.fullmatch(line.text)
        if m and m.group(2):
            out += [(m.group(1), line.number, line.number), (m.group(2), line.number, line.number)]
        else:
            out.append((line.text, line.number, line.number))
    flush()
    return out


def _area_heading(layout: Layout, chunk: _Chunk, parent: str) -> Block:
    """l.24-25 "行动领域2：不让任何一个人掉\\n队" → heading ``summary__area_2`` "不让任何一个人掉队", num "行动领域2：".

    The printed wording is kept in each place (AA6 "共同迈向" l.62 vs "一起迈向" l.212).
    """
    found = _area(layout, chunk.joined)
    assert found is not None
    num, token, title = found
    return Block("heading", Unit(child(parent, ("area", token)), title, num=num),
                 (chunk.first, chunk.last), level=2)


def _bullet(chunk: _Chunk, parent: str, counter: UnnumberedCounter) -> Block:
    """l.111-113 "•\\t 在最高政治级别提供战略领导，通过整个政\\n府部门…" → bullet ``area_1__action_1``."""
    m = _BULLET.fullmatch(chunk.lines[0].text)
    assert m is not None
    text = clean.join_lines([m.group(1)] + chunk.texts[1:])
    return Block("bullet", Unit(child(parent, ("action", counter.next(parent, "action"))), text, num="•"),
                 (chunk.first, chunk.last))


def _paragraph(chunk: _Chunk, parent: str, counter: UnnumberedCounter) -> Block:
    """l.19-22 "    鉴于在大流行期间的经验以及冲突\\n和气候危机…" → paragraph ``summary__area_1__para_1``."""
    return Block("paragraph", Unit(child(parent, ("para", counter.next(parent, "para"))), chunk.joined),
                 (chunk.first, chunk.last))


def _heading(chunk: _Chunk, parent: str, counter: UnnumberedCounter, level: int, sep: str = "") -> Block:
    """An unnumbered heading: l.91-92 "2023年，世界领导人…重振实\\n现全民健康的进展" → ``intro__hdg_1``.

    ``sep`` joins lines that are title and subtitle rather than one wrapped line: l.106-107
    "行动议程" / " 重点行动和里程碑" → "行动议程 重点行动和里程碑".
    """
    text = sep.join(chunk.texts) if sep else chunk.joined
    return Block("heading", Unit(child(parent, ("hdg", counter.next(parent, "hdg"))), text),
                 (chunk.first, chunk.last), level=level)


def _is_footnote(chunk: _Chunk) -> bool:
    """l.295 "1 认识到当前的全球经济挑战，…": a label, a space, then the note."""
    return bool(_FOOTNOTE.fullmatch(chunk.lines[0].text))


def _footnote(chunk: _Chunk) -> Block:
    m = _FOOTNOTE.fullmatch(chunk.lines[0].text)
    assert m is not None
    text = clean.join_lines([m.group(2)] + chunk.texts[1:])
    return Block("footnote", Unit(anchor(("fn", m.group(1))), text, num=m.group(1)), (chunk.first, chunk.last))


def _marker_pattern(label: str) -> re.Pattern[str]:
    """A footnote marker glued between Chinese text and punctuation: l.258 "5%或以上1。更多".

    Digits elsewhere are not markers: "具体目标3监测" (l.254) is followed by Chinese text, not punctuation.
    """
    return re.compile(rf"(?<=[\u4e00-\u9fff]){re.escape(label)}(?=[。，；、])")


def _link_footnotes(blocks: list[Block], problems: Collector, source: Source) -> list[Block]:
    """Add a FootnoteRef to the one unit before each footnote that carries its marker."""
    out = list(blocks)
    for note in [b for b in blocks if b.kind == "footnote"]:
        label = note.unit.num or ""
        hits = [(i, m.start()) for i, b in enumerate(out)
                if b.kind != "footnote" and b.lines[0] < note.lines[0]
                for m in _marker_pattern(label).finditer(b.unit.text)]
        if len(hits) != 1:
            problems.error(at(source.path, note.lines[0]),
                           f"footnote {label}: expected one marker in the text before it, found {len(hits)}")
            continue
        i, offset = hits[0]
        unit = out[i].unit
        refs = unit.footnote_refs + (FootnoteRef(offset, label, note.anchor),)
        out[i] = replace(out[i], unit=replace(unit, footnote_refs=refs))
    return out


def _insert_after_area(blocks: list[Block], area: str, block: Block) -> None:
    """Place a milestone right after the last block of its action area (heading, bullets)."""
    index = max(i for i, b in enumerate(blocks) if b.anchor == area or b.anchor.startswith(area + "__"))
    blocks.insert(index + 1, block)


class _Parser:
    """A small state machine over the brochure's blocks, in source order."""

    def __init__(self, source: Source, layout: Layout) -> None:
        self.source, self.layout = source, layout
        self.agenda_label, self.milestone_label_text = layout.label("agenda"), layout.label("milestone")
        self.problems = Collector()
        self.counter = UnnumberedCounter()
        self.blocks: list[Block] = []
        self.removed: list[Removed] = []
        self.relocated: list[Relocated] = []
        self.region = "cover"  # cover → summary → intro → agenda
        self.parent = ""  # anchor that unnumbered paragraphs / bullets are counted in
        self.agenda_subtitle: str | None = None
        self.run_areas: list[str] = []  # areas since the last milestone run
        self.run_milestones = 0  # milestones of the current run already placed
        self.milestone_label: _Chunk | None = None

    def error(self, line: int, message: str) -> None:
        self.problems.error(at(self.source.path, line), message)

    def feed(self, chunk: _Chunk) -> None:
        text = chunk.lines[0].text
        if self.milestone_label is not None:
            self.milestone(chunk)
        elif (furniture := self.furniture(chunk)) is not None:
            self.removed.append(Removed(chunk.first, chunk.lines[0].raw, furniture))
            self.region = "summary" if self.region == "cover" else self.region
        elif _area(self.layout, text):
            self.area(chunk)
        elif text == self.agenda_label:
            self.agenda(chunk)
        elif self.region == "cover":
            self.cover(chunk)
        elif self.region == "agenda":
            self.agenda_body(chunk)
        elif chunk.lines[0].indented:
            self.paragraph(chunk)
        else:
            self.intro_heading(chunk)

    def furniture(self, chunk: _Chunk) -> str | None:
        """The reason of the furniture rule a one-line block matches (the page header), if any."""
        if len(chunk.lines) != 1:
            return None
        return next((rule.reason for rule in self.layout.furniture if rule.pattern.fullmatch(chunk.lines[0].raw)), None)

    def cover(self, chunk: _Chunk) -> None:
        if not self.blocks:
            self.blocks.append(_heading(chunk, "cover", self.counter, level=1))
            return
        for text, first, last in _cover_units(chunk):
            unit = Unit(child("cover", ("para", self.counter.next("cover", "para"))), text)
            self.blocks.append(Block("paragraph", unit, (first, last)))

    def area(self, chunk: _Chunk) -> None:
        if self.region == "agenda":
            block = _area_heading(self.layout, chunk, "")
            if self.run_milestones:
                self.run_areas, self.run_milestones = [], 0
            self.run_areas.append(block.anchor)
        else:
            self.region = "summary"
            block = _area_heading(self.layout, chunk, "summary")
        self.parent = block.anchor
        self.blocks.append(block)

    def agenda(self, chunk: _Chunk) -> None:
        """l.106-107 "行动议程" / " 重点行动和里程碑": the detailed agenda's heading (title and subtitle)."""
        self.region, self.parent = "agenda", ""
        self.agenda_subtitle = chunk.lines[-1].text if len(chunk.lines) > 1 else None
        self.blocks.append(_heading(chunk, "", self.counter, level=1, sep=" "))

    def paragraph(self, chunk: _Chunk) -> None:
        if not self.parent:
            self.error(chunk.first, "paragraph before any heading it could belong to")
            return
        self.blocks.append(_paragraph(chunk, self.parent, self.counter))

    def intro_heading(self, chunk: _Chunk) -> None:
        """l.91-92: a non-indented block after the summary is the introduction's heading."""
        self.region, self.parent = "intro", "intro"
        self.blocks.append(_heading(chunk, "intro", self.counter, level=1))

    def agenda_body(self, chunk: _Chunk) -> None:
        text = chunk.lines[0].text
        if text.startswith("•"):
            if not self.parent.startswith("area_"):
                self.error(chunk.first, "bullet outside an action area")
                return
            self.blocks.append(_bullet(chunk, self.parent, self.counter))
        elif text == self.milestone_label_text and len(chunk.lines) == 1:
            self.milestone_label = chunk
        elif len(chunk.lines) == 1 and text == self.agenda_subtitle:
            self.removed.append(Removed(chunk.first, chunk.lines[0].raw, "running footer"))
        elif _is_footnote(chunk):
            self.blocks.append(_footnote(chunk))
        else:
            self.error(chunk.first, f"unexpected block in the action agenda: {text[:30]!r}")

    def milestone(self, chunk: _Chunk) -> None:
        """l.160-167 "里程碑" + "到2025年，国家和国家以下…": the k-th milestone of a run → k-th area of the run."""
        label, self.milestone_label = self.milestone_label, None
        assert label is not None
        if self.run_milestones >= len(self.run_areas):
            self.error(label.first, "milestone without an action area to belong to")
            return
        area = self.run_areas[self.run_milestones]
        self.run_milestones += 1
        target = child(area, "milestone")
        block = Block("milestone", Unit(target, chunk.joined, num=label.lines[0].text), (label.first, chunk.last))
        _insert_after_area(self.blocks, area, block)
        run = f"{self.run_areas[0].split('_')[1]}-{self.run_areas[-1].split('_')[1]}"
        self.relocated.append(Relocated(
            label.first, chunk.last, target,
            f"milestone {self.run_milestones} of those printed after the bullets of action areas {run}; "
            f"shown with its own action area"))

    def finish(self) -> None:
        if self.milestone_label is not None:
            self.error(self.milestone_label.first, "milestone label without its text")


def parse(source: Source, layout: Layout) -> Document:
    """Parse a brochure action agenda into one Part ``index``."""
    parser = _Parser(source, layout)
    for chunk in _chunks(clean.read_lines(source.text), layout):
        parser.feed(chunk)
    parser.finish()
    blocks = _link_footnotes(parser.blocks, parser.problems, source)
    part = Part("index", source.meta.title_zh or "", source.meta.title_en, sections(blocks))
    return document(source, [part], parser.removed, parser.relocated, parser.problems)

