"""The rule engine's reading of a layout whose blocks are separated by blank lines (``blocks: blank_lines``).

Some sources are not a PDF text layer with spacer lines and trailing-space block ends (pages.py) but blocks of
lines separated by blank lines, in *regions* printed one after another: a cover, a summary, an introduction, a
detailed part (source 002, a brochure action agenda, is one). The layout says everything (layouts/README.md):

* ``regions``: in order, each with the anchor its unnumbered blocks are counted in, what opens it (the start, a
  furniture line that ends the region before, a numbered block, a printed label, an unindented block) and how
  its blocks read (a title first, units per line, strict: anything else is an error);
* ``numbering`` levels marked ``within_region`` nest in the current region's anchor (``summary__area_1``);
* ``relocate``: a labelled block printed in a run after several numbered blocks (``里程碑`` after the bullets
  of areas 1-4) belongs to the k-th block of the run and is moved there, with a ``Relocated`` record;
* ``footnotes``: a block opening with the label, linked to the one marker (``marker``) in the text before it.
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
from .invariants import numbering_of
from .layout import Layout, Numbering, Region

_WS = " \t\u00a0\u3000\r"


@dataclass(frozen=True)
class _Chunk:
    """A run of non-empty source lines (one block)."""

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


def _line(number: int, raw: str) -> Line:
    indented = raw[0] in _WS  # callers pass non-empty lines only
    return Line(number=number, raw=raw, text=raw.strip(_WS), ends_block=False, page_break=False, indented=indented)


def chunks(raw_lines: list[str], layout: Layout) -> list[_Chunk]:
    """Blocks separated by blank lines; a line opening a numbering level always starts a new block.

    002 l.201-202 "…质量和信任度。\\n 行动领域5：增加投资" has no blank line before the heading of area 5.
    """
    out: list[_Chunk] = []
    current: list[Line] = []
    for number, raw in enumerate(raw_lines, start=1):
        if not raw.strip(_WS):
            if current:
                out.append(_Chunk(tuple(current)))
            current = []
            continue
        line = _line(number, raw)
        if current and numbering_of(layout, line.text):
            out.append(_Chunk(tuple(current)))
            current = []
        current.append(line)
    if current:
        out.append(_Chunk(tuple(current)))
    return out


class _Reader:
    """Walks the blocks in source order, remembering the region, the open numbered blocks and a pending label."""

    def __init__(self, source: Source, layout: Layout) -> None:
        self.source, self.layout = source, layout
        self.problems = Collector()
        self.counter = UnnumberedCounter()
        self.blocks: list[Block] = []
        self.removed: list[Removed] = []
        self.relocated: list[Relocated] = []
        self.region_index = 0
        self.parent = ""  # anchor that unnumbered paragraphs are counted in
        self.open: dict[str, str] = {}  # numbering level → anchor of its current block
        self.repeated_subtitle: str | None = None  # a region heading's subtitle, printed again as running footer
        self.run: list[str] = []  # blocks of the relocation target since the last run of relocated blocks
        self.run_placed = 0
        self.pending: _Chunk | None = None  # a relocation label waiting for its text

    @property
    def region(self) -> Region:
        return self.layout.regions[self.region_index]

    def enter(self, index: int) -> None:
        self.region_index, self.parent, self.open = index, self.layout.regions[index].anchor, {}
        self.run, self.run_placed = [], 0

    def error(self, line: int, message: str) -> None:
        self.problems.error(at(self.source.path, line), message)

    def feed(self, chunk: _Chunk) -> None:
        text = chunk.lines[0].text
        if self.pending is not None:
            self.relocate(chunk)
        elif (reason := self.furniture(chunk)) is not None:
            self.removed.append(Removed(chunk.first, chunk.lines[0].raw, reason))
            if self.region.ends_at_furniture:
                self.enter(self.region_index + 1)
        elif (level := numbering_of(self.layout, text)) is not None:
            self.numbered(level, chunk)
        elif (index := self.labelled_region(text)) is not None:
            self.enter(index)
            self.region_heading(chunk, self.region.heading_joiner)
            self.repeated_subtitle = chunk.lines[-1].text if len(chunk.lines) > 1 else None
        elif self.region.title_first and not self.blocks:
            self.region_heading(chunk)
        elif self.region.own_line is not None:
            self.units(chunk)
        elif self.region.strict:
            self.strict(chunk)
        elif chunk.lines[0].indented:
            self.paragraph(chunk)
        else:
            self.unindented(chunk)

    def furniture(self, chunk: _Chunk) -> str | None:
        """The reason of the furniture rule a one-line block matches (002 l.14, the page header), if any."""
        if len(chunk.lines) != 1:
            return None
        return next((rule.reason for rule in self.layout.furniture if rule.pattern.fullmatch(chunk.lines[0].raw)), None)

    def labelled_region(self, text: str) -> int | None:
        return next((i for i, r in enumerate(self.layout.regions) if r.label is not None and r.label == text), None)

    def region_heading(self, chunk: _Chunk, joiner: str = "") -> None:
        """A region's own heading: 002 l.1 the cover title; l.106-107 "行动议程" / " 重点行动和里程碑" joined by " "."""
        text = joiner.join(chunk.texts) if joiner else chunk.joined
        parent = self.region.anchor
        unit = Unit(child(parent, ("hdg", self.counter.next(parent, "hdg"))), text)
        self.blocks.append(Block("heading", unit, (chunk.first, chunk.last), level=1))

    def numbered(self, level: Numbering, chunk: _Chunk) -> None:
        """l.24-25 "行动领域2：不让任何一个人掉\\n队" → ``summary__area_2``; l.111 "•\\t 在最高…" → ``area_1__action_1``."""
        if level.within_region and not self.region.numbered:
            self.enter(next(i for i, r in enumerate(self.layout.regions) if r.numbered))
        parent = self.region.anchor if level.within_region else self.open.get(level.parent or "", "")
        if level.requires_parent and not parent:
            self.error(chunk.first, f"{level.name} outside any {level.parent}")
            return
        joined = chunk.joined
        match = level.pattern.match(joined)
        assert match is not None
        token = match.group(1) if level.pattern.groups else self.counter.next(parent, level.type)
        num = joined[:match.end()].strip()
        block_anchor = child(parent, (level.type, token))
        self.open[level.name] = block_anchor
        for other in self.layout.numbering:
            if other.parent == level.name:
                self.open.pop(other.name, None)
        if any(rule.to == level.name for rule in self.layout.relocate):
            self.extend_run(block_anchor)
        if level.block == "heading":
            self.parent = block_anchor
        unit = Unit(block_anchor, joined[match.end():], num=num)
        kind = level.block
        self.blocks.append(Block(kind, unit, (chunk.first, chunk.last), level=level.level))  # type: ignore[arg-type]

    def extend_run(self, owner: str) -> None:
        """A block that owns relocated blocks: after a run was placed (areas 1-4), a new run starts (area 5)."""
        if self.run_placed:
            self.run, self.run_placed = [], 0
        self.run.append(owner)

    def units(self, chunk: _Chunk) -> None:
        """A cover block: wrapped lines joined, a line opening with ``own_line`` a unit (split by ``split``).

        002 l.10 "#HEALTHFORALLTaking action for universal health coverage" → "#HEALTHFORALL", "Taking action…".
        """
        pending: list[Line] = []
        for line in chunk.lines:
            if not self.region.own_line.match(line.text):
                pending.append(line)
                continue
            self.unit_block(pending)
            pending = []
            m = self.region.split.fullmatch(line.text) if self.region.split else None
            pieces = [g for g in m.groups() if g] if m else [line.text]
            for piece in pieces:
                self.unit_block([replace(line, text=piece)])
        self.unit_block(pending)

    def unit_block(self, lines: list[Line]) -> None:
        if lines:
            parent = self.region.anchor
            unit = Unit(child(parent, ("para", self.counter.next(parent, "para"))),
                        clean.join_lines(line.text for line in lines))
            self.blocks.append(Block("paragraph", unit, (lines[0].number, lines[-1].number)))

    def strict(self, chunk: _Chunk) -> None:
        """A region where only numbered blocks, relocation labels, the running footer and footnotes may stand."""
        text = chunk.lines[0].text
        if len(chunk.lines) == 1 and any(rule.label == text for rule in self.layout.relocate):
            self.pending = chunk
        elif len(chunk.lines) == 1 and text == self.repeated_subtitle:
            self.removed.append(Removed(chunk.first, chunk.lines[0].raw, self.region.subtitle_repeats))
        elif self.layout.footnote_start is not None and (m := self.layout.footnote_start.match(text)):
            body = clean.join_lines([text[m.end():]] + chunk.texts[1:])
            unit = Unit(anchor(("fn", m.group(1))), body, num=m.group(1))
            self.blocks.append(Block("footnote", unit, (chunk.first, chunk.last)))
        else:
            self.error(chunk.first, f"unexpected block in the {self.region.name}: {text[:30]!r}")

    def paragraph(self, chunk: _Chunk) -> None:
        """l.19-22 "    鉴于在大流行期间的经验…" → ``summary__area_1__para_1``."""
        if not self.parent:
            self.error(chunk.first, "paragraph before any heading it could belong to")
            return
        unit = Unit(child(self.parent, ("para", self.counter.next(self.parent, "para"))), chunk.joined)
        self.blocks.append(Block("paragraph", unit, (chunk.first, chunk.last)))

    def unindented(self, chunk: _Chunk) -> None:
        """l.91-92: an unindented block opens the region that opens so (the introduction) as its heading."""
        index = next((i for i, r in enumerate(self.layout.regions) if r.opens_unindented), None)
        if index is None:
            self.error(chunk.first, f"unexpected unindented block in the {self.region.name}: {chunk.joined[:30]!r}")
            return
        self.enter(index)
        self.region_heading(chunk)

    def relocate(self, chunk: _Chunk) -> None:
        """l.160-167 "里程碑" + "到2025年，…": the k-th labelled block of a run → the k-th block of the run."""
        label, self.pending = self.pending, None
        assert label is not None
        rule = next(r for r in self.layout.relocate if r.label == label.lines[0].text)
        if self.run_placed >= len(self.run):
            self.error(label.first, f"{rule.block} without an {rule.to} to belong to")
            return
        owner = self.run[self.run_placed]
        self.run_placed += 1
        target = child(owner, rule.anchor)
        block = Block(rule.block, Unit(target, chunk.joined, num=label.lines[0].text),  # type: ignore[arg-type]
                      (label.first, chunk.last))
        index = max(i for i, b in enumerate(self.blocks) if b.anchor == owner or b.anchor.startswith(owner + "__"))
        self.blocks.insert(index + 1, block)
        run = f"{self.run[0].split('_')[1]}-{self.run[-1].split('_')[1]}"
        reason = rule.reason.format(k=self.run_placed, run=run)
        self.relocated.append(Relocated(label.first, chunk.last, target, reason))

    def finish(self) -> None:
        if self.pending is not None:
            rule = next(r for r in self.layout.relocate if r.label == self.pending.lines[0].text)
            self.error(self.pending.first, f"{rule.block} label without its text")


