"""The "How to cite" page: the URL and anchor scheme, generated from ids.TYPES and the examples from the documents
themselves, so it cannot drift."""
from __future__ import annotations

from ..ids import SINGLETONS, TYPES, Anchor
from ..link import page_of
from ..model import Document
from ..urls import url_of
from . import PageFile
from .akn import cite_section
from .documents import part_heading_label, short_label
from .html import esc, md_text
from .labels import anchor_label


def examples(documents: tuple[Document, ...]) -> list[tuple[str, str]]:
    """(citation, URL) taken from the documents themselves, so every example exists and every document has
    some: per document, its first printed number at the top level and its first one nested one level down."""
    out = []
    for doc in documents:
        numbered = [(part, unit) for part in doc.parts for block in part.blocks() for unit in block.units() if unit.num]
        first_at = {}
        for part, unit in numbered:
            first_at.setdefault(len(Anchor.parse(unit.anchor).components), (part, unit))
        for part, unit in (first_at[depth] for depth in (1, 2) if depth in first_at):
            label, page = anchor_label(unit.anchor), part_heading_label(part)
            where = [short_label(doc.meta)] + ([page] if len(doc.parts) > 1 and not label.startswith(page) else [])
            out.append(("，".join(where + [label]), f"{url_of(page_of(doc, part.slug))}#{unit.anchor}"))
    return out


