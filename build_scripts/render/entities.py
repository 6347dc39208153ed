"""Entity pages and their list pages: resolutions, cited documents, actors, SDGs, programmes."""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain

from ..clean import nfkc_key
from ..extract import ActorMatcher, Mention, mandate_basis
from ..link import Graph, Place, printed_titles
from ..model import Document
from ..registries import Actor, Goal, Registries
from ..sortkeys import en_initial, en_key, zh_initial, zh_key
from ..symbols import BodyMandate, Symbol, mandate_sort_key, parse_mandate
from ..urls import entity_page, entity_url, relative, url_of
from . import Citable, PageFile
from .paging import RUN, Block, html_block, paged, runs
from .documents import (BASIS_LEGEND, NO_BODY, inferred_mark, printed_mark, reference_mark, short_label,
                        source_line_target)
from .html import esc, front_matter, link, md_link, md_text
from .labels import place_label, resolution_label, snippet

BODY = {"GA": ("大会", "General Assembly"), "SC": ("安全理事会", "Security Council"),
        "ECOSOC": ("经济及社会理事会", "Economic and Social Council"), "WHA": ("世界卫生大会", "World Health Assembly")}
KIND_ZH = {"resolution": "决议", "decision": "决定"}
UNKNOWN = '<span class="unknown">未确定 · not established</span>'

#: the reference lists the registries began from, copied into the corpus with their origin (entity names' bases)
ACTOR_REFERENCE, SDG_REFERENCE, PROGRAMME_REFERENCE = (
    "reference/organisations.yml", "reference/sdgs.yml", "reference/programmes.yml")
#: why an added actor's English name is held to be its name (the sources print Chinese names)
ADDED_EN = ("the official English name of a body the reference list lacks, given by the editors; "
            "not printed in the sources")


@dataclass(frozen=True)
class NameBasis:
    """Where an entity's name or title comes from: a line of a source (``target``: its URL in the source view),
    a reference file (``target``: the file), or an inference (``why``: the reason)."""

    kind: str  #: printed / reference / inferred
    target: str = ""  #: printed: site-relative URL of the line; reference: the file, relative to the site
    why: str = ""  #: printed: which file and line, as printed; inferred: the reason
    line: int = 0  #: printed: the source line
    linked: bool = True  #: reference: the file is in the corpus (published beside the sources)

    def __str__(self) -> str:
        """As the data exports write it: ``printed URL``, ``reference FILE``, ``inferred: WHY``."""
        return f"inferred: {self.why}" if self.kind == "inferred" else f"{self.kind} {self.target}"

    def mark(self, page: str) -> str:
        """The 印/参/推 marker (render/documents.py), linked to the line or the file."""
        if self.kind == "printed":
            return printed_mark(page, self.target, self.why)
        if self.kind == "reference":
            return reference_mark(page, self.target) if self.linked else reference_mark(None, self.target)
        return inferred_mark(self.why)


def reference(registries: Registries, file: str) -> NameBasis:
    """A name taken from a reference file: linked when the corpus holds the file."""
    return NameBasis("reference", file, linked=file in registries.reference_files)


def printed_at(graph: Graph, docs: dict[str, Document], slug: str, line: int | None,
               as_printed: str = "") -> NameBasis | None:
    """A name printed on a line of a document's source (None when the line is not known)."""
    if line is None or slug not in graph.sources:
        return None
    shown = f"“{as_printed}”, " if as_printed else ""
    return NameBasis("printed", source_line_target(slug, graph.sources[slug], line),
                     f"{shown}sources/{docs[slug].meta.source}, 第 {line} 行 line {line}", line)


def actor_bases(graph: Graph, docs: dict[str, Document], registries: Registries,
                actor: Actor) -> tuple[NameBasis, NameBasis]:
    """(Chinese name, English name): the Chinese name where the sources first print it in full, else the reference
    list or, for a body the list lacks, the forms the sources print; the English name from the reference list, or
    the editors' (inferred)."""
    full = nfkc_key(actor.zh)
    first = next((m for m in graph.by_entity.get(("actor", actor.id), ()) if nfkc_key(m.surface) == full), None)
    zh = printed_at(graph, docs, first.doc, graph.line_of(first)) if first else None
    printed = [a for a in actor.aliases if a not in actor.unused]
    if zh is None and actor.origin == "reference":
        zh = reference(registries, ACTOR_REFERENCE)
    elif zh is None:
        zh = NameBasis("inferred", why=("the full name of a body the sources name only as " + "、".join(printed))
                       if printed else "the full name; the sources do not print it whole")
    return zh, _en_basis(registries, actor)


