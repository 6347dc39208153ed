"""Parser for source 004 (journal article): rules on excerpts, then the whole document."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest


from build_scripts.conservation import model_residue
from build_scripts.diagnostics import BuildError
from build_scripts.load import Source
from build_scripts.model import Block, Document
from .support import parse_by_layout as parse, real_source

ROOT = Path(__file__).resolve().parents[2]
EXCERPTS = ROOT / "tests" / "fixtures" / "excerpts" / "journal_article"


@pytest.fixture(scope="module")
def source() -> Source:
    return real_source("journal_article")


@pytest.fixture(scope="module")
def doc(source: Source) -> Document:
    return parse(source)


def excerpt(source: Source, name: str) -> Document:
    path = EXCERPTS / f"{name}.txt"
    return parse(replace(source, text=path.read_text(encoding="utf-8"), path=path))


def from_text(source: Source, text: str) -> Document:
    return parse(replace(source, text=text))


def by_anchor(document: Document) -> dict[str, Block]:
    return {b.anchor: b for b in document.parts[0].blocks()}


def assert_conserved(document: Document) -> None:
    missing, extra = model_residue(document)
    assert missing == Counter() and extra == Counter()


# -- rules on excerpts --------------------------------------------------------------------------------

def test_abstracts_run_in_and_nbsp_collapsed(source: Source) -> None:
    d = excerpt(source, "abstracts")
    assert_conserved(d)
    blocks = by_anchor(d)
    assert (blocks["summary"].kind, blocks["summary"].level, blocks["summary"].unit.text) == ("heading", 1, "【摘要】")
    assert blocks["summary__para_1"].unit.text.startswith("东盟是中国对外交流与合作最紧密的地区之一，全民健康覆盖是实现联合国")
    assert "目标中卫生相关目标" in blocks["summary__para_1"].unit.text  # l.1-3 joined with no space
    assert blocks["abstract"].unit.text == "【Abstract】"
    english = blocks["abstract__para_1"].unit.text
    assert english.startswith("The Association of Southeast Asian Nations (ASEAN) is one of the regions")
    assert "\u00a0" not in english and "  " not in english
    assert "the health-related targets of the United Nations" in english
    assert "enhance China′ s participation" in english  # prime + space kept as printed; lines joined by a space
    assert "coverage （UHC）is an" in english
    assert english.endswith("in the future.")
    # the page-break line after the abstract starts the (unheaded) introduction
    assert blocks["intro__para_1"].lines == (18, 21)
    assert blocks["intro__para_1"].unit.text.startswith("东南亚国家联盟（Association of Southeast Asian Nations，ASEAN）")


def test_wrapped_run_in_heading(source: Source) -> None:
    d = excerpt(source, "run_in_heading")
    assert_conserved(d)
    blocks = by_anchor(d)
    heading = blocks["sec_2-3"]
    assert (heading.unit.num, heading.unit.text, heading.level) == ("2.3", "东盟与日本、韩国在全民健康覆盖领域的合作重点", 2)
    assert heading.lines == (1, 3)
    assert blocks["sec_2-3__para_1"].unit.text.startswith("在全民健康覆盖领域，日本与韩国在不同程度上")


def test_flattened_table_with_continuation(source: Source) -> None:
    d = excerpt(source, "table_continued")
    assert_conserved(d)
    table = by_anchor(d)["table_2"]
    assert table.kind == "table" and table.unit.num == "表 2"
    zh, en = table.unit.text.split("\n")
    assert zh == "中国 – 东盟卫生部长会议全民健康覆盖领域相关成果"
    assert en == ("Table 2 Four China-ASEAN Health Ministers Meetings: conference session, year, "
                  "host country/city, and outcome on universal health coverage")
    assert table.header == ("届", "年份", "会议地点", "公共卫生安全领域相关成果")
    assert [r.anchor for r in table.rows] == [f"table_2__row_{k}" for k in range(1, 5)]
    first = table.rows[0]
    assert [c[0].text for c in first.columns[:3]] == ["第四届", "2012", "泰国普吉岛"]
    assert [u.anchor for u in first.columns[3]] == [f"table_2__row_1__para_{k}" for k in range(4, 8)]
    assert first.columns[3][1].text == "承诺调动更多的财政和人力资源以丰富合作。"
    assert first.columns[3][0].text.endswith("在加强全民健康覆盖政策、提高医疗服务质量、覆盖率方面的合作。")
    # the row after the continuation header belongs to the same table
    assert table.rows[1].columns[0][0].text == "第五届"
    assert [(r.text.strip(), r.reason) for r in d.removed] == [
        ("续表 2", "continued table header"), ("Table 2\u00a0Continued", "continued table header"),
        ("届 年份 会议地点 公共卫生安全领域相关成果", "continued table header")]
    # the text after the NBSP separator is a paragraph again
    after = d.parts[0].blocks()[-1]
    assert after.kind == "paragraph" and after.unit.text.startswith("2016年，原国家卫生计生委")


def test_page_break_line_continues_the_paragraph(source: Source) -> None:
    d = excerpt(source, "page_break")
    assert_conserved(d)
    (para,) = d.parts[0].blocks()
    assert "通过持续分享新兴技术、工具、知识等，增强对区域规范" in para.unit.text
    assert para.lines == (1, 10)


def test_full_width_line_after_sentence_end_continues(source: Source) -> None:
    d = excerpt(source, "full_width_line")
    assert_conserved(d)
    blocks = by_anchor(d)
    assert blocks["sec_5"].unit.text == "小结"  # U+3000 inside the heading dropped
    assert [b.anchor for b in d.parts[0].blocks()] == ["sec_5", "sec_5__para_1"]
    assert "带来的挑战。为进一步深化双方" in blocks["sec_5__para_1"].unit.text


def test_sentence_end_followed_by_indented_line_ends_the_paragraph(source: Source) -> None:
    d = from_text(source, "1   标题\n\n第一段的文字。\n\n第二段。\n")
    assert [b.unit.text for b in d.parts[0].blocks()] == ["标题", "第一段的文字。", "第二段。"]
    assert [b.anchor for b in d.parts[0].blocks()] == ["sec_1", "sec_1__para_1", "sec_1__para_2"]


def test_digits_with_one_space_are_not_a_heading(source: Source) -> None:
    d = from_text(source, "首届论坛于 2023年 8月\n29\u00a0—\u00a030日召开。\n")
    (para,) = d.parts[0].blocks()
    assert para.anchor == "intro__para_1" and para.unit.text == "首届论坛于 2023年 8月29 — 30日召开。"


def test_section_numbers_out_of_order_are_reported(source: Source) -> None:
    with pytest.raises(BuildError, match=r":3: error: section 3 does not follow section 1"):
        from_text(source, "1   甲\n\n3   丙\n")


def test_row_before_header_text_is_reported(source: Source) -> None:
    text = "表 9   标题\nTable 9 Title\n\u00a0\n届 年份 会议地点 成果\n不是一行的文字\n\u00a0\n"
    with pytest.raises(BuildError, match=r":5: error: table 9: text before the first row"):
        from_text(source, text)


# -- the whole document --------------------------------------------------------------------------------

def test_nothing_lost_nothing_invented(doc: Document) -> None:
    assert_conserved(doc)


SECTIONS = ["1", "2", "2.1", "2.2", "2.3", "3", "3.1", "3.2", "4", "4.1", "4.2", "4.3", "5"]


def test_headings_numbering_and_levels(doc: Document) -> None:
    headings = [b for b in doc.parts[0].blocks() if b.kind == "heading"]
    assert [h.anchor for h in headings] == ["summary", "abstract"] + [f"sec_{n.replace('.', '-')}" for n in SECTIONS]
    assert [h.unit.num for h in headings[2:]] == SECTIONS
    assert [h.level for h in headings] == [1, 1] + [n.count(".") + 1 for n in SECTIONS]
    titles = {h.anchor: h.unit.text for h in headings}
    assert titles["sec_2-1"] == "中国 – 东盟（10 + 1）全民健康覆盖合作"
    assert titles["sec_4-2"] == "卫生部长会议聚焦中国核心优势，建立长期稳定的全民健康覆盖工作组"
    assert titles["sec_3"] == "中国 – 东盟全民健康覆盖合作的机遇及挑战"


def test_paragraph_counts_per_section(doc: Document) -> None:
    counts = Counter(b.anchor.rsplit("__", 1)[0] for b in doc.parts[0].blocks() if b.kind == "paragraph")
    assert counts == Counter({"summary": 1, "abstract": 1, "intro": 2, "sec_1": 3, "sec_2": 1, "sec_2-1": 5,
                              "sec_2-2": 2, "sec_2-3": 3, "sec_3-1": 1, "sec_3-2": 2, "sec_4-1": 1,
                              "sec_4-2": 1, "sec_4-3": 1, "sec_5": 1})


def test_run_in_paragraphs_start_after_u3000(doc: Document) -> None:
    blocks = by_anchor(doc)
    assert blocks["sec_2-1__para_1"].unit.text.startswith("中国与东盟在卫生领域的合作始于 2003年")
    assert blocks["sec_4-2__para_1"].unit.text.startswith("20世纪 60至 70年代")
    assert all("\u3000" not in b.unit.text and "\u00a0" not in b.unit.text for b in blocks.values())


def test_tables(doc: Document) -> None:
    blocks = by_anchor(doc)
    rows = {n: len(blocks[f"table_{n}"].rows) for n in range(1, 5)}
    assert rows == {1: 5, 2: 4, 3: 8, 4: 6}
    assert [blocks[f"table_{n}"].lines for n in range(1, 5)] == [(168, 189), (196, 238), (323, 381), (429, 454)]
    assert blocks["table_3"].header == ("届与相关会议", "年份", "会议地点", "成果")
    assert blocks["table_3"].rows[3].columns[0][0].text == "抗击埃博拉特别会议"
    assert blocks["table_4"].unit.text.startswith("东盟 – 日本领导人会议全民健康覆盖领域相关成果[10]\nTable 4 Six")
    last = blocks["table_1"].rows[0].columns[3]
    assert len(last) == 1 and last[0].text.endswith("《东盟 – 中国卫生合作谅解备忘录》，进一步加强在卫生发展方面的共同合作。")
    # every row has 届, 年份, 会议地点 and at least one outcome paragraph
    for n in range(1, 5):
        for row in blocks[f"table_{n}"].rows:
            assert len(row.columns) == 4 and all(row.columns) and row.columns[1][0].text.isdigit()
    order = [b.anchor for b in doc.parts[0].blocks()]
    assert order.index("table_1") == order.index("sec_2-1__para_2") + 1
    assert order.index("table_3") == order.index("sec_2-2__para_2") + 1


def test_removed_continuation_headers(doc: Document) -> None:
    assert [(r.line, r.reason) for r in doc.removed] == [(n, "continued table header")
                                                          for n in (215, 216, 218, 362, 363, 365)]
    assert doc.relocated == ()


def test_citations_dashes_and_typos_kept(doc: Document) -> None:
    text = "".join(u.text for b in doc.parts[0].blocks() for u in b.units())
    assert all(f"[{n}]" in text for n in (1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19))
    assert "[7 – 8]" in text and "[20 – 21]" in text
    assert "初页以来" in text and "中国—东盟" in text and "东盟-日本" in text
    assert "Strengthen-ing Social Protection" in text  # a hyphenated line end is not repaired
