"""Each document as Akoma Ntoso 3.0 XML (``data/akn/<slug>.xml``), made from the document model and the link graph.

The body is the site's text, block for block, with the site's anchors as ``eId``s: headings become nested
``level``s, numbered paragraphs ``paragraph``, sub-items and bullets ``point``, tables ``table``, mandate lists
``hcontainer``s; printed numbers are ``num``; a footnote is an ``authorialNote`` at its first reference (a
``noteRef`` at any later one); mentions of resolutions, cited documents and programmes are ``ref``s, of actors
``organization`` and of SDGs ``concept``, each pointing at a ``TLCOrganization`` / ``TLCConcept`` in
``references`` whose href is the entity page. Metadata comes from the document's YAML only; a fact that is not
established is left out, except where the schema requires the element (see FRBR_URI_SCHEME and the Data page).

A document of several pages repeats ids across its pages (every programme has a ``subprog_1``),
while eIds must be unique in a file: there each page is an ``hcontainer`` with eId ``page_<page slug>`` and
the eIds inside it are ``page_<page slug>__<site anchor>`` (AKN's rule: an eId starts with its container's).
"""
from __future__ import annotations

import posixpath
import time
from collections.abc import Iterable, Iterator

from lxml import etree

from .. import timing
from ..extract import Mention
from ..link import Graph
from ..model import Block, Document, DocumentMeta, FootnoteRef, Part, Section, Unit
from ..registries import Registries
from ..urls import akn_file, entity_url, relative
from . import PageFile
from .documents import part_heading_label
from .html import Span, choose_spans, esc, safe_url
from .inline import link_titles

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
LANGUAGE = "zho"  #: every source is a Chinese text
CORPUS = "全球卫生治理文献库 Global Health Governance Corpus"
UNKNOWN = "未确定 not established"

#: Shown on the How-to-cite page (render/cite.py); the Data page describes the file format (render/exports.py).
#: Country component ``xx`` (ISO 3166 user-assigned): the documents belong to no jurisdiction. No date in a URI,
#: so a URI stays when a date is established later.
FRBR_URI_SCHEME = [
    ("Work", "/akn/xx/doc/<slug>"),
    ("Expression (Chinese)", "/akn/xx/doc/<slug>/zho@"),
    ("Manifestation (the XML file)", "/akn/xx/doc/<slug>/zho@.xml"),
    ("A citable unit", "/akn/xx/doc/<slug>/zho@/~<eId>"),
]

#: Mentions of these kinds are inline elements pointing at a TLC in ``references`` (with the TLC kind and the
#: prefix of its eId); any other mention (resolution, cited document, programme) is a ``ref`` to its page.
TLC_KIND = {"actor": ("organization", "TLCOrganization", "actor"),
            "goal": ("concept", "TLCConcept", "sdg"), "target": ("concept", "TLCConcept", "sdg")}


def akn_files(documents: Iterable[Document], graph: Graph, registries: Registries | None) -> Iterator[PageFile]:
    """One XML file per document. The time spent making them is booked as its own stage, ``akn`` (timing.py)."""
    titles = link_titles(registries) if registries else {}  # the site's link titles
    for doc in documents:
        wall, cpu = time.perf_counter(), time.process_time()
        page = PageFile(akn_file(doc.meta.slug), AknWriter(doc, graph, titles).xml())
        timing.charge("akn", time.perf_counter() - wall, time.process_time() - cpu)
        yield page


def frbr_uris(slug: str) -> tuple[str, str, str]:
    """Work, expression and manifestation URI (FRBR_URI_SCHEME)."""
    return tuple(pattern.replace("<slug>", slug) for _, pattern in FRBR_URI_SCHEME[:3])


def E(tag: str, parent: etree._Element | None = None, text: str | None = None, **attrs: str | None):
    """An AKN element (attributes whose value is None are left out), appended to ``parent`` if given."""
    attrs = {k.rstrip("_"): v for k, v in attrs.items() if v is not None}
    element = etree.Element(f"{{{NS}}}{tag}", attrs, nsmap={None: NS}) if parent is None else \
        etree.SubElement(parent, f"{{{NS}}}{tag}", attrs)
    if text:
        element.text = text
    return element


