"""What the search index holds: one SearchDoc per citable unit, per document page and per entity page.

A unit's doc carries its text (searched and shown), its printed number or symbol as *keys* (an exact
``2.26`` or ``72/139`` ranks first) and, as *aliases*, the names of every actor, SDG, programme and
glossary term it mentions in the other language and form (English name, abbreviation, every Chinese
form), so ``WHO``, ``World Health Organization`` and ``世界卫生组织`` all find a paragraph that says
``世卫组织``. Mentions come from extract.py / link.py (the same ones the pages link).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..model import Document, Part
from ..urls import doc_page, url_of
from .tokenize import HAN


@dataclass(frozen=True, slots=True)
class Place:
    """Where a unit stands, for the results page's grouping and filters: its document and, in a document of
    several parts (pages), its part."""

    document: str  #: document slug
    document_title: str
    part: str = ""  #: part slug in a document of several parts; "" for a one-page document or the overview
    part_title: str = ""


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """One search result target."""

    page: str  #: site-relative URL of the page (``documents/<slug>/prog-2/``)
    page_title: str  #: the page's title, shown as the result group's heading
    anchor: str  #: HTML id on the page; "" for the page itself
    kind: str  #: unit kinds (``paragraph``, ``item``, ``cell``, ``mandate`` …), ``page`` or an entity kind
    label: str  #: printed number / symbol shown before the context ("2.26", "72/139"), or ""
    context: str  #: nearest heading, shown as the result's title
    text: str  #: searched and shown as the snippet
    keys: tuple[str, ...] = ()  #: texts whose symbol / number tokens are exact keys of this doc
    names: tuple[str, ...] = ()  #: names and titles (strong)
    aliases: tuple[tuple[str, int], ...] = ()  #: (name, mentions in the text) of each entity the text mentions
    entity: bool = False  #: an entity page (actor, resolution, SDG, programme, glossary term) or document page
    highlight: tuple[str, ...] = field(default=())  #: surface forms to mark when an alias matched
    place: Place | None = None  #: the document (and part) of a unit or document page; None for an entity page

    @property
    def location(self) -> str:
        return self.page + (f"#{self.anchor}" if self.anchor else "")


@dataclass(frozen=True, slots=True)
class Names:
    """Alias texts of one entity (every name a reader might type), from the registries."""

    names: tuple[str, ...]  #: zh forms and English names / abbreviations
    zh: tuple[str, ...]  #: the Chinese forms (marked in snippets when an English alias matched)


def _heading_text(unit_num: str | None, text: str) -> str:
    return ((unit_num + " ") if unit_num else "") + text


def page_list(documents: Sequence[Document]) -> list[tuple[Document, Part | None, str, str]]:
    """(document, part or None for an overview, Markdown path, page title) in navigation order."""
    from ..render.documents import document_title, part_heading_label

    out: list[tuple[Document, Part | None, str, str]] = []
    for doc in documents:
        if len(doc.parts) == 1:
            out.append((doc, doc.parts[0], doc_page(doc.meta.slug), document_title(doc.meta)))
            continue
        out.append((doc, None, doc_page(doc.meta.slug), document_title(doc.meta)))
        for part in doc.parts:
            out.append((doc, part, doc_page(doc.meta.slug, part.slug), part_heading_label(part)))
    return out


def unit_docs(documents: Sequence[Document], aliases: dict[tuple[str, str, str], list[tuple[Names, int]]],
              programme_en: dict[int, str]) -> list[SearchDoc]:
    """Every citable unit, plus one page doc per document (titles, symbol) and per programme page."""
    out: list[SearchDoc] = []
    for doc, part, path, title in page_list(documents):
        url = url_of(path)
        meta = doc.meta
        place = page_place(doc, part)
        if part is None or len(doc.parts) == 1:
            names = [n for n in (meta.title_zh, meta.title_en, meta.label_zh, meta.label_en, meta.symbol) if n]
            out.append(SearchDoc(url, title, "", "page", meta.symbol or "", title,
                                 " · ".join(n for n in (meta.title_en or meta.label_en, meta.kind_zh, meta.kind_en,
                                                        meta.publisher, str(meta.year or "")) if n),
                                 keys=(meta.symbol,) if meta.symbol else (), names=tuple(names), entity=True,
                                 place=place))
        elif part.programme:
            en = programme_en.get(part.programme, part.title_en or "")
            out.append(SearchDoc(url, title, "", "page", "", title, en,
                                 names=(title, part.title_zh, identity(en), f"programme {part.programme}"),
                                 entity=True, place=place))
        if part is None:
            continue
        context = ""
        for block in part.blocks():
            if block.kind == "heading":
                context = _heading_text(block.unit.num, block.unit.text)
            units = block.units()
            cells = {id(u) for row in block.rows for col in row.columns for u in col}
            entries = {id(u) for g in block.groups for u in g.entries}
            for unit in units:
                if not unit.text and not unit.num:
                    continue
                kind = "cell" if id(unit) in cells else "mandate" if id(unit) in entries else block.kind
                found = aliases.get((doc.meta.slug, part.slug, unit.anchor), [])
                out.append(SearchDoc(
                    url, title, unit.anchor, kind, unit.num or "",
                    context if block.kind != "heading" else "",
                    _heading_text(unit.num, unit.text) if block.kind == "heading" else unit.text,
                    keys=(unit.num,) if unit.num else (),
                    aliases=tuple((n, count) for names, count in found for n in names.names),
                    highlight=tuple(z for names, _ in found for z in names.zh),
                    place=place,
                ))
    return out


def page_place(doc: Document, part: Part | None) -> Place:
    """The Place of a page of ``page_list``: the part only where the document has several."""
    from ..render.documents import document_title, part_heading_label

    several = part is not None and len(doc.parts) > 1
    return Place(doc.meta.slug, document_title(doc.meta), part.slug if several else "",
                 part_heading_label(part) if several else "")


# -- mentions -> alias names --------------------------------------------------------------------

_GLOSS = re.compile(f"\\s*[(（][^()（）{HAN}]*[A-Za-z][^()（）{HAN}]*[)）]")


def identity(name: str) -> str:
    """A name without its Latin parenthetical glosses: ``Conference of the Parties (to a convention, e.g. WHO
    FCTC / UNFCCC)`` is named by ``Conference of the Parties``. The gloss (another entity's name, a former name,
    a note) stays in the entity's description, searched as text, and never counts as part of its name (nor
    as an alias of the texts that mention the entity)."""
    return _GLOSS.sub("", name).strip() or name


def entity_names(registries, terms: Sequence) -> tuple[dict[tuple[str, str], Names], dict[tuple[str, str], str],
                                                       dict[int, str], list[str]]:
    """Names and description of every registered entity, programme English titles, jieba user words."""
    names: dict[tuple[str, str], Names] = {}
    describe: dict[tuple[str, str], str] = {}
    words: list[str] = []
    programme_en: dict[int, str] = {}
    if registries is not None:
        for a in registries.actors:
            en = tuple(dict.fromkeys(identity(x) for x in (a.en, a.abbr) if x))
            names[("actor", a.id)] = Names(a.names + en, a.names)
            describe[("actor", a.id)] = " · ".join((a.zh, *a.aliases, *(x for x in (a.en, a.abbr) if x)))
            words += a.names
        for g in registries.goals:
            zh = (g.zh_short, f"可持续发展目标{g.number}")
            names[("goal", str(g.number))] = Names(
                zh + (g.en_short, f"SDG {g.number}", f"Sustainable Development Goal {g.number}"), zh)
            describe[("goal", str(g.number))] = f"{g.zh} · {g.en_short}: {g.en}"
            words.append(g.zh_short)
        for t in registries.targets:
            names[("target", t.id)] = Names((f"具体目标{t.id}", f"SDG target {t.id}", f"target {t.id}"), ())
            describe[("target", t.id)] = f"具体目标 {t.id} · Target {t.id}" + (f": {t.en}" if t.en else "")
        for p in registries.programmes:
            programme_en[p.number] = p.en
            names[("programme", str(p.number))] = Names((p.zh, identity(p.en), f"方案 {p.number}",
                                                         f"programme {p.number}"), (p.zh,))
            describe[("programme", str(p.number))] = f"方案 {p.number} {p.zh} · Programme {p.number}: {p.en}"
            words.append(p.zh)
    for term in terms:
        en = tuple(dict.fromkeys(identity(x) for x in (term.en, term.abbr) if x))
        names[("term", term.key)] = Names(term.forms + en, term.forms)
        describe[("term", term.key)] = f"{term.definition_zh} {term.definition_en}"
        words += term.forms
    return names, describe, programme_en, words


def mention_aliases(registries, terms: Sequence, graph) -> tuple[
        dict[tuple[str, str, str], list[tuple[Names, int]]], list[tuple[str, str, Names, str]], dict[int, str],
        list[str]]:
    """Alias names per unit, entity records, programme English titles and the jieba user words.

    ``registries`` (or None: a corpus without registry files, searched without cross-language aliases),
    ``terms`` (the glossary) and ``graph`` (link.Graph) are what the load and link stages hand on.
    Returns (aliases by (doc, part, anchor): each mentioned entity's Names with the number of its mentions in
    the unit, in first-mention order; entities as (kind, id, Names, description); programme en titles; user
    dictionary words).
    """
    names, describe, programme_en, words = entity_names(registries, terms)
    counts: dict[tuple[str, str, str], dict[Names, int]] = {}
    if registries is not None:
        for m in graph.mentions:
            key = (m.kind, m.entity)
            if key not in names:
                if m.kind not in ("resolution", "document"):
                    continue
                names[key] = Names((m.entity,), ())
                describe[key] = graph.mandate_titles.get(m.entity, "") if m.kind == "resolution" else ""
            if m.kind in ("resolution", "document"):
                continue  # the symbol is in the text already: no alias needed
            unit = counts.setdefault((m.doc, m.part, m.anchor), {})
            unit[names[key]] = unit.get(names[key], 0) + 1
        for hit in graph.term_hits:
            unit = counts.setdefault((hit.doc, hit.part, hit.anchor), {})
            unit[names[("term", hit.term)]] = unit.get(names[("term", hit.term)], 0) + 1
    entities = [(key[0], key[1], names[key], describe.get(key, ""))
                for key in sorted(names, key=lambda k: (k[0], _natural(k[1])))]
    aliases = {unit: list(found.items()) for unit, found in counts.items()}
    return aliases, entities, programme_en, sorted(set(words))


def _natural(text: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text))


# -- entity pages -------------------------------------------------------------------------------

def entity_docs(entities: Iterable[tuple[str, str, Names, str]], pages: dict) -> list[SearchDoc]:
    """A doc per entity whose page the build renders (``pages``: Markdown path -> render.PageFile or PageInfo,
    of which only the title and, for the glossary pages, the citable ids (the term keys) are read)."""
    from ..urls import entity_page

    out: list[SearchDoc] = []
    term_pages = {c.anchor: path for path in sorted(pages) if _is_glossary(path) for c in pages[path].citables}
    for kind, entity, names, description in entities:
        if kind == "term":
            glossary = term_pages.get(entity)  # the glossary page that holds the term's entry
            if glossary is None:
                continue
            title = pages[glossary].title or "术语表 Glossary"
            out.append(SearchDoc(url_of(glossary), title, entity, kind, names.names[0], names.names[0], description,
                                 names=names.names, entity=True))
            continue
        if kind == "subprogramme":
            continue
        try:
            path = entity_page(kind, entity)
        except ValueError:
            continue
        if path not in pages:
            continue
        title = pages[path].title or entity
        anchor = f"target_{entity.replace('.', '-')}" if kind == "target" else ""
        keys = (entity,) if kind in ("resolution", "document") else ()
        label = entity if kind in ("resolution", "document") else ""
        out.append(SearchDoc(url_of(path), title, anchor, kind, label, title if anchor else title,
                             description or " · ".join(names.names), keys=keys,
                             names=(identity(title), *names.names), entity=True))
    return out


def _is_glossary(path: str) -> bool:
    return path.split("/")[0] in ("glossary.md", "glossary", "terms", "terms.md")


def build_docs(documents: Sequence[Document], registries, terms: Sequence, pages, graph
               ) -> tuple[list[SearchDoc], list[tuple[str, str, Names, str]], list[str]]:
    """All search docs in index order (document pages in reading order, then entity pages).

    ``registries`` (Registries or None) and ``terms`` come from the load stage's Corpus, ``graph`` (link.Graph)
    from the link stage; ``pages``: Markdown path -> the rendered page (render.PageFile or PageInfo; see
    entity_docs).
    """
    aliases, entities, programme_en, words = mention_aliases(registries, terms, graph)
    docs = unit_docs(documents, aliases, programme_en) + entity_docs(entities, pages)
    return docs, entities, words