def link_footnotes(blocks: list[Block], layout: Layout, problems: Collector, source: Source) -> list[Block]:
    """Add a FootnoteRef to the one unit before each footnote that carries its marker (002 l.258 "5%或以上1。")."""
    out = list(blocks)
    for note in [b for b in blocks if b.kind == "footnote"]:
        label = note.unit.num or ""
        marker = re.compile(layout.footnote_marker.replace("{label}", re.escape(label)))
        hits = [(i, m.start()) for i, b in enumerate(out)
                if b.kind != "footnote" and b.lines[0] < note.lines[0]
                for m in marker.finditer(b.unit.text)]
        if len(hits) != 1:
            problems.error(at(source.path, note.lines[0]),
                           f"footnote {label}: expected one marker in the text before it, found {len(hits)}")
            continue
        i, offset = hits[0]
        unit = out[i].unit
        refs = unit.footnote_refs + (FootnoteRef(offset, label, note.anchor),)
        out[i] = replace(out[i], unit=replace(unit, footnote_refs=refs))
    return out


def parse(source: Source, layout: Layout) -> Document:
    """Read a source whose blocks are separated by blank lines into one Part ``index``."""
    reader = _Reader(source, layout)
    for chunk in chunks(clean.read_lines(source.text), layout):
        reader.feed(chunk)
    reader.finish()
    blocks = link_footnotes(reader.blocks, layout, reader.problems, source)
    part = Part("index", source.meta.title_zh or "", source.meta.title_en, sections(blocks))
    return document(source, [part], reader.removed, reader.relocated, reader.problems)