def _en_basis(registries: Registries, actor: Actor) -> NameBasis:
    """As the actor's entry states it (actors.yml ``en_basis``), else the reference list or the editors (inferred)."""
    stated = actor.en_basis or (f"reference {ACTOR_REFERENCE}" if actor.origin == "reference" else "")
    if stated.startswith("reference "):
        return reference(registries, stated.removeprefix("reference "))
    return NameBasis("inferred", why=stated.removeprefix("inferred: ") or ADDED_EN)


def programme_basis(graph: Graph, docs: dict[str, Document], slug: str, number: int) -> NameBasis | None:
    """Where a programme's Chinese title is printed: the first line of the heading that opens its page."""
    document = docs.get(slug)
    for part in document.parts if document else ():
        if part.programme == number and (heading := next(iter(part.blocks()), None)) is not None:
            return printed_at(graph, docs, slug, heading.lines[0])
    return None


def first_printed(graph: Graph, docs: dict[str, Document], kind: str, entity: str) -> NameBasis | None:
    """Where the sources first cite an entity by number (its symbol as printed there)."""
    first = next(iter(graph.by_entity.get((kind, entity), ())), None)
    return printed_at(graph, docs, first.doc, graph.line_of(first), first.surface) if first else None


class EntityRenderer:
    """Renders every entity page from the graph; list pages carry mention counts."""

    def __init__(self, documents: tuple[Document, ...], graph: Graph, registries: Registries):
        self.docs = {d.meta.slug: d for d in documents}
        self.graph = graph
        self.registries = registries
        self.order = {key: i for i, key in enumerate(graph.places)}  # places are in reading order
        self.actors = ActorMatcher(registries)  #: reads the bodies mandate-list headings name (extract.mandate_basis)

    # -- shared pieces ----------------------------------------------------------------------

    def doc_label(self, slug: str) -> str:
        return short_label(self.docs[slug].meta)

    def mention_blocks(self, mentions: Iterable[Mention]) -> list[Block]:
        """Every place, grouped by document in reading order, each with a link and a snippet; a long group in
        runs (paging.RUN) so a page of many mentions can be cut between them (render/paging.py)."""
        by_doc: dict[str, list[Mention]] = defaultdict(list)
        for m in mentions:
            by_doc[m.doc].append(m)
        blocks = []
        for slug in self.docs:
            if slug not in by_doc:
                continue
            items = by_doc[slug]
            for k, run in enumerate(runs(items)):
                heading = (f'<h3 class="mention-doc">{esc(self.doc_label(slug))} <span class="count">({len(items)})</span>'
                           + (f' <span class="count">（续 continued, {k * RUN + 1}–{k * RUN + len(run)}）</span>' if k else "")
                           + "</h3>")
                blocks.append(Block(lambda page, heading=heading, run=run: "\n".join(
                    [heading, '<ul class="mentions">', *(self.mention_item(page, m) for m in run), "</ul>"]) + "\n"))
        return blocks

    def mention_list(self, page: str, mentions: Iterable[Mention]) -> str:
        """The mention blocks as one piece of HTML (for a list that is not paged)."""
        return "".join(block.render(page) for block in self.mention_blocks(mentions))

    def entity_pages(self, page: str, title: str, heading: str, head: str, blocks: list[Block],
                     citables: tuple[Citable, ...] = ()) -> list[PageFile]:
        """An entity page: ``head`` (its table and short sections) on the first part, then ``blocks`` (its long
        lists), paged (render/paging.py)."""
        return list(paged(page, title, heading, [Block(lambda p: head)] + blocks, citables=citables))

    def mention_item(self, page: str, m: Mention) -> str:
        place = self.graph.place(m)
        href = relative(page, url_of(place.page) + "#" + place.anchor)
        if m.in_num:
            shown = f"<mark>{esc(place.num)}</mark> {esc(place.text[:60])}"
        else:
            before, match, after = snippet(place.text, m.start, m.end)
            shown = f"{esc(before)}<mark>{esc(match)}</mark>{esc(after)}"
        return f'<li><a href="{esc(href)}">{esc(place_label(place, ""))}</a> — <span class="snippet">{shown}</span></li>'

    def entity_link(self, page: str, kind: str, entity: str, text: str) -> str:
        """A link to an entity page, in raw HTML."""
        return link(relative(page, entity_url(kind, entity)), text)

    def first_mark(self, page: str, kind: str, entity: str) -> str:
        """The 印 marker of a symbol: the line where the sources first cite it (the printed form in the tooltip)."""
        basis = first_printed(self.graph, self.docs, kind, entity)
        return basis.mark(page) if basis else ""

    def md_entity_link(self, page: str, kind: str, entity: str, text: str) -> str:
        """A link to an entity page, in a Markdown table cell."""
        return md_link(relative(page, entity_url(kind, entity)), text)

    front = staticmethod(front_matter)

    # -- resolutions and cited documents ---------------------------------------------------------

    def resolution_pages(self) -> Iterator[PageFile]:
        symbols = sorted({m.entity for m in self.graph.mentions if m.kind == "resolution"}, key=mandate_sort_key)
        years = texts_by_year(symbols)
        for s in (s for s in symbols if s not in years):
            yield from self.resolution_page(s) if isinstance(parse_mandate(s), Symbol) else self.body_mandate_page(s)
        for year in sorted(years, key=mandate_sort_key):  # a year's page lists its texts (and its own citations)
            yield from self.year_page(year, years[year])
        yield from self.resolution_index(symbols)

    def mandate_label(self, entity: str) -> str:
        """How a resolution entity is shown in lists: its symbol, or for another body's text the body's
        Chinese name, the kind and the number as printed (人权理事会决议 5/1) — never a made-up symbol."""
        return resolution_label(entity, self.registries)[0]

    def titles_text(self, entity: str) -> str:
        """The entity's distinct printed titles in one line (lists and tables): none is dropped silently."""
        return " ｜ ".join(printed_titles(self.graph, entity))

    def title_lines(self, place: Place) -> NameBasis | None:
        """The source line that prints a mandate entry's title (its first character)."""
        lines = self.graph.sources.get(place.doc)
        return printed_at(self.graph, self.docs, place.doc, lines.line_of(place.part, place.anchor) if lines else None)

    def printed_titles(self, page: str, entity: str, kind: str = "resolution") -> str:
        """The entity's printed titles, each with its basis: printed in a mandate list, the 印 marker linked to the
        source line that prints it, then each entry that prints it (its place, and its line in the source view);
        several titles are marked as differing in print."""
        titles = printed_titles(self.graph, entity, kind)
        if not titles:
            return UNKNOWN
        items = []
        for title, places in titles.items():
            bases = [self.title_lines(p) for p in places]
            where = "、".join(f'<a href="{esc(relative(page, url_of(p.page) + "#" + p.anchor))}">'
                             f"{esc(place_label(p, ''))}</a>"
                             + (f' <a class="source-line" href="{esc(relative(page, b.target))}">'
                                f"第 {b.line} 行 line {b.line}</a>" if b else "")
                             for p, b in zip(places, bases))
            mark = bases[0].mark(page) if bases[0] else ""
            items.append(f'{esc(title)}{mark} <span class="basis-where">（立法授权 mandate list: {where}）</span>')
        note = (f'<br><span class="status">源文本为此编号印有 {len(titles)} 个不同标题 '
                f"The source prints {len(titles)} different titles for this number</span>") if len(titles) > 1 else ""
        return "<br>".join(items) + note

    def body_mandate_page(self, entity: str) -> list[PageFile]:
        """Another body's resolution, decision or other numbered text (symbols.BodyMandate): the body, the
        number as printed, the titles from the mandate lists and every citing place; no symbol, no link."""
        page = entity_page("resolution", entity)
        item = BodyMandate.parse(entity)
        rows = [("中文标题", "Chinese title", self.printed_titles(page, entity))]
        if item.ordinal is not None:  # one of the texts a year names: which one, and the year's page
            year = str(item.year())
            rows.append(("同年所印", "Printed with the same year",
                         self.entity_link(page, "resolution", year, self.mandate_label(year))
                         + f"：第 {item.ordinal} 项 text {item.ordinal} of the year, in the order first printed"))
        return self.body_page(page, entity, item, rows)

    def year_page(self, year: str, texts: list[str]) -> list[PageFile]:
        """The page of a number that is only a year (symbols.BodyMandate ``csw:ac:1996``): the texts printed with
        it, each its own entity (``csw:ac:1996:1`` …), and any citation that names only the year."""
        page = entity_page("resolution", year)
        items = "".join(f"<li>{self.entity_link(page, 'resolution', t, self.mandate_label(t))} {esc(self.titles_text(t))}</li>"
                        for t in texts)
        row = ("本年各项", "Texts of this year",
               f"源文本以此年份印有 {len(texts)} 项不同案文 The sources print {len(texts)} distinct texts with this year:"
               f'<ul class="year-texts">{items}</ul>')
        return self.body_page(page, year, BodyMandate.parse(year), [row])

    def body_page(self, page: str, entity: str, item: BodyMandate, title_rows: list[tuple[str, str, str]]
                  ) -> list[PageFile]:
        """The page of another body's text: its body, number and kind, ``title_rows``, no symbol, every citation."""
        actor = self.registries.actor(item.body)
        mentions = self.graph.by_entity.get(("resolution", entity), ())
        en = f"{actor.en} {item.kind} {item.designation}"
        rows = [
            ("机构", "Body", (self.entity_link(page, "actor", actor.id, actor.zh) if ("actor", actor.id) in self.graph.by_entity
                             else esc(actor.zh)) + f' <span lang="en">{esc(actor.en)}</span>'),
            ("编号", "Number as printed", esc(item.printed) + self.first_mark(page, "resolution", entity)),
            ("类型", "Kind", f"{esc(item.kind_zh)} {esc(item.kind)}"),
            *title_rows,
            ("文号", "Symbol", UNKNOWN),
            ("正式文本", "Official text", UNKNOWN),
            ("标识符", "Id in this site's data", f"<code>{esc(entity)}</code>"),
            ("引用次数", "Citations", str(len(mentions))),
        ]
        label = self.mandate_label(entity)
        cited = "\n## 引用之处 Cited in {#cited-in}\n" if mentions else ""  # a year's page may have none of its own
        return self.entity_pages(page, f"{label} {en}", f"# {md_text(label)} <span lang=\"en\">{md_text(en)}</span>\n",
                                 meta_table(rows) + BASIS_LEGEND + cited, self.mention_blocks(mentions))

    def resolution_page(self, symbol: str) -> list[PageFile]:
        page = entity_page("resolution", symbol)
        sym = Symbol.parse(symbol)
        mentions = self.graph.by_entity[("resolution", symbol)]
        body_zh, body_en = BODY[sym.body]
        when = f"第 {sym.session} 届会议 session {sym.session}" if sym.session else f"{sym.year} 年 {sym.year}"
        url = sym.official_url()
        rows = [
            ("文号", "Symbol", esc(symbol) + self.first_mark(page, "resolution", symbol)),
            ("机构", "Body", f"{esc(body_zh)} {esc(body_en)}"),
            ("届会或年份", "Session or year", esc(when)),
            ("类型", "Kind", f"{KIND_ZH[sym.kind]} {sym.kind}"),
            ("中文标题", "Chinese title", self.printed_titles(page, symbol)),
            ("正式文本", "Official text", link(url, url) if url else UNKNOWN),
            ("引用次数", "Citations", str(len(mentions))),
        ]
        return self.entity_pages(page, symbol, f"# {md_text(symbol)}\n",
                                 meta_table(rows) + BASIS_LEGEND + "\n## 引用之处 Cited in {#cited-in}\n",
                                 self.mention_blocks(mentions))

    def resolution_index(self, symbols: list[str]) -> Iterator[PageFile]:
        """GA, SC, ECOSOC (its symbols, then its agreed conclusions and communiqués) and WHA, then every
        other body by English name, each body's texts by kind and number; paged (render/paging.py)."""
        page = "resolutions/index.md"
        others = [s for s in symbols if isinstance(parse_mandate(s), BodyMandate)]
        intro = [f"源文本引用的 {len(symbols)} 项决议和决定，按机构、届会或年份和编号排列（71/6 在 71/243 之前）。"
                 f"The {len(symbols)} resolutions and decisions the sources cite, by body, session or year and number.\n"]
        if others:
            intro.append(f"其中 {len(others)} 项是其他机构的决议、决定和编号案文，按所印编号列出，无联合国文号。"
                         f"{len(others)} of them are resolutions, decisions and other numbered texts of other bodies, "
                         "listed by the number as printed; no UN document symbol is given for them.\n")
        def by_name(s: str) -> tuple:
            item = BodyMandate.parse(s)
            return en_key(self.registries.actor(item.body).en, item.body), item.sort_key()

        main = [s for s in symbols if isinstance(parse_mandate(s), Symbol) or BodyMandate.parse(s).body == "ecosoc"]
        rest = sorted((s for s in others if BodyMandate.parse(s).body != "ecosoc"), key=by_name)
        groups: list[tuple[str, str, list[str]]] = []  # (heading, table header, symbols)
        group = None
        for s in main + rest:
            item = parse_mandate(s)
            body = item.body
            if body != group:
                group = body
                if isinstance(item, Symbol):
                    heading = f"## {BODY[group][0]} {BODY[group][1]} {{#{group.lower()}}}"
                    header = "| 文号 Symbol | 中文标题 Title | 引用 Cited |\n| --- | --- | --- |"
                elif group == "ecosoc":
                    heading = "### 商定结论和部长级公报 Agreed conclusions and ministerial communiqués {#ecosoc-other}"
                    header = "| 编号 Number | 类型 Kind | 中文标题 Title | 引用 Cited |\n| --- | --- | --- | --- |"
                else:
                    actor = self.registries.actor(group)
                    heading = f"## {md_text(actor.zh)} {md_text(actor.en)} {{#{group.replace('_', '-')}}}"
                    header = "| 编号 Number | 类型 Kind | 中文标题 Title | 引用 Cited |\n| --- | --- | --- | --- |"
                groups.append((heading, header, []))
            groups[-1][2].append(s)
        blocks = [html_block(lambda p, heading=heading, header=header, run=run, k=k: "\n".join(
                      ["", heading if k == 0 else continued(heading), "", header, *(self.resolution_row(p, s) for s in run)])
                      + "\n")
                  for heading, header, items in groups for k, run in enumerate(runs(items))]
        yield from paged(page, "决议和决定 Resolutions and decisions", "# 决议和决定 Resolutions and decisions", blocks,
                         "决议 Resolutions", intro="\n".join(intro))

    def resolution_row(self, page: str, s: str) -> str:
        """A table row of the resolution list."""
        item = parse_mandate(s)
        cited = len(self.graph.by_entity[("resolution", s)])
        title = md_text(self.titles_text(s))
        if isinstance(item, Symbol):
            return f"| {self.md_entity_link(page, 'resolution', s, s)} | {title} | {cited} |"
        return (f"| {self.md_entity_link(page, 'resolution', s, item.printed)} | {md_text(item.kind_zh)} {md_text(item.kind)} "
                f"| {title} | {cited} |")

    def cited_document_pages(self) -> Iterator[PageFile]:
        symbols = sorted({m.entity for m in self.graph.mentions if m.kind == "document"})
        for s in symbols:
            page = entity_page("document", s)
            mentions = self.graph.by_entity[("document", s)]
            rows = [("文号", "Symbol", esc(s) + self.first_mark(page, "document", s))]
            if printed_titles(self.graph, s, "document"):
                rows.append(("中文标题", "Chinese title", self.printed_titles(page, s, "document")))
            rows.append(("引用次数", "Citations", str(len(mentions))))
            yield from self.entity_pages(page, s, f"# {md_text(s)}\n",
                                         meta_table(rows) + BASIS_LEGEND + "\n## 引用之处 Cited in {#cited-in}\n",
                                         self.mention_blocks(mentions))
        index = ["# 引用的其他文件 Other documents cited\n", "| 文号 Symbol | 引用 Cited |", "| --- | --- |"]
        index += [f"| {self.md_entity_link('cited/index.md', 'document', s, s)} | {len(self.graph.by_entity[('document', s)])} |"
                  for s in symbols]
        yield PageFile("cited/index.md", self.front("引用的其他文件 Other documents cited") + "\n".join(index) + "\n",
                       "其他文件 Other documents")

    # -- actors ---------------------------------------------------------------------------------

    def actor_pages(self) -> Iterator[PageFile]:
        co = self.co_mentions()
        for a in self.registries.actors:
            if ("actor", a.id) in self.graph.by_entity:
                yield from self.actor_page(a, co[a.id])
        yield from self.actor_index()

    def co_mentions(self) -> dict[str, Counter]:
        out: dict[str, Counter] = defaultdict(Counter)
        for mentions in self.graph.by_unit.values():
            ids = {m.entity for m in mentions if m.kind == "actor"}
            for a in ids:
                out[a].update(ids - {a})
        return out

    def actor_page(self, actor: Actor, co: Counter) -> list[PageFile]:
        page = entity_page("actor", actor.id)
        mentions = self.graph.by_entity[("actor", actor.id)]
        zh, en = actor_bases(self.graph, self.docs, self.registries, actor)
        rows = [("中文名称", "Chinese name", esc(actor.zh) + zh.mark(page)),
                ("英文名称", "English name", esc(actor.en) + en.mark(page)),
                ("缩写", "Abbreviation", esc(actor.abbr) if actor.abbr else "—"),
                ("别名", "Other names in the sources", esc("、".join(actor.aliases)) if actor.aliases else "—"),
                ("类型", "Kind", esc(actor.kind)), ("提及次数", "Mentions", str(len(mentions)))]
        often = "".join(f"<li>{self.entity_link(page, 'actor', other, self.registries.actor(other).zh)} "
                        f'<span lang="en">{esc(self.registries.actor(other).en)}</span> ({n})</li>'
                        for other, n in sorted(co.items(), key=lambda kv: (-kv[1], kv[0]))[:10])
        head = (meta_table(rows) + BASIS_LEGEND
                + ("\n## 常同段提及 Often mentioned in the same paragraphs {#co-mentioned}\n\n<ul>" + often + "</ul>\n" if often else "")
                + "\n## 提及 Mentions {#mentions}\n")
        return self.entity_pages(page, f"{actor.zh} {actor.en}",
                                 f"# {md_text(actor.zh)} <span lang=\"en\">{md_text(actor.en)}</span>\n", head,
                                 self.mention_blocks(mentions))

    def actor_index(self) -> Iterator[PageFile]:
        """Every actor by pinyin, then by English name, a table per initial (paged: render/paging.py)."""
        page = "actors/index.md"
        actors = [a for a in self.registries.actors if ("actor", a.id) in self.graph.by_entity]
        blocks = [Block(lambda p: "## 按拼音 By pinyin {#by-pinyin}\n", ("by-pinyin",))]
        blocks += grouped_table(actors, lambda a: zh_key(a.zh, a.id), lambda a: zh_initial(a.zh), self, "zh")
        blocks.append(Block(lambda p: "\n## 按英文名称 By English name {#by-english}\n", ("by-english",)))
        blocks += grouped_table(actors, lambda a: en_key(a.en, a.id), lambda a: en_initial(a.en), self, "en")
        yield from paged(page, "行为体 Actors", "# 行为体 Actors", blocks, "行为体 Actors",
                         intro=f"源文本提及的 {len(actors)} 个组织和机构。The {len(actors)} organisations and bodies the "
                         "sources name.\n")

    # -- SDGs -------------------------------------------------------------------------------------

    def sdg_pages(self) -> Iterator[PageFile]:
        for g in self.registries.goals:
            yield from self.goal_page(g)
        yield self.sdg_index()

    def goal_page(self, goal: Goal) -> list[PageFile]:
        page = entity_page("goal", str(goal.number))
        mentions = self.graph.by_entity.get(("goal", str(goal.number)), ())
        ref = reference(self.registries, SDG_REFERENCE).mark(page)
        rows = [("简称", "Short name", f"{esc(goal.zh_short)} · <span lang=\"en\">{esc(goal.en_short)}</span>{ref}"),
                ("目标", "Goal", f"{esc(goal.zh)}<br><span lang=\"en\">{esc(goal.en)}</span>{ref}"),
                ("提及次数", "Mentions", str(len(mentions)))]
        targets = [t for t in self.registries.targets if t.goal == goal.number]
        head = [meta_table(rows) + BASIS_LEGEND] + (["\n## 具体目标 Targets {#targets}\n"] if targets else [])
        citables = []
        for t in targets:  # on the first page: the target ids are published (anchor registry)
            anchor = f"target_{t.id.replace('.', '-')}"
            tm = self.graph.by_entity.get(("target", t.id), ())
            citables.append(Citable(anchor, t.id, t.en or ""))
            head += [f"### 具体目标 {t.id} Target {t.id} {{#{anchor}}}\n",
                     f'<p lang="en">{esc(t.en)}{ref}</p>' if t.en else f"<p>{UNKNOWN}</p>",
                     f"<p>提及 Mentions: {len(tm)}</p>\n" + self.mention_list(page, tm)]
        head.append("\n## 提及 Mentions {#mentions}\n" + ("" if mentions else "\n<p>无 None.</p>\n"))
        return self.entity_pages(page, f"可持续发展目标 {goal.number} SDG {goal.number}",
                                 f"# 可持续发展目标 {goal.number}：{md_text(goal.zh_short)} <span lang=\"en\">Goal {goal.number}: "
                                 f"{md_text(goal.en_short)}</span>\n", "\n".join(head), self.mention_blocks(mentions),
                                 tuple(citables))

    def sdg_index(self) -> PageFile:
        page = "sdgs/index.md"
        out = [self.front("可持续发展目标 Sustainable Development Goals"), "# 可持续发展目标 Sustainable Development Goals\n",
               "| 目标 Goal | 名称 Name | 提及 Mentions |", "| --- | --- | --- |"]
        for g in self.registries.goals:
            n = len(self.graph.by_entity.get(("goal", str(g.number)), ())) + sum(
                len(self.graph.by_entity.get(("target", t.id), ())) for t in self.registries.targets if t.goal == g.number)
            out.append(f"| {self.md_entity_link(page, 'goal', str(g.number), str(g.number))} | {md_text(g.zh_short)} · "
                       f"<span lang=\"en\">{md_text(g.en_short)}</span> | {n} |")
        return PageFile(page, "\n".join(out) + "\n", "可持续发展目标 SDGs")

    # -- programmes ---------------------------------------------------------------------------------

    def programme_pages(self) -> Iterator[PageFile]:
        yield from (self.programme_page(p.number) for p in self.registries.programmes)
        yield self.programme_index()

    def programme_units(self, number: int) -> list[Mention]:
        return [m for m in self.graph.mentions
                if self.graph.place(m).programme == number and m.doc == self.registries.programme_document]

    def programme_page(self, number: int) -> PageFile:
        page = entity_page("programme", str(number))
        prog = next(p for p in self.registries.programmes if p.number == number)
        doc_slug = self.registries.programme_document
        chapter = relative(page, f"documents/{doc_slug}/prog-{number}/")
        mentions = self.programme_units(number)
        mandates = sorted({m.entity for m in mentions if m.kind == "resolution" and m.in_num}, key=mandate_sort_key)
        in_text = sorted({m.entity for m in mentions if m.kind == "resolution" and not m.in_num}, key=mandate_sort_key)
        others = self.other_mandates(number)
        actors = Counter(m.entity for m in mentions if m.kind == "actor")
        goals = Counter(m.entity for m in mentions if m.kind in ("goal", "target"))
        subs = [s for s in self.graph.subprogrammes if s.programme == number]
        refs = list(self.graph.by_entity.get(("programme", str(number)), ())) + [
            m for (kind, entity), ms in self.graph.by_entity.items()
            if kind == "subprogramme" and entity.split(".")[0] == str(number) for m in ms]
        zh = programme_basis(self.graph, self.docs, doc_slug, number)
        names = (f'<p class="names">{esc(prog.zh)}{zh.mark(page) if zh else ""} · <span lang="en">{esc(prog.en)}'
                 f'{reference(self.registries, PROGRAMME_REFERENCE).mark(page)}</span></p>\n' + BASIS_LEGEND)
        out = [self.front(f"方案 {number} {prog.zh}：概览 Programme {number} overview"), f"# 方案 {number} {md_text(prog.zh)} <span lang=\"en\">Programme {number}: {md_text(prog.en)}</span>\n",
               names + f'<p>全文 Full text: <a href="{esc(chapter)}">A/71/6/Rev.1 方案 {number}</a></p>\n']
        out.append("## 次级方案 Subprogrammes {#subprogrammes}\n")
        out.append("<ul>" + "".join(f'<li><a href="{esc(relative(page, url_of(s.page) + "#" + s.anchor))}">次级方案 {esc(s.number)} {esc(s.title)}</a></li>'
                                    for s in subs) + "</ul>\n" if subs else "<p>无 None.</p>\n")
        out.append(f"## 立法授权 Legislative mandates ({len(mandates)}) {{#mandates}}\n")
        out.append(symbol_list(page, mandates, self))
        if others:
            out.append(f"## 其他立法授权 Other mandates ({len(others)}) {{#other-mandates}}\n")
            out.append("<p>立法授权清单中不是决议或决定的条目（《联合国宪章》条款、公约、未印编号的宣言和文件等），"
                       "以及清单未确定发文机构的条目，链接到其在方案全文中的位置。Entries of the mandate lists that are "
                       "not resolutions or decisions (Charter articles, conventions, declarations and documents printed "
                       "without a number), and entries whose list does not establish the issuing body, linked to "
                       "their place in the programme's text.</p>\n")
            out.append('<ul class="other-mandates">' + "".join(
                f'<li><a href="{esc(relative(page, url_of(place.page) + "#" + place.anchor))}">'
                + (f'<span class="group">{esc(title)}</span> ' if title else "")
                + (f"<mark>{esc(place.num)}</mark> " if place.num else "") + f"{esc(place.text)}</a>"
                + (f" {NO_BODY}" if place.num and mandate_basis(place.num, title, self.actors, number) == "none" else "")
                + "</li>" for title, place in others) + "</ul>\n")
        out.append(f"## 正文引用的决议 Resolutions cited in the text ({len(in_text)}) {{#resolutions}}\n")
        if set(in_text) & set(mandates):
            out.append("<p>标为“立法授权”的决议也列在本方案的立法授权中。Resolutions marked “mandate” are also among "
                       "this programme's legislative mandates.</p>\n")
        out.append(symbol_list(page, in_text, self, also_mandates=set(mandates)))
        out.append(f"## 提及的行为体 Actors mentioned ({len(actors)}) {{#actors}}\n")
        out.append("<ul>" + "".join(f"<li>{self.entity_link(page, 'actor', a, self.registries.actor(a).zh)} ({n})</li>"
                                    for a, n in sorted(actors.items(), key=lambda kv: (-kv[1], kv[0]))) + "</ul>\n")
        out.append(f"## 提及的可持续发展目标 SDGs mentioned ({len(goals)}) {{#sdgs}}\n")
        out.append("<ul>" + "".join(f"<li>{self.entity_link(page, 'target' if '.' in g else 'goal', g, ('具体目标 ' if '.' in g else '目标 ') + g)} ({n})</li>"
                                    for g, n in sorted(goals.items())) + "</ul>\n")
        if refs:
            out.append(f"## 提及本方案及其次级方案之处 References to this programme and its subprogrammes ({len(refs)}) "
                       "{#references}\n\n" + self.mention_list(page, sorted(refs, key=self.reading_order)))
        return PageFile(page, "\n".join(out) + "\n")

    def other_mandates(self, number: int) -> list[tuple[str, Place]]:
        """(group title, place) of every entry of the programme's 立法授权 lists that names no resolution,
        decision or document (no mention read from its number), in reading order."""
        doc = self.docs.get(self.registries.programme_document)
        out: list[tuple[str, Place]] = []
        for part in doc.parts if doc else ():
            if part.programme != number:
                continue
            for block in part.blocks():
                for group in block.groups:
                    for entry in group.entries:
                        key = (doc.meta.slug, part.slug, entry.anchor)
                        if not any(m.in_num for m in self.graph.by_unit.get(key, ())):
                            out.append((group.title, self.graph.places[key]))
        return out

    def reading_order(self, m: Mention) -> int:
        return self.order[(m.doc, m.part, m.anchor)]

    def programme_index(self) -> PageFile:
        page = "programmes/index.md"
        out = [self.front("方案 Programmes"), "# 方案 Programmes\n",
               "A/71/6/Rev.1《2018-2019年期间战略框架》的 28 个方案。The 28 programmes of the strategic framework for 2018-2019.\n",
               "| 方案 | 中文 | English | 提及 Mentions |", "| --- | --- | --- | --- |"]
        for p in self.registries.programmes:
            n = len(self.programme_units(p.number))
            out.append(f"| {self.md_entity_link(page, 'programme', str(p.number), str(p.number))} | {md_text(p.zh)} | {md_text(p.en)} | {n} |")
        return PageFile(page, "\n".join(out) + "\n", "方案 Programmes")

    def pages(self) -> Iterator[PageFile]:
        """Every entity page, one at a time (a caller that writes each need not hold them all)."""
        return chain(self.programme_pages(), self.resolution_pages(), self.cited_document_pages(), self.actor_pages(),
                     self.sdg_pages())


