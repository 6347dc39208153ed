"""Site search: an index built here at build time, queried in the browser by docs/assets/search/worker.js.

Material for MkDocs keeps its search box and result list; its ``search`` plugin stays on for the UI, but
the page's ``__config`` points the search worker at ``assets/search/worker.js`` (overrides/main.html)
and Material's own ``search/search_index.json`` holds only its ``config`` (``docs: []``, see
mkdocs_hook.py), so a visitor never downloads a full-text lunr index. See docs/search.md for the design and measurements.

``build_search(corpus, documents, pages, graph)`` returns the index files; ``write_search(site_dir, files)``
writes them below ``site/search/`` after MkDocs has run.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from ..load import Corpus
from ..model import Document
from .documents import build_docs
from .index import build_index
from .tokenize import HAN, IndexTokenizer, query_tokens

SEARCH_DIR = "search"


def build_search(corpus: Corpus, documents: Sequence[Document], pages: Iterable, graph) -> dict[str, bytes]:
    """The search files, {path below the site: bytes}. ``pages``: the rendered pages (render.PageFile or
    PageInfo: their path, title and citable ids); ``graph``: the link stage's link.Graph. The registries and
    the glossary come from ``corpus`` (read and validated by the load stage; None / () for a corpus without them).
    """
    by_path = {p.path: p for p in pages}
    docs, entities, words = build_docs(documents, corpus.registries, corpus.terms, by_path, graph)
    alias = []
    for _kind, _id, names, _desc in entities:
        latin = [query_tokens(n) for n in names.names if not any("\u3400" <= c <= "\ufaff" for c in n)]
        latin = [t for t in latin if t]
        if latin and names.zh:
            alias.append((latin, names.zh))
    files = build_index(docs, IndexTokenizer(words), alias)
    return {f"{SEARCH_DIR}/{path}": data for path, data in files.items()}


def write_search(site_dir: Path, files: dict[str, bytes]) -> None:
    """Write the index below the built site (Material's own ``search_index.json`` is emptied by mkdocs_hook)."""
    for rel, data in sorted(files.items()):
        target = site_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


__all__ = ["build_search", "write_search", "HAN"]
