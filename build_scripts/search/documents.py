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
from pathlib import Path

from ..model import Document, Part
from ..urls import doc_page, url_of


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
    aliases: tuple[str, ...] = ()  #: other-language names of what the text mentions (weak)
    entity: bool = False  #: an entity page (actor, resolution, SDG, programme, glossary term) or document page
    prior: int = 0  #: 0-3, added to the weight of name matches: how often the entity is mentioned
    highlight: tuple[str, ...] = field(default=())  #: surface forms to mark when an alias matched

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


def unit_docs(documents: Sequence[Document], aliases: dict[tuple[str, str, str], list[Names]],
              programme_en: dict[int, str]) -> list[SearchDoc]:
    """Every citable unit, plus one page doc per document (titles, symbol) and per programme page."""
    out: list[SearchDoc] = []
    for doc, part, path, title in page_list(documents):
        url = url_of(path)
        meta = doc.meta
        if part is None or len(doc.parts) == 1:
            names = [n for n in (meta.title_zh, meta.title_en, meta.label_zh, meta.label_en, meta.symbol) if n]
            out.append(SearchDoc(url, title, "", "page", meta.symbol or "", title,
                                 " · ".join(n for n in (meta.title_en or meta.label_en, meta.kind_zh, meta.kind_en,
                                                        meta.publisher, str(meta.year or "")) if n),
                                 keys=(meta.symbol,) if meta.symbol else (), names=tuple(names), entity=True,
                                 prior=2))
        elif part.programme:
            en = programme_en.get(part.programme, part.title_en or "")
            out.append(SearchDoc(url, title, "", "page", "", title, en,
                                 names=(title, part.title_zh, en, f"programme {part.programme}"), entity=True,
                                 prior=1))
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
                    aliases=tuple(n for names in found for n in names.names),
                    highlight=tuple(z for names in found for z in names.zh),
                ))
    return out


# -- mentions -> alias names --------------------------------------------------------------------


def mention_aliases(documents: Sequence[Document], corpus_root: Path, graph=None, loaded=None) -> tuple[
        dict[tuple[str, str, str], list[Names]], list[tuple[str, str, Names, str, int]], dict[int, str], list[str]]:
    """Alias names per unit, entity records, programme English titles and the jieba user words.

    Returns (aliases by (doc, part, anchor), entities as (kind, id, Names, description, mentions), programme en
    titles, user dictionary words). When the registries or the glossary cannot be read (a corpus under
    construction) the search still builds, without cross-language aliases.
    """
    from ..diagnostics import BuildError

    if loaded is not None:
        registries, terms = loaded
        terms = terms or ()
    else:
        try:
            from ..registries import load_registries
            registries = load_registries(corpus_root)
        except (BuildError, ImportError, OSError):
            registries = None
        try:
            from ..glossary import load_glossary
            terms = load_glossary(corpus_root / "glossary.yml")
        except (BuildError, ImportError, OSError):
            terms = ()

    names: dict[tuple[str, str], Names] = {}
    describe: dict[tuple[str, str], str] = {}
    words: list[str] = []
    programme_en: dict[int, str] = {}
    if registries is not None:
        for a in registries.actors:
            en = tuple(x for x in (a.en, a.abbr) if x)
            names[("actor", a.id)] = Names(a.names + en, a.names)
            describe[("actor", a.id)] = " · ".join((a.zh, *a.aliases, *en))
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
            names[("programme", str(p.number))] = Names((p.zh, p.en, f"方案 {p.number}", f"programme {p.number}"),
                                                        (p.zh,))
            describe[("programme", str(p.number))] = f"方案 {p.number} {p.zh} · Programme {p.number}: {p.en}"
            words.append(p.zh)
    for term in terms:
        en = tuple(x for x in (term.en, term.abbr) if x)
        names[("term", term.key)] = Names(term.forms + en, term.forms)
        describe[("term", term.key)] = f"{term.definition_zh} {term.definition_en}"
        words += term.forms

    aliases: dict[tuple[str, str, str], list[Names]] = {}
    entities: list[tuple[str, str, Names, str, int]] = []
    mentioned: dict[tuple[str, str], int] = {}
    if registries is not None:
        if graph is None:
            from ..extract import extract
            from ..link import link
            graph = link(tuple(documents), extract(documents, registries), tuple(terms))
        for m in graph.mentions:
            key = (m.kind, m.entity)
            mentioned[key] = mentioned.get(key, 0) + 1
            if key not in names:
                if m.kind in ("resolution", "document"):
                    title = graph.mandate_titles.get(m.entity, "") if m.kind == "resolution" else ""
                    names[key] = Names((m.entity,), ())
                    describe[key] = title
                else:
                    continue
            if m.kind in ("resolution", "document"):
                continue  # the symbol is in the text already: no alias needed
            aliases.setdefault((m.doc, m.part, m.anchor), []).append(names[key])
        for hit in graph.term_hits:
            mentioned[("term", hit.term)] = mentioned.get(("term", hit.term), 0) + 1
            aliases.setdefault((hit.doc, hit.part, hit.anchor), []).append(names[("term", hit.term)])
    for key in sorted(names, key=lambda k: (k[0], _natural(k[1]))):
        entities.append((key[0], key[1], names[key], describe.get(key, ""), mentioned.get(key, 0)))
    for unit_key, found in aliases.items():  # one entity once per unit, in first-mention order
        seen: list[Names] = []
        for n in found:
            if n not in seen:
                seen.append(n)
        aliases[unit_key] = seen
    return aliases, entities, programme_en, sorted(set(words))