def continued(heading: str) -> str:
    """A Markdown heading's text again (already escaped for Markdown), as a paragraph marked as a continuation
    (no second id)."""
    return heading.lstrip("# ").split(" {#")[0] + "（续 continued）"


def texts_by_year(symbols: Iterable[str]) -> dict[str, list[str]]:
    """year id -> the texts printed with that year (symbols.BodyMandate ``csw:ac:1996`` -> ``csw:ac:1996:1`` …)."""
    out: dict[str, list[str]] = defaultdict(list)
    for s in symbols:
        item = parse_mandate(s)
        if isinstance(item, BodyMandate) and item.ordinal is not None:
            out[str(item.year())].append(s)
    return dict(out)


def meta_table(rows: list[tuple[str, str, str]]) -> str:
    body = "\n".join(f'<tr><th scope="row">{esc(zh)} <span lang="en">{esc(en)}</span></th><td>{value}</td></tr>'
                     for zh, en, value in rows)
    return f'<table class="entity-meta">\n{body}\n</table>\n'


def symbol_list(page: str, symbols: list[str], r: EntityRenderer, also_mandates: set[str] = frozenset()) -> str:
    """Resolutions with their titles; those in ``also_mandates`` marked as legislative mandates."""
    if not symbols:
        return "<p>无 None.</p>\n"
    mark = ' <span class="status">立法授权 mandate</span>'
    items = "".join(f"<li>{r.entity_link(page, 'resolution', s, r.mandate_label(s))} {esc(r.titles_text(s))}"
                    f"{mark if s in also_mandates else ''}</li>" for s in symbols)
    return f'<ul class="symbols">{items}</ul>\n'


def grouped_table(actors: list[Actor], key, initial, r: EntityRenderer, lang: str) -> list[Block]:
    """A block per initial: its heading and a table of its actors."""
    groups: dict[str, list[Actor]] = defaultdict(list)
    for a in sorted(actors, key=key):
        groups[initial(a)].append(a)

    def table(page: str, letter: str, items: list[Actor]) -> str:
        out = [f"\n### {letter} {{#{lang}-{'num' if letter == '#' else letter.lower()}}}\n",
               "| 名称 Name | English | 提及 Mentions |\n| --- | --- | --- |"]
        for a in items:
            first, second = (a.zh, a.en) if lang == "zh" else (a.en, a.zh)
            out.append(f"| {r.md_entity_link(page, 'actor', a.id, first)} | {md_text(second)} "
                       f"| {len(r.graph.by_entity[('actor', a.id)])} |")
        return "\n".join(out) + "\n"

    return [html_block(lambda p, letter=letter, items=items: table(p, letter, items)) for letter, items in groups.items()]
