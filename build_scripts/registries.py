"""The curated entity registries in corpus/: actors, SDGs and programmes.

``load_registries(corpus_root)`` reads ``actors.yml``, ``sdgs.yml`` and ``programmes.yml``, checks
every entry (missing fields, id format, duplicate ids, one alias claimed by two actors …), reports
every problem with its file and line, then fails once (BuildError). The file formats are described
at the top of each YAML file.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .clean import nfkc_key
from .diagnostics import Collector, at
from .yamlio import line_of, load_yaml

ACTOR_ID = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")  #: short ASCII ids: ``who``, ``asean_sec``
TARGET_ID = re.compile(r"([1-9]|1[0-7])\.([1-9][0-9]?|[a-z])")  #: SDG targets: ``3.5``, ``3.c``


@dataclass(frozen=True)
class Actor:
    """An organisation or body the sources name."""

    id: str  #: short ASCII id, the URL slug (``/actors/who/``)
    zh: str  #: full Chinese name
    aliases: tuple[str, ...]  #: every other form the sources use (short forms, variants, Latin forms)
    en: str  #: English name (official)
    abbr: str | None  #: English abbreviation, None when there is none
    kind: str  #: what kind of body it is, in English
    origin: str  #: ``reference`` (from the reference list of organisations) or ``added`` (found in the sources)
    occurs: bool  #: whether any of its names occurs in the sources (checked by tests/extract)
    unused: tuple[str, ...] = ()  #: names (zh or aliases) that never occur as a mention; checked by tests
    line: int = 0  #: line in actors.yml, for diagnostics
    #: the English name's basis when the entry states it (``inferred: WHY`` or ``reference FILE``); None: the name
    #: comes with the rest of the entry (the reference list, or the editors for an added body)
    en_basis: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The full name first, then the aliases."""
        return (self.zh, *self.aliases)


@dataclass(frozen=True)
class NotActor:
    """A name that contains an actor's name but does not name that actor (``联合国可持续发展大会``)."""

    name: str  #: as printed
    reason: str  #: why it is not a mention of the shorter name inside it
    line: int = 0


@dataclass(frozen=True)
class Goal:
    """One of the 17 Sustainable Development Goals (A/RES/70/1)."""

    number: int  #: 1-17
    zh_short: str  #: Chinese short name
    en_short: str  #: English short name (``Good health and well-being``)
    zh: str  #: Chinese goal statement
    en: str  #: English goal statement
    zh_checked: bool = False  #: the Chinese statement appears verbatim in a source document


@dataclass(frozen=True)
class Target:
    """An SDG target cited by number in the sources."""

    id: str  #: ``3.5``, ``3.c``
    en: str | None  #: official English text, None when the reference does not give it

    @property
    def goal(self) -> int:
        return int(self.id.split(".")[0])


@dataclass(frozen=True)
class Programme:
    """A programme of the biennial programme plan in A/71/6/Rev.1."""

    number: int  #: 1-28
    zh: str  #: title as printed in the source
    en: str  #: official English title


@dataclass(frozen=True)
class Registries:
    """Everything the extract stage resolves names and numbers against."""

    actors: tuple[Actor, ...]
    not_actors: tuple[NotActor, ...]
    goals: tuple[Goal, ...]
    targets: tuple[Target, ...]
    programmes: tuple[Programme, ...]
    programme_document: str  #: slug of the document whose programmes these are (``document`` in programmes.yml)
    #: the reference files of the corpus (``reference/<name>.yml``, published beside the sources): an entity name
    #: taken from one links to it
    reference_files: frozenset[str] = frozenset()

    def actor(self, actor_id: str) -> Actor:
        """The actor with this id (KeyError if there is none)."""
        for actor in self.actors:
            if actor.id == actor_id:
                return actor
        raise KeyError(actor_id)


def load_registries(corpus_root: Path, doc_slugs: Iterable[str] | None = None) -> Registries:
    """Read and validate the three registries; raises BuildError listing every problem. ``doc_slugs``, when
    given, are the known document slugs, one of which ``document:`` in programmes.yml must name."""
    problems = Collector()
    actors, not_actors = _load_actors(corpus_root / "actors.yml", problems)
    goals, targets = _load_sdgs(corpus_root / "sdgs.yml", problems)
    programmes, programme_document = _load_programmes(corpus_root / "programmes.yml", doc_slugs, problems)
    problems.raise_if_any()
    references = frozenset(f"reference/{p.name}" for p in (corpus_root / "reference").glob("*.yml"))
    return Registries(actors, not_actors, goals, targets, programmes, programme_document, references)


# -- shared helpers ------------------------------------------------------------------------------


