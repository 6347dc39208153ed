"""What the parse tests share: the real source of a layout, and the engine that reads it."""
from __future__ import annotations

from pathlib import Path

from build_scripts.load import Source, load_corpus
from build_scripts.model import Document
from build_scripts.parse import layout_names, layout_of, parse_unchecked

ROOT = Path(__file__).resolve().parents[2]


def real_source(layout: str) -> Source:
    """The corpus source printed in ``layout``."""
    corpus = load_corpus(ROOT / "corpus", layout_names(ROOT / "corpus"))
    return next(s for s in corpus.sources if s.meta.layout == layout)


def parse_by_layout(source: Source) -> Document:
    """Read ``source`` with its layout's engine and rules, without the invariants (an excerpt starts mid-way)."""
    return parse_unchecked(source, layout_of(source))
