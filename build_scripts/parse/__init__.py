"""Stage 3, parse: one parser per kind of source layout, each turning a Source into a Document.

A parser is chosen by the ``parser`` field of the document's metadata. Parsers share the line helpers
in build_scripts/clean.py and the block helpers in common.py.
"""
from __future__ import annotations

from collections.abc import Callable

from ..load import Source
from ..model import Document
from . import action_agenda, journal_article, sg_note, strategic_framework, wha_report

PARSERS: dict[str, Callable[[Source], Document]] = {
    "sg_note": sg_note.parse,
    "wha_report": wha_report.parse,
    "action_agenda": action_agenda.parse,
    "strategic_framework": strategic_framework.parse,
    "journal_article": journal_article.parse,
}


def parse(source: Source) -> Document:
    """Parse one source with the parser its metadata names; raises BuildError with every problem."""
    return PARSERS[source.meta.parser](source)
