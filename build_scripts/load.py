"""Stage 1, load: read corpus/, validate metadata, and hand on the sources as text.

Every problem is reported (file and line), then the stage fails once with all of them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Collector, at
from .model import DocumentMeta
from .yamlio import line_of, load_yaml

STATUSES = ("verified", "inferred", "unknown")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_REQUIRED_TEXT = ("source", "layout", "kind_zh", "kind_en")
_OPTIONAL_TEXT = ("title_zh", "title_en", "symbol", "publisher", "url", "label_zh", "label_en")


@dataclass(frozen=True)
class Source:
    """A document's metadata and its source text, exactly as read."""

    meta: DocumentMeta
    text: str  #: the source file decoded as UTF-8, unchanged
    path: Path  #: the source file
    meta_path: Path  #: the metadata file


@dataclass(frozen=True)
class Corpus:
    """Everything read from corpus/."""

    root: Path
    sources: tuple[Source, ...]  #: in ``order``


def load_corpus(root: Path, layouts: frozenset[str]) -> Corpus:
    """Read and validate ``root/documents/*.yml`` and the sources they name."""
    problems = Collector()
    doc_dir = root / "documents"
    meta_files = sorted(doc_dir.glob("*.yml")) if doc_dir.is_dir() else []
    if not meta_files:
        problems.error(at(doc_dir), "no document metadata files (*.yml) found")
    sources: list[Source] = []
    seen_sources: dict[str, Path] = {}
    for meta_path in meta_files:
        meta = _read_meta(meta_path, layouts, problems)
        if meta is None:
            continue
        if meta.source in seen_sources:
            problems.error(at(meta_path, 1), f"source {meta.source} is already used by {seen_sources[meta.source].name}")
            continue
        seen_sources[meta.source] = meta_path
        text = _read_source(root / "sources" / meta.source, meta_path, problems)
        if text is not None:
            sources.append(Source(meta, text, root / "sources" / meta.source, meta_path))
    problems.raise_if_any()
    return Corpus(root, tuple(sorted(sources, key=lambda s: (s.meta.order, s.meta.slug))))


def _read_meta(path: Path, layouts: frozenset[str], problems: Collector) -> DocumentMeta | None:
    data = load_yaml(path, problems)
    if data is None:
        return None
    if not isinstance(data, dict):
        problems.error(at(path, 1), "metadata must be a mapping of field: value")
        return None
    before = len(problems.items)

    def bad(key: str, message: str) -> None:
        problems.error(at(path, line_of(data, key)), f"{key}: {message}")

    slug = path.stem
    if not _SLUG.fullmatch(slug):
        problems.error(at(path, 1), f"file name {slug!r} is not a valid slug (lower-case ASCII words joined by -)")
    for key in _REQUIRED_TEXT:
        if not isinstance(data.get(key), str) or not data.get(key).strip():
            bad(key, "required text field is missing or empty")
    for key in _OPTIONAL_TEXT:
        if data.get(key) is not None and not isinstance(data.get(key), str):
            bad(key, "must be text or null")
    for key in ("title_en_status", "symbol_status", "year_status"):
        if data.get(key) not in STATUSES:
            bad(key, f"must be one of {', '.join(STATUSES)}")
    year = data.get("year")
    if year is not None and (not isinstance(year, int) or not 1945 <= year <= 2100):
        bad("year", "must be a year (an integer) or null")
    if data.get("symbol") is not None and data.get("symbol_status") != "verified":
        bad("symbol", "a symbol may only be given when symbol_status is verified")
    if data.get("symbol") is None and data.get("symbol_status") == "verified":
        bad("symbol_status", "verified, but no symbol is given")
    if isinstance(data.get("layout"), str) and data["layout"] not in layouts:
        bad("layout", f"unknown layout {data['layout']!r} (known: {', '.join(sorted(layouts))})")
    if data.get("layout_rules") is not None and not isinstance(data["layout_rules"], dict):
        bad("layout_rules", "must be a mapping of rules added to the layout's (build_scripts/parse/layout.py)")
    if not isinstance(data.get("order", 0), int):
        bad("order", "must be an integer")
    notes = data.get("notes", [])
    if not isinstance(notes, list) or not all(
        isinstance(n, list) and len(n) == 2 and all(isinstance(x, str) for x in n) for n in notes
    ):
        bad("notes", "must be a list of [label, value] pairs of text")
        notes = []
    unknown = sorted(set(data) - set(_REQUIRED_TEXT) - set(_OPTIONAL_TEXT) - {
        "title_en_status", "symbol_status", "year_status", "year", "order", "notes", "layout_rules"})
    for key in unknown:
        bad(key, "unknown field")
    if len(problems.items) > before:
        return None
    return DocumentMeta(
        slug=slug, source=data["source"], layout=data["layout"], kind_zh=data["kind_zh"], kind_en=data["kind_en"],
        title_zh=data.get("title_zh"), title_en=data.get("title_en"), title_en_status=data["title_en_status"],
        symbol=data.get("symbol"), symbol_status=data["symbol_status"], year=year,
        year_status=data["year_status"], publisher=data.get("publisher"), url=data.get("url"),
        label_zh=data.get("label_zh"), label_en=data.get("label_en"),
        notes=tuple((a, b) for a, b in notes), order=data.get("order", 0), layout_rules=data.get("layout_rules"),
    )


def _read_source(path: Path, meta_path: Path, problems: Collector) -> str | None:
    if not path.is_file():
        problems.error(at(meta_path, 1), f"source file {path.name} not found in {path.parent}")
        return None
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.error(at(path, line), f"not valid UTF-8 (byte {exc.start}: {exc.reason})")
        return None
    if not text.strip():
        problems.error(at(path, 1), "source is empty")
        return None
    return text
