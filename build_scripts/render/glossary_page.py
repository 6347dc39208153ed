"""The glossary: one page per pinyin initial with its terms (each with a stable id = its key) and every
occurrence of each term linked to its paragraph, with counts; an overview page with every term and an English A–Z
view."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..glossary import Term
from ..link import Graph, TermHit
from ..model import Document
from ..sortkeys import en_initial, en_key, zh_initial, zh_key
from ..urls import relative, url_of
from . import Citable, PageFile
from .documents import short_label
from .html import esc, front_matter, md_text
from .labels import anchor_label

INDEX = "glossary/index.md"


def locations(page: str, hits: list[TermHit] | tuple, graph: Graph, docs: dict[str, Document]) -> str:
    """Occurrences grouped by document: ``A/71/6/Rev.1 (3): 第 2.26 段 · …``, one link per unit."""
    by_doc: dict[str, list] = defaultdict(list)
    seen = set()
    for hit in hits:
        key = (hit.doc, hit.part, hit.anchor)
        if key not in seen:
            seen.add(key)
            by_doc[hit.doc].append(graph.places[key])
    out = []
    for slug, doc in docs.items():
        places = by_doc.get(slug)
        if not places:
            continue
        links = " · ".join(f'<a href="{esc(relative(page, url_of(p.page) + "#" + p.anchor))}">'
                           f'{esc(("方案 " + str(p.programme) + " ") if p.programme else "")}{esc(anchor_label(p.anchor))}</a>'
                           for p in places)
        out.append(f'<li><span class="loc-doc">{esc(short_label(doc.meta))}</span> ({len(places)}): {links}</li>')
    return '<ul class="locations">' + "".join(out) + "</ul>" if out else "<p>—</p>"


def initial_page(letter: str) -> str:
    """The glossary page of one pinyin initial: ``glossary/a.md``."""
    return f"glossary/{initial_id(letter)}.md"


def term_url(term: Term) -> str:
    """Site-relative URL of a term's entry (on the page of its Chinese form's initial)."""
    return url_of(initial_page(zh_initial(term.zh))) + "#" + term.key


def glossary_pages(terms: tuple[Term, ...], graph: Graph, documents: tuple[Document, ...]) -> Iterator[PageFile]:
    """One page per pinyin initial (a single page of every term and its every occurrence was too heavy for a
    phone), then the overview: the initials, every term by initial and the English A–Z view, linking to entries.
    Old links to ``glossary/#key`` are forwarded by corpus/anchors/aliases.yml."""
    docs = {d.meta.slug: d for d in documents}
    by_initial: dict[str, list[Term]] = defaultdict(list)
    for term in sorted(terms, key=lambda t: zh_key(t.zh, t.key)):
        by_initial[zh_initial(term.zh)].append(term)
    for letter, items in by_initial.items():
        yield letter_page(letter, items, by_initial, graph, docs)
    yield overview(terms, by_initial)


def letters_bar(page: str, by_initial) -> str:
    return '<p class="letters">' + " ".join(
        f'<a href="{esc(relative(page, url_of(initial_page(letter))))}">{esc(letter)}</a>' for letter in by_initial) + "</p>"


def letter_page(letter: str, items: list[Term], by_initial, graph: Graph, docs: dict[str, Document]) -> PageFile:
    page = initial_page(letter)
    out = [front_matter(f"术语表 Glossary: {letter}") + f"# 术语表 Glossary: {md_text(letter)}", "",
           letters_bar(page, by_initial), ""]
    for term in items:
        hits = graph.terms_by_key.get(term.key, ())
        variants = f'<p class="variants">又作 Also: {esc("、".join(term.variants))}</p>' if term.variants else ""
        first = (f'<p class="first-use">首次使用 First use: {esc(short_label(docs[term.first_use.doc].meta))}, '
                 f'{esc(term.first_use.note)}</p>') if term.first_use and term.first_use.doc in docs else ""
        abbr = f" ({esc(term.abbr)})" if term.abbr else ""
        out += [f'<div class="term" id="{term.key}">',
                f'<p class="term-head"><dfn>{esc(term.zh)}</dfn> <span lang="en">{esc(term.en)}{abbr}</span></p>',
                variants, f'<p>{esc(term.definition_zh)}</p>', f'<p lang="en">{esc(term.definition_en)}</p>', first,
                f'<p class="occ">出现 Occurrences: {len({(h.doc, h.part, h.anchor) for h in hits})}</p>',
                locations(page, hits, graph, docs), "</div>", ""]
    citables = tuple(Citable(t.key, "", t.zh + " " + t.en) for t in items)
    return PageFile(page, "\n".join(out) + "\n", None, citables)


def overview(terms: tuple[Term, ...], by_initial) -> PageFile:
    """Every term by pinyin initial and by English name, each linking to its entry; no entry ids here, so an old
    ``glossary/#key`` link is forwarded (assets/anchor-aliases.js) to the entry's page."""
    page = INDEX
    out = ["---", 'title: "术语表 Glossary"', "---", "", "# 术语表 Glossary", "",
           f"本站文献中的 {len(terms)} 个核心术语：中文形式、英文对应词、释义及其在文献中的全部出现位置，按中文形式的拼音首字母分页。"
           f"The {len(terms)} central terms of these texts with their English equivalents, definitions and every place they "
           "occur, one page per pinyin initial of the Chinese form; see also the [English A–Z view](#english).",
           "", letters_bar(page, by_initial), ""]
    for letter, items in by_initial.items():
        out += [f"## {md_text(letter)} {{#zh-{initial_id(letter)}}}", "", '<ul class="en-az">']
        out += [f'<li><a href="{esc(relative(page, term_url(t)))}">{esc(t.zh)}</a> <span lang="en">{esc(t.en)}</span></li>'
                for t in items]
        out += ["</ul>", ""]
    out += ["## 英文 A–Z English A–Z {#english}", ""]
    letter = None
    for term in sorted(terms, key=lambda t: en_key(t.en, t.key)):
        if en_initial(term.en) != letter:
            if letter is not None:
                out.append("</ul>")
            letter = en_initial(term.en)
            out += [f"### {md_text(letter)} {{#en-{initial_id(letter)}}}", "", '<ul class="en-az">']
        out.append(f'<li><a href="{esc(relative(page, term_url(term)))}"><span lang="en">{esc(term.en)}</span>'
                   f'{" (" + esc(term.abbr) + ")" if term.abbr else ""}</a> — {esc(term.zh)}</li>')
    out.append("</ul>")
    return PageFile(page, "\n".join(out) + "\n", "术语表 Glossary")


def initial_id(letter: str) -> str:
    return "num" if letter == "#" else letter.lower()
