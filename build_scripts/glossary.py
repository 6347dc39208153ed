"""The glossary: read and validate ``corpus/glossary.yml``, and check its forms against the sources.

``load_glossary(path)`` returns the terms; ``read_glossary(path)`` also returns the ``unused:`` list.
Every problem is reported as ``file:line: error: message`` (diagnostics.Collector), all in one run,
then BuildError is raised once.

File layout (see the comment block at the top of corpus/glossary.yml)::

    unused:                      # forms that do not occur in any source, each with a reason
      - {form: 普遍健康覆盖, key: uhc, reason: "..."}
    terms:
      - key: uhc                 # ^[a-z0-9-]+$, unique
        zh: 全民健康覆盖           # main Chinese form
        variants: [全民健康保障]   # other Chinese forms the sources use ([] when none)
        en: universal health coverage
        abbr: UHC                # or null
        definition_zh: ...       # non-empty
        definition_en: ...       # non-empty
        first_use: {doc: <slug>, note: "para 10"}   # or null

Forms (zh and variants) must contain a Han character and no whitespace, and no form may belong to two
terms. ``check_usage`` applies the corpus rules: a form *occurs* in a source when it is a substring of
the source's text with every line joined and all whitespace removed (``joined_text``); every form must
occur somewhere or be listed under ``unused:``; a form listed as unused must really not occur; and
``first_use.doc`` must be the first document in reading order whose text contains one of the forms.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .diagnostics import Collector, Location, at, display_path
from .yamlio import line_of, load_yaml

KEY_RE = re.compile(r"^[a-z0-9-]+$")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_SPACE = re.compile(r"\s")

TERM_FIELDS = ("key", "zh", "variants", "en", "abbr", "definition_zh", "definition_en", "first_use")
UNUSED_FIELDS = ("form", "key", "reason")
TOP_FIELDS = ("terms", "unused")


@dataclass(frozen=True)
class FirstUse:
    """Where a term is first used: a document slug and a human-readable place in it (e.g. ``para 3``)."""

    doc: str
    note: str


@dataclass(frozen=True)
class Term:
    """One glossary entry, with the file and line it was read from."""

    key: str
    zh: str
    variants: tuple[str, ...]
    en: str
    abbr: str | None
    definition_zh: str
    definition_en: str
    first_use: FirstUse | None
    path: str  #: the glossary file, as displayed in diagnostics
    line: int  #: 1-based line of the entry (its ``- key:`` line)

    @property
    def forms(self) -> tuple[str, ...]:
        """zh followed by the variants: every Chinese form the sources use for this term."""
        return (self.zh, *self.variants)

    @property
    def location(self) -> Location:
        return Location(self.path, self.line)


@dataclass(frozen=True)
class UnusedForm:
    """A form of a term that does not occur in the sources, with the reason it is kept anyway."""

    form: str
    key: str
    reason: str
    path: str
    line: int


@dataclass(frozen=True)
class Glossary:
    """Everything read from the glossary file."""

    terms: tuple[Term, ...]  #: in file order
    unused: tuple[UnusedForm, ...]
    path: str


def load_glossary(path: Path | str, doc_slugs: Iterable[str] | None = None) -> tuple[Term, ...]:
    """Read and validate the glossary; return its terms in file order. Raises BuildError listing every problem.

    ``doc_slugs``, when given, are the known document slugs that ``first_use.doc`` must name.
    """
    return read_glossary(path, doc_slugs).terms


def read_glossary(path: Path | str, doc_slugs: Iterable[str] | None = None) -> Glossary:
    """Like load_glossary, but return the whole Glossary (terms and the ``unused:`` list)."""
    path = Path(path)
    problems = Collector()
    slugs = frozenset(doc_slugs) if doc_slugs is not None else None
    shown = display_path(path)
    data = load_yaml(path, problems, "glossary file")
    problems.raise_if_any()
    if not isinstance(data, dict):
        problems.error(at(path, 1), "the glossary must be a mapping with a 'terms:' list (and optionally 'unused:')")
        problems.raise_if_any()
    for name in sorted(set(data) - set(TOP_FIELDS), key=str):
        problems.error(at(path, line_of(data, name)), f"unknown top-level field {name!r} (expected terms, unused)")
    raw_terms = data.get("terms")
    if not isinstance(raw_terms, list) or not raw_terms:
        problems.error(at(path, line_of(data, "terms")), "terms: must be a non-empty list of entries")
        raw_terms = []
    raw_unused = data.get("unused", [])
    if raw_unused is None:
        raw_unused = []
    if not isinstance(raw_unused, list):
        problems.error(at(path, line_of(data, "unused")), "unused: must be a list of {form, key, reason}")
        raw_unused = []

    terms: list[Term] = []
    key_lines: dict[str, int] = {}
    form_owner: dict[str, tuple[str, int]] = {}  # form -> (key, line of the field that introduced it)
    fallback_line = line_of(data, "terms") or 1
    for raw in raw_terms:
        term = _read_term(path, raw, fallback_line, slugs, problems)
        if term is None:
            continue
        if term.key in key_lines:
            problems.error(at(path, line_of(raw, "key")),
                           f"duplicate key {term.key!r}: already used by the entry at line {key_lines[term.key]}")
            continue
        key_lines[term.key] = term.line
        for field, form in [("zh", term.zh)] + [("variants", v) for v in term.variants]:
            here = line_of(raw, field) or term.line
            if form in form_owner:
                other_key, other_line = form_owner[form]
                problems.error(at(path, here),
                               f"{field}: form {form!r} of term {term.key!r} (line {here}) is already a form of term "
                               f"{other_key!r} (line {other_line})")
            else:
                form_owner[form] = (term.key, here)
        terms.append(term)

    unused: list[UnusedForm] = []
    seen_unused: dict[str, int] = {}
    by_key = {t.key: t for t in terms}
    for raw in raw_unused:
        item = _read_unused(path, raw, line_of(data, "unused") or 1, problems)
        if item is None:
            continue
        if item.form in seen_unused:
            problems.error(at(path, item.line),
                           f"unused: form {item.form!r} is already listed at line {seen_unused[item.form]}")
            continue
        seen_unused[item.form] = item.line
        term = by_key.get(item.key)
        if term is None:
            if item.key not in key_lines:  # a key that failed validation was already reported
                problems.error(at(path, item.line), f"unused: key {item.key!r} names no term")
        elif item.form not in term.forms:
            problems.error(at(path, item.line),
                           f"unused: {item.form!r} is not the zh or a variant of term {item.key!r} (line {term.line})")
        unused.append(item)

    problems.raise_if_any()
    return Glossary(tuple(terms), tuple(unused), shown)


def _read_term(path: Path, raw: Any, fallback_line: int, slugs: frozenset[str] | None,
               problems: Collector) -> Term | None:
    if not isinstance(raw, dict):
        problems.error(at(path, line_of(raw) or fallback_line), "a term must be a mapping of field: value")
        return None
    line = line_of(raw) or fallback_line
    before = len(problems.items)

    def bad(field: str, message: str) -> None:
        problems.error(at(path, line_of(raw, field) or line), f"{field}: {message}")

    for field in TERM_FIELDS:
        if field not in raw:
            problems.error(at(path, line), f"{field}: required field is missing"
                           + (f" (term {raw['key']!r})" if isinstance(raw.get("key"), str) else ""))
    for field in sorted(set(raw) - set(TERM_FIELDS), key=str):
        bad(field, f"unknown field (expected {', '.join(TERM_FIELDS)})")

    key = raw.get("key")
    if "key" in raw and not (isinstance(key, str) and KEY_RE.fullmatch(key)):
        bad("key", f"{key!r} is not a valid key (lower-case ASCII letters, digits and -: ^[a-z0-9-]+$)")
    if "zh" in raw:
        _check_form(raw.get("zh"), lambda m: bad("zh", m))
    variants = raw.get("variants")
    if "variants" in raw:
        if not isinstance(variants, list):
            bad("variants", "must be a list of Chinese forms ([] when there are none)")
        else:
            for i, form in enumerate(variants):
                _check_form(form, lambda m, i=i: bad("variants", f"item {i + 1}: {m}"))
            strings = [v for v in variants if isinstance(v, str)]
            for form in sorted({v for v in strings if strings.count(v) > 1}):
                bad("variants", f"{form!r} is listed twice")
            if raw.get("zh") in strings:
                bad("variants", f"{raw['zh']!r} is the zh form; do not repeat it as a variant")
    for field in ("en", "definition_zh", "definition_en"):
        if field in raw and not _text(raw.get(field)):
            bad(field, "must be non-empty text")
    if "abbr" in raw and raw.get("abbr") is not None and not _text(raw.get("abbr")):
        bad("abbr", "must be non-empty text or null")
    first_use = None
    fu = raw.get("first_use")
    if "first_use" in raw and fu is not None:
        if not isinstance(fu, dict):
            bad("first_use", "must be {doc: <document slug>, note: <where>} or null")
        else:
            for sub in sorted(set(fu) - {"doc", "note"}, key=str):
                problems.error(at(path, line_of(fu, sub) or line_of(raw, "first_use") or line),
                               f"first_use: unknown field {sub!r} (expected doc, note)")
            doc, note = fu.get("doc"), fu.get("note")
            if not _text(doc):
                bad("first_use", "doc must be a document slug")
            elif slugs is not None and doc not in slugs:
                bad("first_use", f"doc {doc!r} is not a known document (known: {', '.join(sorted(slugs))})")
            if not _text(note):
                bad("first_use", "note must say where the term is first used (e.g. 'para 3')")
            first_use = FirstUse(doc, note) if _text(doc) and _text(note) else None

    if len(problems.items) > before:
        return None
    return Term(
        key=key, zh=raw["zh"], variants=tuple(variants), en=raw["en"].strip(),
        abbr=raw["abbr"].strip() if raw["abbr"] is not None else None,
        definition_zh=raw["definition_zh"].strip(), definition_en=raw["definition_en"].strip(),
        first_use=first_use, path=display_path(path), line=line,
    )


def _read_unused(path: Path, raw: Any, fallback_line: int, problems: Collector) -> UnusedForm | None:
    if not isinstance(raw, dict):
        problems.error(at(path, line_of(raw) or fallback_line), "an unused entry must be {form, key, reason}")
        return None
    line = line_of(raw) or fallback_line
    before = len(problems.items)
    for field in UNUSED_FIELDS:
        if not _text(raw.get(field)):
            problems.error(at(path, line_of(raw, field) or line), f"unused: {field} must be non-empty text")
    for field in sorted(set(raw) - set(UNUSED_FIELDS), key=str):
        problems.error(at(path, line_of(raw, field) or line), f"unused: unknown field {field!r}")
    if len(problems.items) > before:
        return None
    return UnusedForm(raw["form"], raw["key"], raw["reason"].strip(), display_path(path), line)


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _check_form(value: Any, report) -> None:
    if not _text(value):
        report("must be a non-empty Chinese form")
    elif _SPACE.search(value):
        report(f"{value!r} contains whitespace (forms are matched against text with whitespace removed)")
    elif not _HAN.search(value):
        report(f"{value!r} contains no Chinese character")


# ── Checking the forms against the sources ──────────────────────────────────────────────────────────

def joined_text(text: str) -> str:
    """A source's text layer as forms are matched against it: all lines joined, all whitespace removed.

    The PDF text layers break words across lines (and put blank spacer lines between them), and put
    spaces around Latin words and digits inside Chinese text ("2030 年"); removing every whitespace
    character undoes both. A form occurs in a source when it is a substring of this text.
    """
    return _WS.sub("", text)


_WS = re.compile(r"\s+")


def occurrences(forms: Iterable[str], sources: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    """For each form, the slugs (in the order given) of the sources whose joined text contains it.

    ``sources`` is a sequence of (slug, raw text) in reading order.
    """
    joined = [(slug, joined_text(text)) for slug, text in sources]
    return {form: [slug for slug, text in joined if form in text] for form in forms}


def check_usage(glossary: Glossary, sources: Sequence[tuple[str, str]]) -> None:
    """Check the glossary against the sources (slug, raw text) given in reading order; BuildError on problems.

    * every zh form and variant occurs in some source, or is listed under ``unused:``;
    * a form listed under ``unused:`` does not occur in any source;
    * ``first_use.doc`` is the first source (in the order given) whose text contains one of the term's forms.
    """
    problems = Collector()
    found = occurrences({f for t in glossary.terms for f in t.forms}, sources)
    unused = {u.form: u for u in glossary.unused}
    for term in glossary.terms:
        for form in term.forms:
            what = "zh" if form == term.zh else "variant"
            if found[form] and form in unused:
                problems.error(Location(glossary.path, unused[form].line),
                               f"unused: {form!r} (term {term.key!r}) is listed as unused but occurs in "
                               f"{', '.join(found[form])}")
            elif not found[form] and form not in unused:
                problems.error(term.location,
                               f"{what} {form!r} of term {term.key!r} occurs in no source; correct it or list it "
                               f"under unused: with a reason")
        if term.first_use is not None:
            first = next((slug for slug, _ in sources if any(slug in found[f] for f in term.forms)), None)
            if first is None:
                problems.error(term.location, f"first_use: term {term.key!r} occurs in no source")
            elif term.first_use.doc != first:
                problems.error(term.location,
                               f"first_use: term {term.key!r} names {term.first_use.doc!r}, but the first document "
                               f"in reading order that uses it is {first!r}")
    problems.raise_if_any()
