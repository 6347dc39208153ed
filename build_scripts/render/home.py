"""The home page: what the corpus is, its documents, entry points, counts and charts."""
from __future__ import annotations

from collections import Counter

from ..glossary import Term
from ..link import Graph
from ..model import Document
from ..registries import Registries
from ..symbols import Symbol, parse_mandate
from ..urls import doc_page, relative, url_of
from . import PageFile
from .charts import bar_chart
from .documents import document_title
from .html import esc, md_link, md_text
from .labels import counted

BODIES = ["GA", "SC", "ECOSOC", "WHA", "OTHER"]
BODY_LABEL = {"GA": "大会 GA", "SC": "安理会 SC", "ECOSOC": "经社理事会 ECOSOC", "WHA": "卫生大会 WHA", "OTHER": "其他机构 other bodies"}


def resolutions_per_programme(graph: Graph, registries: Registries) -> list[tuple[int, Counter]]:
    """Distinct resolutions cited on each programme page of A/71/6/Rev.1 (mandate lists and text), by body."""
    cited: dict[int, set[str]] = {p.number: set() for p in registries.programmes}
    for m in graph.mentions:
        place = graph.place(m)
        if m.kind == "resolution" and m.doc == registries.programme_document and place.programme:
            cited[place.programme].add(m.entity)
    return [(n, Counter(body_of(s) for s in symbols)) for n, symbols in cited.items()]


def body_of(entity: str) -> str:
    """GA, SC, ECOSOC or WHA for a UN symbol; OTHER for another body's text (symbols.BodyMandate)."""
    item = parse_mandate(entity)
    return item.body if isinstance(item, Symbol) else "OTHER"


def mentions_per_goal(graph: Graph, registries: Registries) -> list[tuple[int, int, int]]:
    """(goal, mentions of the goal, mentions of its targets)."""
    return [(g.number, len(graph.by_entity.get(("goal", str(g.number)), ())),
             sum(len(graph.by_entity.get(("target", t.id), ())) for t in registries.targets if t.goal == g.number))
            for g in registries.goals]


def top_actors(graph: Graph, registries: Registries, n: int = 15) -> list[tuple[str, int]]:
    counts = Counter(m.entity for m in graph.mentions if m.kind == "actor")
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def home_page(documents: tuple[Document, ...], graph: Graph, registries: Registries | None, terms: tuple[Term, ...]) -> PageFile:
    out = ["---", 'title: "首页 Home"', "hide: [navigation]", "---", "",
           "# 全球卫生治理文献库 <span lang=\"en\">Global Health Governance Corpus</span>", "",
           f"本站收录 {len(documents)} 份关于全球卫生治理的中文文献（见下表），"
           "逐段编号、可引用、可检索，并与其中提及的方案、决议、组织和可持续发展目标相互链接。",
           "", f'<p lang="en">{counted(len(documents), "Chinese document")} on global health governance (listed below), '
           "published paragraph by paragraph with permanent links, cross-referenced to every programme, resolution, "
           "organisation and Sustainable Development Goal they mention. Every character of the sources is on the site; page furniture removed from the PDFs is listed on the "
           '<a href="about/removed/">removed furniture</a> page.</p>', "", "## 文献 Documents {#documents}", ""]
    out += documents_table(documents, "index.md")
    out += ["", "## 入口 Entry points {#entry-points}", "",
            '<ul class="entry-points">',
            '<li><a href="#documents">文献 Documents</a></li>',
            '<li><a href="programmes/">方案 Programmes</a></li>', '<li><a href="resolutions/">决议 Resolutions</a></li>',
            '<li><a href="actors/">行为体 Actors</a></li>', '<li><a href="sdgs/">可持续发展目标 SDGs</a></li>',
            '<li><a href="glossary/">术语表 Glossary</a></li>', '<li><a href="general-index/">索引 Index</a></li>',
            '<li><a href="cite/">如何引用 How to cite</a></li>', "</ul>", ""] if registries else []
    if registries:
        out += overview(documents, graph, registries, terms)
    return PageFile("index.md", "\n".join(out) + "\n")


