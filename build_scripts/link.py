"""Stage 5, link: the cross-reference graph (entity -> mentions -> places), built once and frozen.

Every later stage reads the graph through side tables keyed by stable ids; nothing here renders.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .extract import Mention, fold
from .glossary import Term
from .intervals import claimed_from
from .model import Document, Unit
from .sourcelines import LineMap, line_map
from .urls import doc_page

UnitKey = tuple[str, str, str]  #: (document slug, part slug, unit anchor)


@dataclass(frozen=True)
class Place:
    """A citable unit as a place that mentions things."""

    doc: str  #: document slug
    part: str  #: part slug
    page: str  #: Markdown path of the page the unit is on
    anchor: str  #: the unit's HTML id
    text: str  #: the unit's text
    num: str  #: the unit's printed number, or ""
    programme: int | None  #: programme of A/71/6/Rev.1 the unit belongs to
    subprogramme: str | None  #: "13.2" when the unit lies under 次级方案 2 of programme 13


@dataclass(frozen=True)
class TermHit:
    """An occurrence of a glossary term in a unit."""

    term: str  #: glossary key
    doc: str
    part: str
    anchor: str
    start: int  #: offsets into the unit's text
    end: int


@dataclass(frozen=True)
class Subprogramme:
    """A subprogramme heading found in the text of A/71/6/Rev.1."""

    programme: int
    number: str  #: printed number, e.g. "2"
    title: str
    page: str
    anchor: str


@dataclass(frozen=True)
class Graph:
    """The whole cross-reference graph; mappings are read-only views."""

    places: Mapping[UnitKey, Place]
    mentions: tuple[Mention, ...]
    term_hits: tuple[TermHit, ...]
    by_entity: Mapping[tuple[str, str], tuple[Mention, ...]]  #: (kind, entity id) -> mentions, in reading order
    by_unit: Mapping[UnitKey, tuple[Mention, ...]]
    terms_by_unit: Mapping[UnitKey, tuple[TermHit, ...]]
    terms_by_key: Mapping[str, tuple[TermHit, ...]]
    mandate_titles: Mapping[str, str]  #: resolution symbol -> Chinese title as printed in a 立法授权 list
    subprogrammes: tuple[Subprogramme, ...]
    #: document slug -> its source lines and where each is shown (sourcelines.py: the source view, printed bases)
    sources: Mapping[str, LineMap] = field(default_factory=lambda: MappingProxyType({}))

    def place(self, m: Mention | TermHit) -> Place:
        return self.places[(m.doc, m.part, m.anchor)]

    def line_of(self, m: Mention) -> int | None:
        """The source line that prints a mention (its first character), None when not known."""
        lines = self.sources.get(m.doc)
        return lines.line_of(m.part, m.anchor, m.start, m.in_num) if lines else None


def page_of(doc: Document, part_slug: str) -> str:
    return doc_page(doc.meta.slug) if len(doc.parts) == 1 else doc_page(doc.meta.slug, part_slug)


def _places(documents: Iterable[Document]) -> tuple[dict[UnitKey, Place], list[Subprogramme]]:
    places: dict[UnitKey, Place] = {}
    subprogrammes: list[Subprogramme] = []
    for doc in documents:
        for part in doc.parts:
            page = page_of(doc, part.slug)
            current: str | None = None
            for block in part.blocks():
                if block.kind == "heading" and re.fullmatch(r"(?:sec_[a-z0-9-]+__)?subprog_[0-9]+", block.anchor):
                    number = block.anchor.rsplit("_", 1)[1]
                    current = f"{part.programme}.{number}"
                    subprogrammes.append(Subprogramme(part.programme or 0, number, block.unit.text, page, block.anchor))
                elif block.kind == "heading" and block.level <= 1:
                    current = None
                for unit in block.units():
                    places[(doc.meta.slug, part.slug, unit.anchor)] = Place(
                        doc.meta.slug, part.slug, page, unit.anchor, unit.text, unit.num or "", part.programme,
                        current if part.programme else None)
    return places, subprogrammes


class TermFinder:
    """Glossary terms in a text by every form, longest first, ignoring whitespace and width variants."""

    def __init__(self, terms: Iterable[Term]):
        self.owner = {fold(form, names=True).text: term.key for term in terms for form in term.forms}
        self.by_first: dict[str, list[str]] = defaultdict(list)
        for key in sorted(self.owner, key=lambda k: (-len(k), k)):
            self.by_first[key[0]].append(key)

    def find(self, text: str) -> list[tuple[str, int, int]]:
        folded = fold(text, names=True)
        out, pos = [], 0
        while pos < len(folded.text):
            key = next((k for k in self.by_first.get(folded.text[pos], ()) if folded.text.startswith(k, pos)), None)
            if key is None:
                pos += 1
                continue
            start, end = folded.span(pos, pos + len(key))
            out.append((self.owner[key], start, end))
            pos += len(key)
        return out


def _term_hits(places: Mapping[UnitKey, Place], terms: Iterable[Term], mentions_by_unit) -> list[TermHit]:
    finder = TermFinder(terms)
    hits = []
    for key, place in places.items():
        taken = claimed_from((m.start, m.end) for m in mentions_by_unit.get(key, ()) if m.kind == "actor")
        for term, start, end in finder.find(place.text):
            if not taken.overlaps(start, end):  # 卫生大会 names an actor, not a term
                hits.append(TermHit(term, place.doc, place.part, place.anchor, start, end))
    return hits


def _mandate_titles(documents: Iterable[Document], mentions: Iterable[Mention]) -> dict[str, str]:
    texts: dict[UnitKey, str] = {}
    for doc in documents:
        for part in doc.parts:
            for block in part.blocks():
                for group in block.groups:
                    for entry in group.entries:
                        texts[(doc.meta.slug, part.slug, entry.anchor)] = entry.text
    titles: dict[str, str] = {}
    for m in mentions:
        if m.in_num and m.kind == "resolution":
            titles.setdefault(m.entity, texts.get((m.doc, m.part, m.anchor), ""))
    return titles


def printed_titles(graph: Graph, entity: str, kind: str = "resolution") -> dict[str, list[Place]]:
    """Every distinct title the 立法授权 lists print for a resolution (or another document cited by its symbol),
    in reading order, with the entries that print it: different titles printed for one number (A/RES/69/10 in two
    lists) are all kept."""
    titles: dict[str, list[Place]] = {}
    for m in graph.by_entity.get((kind, entity), ()):
        place = graph.place(m)
        if m.in_num and place.text and place not in titles.get(place.text, []):
            titles.setdefault(place.text, []).append(place)
    return titles


def _group(items: Iterable, key) -> Mapping:
    grouped: dict = defaultdict(list)
    for item in items:
        grouped[key(item)].append(item)
    return MappingProxyType({k: tuple(v) for k, v in grouped.items()})


def link(documents: tuple[Document, ...], mentions: tuple[Mention, ...], terms: tuple[Term, ...]) -> Graph:
    places, subprogrammes = _places(documents)
    by_unit = _group(mentions, lambda m: (m.doc, m.part, m.anchor))
    term_hits = tuple(_term_hits(places, terms, by_unit))
    return Graph(
        places=MappingProxyType(places),
        mentions=mentions,
        term_hits=term_hits,
        by_entity=_group(mentions, lambda m: (m.kind, m.entity)),
        by_unit=by_unit,
        terms_by_unit=_group(term_hits, lambda h: (h.doc, h.part, h.anchor)),
        terms_by_key=_group(term_hits, lambda h: h.term),
        mandate_titles=MappingProxyType(_mandate_titles(documents, mentions)),
        subprogrammes=tuple(subprogrammes),
        sources=MappingProxyType({doc.meta.slug: line_map(doc) for doc in documents}),
    )


def unit_key(doc: str, part: str, unit: Unit) -> UnitKey:
    return (doc, part, unit.anchor)
