"""Document pages: one per single-page document, and for A/71/6/Rev.1 an overview, a preface and 28 programme pages."""
from __future__ import annotations

from typing import Protocol

from ..model import Block, Document, DocumentMeta, Part, Unit
from ..sourcelines import LineMap, line_map
from ..urls import akn_file, doc_page, download_file, relative, url_of
from . import Citable, PageFile
from .html import Span, attr, esc, front_matter, link, marked_up, md_text, safe_url
from .source_view import line_url, view_path

class SpanSource(Protocol):
    """Inline markup for units on a page: mention links and term tooltips (render/inline.py)."""

    def __call__(self, page: str, unit: Unit) -> list[Span]: ...

    def num_html(self, page: str, unit: Unit) -> str | None: ...

    def body_established(self, page: str, unit: Unit, group_title: str) -> bool: ...

STATUS_LABEL = {"verified": "", "inferred": "推定 inferred", "unknown": "未确定 unknown"}
UNKNOWN = '<span class="unknown">未确定 · not established</span>'
#: a mandate entry whose own heading and printed number do not say which body issued it (extract.mandate_basis)
NO_BODY = '<span class="unknown no-body">未确定发文机构 · body not established</span>'


class NoSpans:
    """No inline links (fixture corpora without registries)."""

    def __call__(self, page: str, unit: Unit) -> list[Span]:
        return []

    def num_html(self, page: str, unit: Unit) -> str | None:
        return None

    def body_established(self, page: str, unit: Unit, group_title: str) -> bool:
        return True  # no registries, no mandate links: nothing to qualify


def document_title(meta: DocumentMeta) -> str:
    """The title a page shows: the Chinese title, or, where none is established, a bracketed description."""
    return meta.title_zh or f"〔标题未确定〕{meta.label_zh or meta.kind_zh}"


def short_label(meta: DocumentMeta) -> str:
    """Navigation label: the symbol where established, otherwise the title."""
    return meta.symbol or document_title(meta)


def pages_for(doc: Document, spans: SpanSource = NoSpans(), part_titles_en: dict[str, str] | None = None,
              lines: LineMap | None = None) -> list[PageFile]:
    """All pages of one document, in navigation order. ``lines``: the link stage's alignment of its source
    (link.Graph.sources; made here when not given), for the links to the source view."""
    meta = doc.meta
    lines = lines or line_map(doc)
    if len(doc.parts) == 1:
        part = doc.parts[0]
        path = doc_page(meta.slug)
        body = metadata_table(meta, path, lines) + render_part(part, path, spans)
        return [PageFile(path, page_text(document_title(meta), body, meta, part), short_label(meta), citables(part))]
    overview_path = doc_page(meta.slug)
    pages = [PageFile(overview_path, page_text(document_title(meta), metadata_table(meta, overview_path, lines) + contents(doc, part_titles_en or {}), meta, None),
                      "概览 Overview")]
    for part in doc.parts:
        path = doc_page(meta.slug, part.slug)
        title = f"{part_heading_label(part)}"
        body = part_meta(meta, part, path, (part_titles_en or {}).get(part.slug), lines) + render_part(part, path, spans)
        pages.append(PageFile(path, page_text(title, body, meta, part, (part_titles_en or {}).get(part.slug) or part.title_en),
                              title, citables(part)))
    return pages


def part_meta(meta: DocumentMeta, part: Part, page: str, title_en: str | None, lines: LineMap) -> str:
    """The line that opens each page of a multi-page document: which document, its downloads, the part's first
    line in the source view, and the page's English title."""
    en = title_en or part.title_en
    bits = [esc(document_title(meta))] + ([esc(meta.symbol)] if meta.symbol else [])
    first = next((b.lines[0] for b in part.blocks()), 1)
    return (f'<p class="part-meta"><a href="{esc(relative(page, url_of(doc_page(meta.slug))))}">{" · ".join(bits)}</a>'
            + f' · {link(relative(page, download_file(meta.slug, "pdf")), "PDF", "pdf-file")}'
            + f' · {link(relative(page, akn_file(meta.slug)), "AKN XML", "akn-file")}'
            + f' · {link(relative(page, line_url(lines, first)), "原文 Source text", "source-view")}'
            + (f'<br><span lang="en">{esc(meta.title_en or "")} — {esc(en)}</span>' if en else "") + "</p>\n\n")


def citables(part: Part) -> tuple[Citable, ...]:
    """Every id the part's page publishes: blocks, units, table rows and mandate groups."""
    out: list[Citable] = []
    for block in part.blocks():
        units = block.units()
        out.append(Citable(block.anchor, block.unit.num or "", " ".join(u.text for u in units) or block.unit.text))
        out += [Citable(u.anchor, u.num or "", u.text) for u in units if u is not block.unit]
        out += [Citable(r.anchor, "", " ".join(u.text for col in r.columns for u in col)) for r in block.rows]
        out += [Citable(g.anchor, "", g.title) for g in block.groups]
    return tuple(out)


