"""The layout engine: what each chunk of a PDF report is, decided by the layout's rules (no per-document code).

A layout with ``blocks: blank_lines`` (blocks separated by blank lines, in regions) is read by regions.py, one
with ``blocks: sentence_end`` (paragraphs end at sentence ends; tables) by sentences.py; the rest of this
docstring is about ``blocks: trailing_space``, a PDF text layer with spacer lines and trailing-space block ends.

pages.py cuts the source into chunks (blocks and footnotes); this module walks the text chunks in source order:

* a chunk opening with a numbering level's pattern is a numbered block of that level; its anchor sits in the
  current anchor of the level's ``parent`` (``chp_4__sec_a``, ``para_16__point_a``) and opening a level closes
  the levels below it;
* before the first numbered block is the front matter: the layout's front-matter parts (``摘要`` → ``summary``),
  masthead lines that are paragraphs, sentences (ending in 。：…) as paragraphs, other short lines as titles (a
  title straight after a title is its subtitle, level 2), all counted within the front-matter parent;
* after it, an unnumbered chunk is a heading counted within the innermost open level the layout names
  (``headings.within``), or an error naming its line when it is too long or ends a sentence;
* footnotes are named document-wide (``fn_1``) or within the block that references them (``para_13__fn_1``).
"""
from __future__ import annotations

from ..diagnostics import Collector
from ..ids import anchor, child
from ..load import Source
from ..model import Document
from . import regions, sentences
from .common import UnnumberedCounter
from .layout import Layout, Numbering
from .pages import SENTENCE_END, Chunk, Draft, build, chunk_source, is_heading_like, numbered, report, text_chunks


class _Classifier:
    """Decides what each text chunk is, in source order, remembering the open numbered blocks."""

    def __init__(self, layout: Layout, source: Source, problems: Collector) -> None:
        self.layout, self.source, self.problems = layout, source, problems
        self.counter = UnnumberedCounter()
        self.open: dict[str, str] = {}  # numbering level name → anchor of its current block
        self.front = True  # until the first numbered block
        self.front_parent = layout.front_parent
        self.last_front = ""  # the previous front-matter chunk: heading / paragraph / paragraph_then

    def draft(self, chunk: Chunk) -> Draft | None:
        for level in self.layout.numbering:
            if level.pattern.match(chunk.text):
                return self.numbered(level, chunk)
        return self.front_matter(chunk) if self.front else self.unnumbered_heading(chunk)

    def numbered(self, level: Numbering, chunk: Chunk) -> Draft | None:
        """``四. 外交…`` → ``chp_4``; ``A. 创新筹资`` → ``chp_4__sec_a``; ``(a) 实现…`` → ``para_16__point_a``."""
        token, num, start = numbered(level.pattern, chunk)
        parent = self.open.get(level.parent, "") if level.parent else ""
        if level.requires_parent and not parent:
            report(self.problems, self.source, chunk, f"{level.name} before any numbered {level.parent}")
            return None
        self.front = False
        self.open[level.name] = child(parent, (level.type, token))
        self.close_below(level.name)
        return Draft(level.block, self.open[level.name], num, start, level.level)  # type: ignore[arg-type]

    def close_below(self, name: str) -> None:
        """Opening a chapter closes its section: a new chapter's sections are counted afresh."""
        for level in self.layout.numbering:
            if level.parent == name and level.name in self.open:
                del self.open[level.name]
                self.close_below(level.name)

    def front_matter(self, chunk: Chunk) -> Draft:
        """Masthead lines and sentences are paragraphs; other short lines are titles (a title's subtitle: level 2).

        000: ``第七十三届会议`` (l.1), ``议程项目 129`` (l.3) and the agenda title after it (l.5) are masthead
        paragraphs; ``改进国际协调…`` (l.7-9) is a title, ``秘书长的说明`` (l.11) right below it its subtitle.
        """
        text, previous = chunk.text, self.last_front
        part = next((name for printed, name in self.layout.front_parts if printed == text), None)
        if part is not None:
            self.front_parent, self.last_front = part, "heading"
            return Draft("heading", anchor(part), None, 0, 1)
        masthead = next((p for p in self.layout.front_paragraphs if p.pattern.fullmatch(text)), None)
        if masthead is not None:
            self.last_front = "paragraph_then" if masthead.next_too else "paragraph"
            return self.unnumbered(self.front_parent, "paragraph", "para", 0)
        if previous == "paragraph_then" or text.endswith(SENTENCE_END):
            self.last_front = "paragraph"
            return self.unnumbered(self.front_parent, "paragraph", "para", 0)
        self.last_front = "heading"
        return self.unnumbered(self.front_parent, "heading", "hdg", 2 if previous == "heading" else 1)

    def unnumbered_heading(self, chunk: Chunk) -> Draft | None:
        """``免疫联盟`` (000 l.266) in section A → ``chp_4__sec_a__hdg_1``: counted within the innermost open level."""
        if not is_heading_like(chunk, max_lines=self.layout.heading_max_lines):
            report(self.problems, self.source, chunk,
                   "unnumbered text where a heading or numbered paragraph is expected")
            return None
        within = [(self.open[name], level) for name, level in self.layout.heading_within if self.open.get(name)]
        outermost = self.layout.heading_within[-1][1] if self.layout.heading_within else 1
        parent, level = within[0] if within else ("", outermost)
        return self.unnumbered(parent, "heading", "hdg", level)

    def unnumbered(self, parent: str, kind: str, type_: str, level: int) -> Draft:
        anchor_ = child(parent, (type_, self.counter.next(parent, type_)))
        return Draft(kind, anchor_, None, 0, level)  # type: ignore[arg-type]


def parse(source: Source, layout: Layout) -> Document:
    """Parse a source by its layout's rules; raises BuildError naming every chunk it cannot place."""
    if layout.blocks == "blank_lines":
        return regions.parse(source, layout)
    if layout.blocks == "sentence_end":
        return sentences.parse(source, layout)
    problems = Collector()
    chunked = chunk_source(source, layout, problems)
    classifier = _Classifier(layout, source, problems)
    drafts = {index: draft for index, chunk in text_chunks(chunked) if (draft := classifier.draft(chunk)) is not None}

    def footnote_anchor(referencing: str, label: str) -> str:
        if layout.footnote_anchor == "referencing_block":  # labels restart on every page (001)
            return child(referencing, ("fn", label))
        return anchor(("fn", label))

    return build(source, chunked, drafts, footnote_anchor, problems)
