"""The glossary page: terms grouped by pinyin initial (each with a stable id = its key), an English A–Z view,
and every occurrence of each term linked to its paragraph, with counts."""
from __future__ import annotations

from collections import defaultdict

from ..glossary import Term
from ..link import Graph, TermHit
from ..model import Document
from ..sortkeys import en_initial, en_key, zh_initial, zh_key
from ..urls import relative, url_of
from . import Citable, PageFile
from .documents import short_label
from .html import esc, md_text
from .labels import anchor_label

PAGE = "glossary.md"


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


def glossary_page(terms: tuple[Term, ...], graph: Graph, documents: tuple[Document, ...]) -> PageFile:
    docs = {d.meta.slug: d for d in documents}
    ordered = sorted(terms, key=lambda t: zh_key(t.zh, t.key))
    out = ["---", 'title: "术语表 Glossary"', "---", "", "# 术语表 Glossary", "",
           f"本站文献中的 {len(terms)} 个核心术语：中文形式、英文对应词、释义及其在文献中的全部出现位置。"
           f"The {len(terms)} central terms of these texts with their English equivalents, definitions and every place they "
           "occur. Terms are grouped by the pinyin initial of their Chinese form; see also the [English A–Z view](#english).",
           "", '<p class="letters">' + " ".join(
               f'<a href="#zh-{initial_id(i)}">{esc(i)}</a>' for i in sorted({zh_initial(t.zh) for t in terms})) + "</p>", ""]
    letter = None
    for term in ordered:
        if zh_initial(term.zh) != letter:
            letter = zh_initial(term.zh)
            out += [f"## {md_text(letter)} {{#zh-{initial_id(letter)}}}", ""]
        hits = graph.terms_by_key.get(term.key, ())
        variants = f'<p class="variants">又作 Also: {esc("、".join(term.variants))}</p>' if term.variants else ""
        first = (f'<p class="first-use">首次使用 First use: {esc(short_label(docs[term.first_use.doc].meta))}, '
                 f'{esc(term.first_use.note)}</p>') if term.first_use and term.first_use.doc in docs else ""
        abbr = f" ({esc(term.abbr)})" if term.abbr else ""
        out += [f'<div class="term" id="{term.key}">',
                f'<p class="term-head"><dfn>{esc(term.zh)}</dfn> <span lang="en">{esc(term.en)}{abbr}</span></p>',
                variants, f'<p>{esc(term.definition_zh)}</p>', f'<p lang="en">{esc(term.definition_en)}</p>', first,
                f'<p class="occ">出现 Occurrences: {len({(h.doc, h.part, h.anchor) for h in hits})}</p>',
                locations(PAGE, hits, graph, docs), "</div>", ""]
    out += ["## 英文 A–Z English A–Z {#english}", ""]
    letter = None
    for term in sorted(terms, key=lambda t: en_key(t.en, t.key)):
        if en_initial(term.en) != letter:
            if letter is not None:
                out.append("</ul>")
            letter = en_initial(term.en)
            out += [f"### {md_text(letter)} {{#en-{initial_id(letter)}}}", "", '<ul class="en-az">']
        out.append(f'<li><a href="#{term.key}"><span lang="en">{esc(term.en)}</span>'
                   f'{" (" + esc(term.abbr) + ")" if term.abbr else ""}</a> — {esc(term.zh)}</li>')
    out.append("</ul>")
    citables = tuple(Citable(t.key, "", t.zh + " " + t.en) for t in terms)
    return PageFile(PAGE, "\n".join(out) + "\n", "术语表 Glossary", citables)


def initial_id(letter: str) -> str:
    return "num" if letter == "#" else letter.lower()