def part_heading_label(part: Part) -> str:
    return f"方案 {part.programme} {part.title_zh}" if part.programme else part.title_zh


def contents(doc: Document, titles_en: dict[str, str]) -> str:
    """The overview's list of pages of a multi-page document."""
    rows = []
    for part in doc.parts:
        en = titles_en.get(part.slug) or part.title_en or ""
        rows.append(f'<li><a href="{part.slug}/">{esc(part_heading_label(part))}</a>'
                    + (f' <span class="en" lang="en">{esc(en)}</span>' if en else "") + "</li>")
    return '\n## 目录 Contents {#contents}\n\n<ul class="parts">\n' + "\n".join(rows) + "\n</ul>\n"


def page_text(title: str, body: str, meta: DocumentMeta, part: Part | None, part_title_en: str | None = None) -> str:
    """Front matter, the h1 and the body. The cite-data element feeds the copy-citation control."""
    programme = bool(part and part.programme)
    part_en = f"Programme {part.programme}" + (f": {part_title_en}" if part_title_en else "") if programme else ""
    cite = (f'<div class="cite-data" hidden{attr("data-title-zh", document_title(meta))}'
            f'{attr("data-title-en", meta.title_en or "")}{attr("data-symbol", meta.symbol or "")}'
            f'{attr("data-year", str(meta.year or ""))}{attr("data-publisher", meta.publisher or "")}'
            f'{attr("data-part", part_heading_label(part) if programme else "")}{attr("data-part-en", part_en)}></div>')
    return f"{front_matter(title)}# {md_text(title)}\n\n{cite}\n\n{body}"


#: the marker, Chinese and English name of each kind of basis (model.Basis), as the header shows them
BASIS_MARK = {"printed": ("印", "印于来源文本", "printed in the source"),
              "reference": ("参", "取自参考文件", "from a reference file"),
              "inferred": ("推", "推定", "inferred")}
BASIS_LEGEND = ('<p class="basis-legend">依据 Basis: ' + " · ".join(
    f'<sup class="basis basis-{kind}">{mark}</sup> {zh} {en}' for kind, (mark, zh, en) in BASIS_MARK.items()) + "</p>\n\n")


def printed_mark(page: str, target: str, where: str) -> str:
    """The 印 marker: a link to the source line that prints a fact or a name (``target``, site-relative)."""
    mark, zh, en = BASIS_MARK["printed"]
    return (f' <sup class="basis basis-printed"><a{attr("href", relative(page, target))}'
            f'{attr("title", f"{zh} {en}: {where}")}>{mark}</a></sup>')


def reference_mark(page: str | None, file: str) -> str:
    """The 参 marker: a link to the reference file (published beside the sources) a fact or a name is taken from;
    with no ``page``, the file named in the tooltip only (a corpus that does not hold it)."""
    mark, zh, en = BASIS_MARK["reference"]
    if page is None:
        return f' <sup class="basis basis-reference"{attr("title", f"{zh} {en}: {file}")}>{mark}</sup>'
    return (f' <sup class="basis basis-reference"><a{attr("href", relative(page, file))}'
            f'{attr("title", f"{zh} {en}: {file}")}>{mark}</a></sup>')


def inferred_mark(reason: str) -> str:
    """The 推 marker, its reason in the tooltip."""
    mark, zh, en = BASIS_MARK["inferred"]
    return f' <sup class="basis basis-inferred"{attr("title", f"{zh} {en}: {reason}")}>{mark}</sup>'


def source_line_target(slug: str, lines: LineMap | None, n: int) -> str:
    """Site-relative URL of source line ``n`` in the source view (its first page, which forwards, without ``lines``)."""
    return line_url(lines, n) if lines else url_of(view_path(slug)) + f"#L{n}"


def basis_html(meta: DocumentMeta, name: str, page: str, lines: LineMap | None) -> str:
    """A fact's basis as a marker with a tooltip: 印 links to the line that prints it in the source view,
    参 to the reference file, 推 says why."""
    basis = meta.basis(name)
    if basis is None:
        return ""
    if basis.kind == "printed":
        first, last = basis.lines
        span = f"{first}" + (f"–{last}" if last != first else "")
        return printed_mark(page, source_line_target(meta.slug, lines, first),
                            f"sources/{meta.source}, 第 {span} 行 line {span}")
    if basis.kind == "reference":
        return reference_mark(page, basis.file)
    return inferred_mark(basis.reason)