def _natural(text: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text))


# -- entity pages -------------------------------------------------------------------------------

def prior(mentions: int) -> int:
    """0-3 from the number of mentions: 0 for none, 1 for a few, 3 for a hundred or more."""
    return 0 if mentions == 0 else 1 if mentions < 10 else 2 if mentions < 100 else 3


def entity_docs(entities: Iterable[tuple[str, str, Names, str, int]], pages: dict) -> list[SearchDoc]:
    """A doc per entity whose page the build renders (``pages``: Markdown path -> render.PageFile or PageInfo,
    of which only the title and, for the glossary pages, the citable ids (the term keys) are read)."""
    from ..urls import entity_page

    out: list[SearchDoc] = []
    term_pages = {c.anchor: path for path in sorted(pages) if _is_glossary(path) for c in pages[path].citables}
    for kind, entity, names, description, mentions in entities:
        if kind == "term":
            glossary = term_pages.get(entity)  # the glossary page that holds the term's entry
            if glossary is None:
                continue
            title = pages[glossary].title or "术语表 Glossary"
            out.append(SearchDoc(url_of(glossary), title, entity, kind, names.names[0], names.names[0], description,
                                 names=names.names, entity=True, prior=prior(mentions)))
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
                             names=(title, *names.names), entity=True, prior=prior(mentions)))
    return out


def _is_glossary(path: str) -> bool:
    return path.split("/")[0] in ("glossary.md", "glossary", "terms", "terms.md")


def build_docs(documents: Sequence[Document], corpus_root: Path, pages, graph=None, loaded=None
               ) -> tuple[list[SearchDoc], list[tuple[str, str, Names, str, int]], list[str]]:
    """All search docs in index order (document pages in reading order, then entity pages).

    ``pages``: Markdown path -> the rendered page (render.PageFile or PageInfo; see entity_docs).
    ``graph`` (link.Graph) and ``loaded`` ((registries, glossary terms)) are used when given, else read here.
    """
    aliases, entities, programme_en, words = mention_aliases(documents, corpus_root, graph, loaded)
    docs = unit_docs(documents, aliases, programme_en) + entity_docs(entities, pages)
    return docs, entities, words
