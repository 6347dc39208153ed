"""Fixtures for the extract tests: the real registries, an Extractor, and every document of the corpus parsed
(a document that does not parse fails the whole-corpus tests; the string-level tests do not need it)."""
from __future__ import annotations

from pathlib import Path

import pytest

from build_scripts.extract import Extractor, extract
from build_scripts.registries import load_registries

from ..conftest import parsed_documents

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def registries():
    return load_registries(ROOT / "corpus")


@pytest.fixture(scope="session")
def extractor(registries):
    return Extractor(registries)


@pytest.fixture(scope="session")
def parsed():
    """slug -> Document for every document in corpus/documents."""
    return parsed_documents()


@pytest.fixture(scope="session")
def mentions(parsed, registries):
    return extract(parsed.values(), registries)