def metadata_table(meta: DocumentMeta, page: str, lines: LineMap | None = None) -> str:
    """The bilingual metadata block every document page opens with; unknown facts are shown as unknown, every
    fact given with its basis (印 printed / 参 reference / 推 inferred, load.PUBLISHED)."""

    def english(text: str) -> str:
        return f'<span lang="en">{esc(text)}</span>'

    def fact(name: str, shown: str) -> str:
        return shown + basis_html(meta, name, page, lines)

    def status(name: str, value: str | None, state: str) -> str:
        if value is None or state == "unknown":
            return UNKNOWN
        label = STATUS_LABEL[state]
        return fact(name, esc(value)) + (f' <span class="status">（{label}）</span>' if label else "")

    rows = [
        ("标题", "Title (zh)", fact("title_zh", esc(meta.title_zh)) if meta.title_zh else UNKNOWN),
        ("英文标题", "Title (en)", status("title_en", meta.title_en, meta.title_en_status)),
        ("类型", "Kind", fact("kind_zh", esc(meta.kind_zh)) + "<br>" + fact("kind_en", english(meta.kind_en))),
        ("文号", "Symbol", status("symbol", meta.symbol, meta.symbol_status)),
        ("年份", "Year", status("year", str(meta.year) if meta.year else None, meta.year_status)),
        ("发布者", "Publisher", fact("publisher", esc(meta.publisher)) if meta.publisher else UNKNOWN),
        ("官方文本", "Official text", fact("url", official_text(meta.url)) if meta.url else UNKNOWN),
    ]
    if meta.label_zh:  # the description shown in brackets where no title is established
        rows.append(("说明", "Description", fact("label_zh", esc(meta.label_zh))
                     + ("<br>" + fact("label_en", english(meta.label_en)) if meta.label_en else "")))
    rows += [(label, label, fact(f"note:{label}", esc(value))) for label, value in meta.notes]
    rows.append(("下载", "Download", downloads(meta.slug, page, marked=False)))
    rows.append(("AKN XML", "Akoma Ntoso", link(relative(page, akn_file(meta.slug)), f"{meta.slug}.xml", "akn-file")))
    body = "\n".join(f'<tr><th scope="row">{esc(zh)}' + (f' <span lang="en">{esc(en)}</span>' if en != zh else "")
                     + f"</th><td>{value}</td></tr>" for zh, en, value in rows)
    return (f'<div class="doc-meta-box">\n{metadata_summary(meta, page)}\n<details>\n'
            f'<summary>文献信息 Document information</summary>\n<table class="doc-meta">\n{body}\n</table>\n'
            + (BASIS_LEGEND.rstrip() + "\n" if meta.bases else "") + '</details>\n</div>\n\n')


def metadata_summary(meta: DocumentMeta, page: str) -> str:
    """Two short lines above the full metadata table (which opens on request): what is established of symbol, year
    and publisher, and the downloads. A phone shows the text after these two lines, not after two screens of table."""
    facts = [(meta.symbol, meta.symbol_status), (str(meta.year) if meta.year else None, meta.year_status),
             (meta.publisher, "verified")]
    known = [esc(value) for value, state in facts if value and state != "unknown"]
    files = ([link(safe_url(meta.url), "官方文本 Official text")] if safe_url(meta.url) else []) + [
        downloads(meta.slug, page, separator=" · "), link(relative(page, akn_file(meta.slug)), "AKN XML", "akn-file")]
    return (f'<p class="doc-meta-summary">{" · ".join(known) or UNKNOWN}<br>'
            f'<span class="doc-meta-files">{" · ".join(files)}</span></p>')


def downloads(slug: str, page: str, marked: bool = True, separator: str = "<br>") -> str:
    """The document's PDF edition (render/pdf.py), its source text, byte for byte, under its slug, and the source
    view (render/source_view.py). ``marked``: the links carry the classes ``pdf-file`` / ``source-file`` /
    ``source-view`` (once per page: the summary line above the table)."""
    pdf, txt, view = ("pdf-file", "source-file", "source-view") if marked else ("", "", "")
    return (link(relative(page, download_file(slug, "pdf")), f"PDF 版 PDF edition ({slug}.pdf)", pdf) + separator
            + link(relative(page, download_file(slug, "txt")), f"来源全文 Source text ({slug}.txt)", txt) + separator
            + link(relative(page, url_of(view_path(slug))), "原文 Source text, line by line", view))


def official_text(url: str | None) -> str:
    """The official text's URL as a link when it is http(s), as text when it is anything else."""
    if safe_url(url):
        return link(safe_url(url), url)
    return esc(url) if url else UNKNOWN


def render_part(part: Part, page: str, spans: SpanSource) -> str:
    return "\n".join(render_block(block, page, spans) for block in part.blocks()) + "\n"


