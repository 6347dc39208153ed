"""The general (back-of-book) index: every entity and glossary term with its locations.

Chinese entries are in pinyin order grouped by initial (sortkeys.zh_key; ties broken by code points, then the
entry id), one page per initial; English entries A–Z (sortkeys.en_key) refer to the Chinese entry ("see").
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from ..glossary import Term
from ..link import Graph
from ..model import Document
from ..registries import Registries
from ..symbols import parse_mandate
from ..sortkeys import en_initial, en_key, zh_initial, zh_key
from ..urls import entity_url, relative
from . import PageFile
from .paging import Block, html_block, pack, paged, placed, runs
from .glossary_page import initial_id, locations, term_url
from .html import esc, md_text
from .labels import resolution_label


@dataclass(frozen=True)
class Entry:
    """One index entry: its Chinese and English headings, where it is described, and its occurrences."""

    id: str  #: unique, e.g. ``actor-who``, ``term-uhc``
    zh: str
    en: str
    target: str  #: site-relative URL of the entity page or glossary entry
    hits: tuple  #: mentions or term hits


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
                  graph.by_entity[("resolution", s)]) for s in symbols]
    return out


def index_pages(graph: Graph, registries: Registries | None, terms: tuple[Term, ...],
                documents: tuple[Document, ...]) -> Iterator[PageFile]:
    docs = {d.meta.slug: d for d in documents}
    all_entries = entries(graph, registries, terms)
    by_initial: dict[str, list[Entry]] = defaultdict(list)
    for e in sorted(all_entries, key=lambda e: zh_key(e.zh, e.id)):
        by_initial[zh_initial(e.zh)].append(e)
    home: dict[str, str] = {}  # entry id -> URL of the page that holds it
    for letter, items in by_initial.items():
        page = f"general-index/{initial_id(letter)}.md"
        blocks = [Block(lambda p: letters_bar(p, by_initial) + "\n")]
        blocks += [Block(lambda p, e=e: entry_html(p, e, graph, docs), (e.id,)) for e in items]
        groups = pack(page, blocks)
        home.update(placed(page, groups))
        yield from paged(page, f"索引 Index: {letter}", f"# 索引 Index: {md_text(letter)}", blocks, groups=groups)
    yield from overview(all_entries, by_initial, home)


def entry_html(page: str, e: Entry, graph: Graph, docs: dict[str, Document]) -> str:
    body = [f'<div class="ix-entry" id="{esc(e.id)}" markdown="0">',
            f'<p class="ix-head"><a href="{esc(relative(page, e.target))}">{esc(e.zh)}</a> '
            f'<span lang="en">{esc(e.en)}</span></p>',
            locations(page, e.hits, graph, docs), "</div>", ""]
    return "\n".join(body) + "\n"


def letters_bar(page: str, by_initial) -> str:
    return '<p class="letters">' + " ".join(
        f'<a href="{esc(relative(page, "general-index/" + initial_id(l) + "/"))}">{esc(l)}</a>' for l in by_initial) + "</p>"


def overview(all_entries: list[Entry], by_initial, home: dict[str, str]) -> Iterator[PageFile]:
    """The initials, and every English heading A–Z pointing to its Chinese entry (paged: render/paging.py;
    ``home``: entry id -> its page)."""
    page = "general-index/index.md"
    intro = ["本索引列出所有实体（方案、决议、行为体、可持续发展目标）和术语及其在文献中的位置。中文条目按汉语拼音排序，"
           "按首字母分页；英文条目按字母排序，指向对应的中文条目。"
           "Every entity and glossary term with its locations: Chinese entries in pinyin order, one page per initial; "
           "English entries A–Z point to their Chinese entry. Sort keys: pinyin without tones, then tone, then code "
           "points, then the entry id (see `build_scripts/sortkeys.py`).\n",
           "## 中文 按拼音 Chinese, by pinyin {#zh}\n", letters_bar(page, by_initial), "",
           "## 英文 A–Z English A–Z {#en}\n"]
    by_letter: dict[str, list[Entry]] = defaultdict(list)
    for e in sorted(all_entries, key=lambda e: en_key(e.en, e.id)):
        by_letter[en_initial(e.en)].append(e)
    blocks = [html_block(lambda p, letter=letter, run=run, k=k: "\n".join(
                  ([f"\n### {md_text(letter)} {{#en-{initial_id(letter)}}}\n"] if k == 0 else
                   [f"\n{md_text(letter)}（续 continued）\n"]) + ['<ul class="en-az">'] +
                  [f'<li><span lang="en">{esc(e.en)}</span> → <a href="{esc(relative(p, home[e.id] + "#" + e.id))}">{esc(e.zh)}</a></li>'
                   for e in run] + ["</ul>"]) + "\n")
              for letter, items in by_letter.items() for k, run in enumerate(runs(items))]
    yield from paged(page, "索引 Index", "# 索引 Index", blocks, "索引 Index", intro="\n".join(intro))
