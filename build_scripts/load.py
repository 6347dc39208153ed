"""Stage 1, load: read corpus/, validate every input file, and hand on the sources as text.

Every YAML file of every kind (documents/*.yml, actors.yml, sdgs.yml, programmes.yml, glossary.yml,
anchors/aliases.yml) and the anchor registry (anchors/registry.tsv) is read and validated here, before any
later stage runs, so one run reports every problem of every file (file and line), then the stage fails once.

Inputs stay inside the corpus: a document's ``source`` is a relative path below ``sources/`` with no ``..``,
no absolute path and no symbolic link anywhere on the way, and it must be a regular file. A metadata ``url``
is ``https:`` or ``http:`` with a host; anything else (``javascript:``, ``file:``, ``data:``) is an error.

Sources are published byte for byte as received and the conservation accounting compares them character by
character, so they are not rewritten here: CR line endings (CRLF, as saved on Windows) and a UTF-8 byte order
mark are each reported as what they are, one error per source, instead of being normalised silently.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from . import anchors
from .diagnostics import BuildError, Collector, Location, at, working_on
from .glossary import Term, load_glossary
from .model import Basis, DocumentMeta
from .registries import Registries, load_registries
from .yamlio import line_of, load_yaml, read_text

STATUSES = ("verified", "inferred", "unknown")
#: the facts a document page and the data exports publish; each one given needs a ``FIELD_basis``
PUBLISHED = ("title_zh", "title_en", "kind_zh", "kind_en", "symbol", "year", "publisher", "url", "label_zh", "label_en")
_BASIS = re.compile(r"printed (?P<first>\d+)(?:-(?P<last>\d+))?|reference (?P<file>\S+)|inferred: (?P<reason>\S.*)")
_BASIS_FORMS = "printed LINE, printed FIRST-LAST, reference FILE or inferred: REASON"
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
    registries: Registries | None = None  #: None when the corpus has no registry files (a small fixture)
    terms: tuple[Term, ...] = ()  #: the glossary; () when the corpus has no glossary.yml


REGISTRY_FILES = ("actors.yml", "sdgs.yml", "programmes.yml")


def load_corpus(root: Path, layouts: frozenset[str], registry_required: bool = True) -> Corpus:
    """Read and validate every input file of ``root``; raises BuildError listing every problem of every file.
    ``registry_required=False``: the anchor registry may be missing (register-anchors writes the first one)."""
    problems = Collector()
    doc_dir = root / "documents"
    meta_files = sorted(doc_dir.glob("*.yml")) if doc_dir.is_dir() else []
    if not meta_files:
        problems.error(at(doc_dir), "no document metadata files (*.yml) found")
    sources: list[Source] = []
    seen_sources: dict[str, Path] = {}
    for meta_path in meta_files:
        with working_on(input=meta_path):
            source = _read_document(root, meta_path, layouts, seen_sources, problems)
        if source is not None:
            sources.append(source)
    slugs = frozenset(p.stem for p in meta_files)  # a document whose metadata is broken is still known by name
    registries = _collect(problems, lambda: _load_registries(root, slugs), root)
    terms = _collect(problems, lambda: _load_terms(root, slugs), root / "glossary.yml")
    _collect(problems, lambda: anchors.validate(root, registry_required), root / "anchors")
    problems.raise_if_any()
    return Corpus(root, tuple(sorted(sources, key=lambda s: (s.meta.order, s.meta.slug))), registries, terms or ())


def _read_document(root: Path, meta_path: Path, layouts: frozenset[str], seen_sources: dict[str, Path],
                   problems: Collector) -> Source | None:
    """One document's metadata and source text, or None (with its problems recorded)."""
    meta, source_line, data = _read_meta(meta_path, layouts, problems)
    if meta is None:
        return None
    if meta.source in seen_sources:
        problems.error(at(meta_path, source_line), f"source {meta.source} is already used by "
                       f"{seen_sources[meta.source].name}")
        return None
    seen_sources[meta.source] = meta_path
    path = _source_path(root, meta.source, at(meta_path, source_line), problems)
    text = _read_source(path, problems) if path else None
    if text is None:
        return None
    before = len(problems.items)
    _check_bases(root, meta, text, meta_path, data, problems)
    return Source(meta, text, path, meta_path) if len(problems.items) == before else None


def _collect(problems: Collector, loader, input_path: Path):
    """Run one loader; its problems join the others instead of stopping the stage."""
    try:
        with working_on(input=input_path):
            return loader()
    except BuildError as exc:
        problems.items.extend(exc.diagnostics)
        return None