def documents_table(documents: tuple[Document, ...], page: str) -> list[str]:
    """A table of the documents (title, English title, symbol, kind, year), linked from ``page``."""
    out = ["| 文献 Document | 类型 Kind | 年份 Year |", "| --- | --- | --- |"]
    for doc in documents:
        m = doc.meta
        en = f'<br><span lang="en">{md_text(m.title_en)}</span>' if m.title_en else ""
        year = f"{m.year}" + ("（推定 inferred）" if m.year_status == "inferred" else "") if m.year else "—"
        out.append(f"| {md_link(relative(page, url_of(doc_page(m.slug))), document_title(m))}{en}"
                   f"{' · ' + md_text(m.symbol) if m.symbol else ''} | {md_text(m.kind_zh)} | {year} |")
    return out


def documents_index(documents: tuple[Document, ...]) -> PageFile:
    """The Documents tab's own page (its section index), so each document is listed in the navigation under
    its own name, and a long list of documents reads as a table rather than only as a sidebar."""
    page = "documents/index.md"
    out = ["---", 'title: "文献 Documents"', "---", "", "# 文献 Documents", ""] + documents_table(documents, page)
    return PageFile(page, "\n".join(out) + "\n")


def entities_index(entries: list[dict[str, str]]) -> PageFile:
    """The Entities & index tab's own page: its list pages, by their navigation titles."""
    page = "entities/index.md"
    out = ["---", 'title: "实体与索引 Entities & index"', "---", "", "# 实体与索引 Entities & index", "",
           "源文本提及的方案、决议、组织和可持续发展目标，以及术语表、索引和数据下载。"
           '<span lang="en">The programmes, resolutions, organisations and SDGs the sources mention; the glossary, '
           "the index and the data downloads.</span>", ""]
    out += [f"* {md_link(relative(page, url_of(path)), title)}" for entry in entries
            for title, path in entry.items()]
    return PageFile(page, "\n".join(out) + "\n")


def overview(documents, graph: Graph, registries: Registries, terms) -> list[str]:
    units = sum(len(b.units()) for d in documents for p in d.parts for b in p.blocks())
    kinds = Counter(m.kind for m in graph.mentions)
    counts = [("文献 documents", len(documents)), ("可引用单元 citable units", units),
              ("方案 programmes", len(registries.programmes)),
              ("决议和决定 resolutions and decisions", len({m.entity for m in graph.mentions if m.kind == "resolution"})),
              ("行为体 actors", len({m.entity for m in graph.mentions if m.kind == "actor"})),
              ("可持续发展目标 SDGs", len(registries.goals)), ("术语 glossary terms", len(terms)),
              ("提及 mentions", len(graph.mentions))]
    out = ["## 概览 Overview {#overview}", "", '<dl class="counts">']
    out += [f'<div><dt>{esc(label)}</dt><dd data-count="{esc(label)}">{n}</dd></div>' for label, n in counts]
    out += ["</dl>", "", f'<p class="by-kind">提及按类型 Mentions by kind: '
            + " · ".join(f"{esc(k)} {n}" for k, n in sorted(kinds.items())) + "</p>", ""]
    per_prog = resolutions_per_programme(graph, registries)
    rows = [(f"方案 {n}", url_of(f"programmes/{n}.md"), [(BODY_LABEL[b], c[b]) for b in BODIES]) for n, c in per_prog]
    out += [bar_chart("chart-resolutions", "各方案引用的决议和决定（按机构）Resolutions and decisions cited per programme, by body",
                      rows, [BODY_LABEL[b] for b in BODIES]), ""]
    goals = [(f"目标 {g} SDG {g}", url_of(f"sdgs/{g}.md"), [("目标 goal", a), ("具体目标 targets", b)])
             for g, a, b in mentions_per_goal(graph, registries)]
    out += [bar_chart("chart-sdgs", "各可持续发展目标的提及次数 Mentions per SDG", goals, ["目标 goal", "具体目标 targets"]), ""]
    actors = [(registries.actor(a).zh, url_of(f"actors/{a}.md"), [("提及 mentions", n)]) for a, n in top_actors(graph, registries)]
    out += [bar_chart("chart-actors", "提及最多的行为体 Actors most mentioned", actors, ["提及 mentions"]), ""]
    return out
