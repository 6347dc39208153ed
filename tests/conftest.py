"""Shared fixtures: the real corpus parsed once, and the real site built once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

from build_scripts.load import load_corpus
from build_scripts.parse import PARSERS
from build_scripts.pipeline import ROOT, BuildPaths, build, parse_all


@pytest.fixture(scope="session")
def corpus():
    return load_corpus(ROOT / "corpus", frozenset(PARSERS))


@pytest.fixture(scope="session")
def documents(corpus):
    return {doc.meta.slug: doc for doc in parse_all(corpus)}


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The whole corpus built once, exactly as `make site` builds it."""
    site = tmp_path_factory.mktemp("real") / "site"
    build(BuildPaths(site=site))
    return site
