"""Where every generated page lives. One place, so links and the anchor registry agree.

Page paths are Markdown paths below the docs folder; URLs are site-relative directory URLs
(``use_directory_urls``): ``documents/a-71-6-rev-1/prog-2.md`` → ``documents/a-71-6-rev-1/prog-2/``.
"""
from __future__ import annotations

import posixpath


def doc_page(slug: str, part: str = "index") -> str:
    """Markdown path of a document page (``part`` is ``index`` for a single-page document)."""
    return f"documents/{slug}/{part}.md"


def url_of(md_path: str) -> str:
    """Site-relative URL of a Markdown page."""
    if md_path == "index.md":
        return ""
    stem = md_path[: -len(".md")]
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative(from_page: str, to_url: str) -> str:
    """A relative href from the page at ``from_page`` (Markdown path) to ``to_url`` (site-relative, may hold #)."""
    target, hash_, fragment = to_url.partition("#")
    rel = posixpath.relpath("/" + target, "/" + url_of(from_page))
    if rel == ".":
        rel = "./"
    elif not target or target.endswith("/"):
        rel += "/"
    return rel + (f"#{fragment}" if hash_ else "")
