"""Stage 3, parse: one layout engine, with each document's layout described as data.

A document names its layout (``layout:`` in its metadata); the layout (build_scripts/layouts/<name>.yml, or the
corpus's own ``layouts/<name>.yml``) says which engine reads it and with which rules. ``pdf_report`` is the rule
engine (engine.py, with regions.py for sources whose blocks are separated by blank lines and sentences.py for
those whose paragraphs end at sentence ends); ``strategic_framework`` is code behind the same interface, for a
layout the rules cannot yet describe (results tables, mandate lists). After parsing, the generic invariants
(invariants.py) run on every document whatever its engine.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..load import Source
from ..model import Document
from . import engine, strategic_framework
from .invariants import check_invariants
from .layout import Layout, layout_files, load_layout

ENGINES: dict[str, Callable[[Source, Layout], Document]] = {
    "pdf_report": engine.parse,
    "strategic_framework": strategic_framework.parse,
}


def layout_names(corpus_root: Path) -> frozenset[str]:
    """Every layout a corpus's documents may name: the built-in ones and the corpus's own."""
    return frozenset(layout_files(corpus_root))


def layout_of(source: Source, name: str | None = None) -> Layout:
    """The layout a source is read with (its own, or ``name``), with the document's ``layout_rules`` applied."""
    corpus_root = source.meta_path.parent.parent
    path = layout_files(corpus_root)[name or source.meta.layout]
    return load_layout(path, source.meta.layout_rules, source.meta_path)


def parse_unchecked(source: Source, layout: Layout) -> Document:
    """Read a source with a layout's engine, without the invariants (raises BuildError on what it cannot place)."""
    return ENGINES[layout.engine](source, layout)


def parse(source: Source) -> Document:
    """Parse one source by its layout and check the invariants; raises BuildError with every problem."""
    layout = layout_of(source)
    document = parse_unchecked(source, layout)
    check_invariants(source, document, layout)
    return document
