"""Parser for 000: a UN General Assembly note by the Secretary-General transmitting a WHO report.

Layout (PDF text layer, see build_scripts/parse/_pdf_report.py for lines, pages and footnotes):

* front matter before ``一. 导言``: masthead ``第七十三届会议`` / ``议程项目 129`` / ``全球卫生与外交政策``, the note
  title, ``秘书长的说明`` and its text, the report title (the title is printed twice: both copies are kept), all
  counted under ``preface`` (``preface__para_1``, ``preface__hdg_1`` …); ``摘要`` is ``summary`` and its paragraphs
  ``summary__para_1`` …;
* chapters ``一.`` … ``五.`` → ``chp_1`` … (level 1), sections ``A.`` … ``F.`` → ``chp_4__sec_a`` (level 2),
  unnumbered initiative headings counted within their section → ``chp_4__sec_a__hdg_1`` (level 3);
* paragraphs ``1.`` … ``49.`` → ``para_1`` … (47 is missing in the source and stays missing), items ``(a)`` →
  ``para_16__point_a``; footnote ``1`` → ``fn_1`` (one numbering for the whole document).
"""
from __future__ import annotations

import re

from ..diagnostics import Collector
from ..ids import anchor, child
from ..load import Source
from ..model import Document
from ._pdf_report import (SENTENCE_END, Chunk, Draft, build, is_heading_like, numbered, read_layout, report,
                          text_chunks)
from .common import UnnumberedCounter

_CHAPTER = re.compile(r"([一二三四五六七八九十]+)\.\s*(?=\S)")
_SECTION = re.compile(r"([A-Z])\.\s+(?=\S)")
_PARAGRAPH = re.compile(r"(\d+)\.\s+(?=\S)")
_ITEM = re.compile(r"[(（]([a-z])[)）]\s*(?=\S)")
_SESSION = re.compile(r"第\S+届会议")
_AGENDA_ITEM = re.compile(r"议程项目\s*\S+")
_SUMMARY = "摘要"


class _Classifier:
    """Decides what each text chunk is, in source order, remembering the numbered parents seen so far."""

    def __init__(self, source: Source, problems: Collector) -> None:
        self.source, self.problems = source, problems
        self.counter = UnnumberedCounter()
        self.front = True  # until the first chapter, section or numbered paragraph
        self.front_parent = "preface"  # becomes ``summary`` at 摘要
        self.last_front = ""  # kind of the previous front-matter chunk: heading / paragraph / agenda
        self.chapter = self.section = self.para = ""

    def draft(self, chunk: Chunk) -> Draft | None:
        for rule in (self.chapter_heading, self.section_heading, self.paragraph, self.item):
            if (found := rule(chunk)) is not None:
                return found
        return self.front_matter(chunk) if self.front else self.unnumbered_heading(chunk)

    def chapter_heading(self, chunk: Chunk) -> Draft | None:
        """``一. 导言`` (l.51); ``二. 为促进…需求`` / ``所面临的挑战`` (l.79-81) is one heading."""
        if (found := numbered(_CHAPTER, chunk)) is None:
            return None
        token, num, start = found
        self.front, self.chapter, self.section = False, anchor(("chp", token)), ""
        return Draft("heading", self.chapter, num, start, 1)

    def section_heading(self, chunk: Chunk) -> Draft | None:
        """``A. 创新筹资`` (l.264) under chapter 四 → ``chp_4__sec_a``."""
        if (found := numbered(_SECTION, chunk)) is None:
            return None
        token, num, start = found
        self.front, self.section = False, child(self.chapter, ("sec", token))
        return Draft("heading", self.section, num, start, 2)

    def paragraph(self, chunk: Chunk) -> Draft | None:
        """``1. 大会第 72/139 号决议再次呼吁…`` (l.53) → ``para_1``."""
        if (found := numbered(_PARAGRAPH, chunk)) is None:
            return None
        token, num, start = found
        self.front, self.para = False, anchor(("para", token))
        return Draft("paragraph", self.para, num, start)

    def item(self, chunk: Chunk) -> Draft | None:
        """``(a) 实现全民健康保障：…`` (l.223) after paragraph 16 → ``para_16__point_a``."""
        if (found := numbered(_ITEM, chunk)) is None:
            return None
        if not self.para:
            report(self.problems, self.source, chunk, "sub-item before any numbered paragraph")
            return None
        token, num, start = found
        return Draft("item", child(self.para, ("point", token)), num, start, 1)

    def front_matter(self, chunk: Chunk) -> Draft:
        """Masthead lines and sentences are paragraphs; other short lines are titles (a title's subtitle: level 2).

        ``第七十三届会议`` (l.1), ``议程项目 129`` (l.3) and the agenda title after it ``全球卫生与外交政策`` (l.5) are
        the masthead; ``改进国际协调…`` (l.7-9) is a title, ``秘书长的说明`` (l.11) right below it its subtitle.
        """
        text, previous = chunk.text, self.last_front
        if text == _SUMMARY:
            self.front_parent, self.last_front = "summary", "heading"
            return Draft("heading", anchor("summary"), None, 0, 1)
        if _AGENDA_ITEM.fullmatch(text):
            self.last_front = "agenda"
            return self.unnumbered(self.front_parent, "paragraph", "para", 0)
        if previous == "agenda" or _SESSION.fullmatch(text) or text.endswith(SENTENCE_END):
            self.last_front = "paragraph"
            return self.unnumbered(self.front_parent, "paragraph", "para", 0)
        self.last_front = "heading"
        return self.unnumbered(self.front_parent, "heading", "hdg", 2 if previous == "heading" else 1)

    def unnumbered_heading(self, chunk: Chunk) -> Draft | None:
        """``免疫联盟`` (l.266) in section A → ``chp_4__sec_a__hdg_1``; counted within the nearest numbered heading."""
        if not is_heading_like(chunk, max_lines=2):
            report(self.problems, self.source, chunk, "unnumbered text where a heading or numbered paragraph is expected")
            return None
        parent = self.section or self.chapter
        return self.unnumbered(parent, "heading", "hdg", 3 if self.section else 2)

    def unnumbered(self, parent: str, kind: str, type_: str, level: int) -> Draft:
        return Draft(kind, child(parent, (type_, self.counter.next(parent, type_))), None, 0, level)


def _footnote_anchor(referencing: str, label: str) -> str:
    """000 numbers its footnotes through the whole document: ``fn_1``."""
    return anchor(("fn", label))


def parse(source: Source) -> Document:
    problems = Collector()
    layout = read_layout(source, problems)
    classifier = _Classifier(source, problems)
    drafts = {index: draft for index, chunk in text_chunks(layout) if (draft := classifier.draft(chunk)) is not None}
    return build(source, layout, drafts, _footnote_anchor, problems)