def _load_registries(root: Path, slugs: frozenset[str]) -> Registries | None:
    """The entity registries; a corpus without any of the files (a small fixture) has no entity pages, but one
    that has some must have all three."""
    if not any((root / name).exists() or (root / name).is_symlink() for name in REGISTRY_FILES):
        return None
    return load_registries(root, slugs)


def _load_terms(root: Path, slugs: frozenset[str]) -> tuple[Term, ...]:
    path = root / "glossary.yml"
    return load_glossary(path, slugs) if path.exists() or path.is_symlink() else ()


def _read_meta(path: Path, layouts: frozenset[str], problems: Collector
               ) -> tuple[DocumentMeta | None, int | None, dict | None]:
    """The document's metadata (None when it has problems), the line of its ``source:`` field and the YAML read."""
    data = load_yaml(path, problems)
    if data is None:
        return None, None, None
    if not isinstance(data, dict):
        problems.error(at(path, 1), "metadata must be a mapping of field: value")
        return None, None, None
    before = len(problems.items)

    flagged: set[str] = set()  #: fields already reported: one problem per field (a bad URL needs no basis first)

    def bad(key: str, message: str) -> None:
        flagged.add(key)
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
    if isinstance(data.get("url"), str) and (problem := url_problem(data["url"])):
        bad("url", problem)
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
        isinstance(n, list) and len(n) == 3 and all(isinstance(x, str) for x in n) for n in notes
    ):
        bad("notes", "must be a list of [label, value, basis] triples of text")
        notes = []
    bases = _bases(data, notes, bad, flagged)
    unknown = sorted(set(data) - set(_REQUIRED_TEXT) - set(_OPTIONAL_TEXT) - {f"{f}_basis" for f in PUBLISHED} - {
        "title_en_status", "symbol_status", "year_status", "year", "order", "notes", "layout_rules"})
    for key in unknown:
        bad(key, "unknown field")
    if len(problems.items) > before:
        return None, None, None
    return DocumentMeta(
        slug=slug, source=data["source"], layout=data["layout"], kind_zh=data["kind_zh"], kind_en=data["kind_en"],
        title_zh=data.get("title_zh"), title_en=data.get("title_en"), title_en_status=data["title_en_status"],
        symbol=data.get("symbol"), symbol_status=data["symbol_status"], year=year,
        year_status=data["year_status"], publisher=data.get("publisher"), url=data.get("url"),
        label_zh=data.get("label_zh"), label_en=data.get("label_en"),
        notes=tuple((a, b) for a, b, _ in notes), order=data.get("order", 0), layout_rules=data.get("layout_rules"),
        bases=bases,
    ), line_of(data, "source"), data


def parse_basis(text: object) -> Basis | None:
    """A basis as written in the metadata (``printed 7-9``, ``reference FILE``, ``inferred: REASON``), or None."""
    m = _BASIS.fullmatch(text.strip()) if isinstance(text, str) else None
    if m is None:
        return None
    if m.group("first"):
        first = int(m.group("first"))
        last = int(m.group("last") or first)
        return Basis("printed", lines=(first, last)) if 1 <= first <= last else None
    if m.group("file"):
        return Basis("reference", file=m.group("file"))
    return Basis("inferred", reason=m.group("reason").strip())


def _bases(data: dict, notes: list, bad, flagged: set[str]) -> tuple[tuple[str, Basis], ...]:
    """The basis of every published field and note; a field given without one, a basis of a field not
    given, a basis in no known form, or an inferred basis for a fact whose status says verified is an error."""
    out: list[tuple[str, Basis]] = []
    for name in PUBLISHED:
        key, given = f"{name}_basis", data.get(name) is not None
        if key not in data:
            if given and name not in flagged:
                bad(name, f"published without a basis: add {key}: ({_BASIS_FORMS})")
            continue
        if not given:
            bad(key, f"a basis for {name}, which is not given (null)")
            continue
        basis = parse_basis(data[key])
        if basis is None:
            bad(key, f"{data[key]!r} is not a basis: write {_BASIS_FORMS}")
            continue
        if basis.kind == "inferred" and data.get(f"{name}_status") == "verified":
            bad(key, f"inferred, but {name}_status says verified")
        out.append((name, basis))
    for k, (label, _, written) in enumerate(notes, 1):
        basis = parse_basis(written)
        if basis is None:
            bad("notes", f"note {k} ({label}): {written!r} is not a basis: write {_BASIS_FORMS}")
        else:
            out.append((f"note:{label}", basis))
    return tuple(out)


