"""The About page: how the site is made, and the conservation figures for every document."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..model import Document
from . import PageFile
from .documents import short_label
from .html import md_text
from .labels import counted


@dataclass(frozen=True)
class Conservation:
    """Where the visible (non-whitespace) characters of one source went."""

    total: int  #: visible characters in the source
    furniture: int  #: in removed furniture lines
    links: int  #: in URL-only lines, rendered as links after their block
    relocated: int  #: in lines rendered away from their source position
    furniture_lines: Counter  #: removed lines by reason

    @property
    def in_place(self) -> int:
        return self.total - self.furniture - self.links - self.relocated


def visible_count(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def conservation(doc: Document) -> Conservation:
    lines = doc.source_text.split("\n")
    url_lines = {link.line for part in doc.parts for block in part.blocks() for link in block.links}
    moved = {n for r in doc.relocated for n in range(r.first_line, r.last_line + 1)}
    return Conservation(
        total=visible_count(doc.source_text),
        furniture=sum(visible_count(r.text) for r in doc.removed),
        links=sum(visible_count(lines[n - 1]) for n in url_lines),
        relocated=sum(visible_count(lines[n - 1]) for n in moved),
        furniture_lines=Counter(r.reason for r in doc.removed),
    )


def about_page(documents: tuple[Document, ...]) -> PageFile:
    rows = []
    for doc in documents:
        c = conservation(doc)
        reasons = "; ".join(f"{md_text(reason)} × {n}" for reason, n in sorted(c.furniture_lines.items())) or "—"
        rows.append(f"| {md_text(short_label(doc.meta))} | {c.total} | {c.in_place} | {c.links} | {c.relocated} | {c.furniture} | {reasons} |")
    text = f"""---
title: 关于 About
---

# 关于本站 About this site

本站由 {len(documents)} 份来源文本（PDF 文本层，逐字节保存在 `corpus/sources/`）生成。构建脚本清理 PDF 提取造成的版面问题，
重建段落、编号、脚注、表格和立法授权清单，然后生成页面。

The site is generated from {counted(len(documents), "source text")} (PDF text layers, kept byte for byte in `corpus/sources/`). The build
undoes the extraction artefacts (a blank line after every physical line, running headers and footers, words split
across lines, displaced footnote markers, flattened two-column tables, detached milestones), rebuilds paragraphs,
numbering, footnotes, tables and mandate lists, links mentions to their entity pages, and writes the pages.

## 阅读说明 Reading the text {{#reading}}

正文中，每个段落、项目、脚注、表格单元格或立法授权条目里，一个实体（行为体、决议、可持续发展目标、方案）只在第一次出现时链接到它的页面，下划线为实线；同一单元中的后续提及为普通文字。术语表中的术语在每页第一次出现时带点状下划线和小标记 ⓘ，指向其释义。所有提及（包括未加链接的）都列在实体页面上，术语的每次出现都列在术语表中，也都能被搜索到。

In the text, an entity (an organisation, a resolution, an SDG, a programme) is linked to its page at its first
mention in each paragraph, item, footnote, table cell or mandate entry, with a solid underline; later mentions in the
same place are plain text. A glossary term is marked at its first occurrence on each page with a dotted underline and
a small ⓘ, and leads to its definition. Every mention, linked or not, is listed on the entity's page, every
occurrence of a term in the glossary, and all are found by search.

## 无损 Nothing lost, nothing invented {{#conservation}}

每个来源的每个非空白字符都在页面上，或列为删除的版面元素。Every non-whitespace character of every source is on the
document pages — in place, as a link (URL-only lines, shown after the block they belong to), or moved to the block
it belongs to (002's milestones) — or is listed as [removed page furniture](removed.md). A whole-corpus test
checks this on the built HTML at every build.

| 文献 Document | 字符 Characters | 原位 In place | 链接行 URL lines | 移位 Moved | 删除 Removed | 删除的版面元素 Removed furniture |
| --- | ---: | ---: | ---: | ---: | ---: | --- |
{chr(10).join(rows)}

Unknown facts stay unknown: a symbol, date, title or author that the sources and the reference files do not
establish is shown as *未确定 · not established*, never guessed.

## 来源 Sources {{#sources}}

来源文本是 PDF 的文本层，逐字节保存在 `corpus/sources/`，每个文献页面都可下载。文献信息只记录已确定的事实：
“已核实”指由文本本身或官方来源证实，“推定”指证据充分但未证实，其余一律显示为未确定。每项事实都注明依据：
<sup>印</sup> 印于来源文本（链接到原文逐行视图中印有该事实的行），<sup>参</sup> 取自参考文件（链接到该文件），<sup>推</sup> 推定（说明理由）。
行为体、可持续发展目标、方案、决议和其他文件的页面同样为名称和标题注明依据。每份文献的原文逐行视图列出来源文件的每一行，
每行链接到文献页上显示该行的位置，未呈现的版面元素逐行注明。
立法授权清单中，标题和发文机构只取自条目本身的印刷内容：清单的分组标题或文号形式未确定发文机构的条目注明“未确定发文机构”，不链接到任何正式文件。

The source texts are the PDFs' text layers, kept byte for byte in `corpus/sources/` and downloadable from each
document page. A document's facts (`corpus/documents/<slug>.yml`: title, symbol, year, publisher) are recorded
only where established, each with its status: *verified* (confirmed by the text itself or an official source) or
*inferred* (strong evidence, not confirmed); anything else is *not established*. Every fact shows its basis:
<sup>印</sup> printed in the source (linked to the line that prints it in the source view), <sup>参</sup> taken from a
reference file (linked to the file, published beside the sources) or <sup>推</sup> inferred (with the reason); the
*Data* page has them all (`facts`). The pages of actors, SDGs, programmes, resolutions and other documents cited mark
their names and titles the same way. Each document's source view (*原文 Source text, line by line*) shows every line
of its source file, numbered as in the file, each linked to the place on the document's pages that shows it, and
says of each line of page furniture that it is not shown. In the mandate lists, an entry's title and issuing body come only from what the list prints: an
entry whose group heading and symbol do not establish the body says *body not established* and links to no official
document; where the lists print different titles for one resolution, its page shows each with its places. The registries began from
reference lists and every entry was checked against the sources: the organisations (`corpus/actors.yml`, with the
bodies the list missed added), the Sustainable Development Goals and the targets the sources cite
(`corpus/sdgs.yml`, from A/RES/70/1) and the programmes of the programme plan (`corpus/programmes.yml`: titles as
printed, official English titles).
"""
    return PageFile("about/index.md", text, "关于 About")
