"""Parser for 001: a World Health Assembly report by the Director-General (WHA71).

Layout (PDF text layer, see build_scripts/parse/_pdf_report.py for lines, pages and footnotes): the title and
``总干事的报告`` (``preface__hdg_1``, ``preface__hdg_2``); paragraphs ``1.`` … ``25.`` → ``para_1`` …; items
``(a)`` → ``para_15__point_a``; unnumbered headings, counted within the numbered paragraph before them
(``促进与合作伙伴进行战略互动的新方法`` after paragraph 2 → ``para_2__hdg_1``, level 1). Footnote numbers restart
on every page, so a footnote is named by the block that references it: ``para_13__fn_1``. The end marker
``=      =      =`` is removed furniture.
"""
from __future__ import annotations

import re

from ..diagnostics import Collector
from ..ids import anchor, child
from ..load import Source
from ..model import Document
from ._pdf_report import SENTENCE_END, Chunk, Draft, build, is_heading_like, numbered, read_layout, report, text_chunks
from .common import UnnumberedCounter

_PARAGRAPH = re.compile(r"(\d+)\.\s+(?=\S)")
_ITEM = re.compile(r"[(（]([a-z])[)）]\s*(?=\S)")


class _Classifier:
    """Decides what each text chunk is, in source order, remembering the last numbered paragraph."""

    def __init__(self, source: Source, problems: Collector) -> None:
        self.source, self.problems = source, problems
        self.counter = UnnumberedCounter()
        self.para = ""
        self.last_front = ""  # kind of the previous front-matter chunk: heading / paragraph

    def draft(self, chunk: Chunk) -> Draft | None:
        for rule in (self.paragraph, self.item):
            if (found := rule(chunk)) is not None:
                return found
        return self.front_matter(chunk) if not self.para else self.unnumbered_heading(chunk)

    def paragraph(self, chunk: Chunk) -> Draft | None:
        """``13. 联合国发展系统的改革将对…`` (l.120) → ``para_13``."""
        if (found := numbered(_PARAGRAPH, chunk)) is None:
            return None
        token, num, start = found
        self.para = anchor(("para", token))
        return Draft("paragraph", self.para, num, start)

    def item(self, chunk: Chunk) -> Draft | None:
        """``(a) 核心共享原则：…`` (l.155, after the footnotes of paragraph 15's page) → ``para_15__point_a``."""
        if (found := numbered(_ITEM, chunk)) is None:
            return None
        if not self.para:
            report(self.problems, self.source, chunk, "sub-item before any numbered paragraph")
            return None
        token, num, start = found
        return Draft("item", child(self.para, ("point", token)), num, start, 1)

    def front_matter(self, chunk: Chunk) -> Draft:
        """``联合国系统内及与其它政府间组织的合作`` (l.1) is the title; ``总干事的报告`` (l.3) right below it its subtitle."""
        previous = self.last_front
        if chunk.text.endswith(SENTENCE_END):
            self.last_front = "paragraph"
            return self.unnumbered("preface", "paragraph", "para", 0)
        self.last_front = "heading"
        return self.unnumbered("preface", "heading", "hdg", 2 if previous == "heading" else 1)

    def unnumbered_heading(self, chunk: Chunk) -> Draft | None:
        """``确保世卫组织的变革议程与联合国改革的协同作用`` (l.102) after paragraph 10 → ``para_10__hdg_1``."""
        if not is_heading_like(chunk, max_lines=2):
            report(self.problems, self.source, chunk, "unnumbered text where a heading or numbered paragraph is expected")
            return None
        return self.unnumbered(self.para, "heading", "hdg", 1)

    def unnumbered(self, parent: str, kind: str, type_: str, level: int) -> Draft:
        return Draft(kind, child(parent, (type_, self.counter.next(parent, type_))), None, 0, level)


def _footnote_anchor(referencing: str, label: str) -> str:
    """Labels restart on every page (1 at l.97, 1 at l.149, 1 at l.264): ``para_13__fn_1``, ``para_21__fn_1``."""
    return child(referencing, ("fn", label))


def parse(source: Source) -> Document:
    problems = Collector()
    layout = read_layout(source, problems)
    classifier = _Classifier(source, problems)
    drafts = {index: draft for index, chunk in text_chunks(layout) if (draft := classifier.draft(chunk)) is not None}
    return build(source, layout, drafts, _footnote_anchor, problems)