def _check_bases(root: Path, meta: DocumentMeta, text: str, meta_path: Path, data: dict, problems: Collector) -> None:
    """Each basis stands: printed lines exist in the source and print the value (whitespace and punctuation
    aside: a title printed over two lines, or one whose colon the metadata adds); a reference file is a
    file inside the corpus."""
    lines = text.split("\n")
    values = {name: getattr(meta, name) for name in PUBLISHED} | {f"note:{a}": b for a, b in meta.notes}
    for name, basis in meta.bases:
        key = "notes" if name.startswith("note:") else f"{name}_basis"
        where = at(meta_path, line_of(data, key))
        if basis.kind == "printed":
            first, last = basis.lines
            if last > len(lines):
                problems.error(where, f"{key}: {basis}: the source has {len(lines)} lines")
            elif letters(str(values[name])) not in letters("".join(lines[first - 1:last])):
                lines_do = f"lines {first}-{last} do" if last > first else f"line {first} does"
                problems.error(where, f"{key}: {basis}: source {lines_do} not contain {values[name]!r}")
        elif basis.kind == "reference" and (problem := _reference_problem(root, basis.file)):
            problems.error(where, f"{key}: {problem}")


def letters(text: str) -> str:
    """Text compared for a printed basis: NFKC, without whitespace and punctuation."""
    return "".join(c for c in unicodedata.normalize("NFKC", text) if not c.isspace()
                   and not unicodedata.category(c).startswith("P"))


def _reference_problem(root: Path, name: str) -> str | None:
    """Why a reference basis does not name a reference file inside the corpus, or None."""
    parts = PurePosixPath(name).parts
    if PurePosixPath(name).is_absolute() or ".." in parts or "\\" in name:
        return f"reference {name!r} must be a path inside the corpus folder (no '..', not absolute)"
    path = root.joinpath(*parts)
    if not path.is_file() or any(root.joinpath(*parts[:i + 1]).is_symlink() for i in range(len(parts))):
        return f"reference file {name} not found in the corpus (copy the facts into it, with their origin)"
    return None


def url_problem(url: str) -> str | None:
    """Why a metadata URL may not be published as a link, or None: only ``https:``/``http:`` with a host."""
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        return f"{url!r} is not a valid URL ({exc})"
    if parts.scheme.lower() not in ("https", "http"):
        scheme = f"{parts.scheme}:" if parts.scheme else "none"
        return f"{url!r}: only https: and http: URLs are allowed (scheme: {scheme})"
    if not parts.hostname:
        return f"{url!r} has no host"
    if re.search(r"[\s<>\"'\x00-\x1f\x7f]", url):
        return f"{url!r} contains a space, a control character or one of < > \" '"
    return None


def _source_path(root: Path, name: str, where: Location, problems: Collector) -> Path | None:
    """The source file ``name`` names, if it stays inside ``root/sources`` (else one error at the ``source:``
    line): relative, no ``..``, no symbolic link on the way, a regular file."""
    parts = PurePosixPath(name).parts
    if "\\" in name or PurePosixPath(name).is_absolute() or re.match(r"[A-Za-z]:", name):
        problems.error(where, f"source: {name!r} must be a relative path below sources/ (not absolute, no drive, "
                       "/ between folders)")
        return None
    if ".." in parts:
        problems.error(where, f"source: {name!r} must stay inside sources/ (no '..')")
        return None
    folder = root / "sources"
    on_the_way = [folder] + [folder.joinpath(*parts[:i + 1]) for i in range(len(parts))]
    link = next((step for step in on_the_way if step.is_symlink()), None)
    if link is not None:
        problems.error(where, f"source: {display(link, root)} is a symbolic link; sources must be regular files "
                       "inside sources/")
        return None
    path = on_the_way[-1]
    if path.is_dir():
        problems.error(where, f"source: {display(path, root)} is a directory, not a file")
        return None
    if not path.exists():
        problems.error(where, f"source file {name} not found in {display(root / 'sources', root)}")
        return None
    if not path.is_file():
        problems.error(where, f"source: {display(path, root)} is not a regular file")
        return None
    return path


def display(path: Path, root: Path) -> str:
    """A path inside the corpus, as the maintainer writes it (``sources/x.txt``)."""
    return path.relative_to(root).as_posix()


def _read_source(path: Path, problems: Collector) -> str | None:
    text = read_text(path, problems, "source file")
    if text is None:
        return None
    if not text.strip():
        problems.error(at(path, 1), "source is empty")
        return None
    if text.startswith("\ufeff"):
        problems.error(at(path, 1), "source starts with a UTF-8 byte order mark (BOM); save it as UTF-8 without BOM")
        return None
    if "\r" in text:
        first = text.index("\r")
        line = text.count("\n", 0, first) + 1
        kind = "CRLF (Windows)" if text.startswith("\r\n", first) else "CR"
        problems.error(at(path, line), f"source has {kind} line endings (first at this line); convert them to LF")
        return None
    return text