def inline_content(element: etree._Element) -> etree._Element:
    """Mark ``element`` as holding text: pretty-printing never indents inside it (an empty text, not None), so no
    whitespace is added to a ``num`` or ``p`` that starts with an element."""
    if element.text is None:
        element.text = ""
    return element


def append_text(element: etree._Element, text: str) -> None:
    """Text after the last child of ``element`` (or as its text when it has none)."""
    if not text:
        return
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


class AknWriter:
    """The XML of one document."""

    def __init__(self, doc: Document, graph: Graph, titles: dict[tuple[str, str], str]):
        self.doc = doc
        self.graph = graph
        self.titles = titles
        self.here = posixpath.dirname(akn_file(doc.meta.slug)) + "/index.md"  #: a page in the XML's folder (hrefs)
        self.tlcs: dict[str, tuple[str, str, str]] = {}  #: eId -> (TLC element, href, showAs)
        self.prefix = ""  #: ``page_<slug>__`` inside a page of a multi-page document
        self.part: Part | None = None
        self.footnotes: dict[str, Block] = {}  #: anchor -> footnote block of the current part
        self.noted: set[str] = set()  #: eIds of the footnotes already placed (at their first reference)

    def xml(self) -> str:
        root = E("akomaNtoso")
        doc = E("doc", root, name="document")
        meta = E("meta", doc)
        body = E("mainBody", doc)
        multi = len(self.doc.parts) > 1
        for part in self.doc.parts:
            container = body
            if multi:
                container = E("hcontainer", body, eId=f"page_{part.slug}", name="page",
                              title=part_heading_label(part))
                self.prefix = f"page_{part.slug}__"
            self.part_body(part, container)
        self.metadata(meta)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode()

    # -- metadata ---------------------------------------------------------------------------------

    def metadata(self, meta_el: etree._Element) -> None:
        meta = self.doc.meta
        work, expression, manifestation = frbr_uris(meta.slug)
        ident = E("identification", meta_el, source="#org.corpus")
        date = frbr_date(meta)
        publisher = "#org.publisher"
        levels = (("FRBRWork", work, "!main"), ("FRBRExpression", expression, "!main"),
                  ("FRBRManifestation", expression, "!main.xml"))
        for tag, uri, this in levels:
            level = E(tag, ident)
            E("FRBRthis", level, value=f"{uri}/{this}")
            E("FRBRuri", level, value=manifestation if tag == "FRBRManifestation" else uri)
            if tag == "FRBRWork" and meta.symbol and meta.symbol_status != "unknown":
                E("FRBRalias", level, value=meta.symbol, name="symbol")
            E("FRBRdate", level, **date)
            E("FRBRauthor", level, href="#org.corpus" if tag == "FRBRManifestation" else publisher)
            if tag == "FRBRWork":
                E("FRBRcountry", level, value=work.split("/")[2])  # the URI's country component
                if meta.title_zh:
                    E("FRBRname", level, value=meta.title_zh)
            if tag == "FRBRExpression":
                E("FRBRlanguage", level, language=LANGUAGE)
        refs = E("references", meta_el, source="#org.corpus")
        E("TLCOrganization", refs, eId="org.corpus", href="/ontology/organization/ghgc", showAs=CORPUS)
        E("TLCOrganization", refs, eId="org.publisher", href="/ontology/organization/publisher",
          showAs=meta.publisher or UNKNOWN)
        for eid, (tag, href, show) in sorted(self.tlcs.items()):
            E(tag, refs, eId=eid, href=href, showAs=show)

    # -- body -------------------------------------------------------------------------------------

    def part_body(self, part: Part, container: etree._Element) -> None:
        self.part = part
        self.footnotes = {b.anchor: b for b in part.blocks() if b.kind == "footnote"}
        referenced = {r.target for b in part.blocks() for u in b.units() for r in u.footnote_refs}
        stack: list[tuple[int, etree._Element]] = [(0, container)]
        for section in part.sections:
            if section.heading is not None:
                while len(stack) > 1 and stack[-1][0] >= section.heading.level:
                    stack.pop()
                stack.append((section.heading.level, self.heading(section, stack[-1][1])))
            for block in section.blocks:
                if block.kind == "footnote" and block.anchor in referenced:
                    continue  # an authorialNote at its reference
                self.block(block, stack[-1][1])

    def eid(self, anchor: str) -> str:
        return self.prefix + anchor

    def heading(self, section: Section, parent: etree._Element) -> etree._Element:
        block = section.heading
        level = E("level", parent, eId=self.eid(block.anchor))
        if block.unit.num:
            E("num", level, block.unit.num)
        self.inline(E("heading", level), block.unit, mentions=False)
        if block.links:
            self.links(E("p", E("intro", level), class_="src-links"), block)
        return level

    def block(self, block: Block, parent: etree._Element) -> None:
        if block.kind == "table":
            self.table(block, parent)
        elif block.kind == "mandates":
            self.mandates(block, parent)
        else:
            tag, name = {"paragraph": ("paragraph", None), "item": ("point", None), "bullet": ("point", None),
                         "milestone": ("hcontainer", "milestone"), "footnote": ("hcontainer", "footnote")
                         }[block.kind]
            element = E(tag, parent, eId=self.eid(block.anchor), name=name)
            if block.unit.num:
                E("num", element, block.unit.num)
            content = E("content", element)
            self.inline(E("p", content), block.unit)
            self.links(content, block)

    def table(self, block: Block, parent: etree._Element) -> None:
        wrap = E("hcontainer", parent, eId=self.eid(block.anchor), name="table")
        if block.unit.num:
            E("num", wrap, block.unit.num)
        content = E("content", wrap)
        table = E("table", content)
        if block.unit.text:
            self.inline(E("caption", table), block.unit)
        if block.header:
            head = E("tr", table)
            for text in block.header:
                E("p", E("th", head), text)
        for row in block.rows:
            tr = E("tr", table, eId=self.eid(row.anchor))
            for column in row.columns:
                td = E("td", tr)
                for unit in column:
                    cell = E("blockContainer", td, eId=self.eid(unit.anchor))
                    if unit.num:
                        E("num", cell, unit.num)
                    self.inline(E("p", cell), unit)
                if not column:
                    E("p", td)
        if not len(table):  # the schema wants a row
            E("p", E("td", E("tr", table)))
        self.links(content, block)

    def mandates(self, block: Block, parent: etree._Element) -> None:
        wrap = E("hcontainer", parent, eId=self.eid(block.anchor), name="mandates")
        if block.unit.num:
            E("num", wrap, block.unit.num)
        if block.unit.text:
            self.inline(E("heading", wrap), block.unit)
        for group in block.groups:
            # the site shows (and so publishes the id of) a group heading only when the group has one
            g = E("hcontainer", wrap, eId=self.eid(group.anchor) if group.title else None, name="mandateGroup")
            if group.title:
                E("heading", g, group.title)
            for entry in group.entries:
                element = E("hcontainer", g, eId=self.eid(entry.anchor), name="mandate")
                if entry.num:
                    self.number_refs(E("num", element), entry)
                self.inline(E("p", E("content", element)), entry)
        if block.links:
            self.links(E("wrapUp", wrap), block)

    def links(self, parent: etree._Element, block: Block) -> None:
        """URLs the source printed on lines of their own, as the site shows them after the block."""
        if not block.links:
            return
        p = inline_content(parent if parent.tag == f"{{{NS}}}p" else E("p", parent, class_="src-links"))
        for i, link in enumerate(block.links):
            append_text(p, " " if i else "")
            if safe_url(link.url):
                E("a", p, link.url, href=link.url)
            else:
                append_text(p, link.url)

    # -- inline -----------------------------------------------------------------------------------

    def inline(self, element: etree._Element, unit: Unit, mentions: bool = True) -> None:
        """The unit's text into ``element``, with footnotes at their references and mentions marked up (chosen as
        the site chooses its links: a footnote reference wins over a mention it overlaps)."""
        inline_content(element)
        spans = [Span(r.offset, r.offset + len(r.label), "", "", 10) for r in unit.footnote_refs]
        refs = {r.offset: r for r in unit.footnote_refs}
        found = {}
        if mentions and self.part is not None:
            for m in self.graph.by_unit.get((self.doc.meta.slug, self.part.slug, unit.anchor), ()):
                if not m.in_num:
                    spans.append(Span(m.start, m.end, "", "", 5))
                    found.setdefault((m.start, m.end), m)
        pos = 0
        for span in choose_spans(spans):
            append_text(element, unit.text[pos:span.start])
            if span.priority == 10:
                self.footnote(element, refs[span.start])
            else:
                self.mention(element, found[(span.start, span.end)], unit.text[span.start:span.end])
            pos = span.end
        append_text(element, unit.text[pos:])

    def footnote(self, element: etree._Element, ref: FootnoteRef) -> None:
        note, eid = self.footnotes.get(ref.target), self.eid(ref.target)
        if note is None or eid in self.noted:
            E("noteRef", element, href=f"#{eid}", marker=ref.label)
            return
        self.noted.add(eid)
        element = E("authorialNote", element, eId=self.eid(note.anchor), marker=note.unit.num or ref.label,
                    placement="bottom")
        self.inline(E("p", element), note.unit)
        self.links(element, note)

    def mention(self, element: etree._Element, m: Mention, surface: str) -> None:
        href = relative(self.here, entity_url(m.kind, m.entity))
        if m.kind in TLC_KIND:
            inline_tag, tlc, prefix = TLC_KIND[m.kind]
            eid = f"{prefix}.{m.entity}"
            self.tlcs[eid] = (tlc, href, self.titles.get((m.kind, m.entity), m.entity))
            E(inline_tag, element, surface, refersTo=f"#{eid}")
        else:
            E("ref", element, surface, href=href)

    def number_refs(self, num: etree._Element, unit: Unit) -> None:
        """A mandate entry's printed symbol, each resolution in it a ``ref`` (as the site links them)."""
        inline_content(num)
        pos = 0
        for m in self.graph.by_unit.get((self.doc.meta.slug, self.part.slug, unit.anchor), ()):
            start = unit.num.find(m.surface, pos) if m.in_num else -1
            if start < 0:
                continue
            append_text(num, unit.num[pos:start])
            E("ref", num, m.surface, href=relative(self.here, entity_url(m.kind, m.entity)))
            pos = start + len(m.surface)
        append_text(num, unit.num[pos:])