def unit_html(unit: Unit, page: str, spans: SpanSource) -> str:
    """A unit's text, escaped, with footnote references and inline spans."""
    refs = [Span(r.offset, r.offset + len(r.label), f'<sup class="fnref"><a{attr("href", "#" + r.target)}>', "</a></sup>", 10)
            for r in unit.footnote_refs]
    return marked_up(unit.text, refs + spans(page, unit)).replace("\n", "<br>")  # bilingual table captions


def number(unit: Unit) -> str:
    """The printed number as the block's permalink (a bare permalink when the block has no number)."""
    if unit.num:
        return f'<a class="num"{attr("href", "#" + unit.anchor)}>{esc(unit.num)}</a> '
    return f'<a class="permalink"{attr("href", "#" + unit.anchor)} aria-label="永久链接 Permalink"></a>'


def render_block(block: Block, page: str, spans: SpanSource) -> str:
    renderer = {
        "heading": _heading, "table": _table, "mandates": _mandates,
    }.get(block.kind, _text_block)
    return renderer(block, page, spans) + _links(block) + "\n"


def _heading(block: Block, page: str, spans: SpanSource) -> str:
    unit = block.unit
    marks = "#" * min(block.level + 1, 6)
    refs = "".join(f' <sup class="fnref"><a href="#{r.target}">{esc(r.label)}</a></sup>' for r in unit.footnote_refs)
    shown = unit.text
    for r in sorted(unit.footnote_refs, key=lambda r: -r.offset):  # the marker is shown as a link after the text
        shown = shown[: r.offset] + shown[r.offset + len(r.label):]
    text = (unit.num + " " if unit.num else "") + shown
    return f"{marks} {md_text(text)}{refs} {{#{unit.anchor}}}\n"


_CLASS = {"paragraph": "b-para", "item": "b-item", "bullet": "b-bullet", "footnote": "b-fn", "milestone": "b-milestone"}


def _text_block(block: Block, page: str, spans: SpanSource) -> str:
    unit = block.unit
    tag = "aside" if block.kind == "footnote" else "p"
    level = f" level-{block.level}" if block.level else ""
    return (f'<{tag} class="blk {_CLASS[block.kind]}{level}"{attr("id", unit.anchor)}>{number(unit)}'
            f"{unit_html(unit, page, spans)}</{tag}>\n")


def _table(block: Block, page: str, spans: SpanSource) -> str:
    caption = ""
    if block.unit.text or block.unit.num:
        caption = f"<caption>{number(block.unit)}{unit_html(block.unit, page, spans)}</caption>"
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in block.header)
    rows = []
    for row in block.rows:
        cells = "".join(_cell(col, page, spans) for col in row.columns)
        rows.append(f'<tr{attr("id", row.anchor)}>{cells}</tr>')
    thead = f"<thead><tr>{head}</tr></thead>" if head else ""
    return (f'<div class="table-wrap"><table class="blk b-table"{attr("id", block.anchor)}>{caption}{thead}'
            f"<tbody>{''.join(rows)}</tbody></table></div>\n")


def _cell(units: tuple[Unit, ...], page: str, spans: SpanSource) -> str:
    """A table cell: a cell of one unit carries the unit's id itself; a cell of several holds a paragraph per unit.
    (A paragraph per cell was about 170 elements more on a long programme page, for nothing.)"""
    if len(units) == 1:
        unit = units[0]
        return f'<td{attr("id", unit.anchor)}>{number(unit)}{unit_html(unit, page, spans)}</td>'
    return "<td>" + "".join(f'<p{attr("id", u.anchor)}>{number(u)}{unit_html(u, page, spans)}</p>' for u in units) + "</td>"


def _mandates(block: Block, page: str, spans: SpanSource) -> str:
    out = [f'<div class="blk b-mandates"{attr("id", block.anchor)}>']
    if block.unit.text or block.unit.num:
        out.append(f'<p class="mandates-title">{number(block.unit)}{unit_html(block.unit, page, spans)}</p>')
    for group in block.groups:
        if group.title:
            out.append(f'<p class="mandate-group"{attr("id", group.anchor)}>{esc(group.title)}</p>')
        out.append('<ul class="mandate-list">')
        for entry in group.entries:
            symbol = spans.num_html(page, entry) or f'<span class="sym">{esc(entry.num or "")}</span>'
            if entry.num and not spans.body_established(page, entry, group.title):
                symbol += f' {NO_BODY}'
            out.append(f'<li{attr("id", entry.anchor)}>{symbol} {unit_html(entry, page, spans)}</li>')
        out.append("</ul>")
    out.append("</div>")
    return "\n".join(out) + "\n"


def _links(block: Block) -> str:
    """URLs the source printed on lines of their own, shown as links after the block."""
    if not block.links:
        return ""
    items = [link(l.url, l.url) if safe_url(l.url) else f"<span>{esc(l.url)}</span>" for l in block.links]
    return f'<p class="src-links" role="group" aria-label="来源中的链接 Links in the source">{" ".join(items)}</p>\n'
