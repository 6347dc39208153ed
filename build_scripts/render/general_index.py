"""The general (back-of-book) index: every entity and glossary term with its locations.

Chinese entries are in pinyin order grouped by initial (sortkeys.zh_key; ties broken by code points, then the
entry id), one page per initial; English entries A–Z (sortkeys.en_key) refer to the Chinese entry ("see").

An entry never just repeats itself: a heading that reads the same in both languages (a document symbol) shows the
title its mandate list prints instead of an English twin, and its A–Z line leads to that title, or, when no title is
printed, to the places it is cited. Locators are grouped by document; a document's group with more than
``SUBDIVIDE`` places is split into sub-entries by part (the programmes of a programme plan) or, in a one-part
document, by top-level heading.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from ..glossary import Term
from ..link import Graph
from ..link import Place
from ..model import Document
from ..registries import Registries
from ..symbols import parse_mandate
from ..sortkeys import en_initial, en_key, zh_initial, zh_key
from ..urls import entity_url, relative, url_of
from . import PageFile
from .documents import short_label
from .glossary_page import initial_id, term_url
from .html import esc, md_text
from .paging import Block, html_block, pack, paged, placed, runs
from .labels import anchor_label, resolution_label

#: a document's locators beyond this many are split into sub-entries by part (the issue's "about 10")
SUBDIVIDE = 10


@dataclass(frozen=True)
class Entry:
    """One index entry: its Chinese and English headings, where it is described, and its occurrences."""

    id: str  #: unique, e.g. ``actor-who``, ``term-uhc``
    zh: str
    en: str
    target: str  #: site-relative URL of the entity page or glossary entry
    hits: tuple  #: mentions or term hits
    title: str = ""  #: a symbol's title as its mandate list prints it ("" when none is printed)

    @property
    def same_in_both(self) -> bool:
        """Whether the English heading only repeats the Chinese one (a document symbol)."""
        return self.en == self.zh


def entries(graph: Graph, registries: Registries | None, terms: tuple[Term, ...]) -> list[Entry]:
    out = [Entry(f"term-{t.key}", t.zh, t.en + (f" ({t.abbr})" if t.abbr else ""), term_url(t),
                 graph.terms_by_key.get(t.key, ())) for t in terms]
    if registries:
        out += [Entry(f"actor-{a.id}", a.zh, a.en + (f" ({a.abbr})" if a.abbr else ""), entity_url("actor", a.id),
                      graph.by_entity[("actor", a.id)]) for a in registries.actors if ("actor", a.id) in graph.by_entity]
        out += [Entry(f"sdg-{g.number}", f"可持续发展目标 {g.number}：{g.zh_short}", f"SDG {g.number}: {g.en_short}",
                      entity_url("goal", str(g.number)), graph.by_entity.get(("goal", str(g.number)), ()))
                for g in registries.goals]
        out += [Entry(f"programme-{p.number}", f"方案 {p.number}：{p.zh}", f"Programme {p.number}: {p.en}",
                      entity_url("programme", str(p.number)), graph.by_entity.get(("programme", str(p.number)), ()))
                for p in registries.programmes]
    symbols = sorted({m.entity for m in graph.mentions if m.kind == "resolution"})
    out += [Entry(f"res-{parse_mandate(s).slug()}", *resolution_label(s, registries), entity_url("resolution", s),
                  graph.by_entity[("resolution", s)], graph.mandate_titles.get(s, "")) for s in symbols]
    return out


def index_pages(graph: Graph, registries: Registries | None, terms: tuple[Term, ...],
                documents: tuple[Document, ...]) -> Iterator[PageFile]:
    locators = Locators(graph, documents)
    all_entries = entries(graph, registries, terms)
    by_initial: dict[str, list[Entry]] = defaultdict(list)
    for e in sorted(all_entries, key=lambda e: zh_key(e.zh, e.id)):
        by_initial[zh_initial(e.zh)].append(e)
    home: dict[str, str] = {}  # entry id -> URL of the page (part) that holds it
    for letter, items in by_initial.items():
        page = f"general-index/{initial_id(letter)}.md"
        blocks = [Block(lambda p: letters_bar(p, by_initial) + "\n")]
        blocks += [Block(lambda p, e=e: entry_html(p, e, locators), (e.id,)) for e in items]
        groups = pack(page, blocks)
        home.update(placed(page, groups))
        yield from paged(page, f"索引 Index: {letter}", f"# 索引 Index: {md_text(letter)}", blocks, groups=groups)
    yield from overview(all_entries, by_initial, home, locators)


def entry_html(page: str, e: Entry, locators: "Locators") -> str:
    body = [f'<div class="ix-entry" id="{esc(e.id)}">',
            f'<p class="ix-head"><a href="{esc(relative(page, e.target))}">{esc(e.zh)}</a>{subtitle(e)}</p>',
            locators(page, e.hits), "</div>", ""]
    return "\n".join(body) + "\n"


def subtitle(e: Entry) -> str:
    """What follows the Chinese heading: the English one, or for a symbol (the same in both) its printed title."""
    if not e.same_in_both:
        return f' <span lang="en">{esc(e.en)}</span>'
    return f' <span class="ix-title">{esc(e.title)}</span>' if e.title else ""


class Locators:
    """An entry's places, one link per unit, grouped by document: ``A/71/6/Rev.1 (3): 第 2.26 段 · …``. A document
    with more than SUBDIVIDE places gets sub-entries: by part when they lie in several parts (``方案 3 (5): …``),
    otherwise by the top-level heading they stand under (``1 东盟对于全民健康覆盖的关切 (8): …``)."""

    def __init__(self, graph: Graph, documents: tuple[Document, ...]):
        self.graph = graph
        self.docs = {d.meta.slug: d for d in documents}
        self.division: dict[tuple[str, str, str], tuple[int, str]] = {}  #: unit -> (order, label) of its top heading
        for doc in documents:
            for part in doc.parts:
                current = (0, "")
                for block in part.blocks():
                    if block.kind == "heading" and block.level <= 1:
                        current = (current[0] + 1, heading_label(block.unit.num, block.unit.text))
                    for unit in block.units():
                        self.division[(doc.meta.slug, part.slug, unit.anchor)] = current

    def __call__(self, page: str, hits) -> str:
        by_doc: dict[str, dict[tuple, Place]] = defaultdict(dict)
        for hit in hits:
            place = self.graph.place(hit)
            by_doc[place.doc].setdefault((place.part, place.anchor), place)
        out = []
        for slug, doc in self.docs.items():
            places = list(by_doc.get(slug, {}).values())
            if places:
                out.append(self.document(page, doc, places))
        return '<ul class="locations">' + "".join(out) + "</ul>" if out else "<p>—</p>"

    def document(self, page: str, doc: Document, places: list[Place]) -> str:
        label = f'<span class="loc-doc">{esc(short_label(doc.meta))}</span> ({len(places)})'
        groups = self.subentries(doc, places) if len(places) > SUBDIVIDE else []
        if len(groups) < 2:
            return f'<li>{label}: {_links(page, places, with_part=len(doc.parts) > 1)}</li>'
        subs = "".join(f'<li class="loc-sub"><span class="loc-doc">{esc(name)}</span> ({len(group)}): '
                       f'{_links(page, group, with_part=False)}</li>' for name, group in groups)
        return f'<li>{label}<ul>{subs}</ul></li>'

    def subentries(self, doc: Document, places: list[Place]) -> list[tuple[str, list[Place]]]:
        """(label, places) by part, or, within one part, by top-level heading; in reading order."""
        if len({p.part for p in places}) > 1:
            return [(_part_label(part), group) for part in doc.parts
                    if (group := [p for p in places if p.part == part.slug])]
        groups: dict[tuple[int, str], list[Place]] = defaultdict(list)
        for p in places:
            groups[self.division[(p.doc, p.part, p.anchor)]].append(p)
        return [(name or "开头 Opening", group) for (_, name), group in sorted(groups.items())]


def heading_label(num: str | None, text: str, width: int = 16) -> str:
    """A top-level heading as a sub-entry label: its printed number and the start of its text."""
    shown = text if len(text) <= width else text[:width] + "…"
    return f"{num} {shown}" if num else shown


def _part_label(part) -> str:
    return f"方案 {part.programme}" if part.programme else part.title_zh


def _links(page: str, places: list[Place], with_part: bool) -> str:
    return " · ".join(f'<a href="{esc(relative(page, url_of(p.page) + "#" + p.anchor))}">'
                      f'{esc(("方案 " + str(p.programme) + " ") if with_part and p.programme else "")}'
                      f'{esc(anchor_label(p.anchor))}</a>' for p in places)


def letters_bar(page: str, by_initial) -> str:
    return '<p class="letters">' + " ".join(
        f'<a href="{esc(relative(page, "general-index/" + initial_id(l) + "/"))}">{esc(l)}</a>' for l in by_initial) + "</p>"


def see(e: Entry, home: str, page: str, locators: Locators) -> str:
    """Where an A–Z line leads: the Chinese entry under its Chinese heading; for a symbol, whose heading is the same,
    under its printed title, or, when none is printed, straight to the places it is cited."""
    if not e.same_in_both:
        return f'<a href="{esc(home)}">{esc(e.zh)}</a>'
    if e.title:
        return f'<a href="{esc(home)}">{esc(e.title)}</a>'
    return locators(page, e.hits)


def overview(all_entries: list[Entry], by_initial, home: dict[str, str], locators: Locators) -> Iterator[PageFile]:
    """The initials, and every English heading A–Z pointing to its Chinese entry (paged: render/paging.py;
    ``home``: entry id -> the page that holds it)."""
    page = "general-index/index.md"
    intro = ["本索引列出所有实体（方案、决议、行为体、可持续发展目标）和术语及其在文献中的位置。中文条目按汉语拼音排序"
             "（先不计声调，再按声调），按首字母分页；位置按文献分组，出现较多时再按方案或章节分组。"
             "文号条目附其立法授权清单所印的标题。英文条目按字母排序，指向对应的中文条目。"
             "Every entity and glossary term with its locations: Chinese entries in pinyin order (first without tones, "
             "then by tone), one page per initial; locations are grouped by document, and by programme or section "
             "where there are many. A document symbol is given with the title its mandate list prints. English entries "
             "A–Z point to their Chinese entry.\n",
             "## 中文 按拼音 Chinese, by pinyin {#zh}\n", letters_bar(page, by_initial), "",
             "## 英文 A–Z English A–Z {#en}\n"]
    by_letter: dict[str, list[Entry]] = defaultdict(list)
    for e in sorted(all_entries, key=lambda e: en_key(e.en, e.id)):
        by_letter[en_initial(e.en)].append(e)
    blocks = [html_block(lambda p, letter=letter, run=run, k=k: "\n".join(
                  ([f"\n### {md_text(letter)} {{#en-{initial_id(letter)}}}\n"] if k == 0 else
                   [f"\n{md_text(letter)}（续 continued）\n"]) + ['<ul class="en-az">'] +
                  [f'<li><span lang="en">{esc(e.en)}</span> → {see(e, relative(p, home[e.id] + "#" + e.id), p, locators)}</li>'
                   for e in run] + ["</ul>"]) + "\n")
              for letter, items in by_letter.items() for k, run in enumerate(runs(items))]
    yield from paged(page, "索引 Index", "# 索引 Index", blocks, "索引 Index", intro="\n".join(intro))
