"""The whole build as one readable function: gather everything first, then write."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from . import anchors
from .checks import broken_links
from .diagnostics import BuildError, Diagnostic, at
from .load import Corpus, load_corpus
from .model import Document
from .parse import PARSERS, parse
from .render import PageFile
from .render.site_pages import Rendered, render_all
from .site import run_mkdocs, stage_docs, staging_dir, swap_into_place

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class BuildPaths:
    """Where a build reads and writes."""

    corpus: Path = ROOT / "corpus"
    site: Path = ROOT / "site"
    config: Path = ROOT / "mkdocs.yml"
    static_docs: Path = ROOT / "docs"


def parse_all(corpus: Corpus) -> tuple[Document, ...]:
    """Parse every source; a failing document does not stop the others from being checked."""
    documents, problems = [], []
    for source in corpus.sources:
        try:
            documents.append(parse(source))
        except BuildError as exc:
            problems += exc.diagnostics
    if problems:
        raise BuildError(problems)
    return tuple(documents)


def render(paths: BuildPaths) -> tuple[Corpus, Rendered]:
    """Every stage up to and including render: the gather phase, then the pages."""
    corpus = load_corpus(paths.corpus, frozenset(PARSERS))
    documents = parse_all(corpus)
    return corpus, render_all(corpus, documents)


def build(paths: BuildPaths = BuildPaths()) -> None:
    """load -> clean+parse -> extract -> link -> render -> anchors -> site; raises BuildError listing every problem."""
    corpus, rendered = render(paths)
    aliases = anchors.check(corpus.root, rendered.pages)
    files = rendered.pages + (PageFile("assets/anchor-aliases.js", aliases.fragment_script),) + tuple(
        PageFile(path, html) for path, html in sorted(aliases.redirect_pages.items()))
    staging = staging_dir(paths.site)
    try:
        docs = stage_docs(paths.static_docs, files, rendered.extra_files, staging)
        site_url = run_mkdocs(paths.config, docs, staging / "site", rendered.nav)
        problems = broken_links(staging / "site", urlsplit(site_url).path or "/")
        if problems:
            raise BuildError([Diagnostic(at(paths.site), p) for p in problems])
        swap_into_place(staging / "site", paths.site)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def register_anchors(paths: BuildPaths = BuildPaths()) -> tuple[int, int]:
    """Record every id this build publishes in corpus/anchors/registry.tsv (total, newly added)."""
    corpus, rendered = render(paths)
    return anchors.register(corpus.root, rendered.pages)