def frbr_date(meta: DocumentMeta) -> dict[str, str]:
    """AKN requires a full date. Where only the year is established: 1 January of it, ``name`` saying so (with
    the year's status); where no year is established: 0001-01-01, ``name="unknown"``."""
    if meta.year is None or meta.year_status == "unknown":
        return {"date": "0001-01-01", "name": "unknown"}
    status = "" if meta.year_status == "verified" else f" ({meta.year_status})"
    return {"date": f"{meta.year:04d}-01-01", "name": f"year only{status}"}


def data_section(documents: Iterable[Document]) -> list[str]:
    """The Data page's section on the XML files (render/exports.py): the format, and a link to each file."""
    files = " · ".join(f'<a href="../{esc(akn_file(d.meta.slug))}">{esc(d.meta.slug)}.xml</a>' for d in documents)
    return [
        "## Akoma Ntoso XML {#akn}", "",
        "每篇文献的全文另以 Akoma Ntoso 3.0（OASIS LegalDocML）XML 提供。Each document's whole text is also published "
        "as Akoma Ntoso 3.0 XML (OASIS LegalDocML, the format of AKN4UN and Laws.Africa), one file per document at "
        "`data/akn/<slug>.xml`, valid against the AKN 3.0 schema. Its text is exactly the text of the document's "
        "pages, and its `eId`s are the site's anchors.", "",
        f"<p>{files}</p>", "",
        "| element | what |", "| --- | --- |",
        "| `akomaNtoso/doc` | the document (`name=\"document\"`) |",
        "| `meta/identification` | FRBR work, expression (`FRBRlanguage` `zho`) and manifestation, from the "
        "document's metadata only; URIs as on the [How to cite](cite.md#akn) page. `FRBRalias name=\"symbol\"`: "
        "the UN symbol, `FRBRname`: the Chinese title, each only where established. The schema requires a full "
        "`FRBRdate`: where only the year is established it is 1 January of that year with `name=\"year only\"` (and "
        "the year's status, e.g. `(inferred)`); where no year is established `0001-01-01` with `name=\"unknown\"`. "
        "`FRBRcountry` is `xx` (no jurisdiction). `FRBRauthor` points to `#org.publisher`, whose `showAs` is the "
        f"publisher or `{UNKNOWN}` |",
        "| `meta/references` | `TLCOrganization` for the corpus, the publisher and every actor mentioned "
        "(`eId` `actor.<id>`), `TLCConcept` for every SDG goal and target mentioned (`sdg.<id>`); `href` is the "
        "entity page, relative to the XML file |",
        "| `mainBody` | the text in reading order. A document of several pages has one `hcontainer name=\"page\"` "
        "per page, `eId` `page_<page slug>` (its `title` is the page title) |",
        "| `eId` | the site's anchor (`para_2-26`: `#para_2-26` on the document page). Inside a page container "
        "of a multi-page document the anchor follows the container's eId and `__`: `page_<p>__<anchor>` is "
        "`documents/<slug>/<p>/#<anchor>` (anchors repeat across those pages; eIds are unique in a "
        "file) |",
        "| `level` | a heading (`num`, `heading`) and everything under it, nested by heading level |",
        "| `paragraph` / `point` | a paragraph / a sub-item or bullet, with its printed number in `num` and its "
        "text in `content/p` |",
        "| `hcontainer` | `name=\"table\"` (holding the `table`; rows are `tr` with their ids, each cell unit a "
        "`blockContainer`), `\"mandates\"` / `\"mandateGroup\"` / `\"mandate\"` (a legislative-mandates list, its "
        "groups and entries; the entry's printed symbol is its `num`), `\"milestone\"`, `\"footnote\"` (a "
        "footnote nothing refers to) |",
        "| `authorialNote` | a footnote, at its first reference (`marker`: the printed marker); a later reference "
        "to the same footnote is a `noteRef` |",
        "| `ref` | a mention of a resolution or decision, a cited document or a programme; `href`: its page |",
        "| `organization` / `concept` | a mention of an actor / an SDG goal or target; `refersTo` its TLC |",
        "| `p class=\"src-links\"` | URLs the source printed on lines of their own, as `a` elements |", ""]


def cite_section() -> str:
    """The How-to-cite page's section on the FRBR URIs of the XML files (render/cite.py)."""
    rows = "\n".join(f"| {level} | `{pattern}` |" for level, pattern in FRBR_URI_SCHEME)
    return f"""
## Akoma Ntoso XML {{#akn}}

每篇文献另有 Akoma Ntoso 3.0 XML 文件（`/data/akn/<slug>.xml`，格式见[数据下载](data.md#akn)页）。
Each document is also published as Akoma Ntoso 3.0 XML at `/data/akn/<slug>.xml` (format on the
[Data](data.md#akn) page). Its FRBR URIs follow the AKN naming convention, with the document's URL slug as the
stable number and `xx` as the country component (the documents belong to no national jurisdiction); no date
is part of a URI, so a URI never changes when a date is established later. Inside the file an element's `eId`
is the anchor you cite: `#para_2-26` on a page is `eId="para_2-26"`, and, in a document of several pages,
`eId="page_<page>__<anchor>"` in the container of page `<page>` (`documents/<slug>/<page>/#<anchor>`).

| FRBR level | URI |
| --- | --- |
{rows}
"""