class _Checker:
    """Field checks for one YAML entry, each reporting ``file:line: error: <where>: <key>: message``."""

    def __init__(self, path: Path, entry: Any, where: str, problems: Collector):
        self.path, self.entry, self.where, self.problems = path, entry, where, problems
        self.before = len(problems.items)

    def error(self, key: str | None, message: str) -> None:
        line = line_of(self.entry, key) if key else line_of(self.entry)
        prefix = f"{self.where}: {key}: " if key else f"{self.where}: "
        self.problems.error(at(self.path, line), prefix + message)

    @property
    def ok(self) -> bool:
        return len(self.problems.items) == self.before

    def text(self, key: str, optional: bool = False) -> str | None:
        value = self.entry.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            self.error(key, "required text field is missing or empty" if not optional else "must be text or null")
            return None
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.error(key, "must be a list of non-empty texts")
            return ()
        return tuple(value)

    def integer(self, key: str, low: int, high: int) -> int | None:
        value = self.entry.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            self.error(key, f"must be an integer from {low} to {high}")
            return None
        return value

    def unknown(self, allowed: set[str]) -> None:
        for key in sorted(set(self.entry) - allowed, key=str):
            self.error(key, "unknown field")


def _list_of_mappings(path: Path, data: Any, key: str, problems: Collector, allow_empty: bool = False) -> list[Any]:
    """``data[key]`` as a list of mappings, reporting what is wrong instead. An empty list is an error unless
    ``allow_empty``: a registry with no entries would silently switch its checks and pages off."""
    if not isinstance(data, dict):
        problems.error(at(path, 1), "must be a mapping with a top-level key " + repr(key))
        return []
    items = data.get(key)
    if not isinstance(items, list):
        problems.error(at(path, line_of(data, key) or 1), f"{key}: must be a list")
        return []
    if not items and not allow_empty:
        problems.error(at(path, line_of(data, key) or 1), f"{key}: must not be empty")
        return []
    out = []
    for i, item in enumerate(items):
        if isinstance(item, dict):
            out.append(item)
        else:
            problems.error(at(path, line_of(data, key)), f"{key}[{i}]: must be a mapping of field: value")
    return out


# -- actors --------------------------------------------------------------------------------------

_ACTOR_FIELDS = {"id", "zh", "aliases", "en", "abbr", "kind", "origin", "occurs", "unused", "en_basis"}
#: an English name's stated basis (model.Basis forms; a name the sources do not print is not ``printed``)
_EN_BASIS = re.compile(r"inferred: \S.*|reference \S+")


def _load_actors(path: Path, problems: Collector) -> tuple[tuple[Actor, ...], tuple[NotActor, ...]]:
    data = load_yaml(path, problems, "registry file")
    if data is None:
        return (), ()
    entries = _list_of_mappings(path, data, "actors", problems)
    actors = [a for a in (_actor(path, e, problems) for e in entries) if a]
    has_extra = isinstance(data, dict) and "not_actors" in data
    extra = _list_of_mappings(path, data, "not_actors", problems, allow_empty=True) if has_extra else []
    not_actors = [n for n in (_not_actor(path, e, problems) for e in extra) if n]
    _check_actor_uniqueness(path, entries, extra, problems)
    return tuple(actors), tuple(not_actors)


def _actor(path: Path, entry: Any, problems: Collector) -> Actor | None:
    c = _Checker(path, entry, f"actor {entry.get('id', '?')!r}", problems)
    actor_id = c.text("id")
    if actor_id is not None and not ACTOR_ID.fullmatch(actor_id):
        c.error("id", f"{actor_id!r} is not a valid id (lower-case ASCII letters and digits, words joined by _)")
    zh, en, kind = c.text("zh"), c.text("en"), c.text("kind")
    abbr = c.text("abbr", optional=True)
    aliases, unused = c.texts("aliases"), c.texts("unused")
    en_basis = c.text("en_basis", optional=True)
    if en_basis is not None and not _EN_BASIS.fullmatch(en_basis):
        c.error("en_basis", f"{en_basis!r} is not 'inferred: REASON' or 'reference FILE'")
    origin = entry.get("origin")
    if origin not in ("reference", "added"):
        c.error("origin", "must be reference or added")
    if not isinstance(entry.get("occurs"), bool):
        c.error("occurs", "must be true or false")
    for name in unused:
        if name not in (zh, *aliases):
            c.error("unused", f"{name!r} is neither the zh name nor an alias")
    c.unknown(_ACTOR_FIELDS)
    if not c.ok:
        return None
    return Actor(actor_id, zh, aliases, en, abbr, kind, origin, entry["occurs"], unused, line_of(entry) or 0, en_basis)


def _not_actor(path: Path, entry: Any, problems: Collector) -> NotActor | None:
    c = _Checker(path, entry, f"not_actor {entry.get('name', '?')!r}", problems)
    name, reason = c.text("name"), c.text("reason")
    c.unknown({"name", "reason"})
    return NotActor(name, reason, line_of(entry) or 0) if c.ok else None


