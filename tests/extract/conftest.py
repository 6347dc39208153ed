"""Fixtures for the extract tests: the real registries, an Extractor, and the corpus parsed
document by document (a document whose parser fails is left out, so the string-level tests and the
other documents still run; the whole-corpus tests skip what is missing)."""
from __future__ import annotations

from pathlib import Path

import pytest

from build_scripts.diagnostics import BuildError
from build_scripts.extract import Extractor, extract
from build_scripts.load import load_corpus
from build_scripts.parse import PARSERS, parse
from build_scripts.registries import load_registries

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def registries():
    return load_registries(ROOT / "corpus")


@pytest.fixture(scope="session")
def extractor(registries):
    return Extractor(registries)


@pytest.fixture(scope="session")
def parsed():
    """slug -> Document for every source whose parser works."""
    corpus = load_corpus(ROOT / "corpus", frozenset(PARSERS))
    out = {}
    for source in corpus.sources:
        try:
            out[source.meta.slug] = parse(source)
        except (BuildError, NotImplementedError):
            continue
    return out


@pytest.fixture(scope="session")
def mentions(parsed, registries):
    if not parsed:
        pytest.skip("no document parses yet")
    return extract(parsed.values(), registries)
