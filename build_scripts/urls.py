"""Where every generated page lives. One place, so links and the anchor registry agree.

Page paths are Markdown paths below the docs folder; URLs are site-relative directory URLs
(``use_directory_urls``): ``documents/<slug>/prog-2.md`` → ``documents/<slug>/prog-2/``.
"""
from __future__ import annotations

import posixpath
import re

from .symbols import parse_mandate


def doc_page(slug: str, part: str = "index") -> str:
    """Markdown path of a document page (``part`` is ``index`` for a single-page document)."""
    return f"documents/{slug}/{part}.md"


def akn_file(slug: str) -> str:
    """Path of a document's Akoma Ntoso XML (render/akn.py), below the site root."""
    return f"data/akn/{slug}.xml"


def download_file(slug: str, extension: str) -> str:
    """Path of a document's download below the site root: its PDF edition (render/pdf.py) or its source text."""
    return f"downloads/{slug}.{extension}"


def url_of(md_path: str) -> str:
    """Site-relative URL of a Markdown page; any other file (data/actors.json) is published at its own path."""
    if not md_path.endswith(".md"):
        return md_path
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


def symbol_slug(symbol: str) -> str:
    """URL slug of a document symbol: ``A/72/684-E/2018/7`` → ``a-72-684-e-2018-7``."""
    return "-".join(re.findall(r"[a-z0-9]+", symbol.lower()))


def entity_page(kind: str, entity: str) -> str:
    """Markdown path of an entity page: resolutions, cited documents, actors, SDGs (goals and targets), programmes."""
    if kind == "resolution":  # its own slug: a year's k-th text (csw-ac-1996-text-2) is kept apart from 1996/2
        return f"resolutions/{parse_mandate(entity).slug()}.md"
    if kind == "document":
        return f"cited/{symbol_slug(entity)}.md"
    if kind == "actor":
        return f"actors/{entity}.md"
    if kind == "goal":
        return f"sdgs/{entity}.md"
    if kind == "target":
        return f"sdgs/{entity.split('.')[0]}.md"
    if kind in ("programme", "subprogramme"):
        return f"programmes/{entity.split('.')[0]}.md"
    raise ValueError(f"no entity pages for kind {kind!r}")


def entity_url(kind: str, entity: str) -> str:
    """Site-relative URL of an entity (with the #fragment of a target)."""
    url = url_of(entity_page(kind, entity))
    return url + (f"#target_{entity.replace('.', '-')}" if kind == "target" else "")
