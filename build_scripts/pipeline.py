"""The whole build as one readable function: gather everything first, then write."""
from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from . import anchors, public_url
from .cache import BuildCache, output_memo, record_site, reuse_site, site_key
from .candidates import find_candidates, load_review, measure, summary
from .checks import broken_links
from .diagnostics import BuildError, Diagnostic, at, working_on
from .link import link
from .load import Corpus, load_corpus
from .model import Document
from .parse import layout_names, parse
from .parse.invariants import anchor_summary
from .render import PageFile, PageInfo
from .render.pdf import editions, write_editions
from .render.site_pages import Rendered, keep, render_all
from .render.source_view import is_view_page
from .search import build_search, write_search
from .site import PageWriter, copy_files, copy_static_docs, run_mkdocs, staging_area, swap_into_place
from .timing import timed

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class BuildPaths:
    """Where a build reads and writes."""

    corpus: Path = ROOT / "corpus"
    site: Path = ROOT / "site"
    config: Path = ROOT / "mkdocs.yml"
    static_docs: Path = ROOT / "docs"
    cache: Path | None = None  #: build cache folder (build_scripts/cache.py); None: build everything


def parse_all(corpus: Corpus, parse_one=parse) -> tuple[Document, ...]:
    """Parse every source; a failing document does not stop the others from being checked."""
    documents, problems = [], []
    for source in corpus.sources:
        try:
            with working_on(input=source.path):
                documents.append(parse_one(source))
        except BuildError as exc:
            problems += exc.diagnostics
    if problems:
        raise BuildError(problems)
    for document in documents:  # one line per document: what the build made of it
        print(anchor_summary(document))
    return tuple(documents)


def render(paths: BuildPaths, search: dict[str, bytes] | None = None,
           emit: Callable[[PageFile], PageFile | PageInfo] = keep,
           registry_required: bool = True) -> tuple[Corpus, Rendered]:
    """Every stage up to and including render: gather everything first (the graph), then make the pages, each
    handed to ``emit`` as it is made (``keep``: returned whole, for tests; site.PageWriter: written to disk).

    With ``paths.cache``, what an earlier build made from the same input is reused (build_scripts/cache.py).
    """
    with timed("load"):
        corpus = load_corpus(paths.corpus, layout_names(paths.corpus), registry_required)
    with timed("cache"):
        cache = BuildCache(paths.cache, corpus)
        cached = cache.load_build(search, emit)
    if cached is not None:
        return corpus, cached
    registries, terms = corpus.registries, corpus.terms  # read and validated by the load stage
    with timed("parse"):
        documents = parse_all(corpus, cache.parse(parse))
    with timed("extract"):
        mentions = cache.extract(documents, registries) if registries else ()
    with timed("candidates"):  # what has the shape of a symbol or a name and is not linked (one line of counts)
        reviews = load_review(corpus.root)
        candidates = find_candidates(documents, mentions, registries, reviews) if registries else ()
        measures = measure(documents, mentions, candidates)  # recall per entity kind
        print(summary(candidates, reviews, measures))
    with timed("link"):
        graph = link(documents, mentions, terms)
    with timed("render"):
        memo = cache.page_memo(graph)
        rendered = render_all(corpus, documents, graph, registries, terms, memo, cache.recording(emit, memo),
                              (candidates, reviews, measures))
    if search is not None:  # the site search index (build_scripts/search), written after MkDocs
        with timed("search"):
            search.update(build_search(corpus, documents, rendered.pages, graph))
    with timed("cache-save"):
        cache.save_build(rendered, search, memo)
    return corpus, rendered


def build(paths: BuildPaths = BuildPaths()) -> None:
    """load -> clean+parse -> extract -> link -> render -> anchors -> site (MkDocs, then the PDF editions);
    raises BuildError listing every problem.

    With ``paths.cache``, a build whose inputs (every file below corpus/, docs/, the theme overrides, the MkDocs
    configuration, the code, the environment it reads) did not change since the last successful build into
    ``paths.site``, while that folder still holds what it wrote, keeps the site and runs nothing.
    Each page is written to the staging folder as it is rendered: the build never holds every page text."""
    inputs = None
    if paths.cache is not None:
        with timed("cache"):
            inputs = site_key(paths.corpus, paths.static_docs, paths.config, search=True)
            if reuse_site(paths.cache, paths.site, inputs):
                warn_if_local(paths.config)
                return
    search: dict[str, bytes] = {}
    with staging_area(paths.site) as staging:
        with timed("stage"):
            docs = copy_static_docs(paths.static_docs, staging)
        corpus, rendered = render(paths, search, PageWriter(docs))
        with timed("anchors"):
            aliases = anchors.check(corpus.root, rendered.pages)
        with timed("stage"):  # (again: the generated pages were written as they were rendered)
            write = PageWriter(docs)
            write(PageFile("assets/anchor-aliases.js", aliases.fragment_script))
            for path, html in sorted(aliases.redirect_pages.items()):
                write(PageFile(path, html))
            copy_files(rendered.extra_files, docs)
        with timed("mkdocs"):
            site_url = run_mkdocs(paths.config, docs, staging / "site", rendered.nav)
        with timed("pdf"), output_memo(paths.cache, "pdf") as memo:
            write_editions(editions(tuple(s.meta for s in corpus.sources),
                                    tuple(p.path for p in rendered.pages if not is_view_page(p.path))),
                           staging / "site", site_url, memo)
        with timed("search-write"):
            write_search(staging / "site", search)
        with timed("check"):
            problems = broken_links(staging / "site", urlsplit(site_url).path or "/")
        if problems:
            raise BuildError([Diagnostic(at(paths.site), p) for p in problems])
        with timed("swap"):
            swap_into_place(staging / "site", paths.site)
    if inputs is not None:
        with timed("cache-save"):
            record_site(paths.cache, paths.site, inputs)
    warn_if_local(paths.config)


def warn_if_local(config: Path) -> None:
    """After a build that succeeded: one line on stderr when the site it holds cites a local address (a preview;
    .github/workflows/site.yml refuses to publish one). A failed build prints only its errors."""
    warning = public_url.warning(public_url.configured(config))
    if warning:
        print(warning, file=sys.stderr)


def register_anchors(paths: BuildPaths = BuildPaths(), accept_changed: bool = False) -> tuple[int, int]:
    """Record every id this build publishes in corpus/anchors/registry.tsv (total, newly added)."""
    corpus, rendered = render(paths, registry_required=False)  # the first registration writes the registry
    return anchors.register(corpus.root, rendered.pages, accept_changed)