INTRO = """\
---
title: 如何引用 How to cite
---

# 如何引用 How to cite

本站每个带编号的段落、分项、脚注、表格、表格行和标题都有一个永久网址，可直接用于引用。
Every numbered paragraph, sub-item, footnote, table, table row and heading has a permanent URL you can cite.
Hover over a paragraph (or focus its number) to see its permalink; the ❝ button next to it shows a ready-made
citation in Chinese and in English style, and copies the one you choose (a note at the bottom of the screen
confirms the copy for about two seconds).

## 下载与打印 Download and print {#downloads}

每份文献都有 PDF 版（封面载有文献信息和在线网址，书签列出每个部分和每个编号段落，段落编号链接到其永久网址）
和逐字节保存的来源全文，链接见文献页开头的文献信息。打印网页时不打印按钮和导航，每段之后印出其永久网址。
Every document has a PDF edition (a title page with its metadata and public URL; bookmarks for every part and
every numbered paragraph; each paragraph number links to the paragraph's permanent URL) and its source text byte
for byte, linked from the document information at the top of its page. A printed page leaves out the buttons and
navigation and prints each paragraph's permanent URL after it.

## 网址 URLs {#urls}

| 内容 What | 网址 URL |
| --- | --- |
| 文献 a document | `/documents/<slug>/` |
| 多页文献的一页 a page of a document published in parts (a preface, programme N) | `/documents/<slug>/preface/`, `/documents/<slug>/prog-N/` |
| 方案 a programme (entity page) | `/programmes/N/` |
| 决议或决定 a resolution or decision | `/resolutions/a-res-71-6/`, `/resolutions/s-res-2167-2014/` |
| 仅以年份编号的案文 a text numbered only with a year (agreed conclusions, communiqués) | the year: `/resolutions/csw-ac-1996/` (lists the year's texts); its k-th distinct title, in the order first printed: `/resolutions/csw-ac-1996-text-2/` |
| 行为体 an actor | `/actors/who/` |
| 可持续发展目标 an SDG | `/sdgs/3/` (targets: `#target_3-c`) |
| PDF 版 a document's PDF edition | `/downloads/<slug>.pdf` |
| 来源全文 a document's source text | `/downloads/<slug>.txt` |
| 原文逐行 a document's source text, line by line | `/documents/<slug>/source/` (line n: `#L<n>`; continued on `/documents/<slug>/source/2/` …) |

## 锚点 Anchors {#anchors}

锚点取自文献本身印刷的编号，而不是标题文字或位置。Anchors come from the document's own printed numbering
(Akoma Ntoso / OASIS LegalDocML naming): `{type}_{number}` components joined by `__`, ASCII, lower case.
Printed numbers map to ASCII: `2.26` → `2-26`, `(a)` → `a`, `㈢` → `3`, `三` → `3`, `A.` → `a`.
Numbers missing from a source stay missing: the report in source 000 has no paragraph 47, so there is no `para_47`.

**Unnumbered blocks** (headings without numbers, the bullets of the action agenda, the paragraphs of the journal
article) are counted *within their nearest numbered parent*: the second unnumbered paragraph of section 2.1 of the
journal article is `sec_2-1__para_2`. Text inserted anywhere else never changes such an id.

**Ids never disappear.** Every published URL and id is recorded in `corpus/anchors/registry.tsv` with its printed
number and a hash of its text; a build fails if one no longer resolves or now stands for other text, unless
`corpus/anchors/aliases.yml` maps it to its new place (old #fragments are forwarded inside the page; moved pages
get a redirect page).

### 各文献的编号 Numbering in each document {#per-document}

| 文献 Document | 印刷形式 Printed | 锚点 Anchor |
| --- | --- | --- |
| 秘书长的说明 (000) | 一. 导言 / A. 创新筹资 / 免疫联盟 (unnumbered) | `chp_1` / `chp_4__sec_a` / `chp_4__sec_a__hdg_1` |
| | 16. / (a) / footnote 1 | `para_16` / `para_16__point_a` / `fn_1` |
| | front matter, 摘要 | `preface__para_1`, `summary__para_2` |
| 世界卫生大会报告 (001) | 15. / (a) | `para_15` / `para_15__point_a` |
| | footnotes (numbering restarts on every page) | by the paragraph citing them: `para_13__fn_1` |
| 行动议程 (002) | 行动领域 5 / its k-th key action / its 里程碑 | `area_5` / `area_5__action_k` / `area_5__milestone` |
| | summary of 行动领域 3 | `summary__area_3`, `summary__area_3__para_1` |
| A/71/6/Rev.1 (003) | 前言 1. (a) | `preface__para_1__point_a` (page `preface/`) |
| | 方案 2 / 2.26 / (a) / ㈡ | `prog_2` / `para_2-26` / `para_2-26__point_a` / `para_2-26__point_a__point_2` (page `prog-2/`) |
| | 次级方案 1 (inside section B: `sec_b__subprog_1`) | `subprog_1` |
| | 本组织的目标 / 预期成绩 (a) / 绩效指标 ㈡ | `subprog_1__objective` / `subprog_1__ea_a` / `subprog_1__ea_a__ind_2` |
| | the table and its rows / a table note a | `subprog_1__table_1`, `subprog_1__table_1__row_a` / `subprog_1__table_1__fn_a` |
| | 立法授权 / its k-th group / the n-th entry | `subprog_1__mandates` / `…__group_k` / `…__group_k__entry_n` |
| | an entry once published inside entry n (a mis-parse fixed later) | `…__group_k__entry_na` (then `entry_nb` …): entry n and every later entry keep their ids |
| | footnote 6 | `fn_6` |
| 期刊论文 (004) | 2.1 (section) / its k-th paragraph | `sec_2-1` / `sec_2-1__para_k` |
| | 表 2 / row 3 / its k-th cell | `table_2` / `table_2__row_3` / `table_2__row_3__para_k` |
| | 【摘要】 / 【Abstract】 | `summary`, `summary__para_1` / `abstract`, `abstract__para_1` |

**Source lines.** Line n of a document's source file (numbered as in the file, from 1; empty lines count) is
`L<n>` in the document's source view: `/documents/<slug>/source/#L7`. The view is cut into pages of whole lines
(`source/2/`, `source/3/` …); the links the site makes point to the page that holds the line, and a link to any
page of the view with any line's id is forwarded to the right page, so `/documents/<slug>/source/#L<n>` always
lands. Each line links to the place on the document's pages that shows it; a line the edition does not show as
text (page furniture: running heads, page numbers) says so.

Glossary entries use the term's key on the page of its pinyin initial (`glossary/q/#uhc`); a link to the former single glossary page (`glossary/#uhc`) still works: a small script on `glossary/` forwards it to the term's page. Index entries: `general-index/<initial>/#actor-who`. A long list (an index initial, the mentions of a large organisation) continues on numbered pages (`general-index/a/2/`); a link to an entry that has moved to a later page is forwarded there from the first.

### 示例 Examples {#examples}

"""


def cite_page(documents: tuple[Document, ...]) -> PageFile:
    rows = "\n".join(f"| {md_text(label)} | `/{url}` |" for label, url in examples(documents))
    types = "\n".join(f"| `{t}` | {'—' if t in SINGLETONS else 'yes'} | {esc(meaning)} |" for t, meaning in TYPES.items())
    text = (INTRO + "| 引文 Citation | 网址 URL |\n| --- | --- |\n" + rows
            + "\n\n### 类型 Component types {#types}\n\n| type | numbered | meaning |\n| --- | --- | --- |\n" + types + "\n"
            + cite_section())
    return PageFile("cite.md", text, "如何引用 How to cite")
