"""What the parser tests share: the real source a parser reads."""
from __future__ import annotations

from pathlib import Path

from build_scripts.load import Source, load_corpus
from build_scripts.parse import PARSERS

ROOT = Path(__file__).resolve().parents[2]


def real_source(parser: str) -> Source:
    """The corpus source read by ``parser``."""
    corpus = load_corpus(ROOT / "corpus", frozenset(PARSERS))
    return next(s for s in corpus.sources if s.meta.parser == parser)