def _check_actor_uniqueness(path: Path, actors: list[Any], not_actors: list[Any], problems: Collector) -> None:
    """Ids are unique, and a name (compared after normalising dashes, spaces and brackets) has one
    owner. Checked on the raw entries, so an entry with other problems is still compared."""
    first_line: dict[str, int] = {}
    owner: dict[str, tuple[str, int]] = {}
    for entry in actors:
        actor_id, line = entry.get("id"), line_of(entry) or 0
        if isinstance(actor_id, str):
            if actor_id in first_line:
                problems.error(at(path, line),
                               f"actor {actor_id!r}: duplicate id (first used at line {first_line[actor_id]})")
            first_line.setdefault(actor_id, line)
        aliases = entry.get("aliases") if isinstance(entry.get("aliases"), list) else []
        for name in [entry.get("zh"), *aliases]:
            if isinstance(name, str) and name.strip():
                _claim(path, nfkc_key(name), name, f"actor {actor_id!r}", line, owner, problems)
    for entry in not_actors:
        if isinstance(entry.get("name"), str) and entry["name"].strip():
            _claim(path, nfkc_key(entry["name"]), entry["name"], "not_actors", line_of(entry) or 0, owner, problems)


def _claim(path: Path, key: str, name: str, who: str, line: int, owner: dict[str, tuple[str, int]],
           problems: Collector) -> None:
    if key in owner and owner[key][0] != who:
        other, other_line = owner[key]
        problems.error(at(path, line), f"{who}: name {name!r} is already claimed by {other} (line {other_line})")
    elif key in owner:
        problems.error(at(path, line), f"{who}: name {name!r} is listed twice (after normalisation)")
    else:
        owner[key] = (who, line)


# -- SDGs ----------------------------------------------------------------------------------------


def _load_sdgs(path: Path, problems: Collector) -> tuple[tuple[Goal, ...], tuple[Target, ...]]:
    data = load_yaml(path, problems, "registry file")
    if data is None:
        return (), ()
    goals: list[tuple[Goal, Any]] = []
    goal_entries = _list_of_mappings(path, data, "goals", problems)
    for entry in goal_entries:
        c = _Checker(path, entry, f"goal {entry.get('number', '?')}", problems)
        number = c.integer("number", 1, 17)
        fields = [c.text(k) for k in ("zh_short", "en_short", "zh", "en")]
        if not isinstance(entry.get("zh_checked", False), bool):
            c.error("zh_checked", "must be true or false")
        c.unknown({"number", "zh_short", "en_short", "zh", "en", "zh_checked"})
        if c.ok:
            goals.append((Goal(number, *fields, zh_checked=entry.get("zh_checked", False)), entry))
    _check_unique(path, [(g.number, e) for g, e in goals], "goal", problems)
    if goal_entries and len(goals) == len(goal_entries) and sorted(g.number for g, _ in goals) != list(range(1, 18)):
        problems.error(at(path, line_of(data, "goals")), "goals: must list each of the 17 goals exactly once")
    targets: list[tuple[Target, Any]] = []
    for entry in _list_of_mappings(path, data, "targets", problems, allow_empty=True):
        c = _Checker(path, entry, f"target {entry.get('id', '?')!r}", problems)
        target_id = c.text("id")
        if target_id is not None and not TARGET_ID.fullmatch(target_id):
            c.error("id", f"{target_id!r} is not a target id (goal.number or goal.letter, e.g. 3.5, 3.c)")
        en = c.text("en", optional=True)
        c.unknown({"id", "en"})
        if c.ok:
            targets.append((Target(target_id, en), entry))
    _check_unique(path, [(t.id, e) for t, e in targets], "target", problems)
    return tuple(sorted((g for g, _ in goals), key=lambda g: g.number)), tuple(t for t, _ in targets)


def _check_unique(path: Path, keyed: list[tuple[Any, Any]], what: str, problems: Collector) -> None:
    seen: dict[Any, int] = {}
    for key, entry in keyed:
        line = line_of(entry) or 0
        if key in seen:
            problems.error(at(path, line), f"{what} {key!r}: duplicate (first at line {seen[key]})")
        seen.setdefault(key, line)


# -- programmes ----------------------------------------------------------------------------------


def _load_programmes(path: Path, doc_slugs: Iterable[str] | None,
                     problems: Collector) -> tuple[tuple[Programme, ...], str]:
    data = load_yaml(path, problems, "registry file")
    if data is None:
        return (), ""
    document = data.get("document") if isinstance(data, dict) else None
    if not isinstance(document, str) or not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", document):
        problems.error(at(path, line_of(data, "document") or 1), "document: must be the slug of the programme plan")
        document = ""
    elif doc_slugs is not None and document not in doc_slugs:
        problems.error(at(path, line_of(data, "document")),
                       f"document: {document!r} is not a known document (known: {', '.join(sorted(doc_slugs))})")
    programmes: list[tuple[Programme, Any]] = []
    for entry in _list_of_mappings(path, data, "programmes", problems):
        c = _Checker(path, entry, f"programme {entry.get('number', '?')}", problems)
        number = c.integer("number", 1, 99)
        zh, en = c.text("zh"), c.text("en")
        c.unknown({"number", "zh", "en", "line"})
        if c.ok:
            programmes.append((Programme(number, zh, en), entry))
    _check_unique(path, [(p.number, e) for p, e in programmes], "programme", problems)
    return tuple(sorted((p for p, _ in programmes), key=lambda p: p.number)), document
