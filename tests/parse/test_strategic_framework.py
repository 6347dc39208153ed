"""strategic_framework parser (source 003, A/71/6/Rev.1): rules on excerpts cut from the real source, then the
whole document (29 pages: the preface and 28 programmes)."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

import yaml

from build_scripts.conservation import model_residue
from build_scripts.diagnostics import BuildError
from build_scripts.ids import Anchor
from build_scripts.model import Block, Document, Link, Part
from build_scripts.parse.strategic_framework import _closed, _marker_at, _split_columns, _split_symbol
from build_scripts.parse import layout_of
from build_scripts.diagnostics import display_path
from build_scripts.parse.invariants import check_invariants
from build_scripts.parse.layout import Rule
from build_scripts.parse.strategic_framework import parse as sf_parse
from .support import parse_by_layout as parse, real_source
from build_scripts.clean import pdf_lines

ROOT = Path(__file__).resolve().parents[2]
EXCERPTS = ROOT / "tests" / "fixtures" / "excerpts" / "strategic_framework"
PROGRAMMES = ROOT / "corpus" / "programmes.yml"  # the project is complete without ../shared


@pytest.fixture(scope="module")
def source():
    return real_source("strategic_framework")


@pytest.fixture(scope="module")
def doc(source) -> Document:
    return parse(source)


def excerpt(source, name: str) -> tuple[Document, int]:
    """Parse a fixture cut from the source; also return the source line number of its first line, minus one."""
    path = next(EXCERPTS.glob(f"{name}_l*.txt"))
    first = int(re.search(r"_l(\d+)-\d+\.txt$", path.name).group(1))
    document = parse(replace(source, text=path.read_text(encoding="utf-8"), path=path))
    missing, extra = model_residue(document)
    assert not missing and not extra
    return document, first - 1


def blocks(part: Part) -> dict[str, Block]:
    return {b.anchor: b for b in part.blocks()}


def units(part: Part) -> dict[str, object]:
    return {u.anchor: u for b in part.blocks() for u in (b.unit, *b.units())}


def page(document: Document, slug: str) -> Part:
    return next(p for p in document.parts if p.slug == slug)


def line(text: str, raw_next: str = "x"):
    """A Line as pdf_lines makes it from one raw line."""
    return pdf_lines([text, "", raw_next])[0]


# --- small rules --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("52/12 A 和 B  革新联合国：改革方案", ("52/12 A 和 B", "革新联合国：改革方案")),  # l.1443
    ("2167(2014) 联合国维持和平行动", ("2167(2014)", "联合国维持和平行动")),  # l.3101
    ("1472 A(XIV) 和平利用外层空间方面的国际合作", ("1472 A(XIV)", "和平利用外层空间方面的国际合作")),  # l.5079
    ("47/120 A 和平纲领：预防性外交和有关事项", ("47/120 A", "和平纲领：预防性外交和有关事项")),  # l.2304
    ("第 17/2 号决定 改善联合国毒品和犯罪问题办公室治理和财务状况", ("第 17/2 号决定", "改善联合国毒品和犯罪问题办公室治理和财务状况")),
    ("56/255，", ("56/255，", "")),  # l.34655: the section and title follow
    ("49/233 A 和", ("49/233 A 和", "")),  # l.4793
    ("Add.1 和 2", ("Add.1 和 2", "")),  # l.22012
    ("S/PRST/2011/4 维持国际和平与安全", ("S/PRST/2011/4", "维持国际和平与安全")),
    ("2007 年度部长级审查，主题", ("2007", "年度部长级审查，主题")),  # l.7290
    ("2015/16 年维持和平行动支助账户", ("", "2015/16 年维持和平行动支助账户")),  # l.4830: a title
    ("2016-2017 两年期方案预算", ("", "2016-2017 两年期方案预算")),  # l.4838: a title
    ("第 26(1)和 36 条", ("", "第 26(1)和 36 条")),  # l.5894: treaty articles
    ("830(MFC 1 A) 区域委员会的改革：非洲经济委员会", ("830(MFC 1 A)", "区域委员会的改革：非洲经济委员会")),  # l.18754
    ("B. 维持和平特派团", ("", "B. 维持和平特派团")),  # l.4848: a heading
    ("《联合国宪章》第一百零四条", ("", "《联合国宪章》第一百零四条")),
])
def test_split_symbol(text, expected):
    assert _split_symbol(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("切实高效举办会议 ㈠ 会员国驻政府间机构代表和专家机构成员", ("切实高效举办会议", "㈠ 会员国驻政府间机构代表和专家机构成员")),
    ("国际竞争水平提高 在全秘书处单一的供应商数据库的支持下，来自", ("国际竞争水平提高", "在全秘书处单一的供应商数据库的支持下，来自")),
    ("最新的每日生活津贴率制度  更新每日生活津贴率制度的完成率达 100%", ("最新的每日生活津贴率制度", "更新每日生活津贴率制度的完成率达 100%")),
    ("正式会议的组织工作得到改善，举办程序准", ("正式会议的组织工作得到改善，举办程序准", "")),
    ("促进更多了解，支持和实施：㈠《2030 年可持续发展议程》、《亚的", ("促进更多了解，支持和实施：㈠《2030 年可持续发展议程》、《亚的", "")),
    ("对 2016 年大会的支助", ("对 2016 年大会的支助", "")),
])
def test_split_columns(text, expected):
    assert _split_columns(text) == expected


@pytest.mark.parametrize("raw, closed", [
    ("五十九届会议审议，该文件将包括： ", True),
    ("…各项承诺；㈡ ", False),  # l.6313: the space belongs to the inline ㈡
    ("…的成果； (c) ", False),  # l.13439
    ("大会第 58/269 号决议请秘书长通过方案和协调委员会提出报告，审查从改", False),
])
def test_trailing_space_ends_a_block_unless_it_follows_an_inline_marker(raw, closed):
    assert _closed(line(raw)) is closed


@pytest.mark.parametrize("text, label, marker", [
    ("大会第 62/224 号决议认可方案和协调委员会报告2", "2", True),
    ("…提供便利 a", "a", True),
    ("补编第 16", "16", False),
    ("补编第 6", "6", False),
    ("《2030", "0", False),
    ("可持续发展目标9", "9", True),
])
def test_footnote_markers_are_glued_to_chinese(text, label, marker):
    assert _marker_at(text, len(text), label) is marker


# --- rules, on excerpts -------------------------------------------------------------------------------------------

def test_preface_paragraphs_items_lost_bullets_and_displaced_markers(source):
    document, _ = excerpt(source, "preface")
    (part,) = document.parts
    assert (part.slug, part.title_zh, part.title_en, part.programme) == ("preface", "前言", "Foreword", None)
    got = [(b.anchor, b.kind, b.unit.num) for b in part.blocks()]
    assert got == [
        ("preface", "heading", None), ("preface__para_1", "paragraph", "1."),
        ("preface__para_1__point_a", "item", "(a)"), ("preface__para_1__point_b", "item", "(b)"),
        ("preface__para_2", "paragraph", "2."), ("preface__para_3", "paragraph", "3."),
        ("preface__para_3__item_1", "bullet", None), ("preface__para_3__item_2", "bullet", None),
        ("preface__para_3__item_3", "bullet", None), ("preface__para_4", "paragraph", "4."),
        ("preface__para_5", "paragraph", "5."),
        ("fn_1", "footnote", "1"), ("fn_2", "footnote", "2"), ("fn_3", "footnote", "3"),
        ("fn_4", "footnote", "4"), ("fn_5", "footnote", "5"),
        ("priorities", "heading", None), ("priorities__para_1", "paragraph", None),
        *[(f"priorities__para_1__point_{x}", "item", f"({x})") for x in "abcdefgh"],
    ]
    b = blocks(part)
    # l.34-35 "报告2" / " 所载": one paragraph, the marker kept in the text and linked
    para3 = b["preface__para_3"].unit
    (ref,) = para3.footnote_refs
    assert (ref.label, ref.target) == ("2", "fn_2")
    assert para3.text[ref.offset - 2:ref.offset + 3] == "报告2所载"
    para4 = b["preface__para_4"].unit
    assert [(r.label, para4.text[r.offset - 2:r.offset + 1]) for r in para4.footnote_refs] == [
        ("3", "会议3"), ("4", "大纲4"), ("5", "划。5")]
    assert para4.text.endswith("方案计划。5委员会还收到了秘书处编写的一份会议室文件供其审议，内容是有关部门、职司和区域机构对第二部分(两年期方案计划)进行的审查。")
    assert b["fn_5"].unit.text.endswith("25/Rev.1、26、27 和 Corr.1 及 28)。")  # l.77-78 wraps
    # the URL run l.80-92 belongs to the block before it; l.117 to item (h)
    assert len(b["fn_5"].links) == 13 and b["fn_5"].links[8] == Link("http://undocs.org/ch/A/62/16)", 88)
    assert [link.url for link in b["priorities__para_1__point_h"].links] == ["https://undocs.org/ch/A/RES/71/6"]
    assert b["preface__para_3__item_2"].unit.text == "继续在战略框架中列入第一部分：计划大纲；"
    assert [r.reason for r in document.removed] == ["footnote separator"]


def test_programme_heading_sections_subprogramme_table_and_table_note(source):
    document, offset = excerpt(source, "programme1")
    part = document.parts[0]
    assert (part.slug, part.programme, part.title_zh) == ("prog-1", 1, "大会和经济及社会理事会事务和会议管理")
    b = blocks(part)
    heads = [(x.anchor, x.level, x.unit.num, x.unit.text) for x in part.blocks() if x.kind == "heading"]
    assert heads == [
        ("prog_1", 1, "方案 1", "大会和经济及社会理事会事务和会议管理"),
        ("prog_1__hdg_1", 2, None, "总方向"),
        ("sec_a", 2, "A.", "会议管理，纽约"),
        ("sec_a__subprog_1", 3, "次级方案 1", "大会和经济及社会理事会事务6"),
        ("sec_a__subprog_1__hdg_1", 4, None, "战略"),
        ("sec_a__subprog_2", 3, "次级方案 2", "会议服务的规划和协调"),
    ]
    assert [x.anchor for x in part.blocks() if x.kind == "paragraph"] == [
        "para_1-1", "para_1-2", "para_1-3", "para_1-4", "para_1-5", "para_1-6", "sec_a__subprog_1__objective",
        "para_1-7"]
    assert b["para_1-6"].unit.text.endswith("本方案将继续强调将性别视角纳入各次级方案的主流。")
    # l.192-200: a URL run interrupts paragraph 1.4 at a page break; the paragraph goes on after it
    assert "通过语文安排、文件和出版物问题国际年度会议与其他国际会议服务组织开展持续协作，将确保大会部" in b["para_1-4"].unit.text
    assert [link.line + offset for link in b["para_1-4"].links] == list(range(194, 200))
    table = b["sec_a__subprog_1__table_1"]
    assert table.header == ("秘书处预期成绩", "绩效指标")
    assert [r.anchor for r in table.rows] == [f"sec_a__subprog_1__table_1__row_{x}" for x in "abc"]
    (ea,), indicators = table.rows[0].columns
    assert (ea.anchor, ea.num, ea.text) == ("sec_a__subprog_1__ea_a", "(a)", "正式会议的组织工作得到改善，举办程序准确无误")
    assert [(u.anchor, u.num, u.text) for u in indicators] == [
        ("sec_a__subprog_1__ea_a__ind_1", "㈠", "会员国代表没有对正式会议的组织工作和举办程序提出投诉"),
        ("sec_a__subprog_1__ea_a__ind_2", "㈡", "100%遵守大会和会议管理部所服务的政府间机构的报告提交期限，对所有正式语文一视同仁")]
    # an unmarked single indicator (l.266-268)
    assert [(u.anchor, u.num) for u in table.rows[1].columns[1]] == [("sec_a__subprog_1__ea_b__ind_1", None)]
    # the table note a (l.282) and its marker in the objective (l.240 "提供便利 a")
    objective = b["sec_a__subprog_1__objective"].unit
    (ref,) = objective.footnote_refs
    assert (ref.label, ref.target, objective.text[ref.offset]) == ("a", "sec_a__subprog_1__table_1__fn_a", "a")
    assert b["sec_a__subprog_1__table_1__fn_a"].unit.text.startswith("包括大会、第一委员会")
    (ref,) = b["sec_a__subprog_1"].unit.footnote_refs  # "事务6" (l.235), footnote 6 at l.290
    assert (ref.label, ref.target, ref.offset) == ("6", "fn_6", len("大会和经济及社会理事会事务"))
    assert [x.anchor for x in part.blocks()][-9:] == [
        "sec_a__subprog_1__table_1__fn_a", "fn_6", "sec_a__subprog_1__hdg_1", "para_1-7",
        "para_1-7__point_a", "para_1-7__point_b", "para_1-7__point_c", "para_1-7__point_d", "sec_a__subprog_2"]


def test_page_furniture_inside_a_paragraph_is_removed_and_the_paragraph_goes_on(source):
    document, offset = excerpt(source, "furniture")
    assert [(r.line + offset, r.reason) for r in document.removed] == [(604, "page header"), (608, "page footer")]
    item = blocks(document.parts[0])["para_1-10__point_h"].unit
    assert "并以可持续和节纸方式在会议服务工作中扩大使用电子工具和流程。大会部将继续提供节纸型服务" in item.text
    assert not any(b.anchor.startswith("para_1-10__para_") for b in document.parts[0].blocks())


def test_column_one_cell_interrupted_by_column_two_and_a_footnote(source):
    document, offset = excerpt(source, "footnote_in_table")
    part = document.parts[0]
    b = blocks(part)
    (ref,) = b["para_13-14"].unit.footnote_refs  # l.13619-13620 "可持续发展目标9" / " 具体承"
    assert b["para_13-14"].unit.text[ref.offset - 2:ref.offset + 4] == "目标9具体承"
    table = b["subprog_2__table_1"]
    (ea,), indicators = table.rows[0].columns
    assert ea.text == ("在毒品和犯罪问题办公室支持下，应会员国请求加强批准和执行国际药物管制各项公约(《麻醉品单一公约》、"
                       "《精神药物公约》和《联合国禁止非法贩运麻醉药品和精神药物公约》)，以及《联合国打击跨国有组织犯罪公约》"
                       "及其各项议定书，并加强各会员国执行《关于开展国际合作以综合、平衡战略应对世界毒品问题的政治宣言和行动"
                       "计划》，以及2016 年联合国关于世界毒品问题的大会特别会议的相关业务成果文件")
    assert [u.num for u in indicators] == ["㈠", "㈡"]
    assert indicators[0].text == "更多缔约国请求按照联合国大会关于世界毒品问题特别会议的成果文件提供与执行三项国际药物管制公约有关的援助"
    order = [x.anchor for x in part.blocks()]
    assert order.index("subprog_2__table_1") < order.index("fn_9")
    assert b["fn_9"].lines[0] + offset == 13690


def test_components_repeated_table_header_and_cells_side_by_side(source):
    document, offset = excerpt(source, "components")
    part = document.parts[0]
    b = blocks(part)
    assert [r.line + offset for r in document.removed if r.reason == "continued table header"] == [20054, 20056]
    assert (b["sec_4"].unit.num, b["sec_4"].level) == ("构成部分 4", 2)
    row = b["sec_4__table_1"].rows[1]
    assert row.columns[0][0].text == "次区域倡议和协调进程处理可持续发展的区域和次区域层面的实效提高"  # l.20053 + l.20059
    assert [u.text for u in row.columns[1]] == ["更多的成果文件和决议反映关于可持续发展的区域和次区域层面的协商一致意见",
                                                "亚太经社会促成的处理可持续发展的区域和次区域层面的次区域倡议和协调进程数目增多"]
    # footnote 11 (l.20138) interrupts paragraph 16.51, which goes on at l.20141; the marker ends 16.49 (l.20120)
    assert b["para_16-51"].lines == (20129 - offset, 20145 - offset)
    assert b["para_16-51"].unit.text.endswith("利用分析成果促进次区域和区域两级的规范制定；在次区域和国家两级促进政策和战略一体化的行动。"
                                               "将特别重视加强可持续、公平和包容性发展，并通过南南合作等方式，支持有利的最不发达国家、内陆发展"
                                               "中国家和小岛屿发展中国家一体化。")
    (ref,) = b["para_16-49"].unit.footnote_refs
    assert (ref.target, b["para_16-49"].unit.text[ref.offset:]) == ("fn_11", "11")
    assert [x.anchor for x in part.blocks() if x.anchor.startswith("para_")] == ["para_16-49", "para_16-50", "para_16-51"]


def test_numbered_objectives_open_numbered_subdivisions(source):
    document, _ = excerpt(source, "numbered_objectives")
    b = blocks(document.parts[0])
    assert (b["subprog_4__sec_1__objective"].unit.num, b["subprog_4__sec_2__objective"].unit.num) == ("1.", "2.")
    assert b["subprog_4__sec_2__objective"].unit.text == "本组织目标：确保高效率、高成效的采购活动"
    table = b["subprog_4__sec_2__table_1"]
    assert [r.anchor for r in table.rows] == [f"subprog_4__sec_2__table_1__row_{x}" for x in "abc"]
    assert [[u.num for u in r.columns[1]] for r in table.rows] == [["㈠", "㈡", "㈢"], [None], [None]]
    assert table.rows[1].columns[0][0].text == "国际竞争水平提高"  # l.32501: one space between the columns


def test_lettered_parts_of_a_subprogramme(source):
    document, _ = excerpt(source, "lettered_in_subprog")
    heads = [(x.anchor, x.level, x.unit.num) for x in document.parts[0].blocks() if x.kind == "heading"]
    assert heads == [("subprog_1", 2, "次级方案 1"), ("subprog_1__sec_a", 3, "A."),
                     ("subprog_1__sec_a__hdg_1", 4, None), ("subprog_1__sec_b", 3, "B.")]
    assert "subprog_1__sec_b__objective" in blocks(document.parts[0])


def test_paragraph_goes_on_after_footnote_and_url(source):
    document, offset = excerpt(source, "after_footnote")
    b = blocks(document.parts[0])
    para = b["para_27-12"]
    assert para.lines == (34053 - offset, 34081 - offset)
    assert "行政首长理事会包括方案问题高级别委员会和管理问题高级别委员会，其架构由一个单一的、共同出资" in para.unit.text
    assert [link.url for link in para.links] == ["http://undocs.org/ch/A/66/34"]
    (ref,) = para.unit.footnote_refs
    assert para.unit.text[ref.offset - 4:ref.offset + 5] == "设立)。13行政首"
    assert b["fn_13"].unit.text == "见经济及社会理事会第 2001/321 号决定。"
    assert (b["sec_c"].unit.text, b["sec_c__hdg_1"].unit.text) == ("联合国系统行政首长协调理事会", "总方向")


def test_mandates_subdivisions_and_titles_matched_to_waiting_symbols(source):
    document, _ = excerpt(source, "mandates_prog4")
    part = document.parts[0]
    got = [(x.anchor, x.kind, x.level, x.unit.num, x.unit.text) for x in part.blocks()]
    assert got == [
        ("mandates", "heading", 2, None, "立法授权"),
        ("sec_a__mandates", "mandates", 3, "A.", "维持和平行动"),
        ("mandates__sec_b", "heading", 3, "B.", "维持和平特派团"),
        ("sec_b__sec_1__mandates", "mandates", 4, "1.", "联合国停战监督组织"),
        ("sec_b__sec_2__mandates", "mandates", 4, "2.", "联合国驻印度和巴基斯坦军事观察组"),
    ]
    assert [r.reason for r in document.removed] == ["page header", "page footer"]
    sec_a = blocks(part)["sec_a__mandates"]
    ga, sc = sec_a.groups
    assert (ga.anchor, ga.title, sc.title) == ("sec_a__mandates__group_1", "大会决议", "安全理事会决议")
    entries = [(u.anchor.rsplit("__", 1)[1], u.num, u.text) for u in ga.entries]
    assert entries[0] == ("entry_1", "49/233 A 和 52/230", "联合国维持和平行动经费筹措的行政和预算问题")
    # l.4814-4842: symbols first, then their titles, in the same order
    assert entries[6:] == [
        ("entry_7", "69/307", "交叉问题"), ("entry_8", "69/308", "2015/16 年维持和平行动支助账户"),
        ("entry_9", "70/6", "加强联合国系统"), ("entry_10", "70/80", "协助地雷行动"),
        ("entry_11", "70/247", "与 2016-2017 两年期拟议方案预算有关的问题"),
        ("entry_12", "70/249", "2016-2017 两年期方案预算"),
        ("entry_13", "70/268", "整个维持和平行动问题所有方面的全盘审查"), ("entry_14", "70/286", "共有问题")]
    assert [(u.num, u.text) for u in sc.entries] == [("2272(2016)", "联合国维持和平行动")]
    assert len(sec_a.links) == 3


def test_mandate_symbols_over_several_lines(source):
    document, _ = excerpt(source, "mandates_ece")
    b = blocks(document.parts[0])
    assert (b["mandates"].kind, b["subprog_1__mandates"].unit.text) == ("mandates", "环境")
    entries = {u.num: u.text for g in b["subprog_1__mandates"].groups for u in g.entries}
    assert entries["CEP/AC.13/2005/3/Rev.1"].startswith("环境和教育部长高级别会议")
    assert entries["ECE/BELGRADE.CONF/2007/4/Add.1"].startswith("题为“欧洲环境问题”")
    assert entries["ECE/EB.AIR/127 和 Add.1"] == "远距离越境空气污染公约执行机构第三十三届会议的报告"
    assert entries["ECE/MP.WAT/37 和 Add.1 和 2"] == "《跨界水道和国际湖泊保护和利用公约》缔约国会议第六届会议的报告"
    assert "㈡ ECE/MP.PP/2014/27−ECE/MP.PRTR/2014/2 和 Add.1" in entries
    decisions = b["mandates"].groups[2]
    assert (decisions.title, [u.num for u in decisions.entries]) == ("欧洲经济委员会决定", ["A (64)", "A (65)", "A (66)"])


def test_a_whole_small_programme_with_multi_line_mandates(source):
    document, offset = excerpt(source, "programme28")
    part = document.parts[0]
    b = blocks(part)
    assert (part.slug, part.title_zh) == ("prog-28", "安全和安保")
    mandates = b["mandates"]
    assert mandates is part.blocks()[-1] and mandates.kind == "mandates"
    first, last = mandates.groups
    assert [(u.num, u.text) for u in first.entries[:4]] == [
        ("54/192", "人道主义人员的安全保障和保护联合国人员"), ("55/468", "联合国日内瓦办事处的安保安排"),
        ("56/255，第八节", "与 2002-2003 两年期方案概算有关的特别议题：联合国人员的安全和保障"),
        ("56/286", "加强联合国房地的安全")]
    assert ("59/276，第十一节", "与 2004-2005 两年期方案预算有关的问题：加强和统一联合国安保管理系统") in [
        (u.num, u.text) for u in first.entries]
    assert (last.title, [(u.num, u.text) for u in last.entries]) == (
        "安全理事会决议", [("1502(2003)", "人道主义人员的安全保障以及对联合国人员和有关人员的保护")])
    assert [link.url for link in mandates.links] == ["http://www.unsmin.org/", "http://undocs.org/ch/A/RES/54/192"]
    assert (mandates.lines[0] + offset, mandates.lines[1] + offset) == (34645, 34689)


def _with_splits(source, *patterns: str):
    """The source's layout with ``split_entries`` rules (as a document's layout_rules would add them)."""
    rules = tuple(Rule(re.compile(p), "published inside the entry before", 7) for p in patterns)
    return replace(layout_of(source), split_entries=rules)


def test_a_split_entry_takes_the_number_before_it_with_a_letter(source):
    """An entry once published inside the one before it is numbered 1a, 1b …: no later entry's id moves."""
    path = next(EXCERPTS.glob("programme28_l*.txt"))
    text = replace(source, text=path.read_text(encoding="utf-8"), path=path)
    plain = parse(text)
    document = sf_parse(text, _with_splits(source, r"55/468 .*", r"56/255，.*"))
    entries = lambda doc: [(u.anchor.rsplit("__", 1)[1], u.num) for u in  # noqa: E731
                           blocks(doc.parts[0])["mandates"].groups[0].entries[:5]]
    assert entries(plain)[:4] == [("entry_1", "54/192"), ("entry_2", "55/468"), ("entry_3", "56/255，第八节"),
                                  ("entry_4", "56/286")]
    assert entries(document)[:4] == [("entry_1", "54/192"), ("entry_1a", "55/468"), ("entry_1b", "56/255，第八节"),
                                     ("entry_2", "56/286")]


def test_a_split_entry_rule_that_opens_a_group_is_an_error(source):
    path = next(EXCERPTS.glob("programme28_l*.txt"))
    text = replace(source, text=path.read_text(encoding="utf-8"), path=path)
    with pytest.raises(BuildError) as err:
        sf_parse(text, _with_splits(source, r"54/192 .*"))
    assert [str(d) for d in err.value.diagnostics] == [
        f"{display_path(path)}:280: error: split_entries: a split entry needs an entry before it "
        "in its group"]


def test_a_stale_split_entry_rule_fails_the_whole_document(source, doc):
    """Invariant 5: a rule that matches the first line of no split entry names the metadata file and its line."""
    layout = _with_splits(source, r"99/999 .*")
    with pytest.raises(BuildError) as err:
        check_invariants(source, doc, layout)
    assert [str(d) for d in err.value.diagnostics] == [
        f"{display_path(source.meta_path)}:7: error: split_entries: '99/999 .*' matches the first line of no split "
        "mandate entry"]
    check_invariants(source, doc, layout_of(source))  # the document's own rule (830(MFC 1 A)) matches


def test_unplaceable_line_is_an_error_naming_file_and_line(source):
    text = " 方案 3 \n\n  裁军 \n\n (a) 没有段落的分项 \n\n"
    with pytest.raises(BuildError) as err:
        parse(replace(source, text=text, path=Path("bad.txt")))
    assert "bad.txt:5: error: item (a) without a paragraph" in str(err.value)


def test_excerpt_without_headings_does_not_crash(source):
    document = parse(replace(source, text="1.1  一段。 \n\n(a) 一项； \n\n", path=Path("tiny.txt")))
    assert [b.anchor for b in document.parts[0].blocks()] == ["para_1-1", "para_1-1__point_a"]


# --- the whole document -------------------------------------------------------------------------------------------

def test_nothing_lost_nothing_invented(doc):
    missing, extra = model_residue(doc)
    assert not missing and not extra


def test_pages_and_programme_titles(doc):
    programmes = yaml.safe_load(PROGRAMMES.read_text(encoding="utf-8"))["programmes"]
    assert [p.slug for p in doc.parts] == ["preface"] + [f"prog-{n}" for n in range(1, 29)]
    for part, entry in zip(doc.parts[1:], programmes):
        assert (part.programme, part.title_zh, part.title_en) == (entry["number"], entry["zh"], None)
        heading = part.blocks()[0]
        assert (heading.anchor, heading.level, heading.unit.num, heading.lines[0]) == (
            f"prog_{entry['number']}", 1, f"方案 {entry['number']}", entry["line"])


def test_every_numbered_paragraph_has_exactly_one_anchor(doc, source):
    starts = Counter()
    for n, raw in enumerate(source.text.split("\n"), 1):
        if m := re.match(r"\s*(\d+)\.(\d+)\s", raw):
            starts[(int(m.group(1)), int(m.group(2)))] += 1
    assert sum(starts.values()) == 846  # l.19842 "17.18 和 17.19 段…" is a wrapped line, not a paragraph
    anchors = Counter()
    for part in doc.parts[1:]:
        for b in part.blocks():
            if re.fullmatch(r"para_\d+-\d+", b.anchor):
                n, m = map(int, b.unit.num.split("."))
                assert n == part.programme
                anchors[(n, m)] += 1
    assert set(anchors.values()) == {1} and len(anchors) == 845
    assert set(anchors) == set(starts)
    for n in range(1, 29):  # no number is missing in this source
        numbers = sorted(m for p, m in anchors if p == n)
        assert numbers == list(range(1, numbers[-1] + 1))


EXPECTED = {
    "preface": ["preface", "preface__para_1__point_a", "preface__para_3__item_3", "fn_5", "priorities",
                "priorities__para_1", "priorities__para_1__point_h"],
    "prog-1": ["prog_1", "prog_1__hdg_1", "para_1-1", "sec_a", "sec_a__subprog_1", "sec_a__subprog_1__objective",
               "sec_a__subprog_1__table_1", "sec_a__subprog_1__table_1__row_a", "sec_a__subprog_1__ea_a",
               "sec_a__subprog_1__ea_a__ind_2", "sec_a__subprog_1__table_1__fn_a", "fn_6", "fn_7",
               "sec_a__subprog_1__hdg_1", "para_1-8__point_a__point_5", "sec_d__subprog_4", "para_1-19__point_l",
               "mandates", "mandates__group_2__entry_11"],
    "prog-2": ["mandates", "subprog_1__mandates", "subprog_1__mandates__group_1__entry_1", "subprog_10__mandates"],
    "prog-4": ["sec_a__subprog_6", "sec_b__sec_1", "sec_b__sec_1__objective", "sec_b__sec_2__ea_b",
               "sec_a__mandates", "mandates__sec_b", "sec_b__sec_2__mandates"],
    "prog-10": ["subprog_3__sec_1", "subprog_3__sec_2__objective"],
    "prog-13": ["fn_8", "fn_9", "fn_10", "para_13-14", "mandates__group_1__entry_5"],
    "prog-16": ["subprog_8__sec_5__table_1", "fn_11"],
    "prog-20": ["subprog_1__sec_a", "subprog_1__sec_c__ea_g", "subprog_2"],
    "prog-25": ["sec_a__subprog_1__sec_1", "sec_b__subprog_4__sec_2__objective", "sec_d__subprog_4__sec_2__table_1",
                "fn_12", "subprog_6__mandates"],
    "prog-26": ["subprog_3__objective", "subprog_3__table_1__fn_a"],
    "prog-27": ["sec_a", "sec_a__hdg_1", "sec_a__hdg_2", "sec_a__ea_d__ind_1", "fn_13", "sec_c__mandates"],
    "prog-28": ["mandates__group_1__entry_7"],
}


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_expected_anchors(doc, slug):
    part = page(doc, slug)
    ids = {a for b in part.blocks() for a in [b.anchor, *(r.anchor for r in b.rows), *(g.anchor for g in b.groups),
                                               *(u.anchor for u in b.units())]}
    assert set(EXPECTED[slug]) <= ids
    for anchor in ids:  # every id parses and re-formats exactly (ids.py)
        assert str(Anchor.parse(anchor)) == anchor


def test_lost_bullets_and_an_item_cut_by_a_stray_semicolon(doc):
    b = blocks(page(doc, "prog-12"))
    bullets = [x for x in page(doc, "prog-12").blocks() if x.kind == "bullet"]
    assert [x.anchor for x in bullets] == [f"para_12-7__item_{k}" for k in range(1, 8)]  # l.12109-12121
    assert b["para_12-7__item_1"].unit.text == "次级方案 1：城市立法、土地和治理；"
    b = blocks(page(doc, "prog-21"))
    assert b["para_21-6__point_e"].unit.text == (  # l.28655-28657
        "同其他组织协调，继续发展应急规划、应急准备和应变；能力，以便采用高效能和高效率的方式应对被迫流离失所的情况；")
    assert "para_21-6__point_f" in b and not any(a.startswith("para_21-6__para") for a in b)


def test_footnotes_linked(doc):
    notes = {(p.slug, b.anchor): b for p in doc.parts for b in p.blocks() if b.kind == "footnote"}
    assert sorted(b.unit.num for b in notes.values()) == sorted([str(n) for n in range(1, 14)] + ["a", "a"])
    refs = Counter()
    for part in doc.parts:
        for u in units(part).values():
            for r in u.footnote_refs:
                assert u.text[r.offset:r.offset + len(r.label)] == r.label
                assert (part.slug, r.target) in notes
                refs[(part.slug, r.target)] += 1
    assert set(refs) == set(notes)
    assert refs[("prog-1", "fn_7")] == 3  # B. 日内瓦7 (l.628), and repeated on C. (l.902) and D. (l.1166)
    assert sum(refs.values()) == 17


def test_heading_levels(doc):
    """Level 1 is the page's top heading; a heading sits one level below the nearest heading its anchor extends
    (``sec_a__subprog_1__hdg_1`` under ``sec_a__subprog_1``), or below the programme; no level is skipped."""
    for part in doc.parts:
        level: dict[str, int] = {}
        previous = 0
        for b in part.blocks():
            if b.kind != "heading":
                continue
            components = b.anchor.split("__")
            parents = ["__".join(components[:k]) for k in range(len(components) - 1, 0, -1)]
            parent = next((a for a in parents if a in level), None)
            if b.anchor in ("preface", "priorities") or b.anchor.startswith("prog_") and "__" not in b.anchor:
                expected = 1
            else:
                expected = level[parent] + 1 if parent else 2
            assert b.level == expected, b.anchor
            assert b.level <= previous + 1, b.anchor
            level[b.anchor], previous = b.level, b.level
    assert Counter(b.unit.text for p in doc.parts for b in p.blocks() if re.search(r"__hdg_\d+$", b.anchor)) == {
        "战略": 207, "总方向": 30, "两年期目标、预期成绩、绩效指标和业绩计量": 3}


def test_tables(doc):
    tables = [b for p in doc.parts for b in p.blocks() if b.kind == "table"]
    assert len(tables) == 215 and sum(len(t.rows) for t in tables) == 579
    for t in tables:
        assert t.header in {("秘书处预期成绩", "绩效指标"), ("秘书处的预期成绩", "绩效指标")}
        for k, row in enumerate(t.rows):
            (ea,), indicators = row.columns
            assert ea.num == f"({chr(ord('a') + k)})" and ea.text and indicators
            marks = [u.num for u in indicators]
            assert marks == [None] or marks == [chr(0x3220 + i) for i in range(len(marks))], ea.anchor
            assert all(u.text for u in indicators)


def test_one_mandates_list_per_programme(doc):
    for part in doc.parts[1:]:
        tops = [b for b in part.blocks() if b.anchor == "mandates"]
        assert len(tops) == 1 and tops[0].unit.text in ("立法授权", "法律授权")
        lists = [b for b in part.blocks() if b.kind == "mandates"]
        assert lists and all(g.entries or g.title for b in lists for g in b.groups)
    entries = [u for p in doc.parts for b in p.blocks() for g in b.groups for u in g.entries]
    assert len(entries) > 3300
    assert sum(u.num is None for u in entries) < 100 and all(u.text for u in entries)


def test_every_url_line_is_a_link_once(doc, source):
    urls = [(n, raw.strip()) for n, raw in enumerate(source.text.split("\n"), 1)
            if re.fullmatch(r"h?https?://\S+", raw.strip())]
    assert len(urls) == 1576  # 1,575 + l.22182 "hhttp://www.un.org/…"
    links = sorted((link.line, link.url) for p in doc.parts for b in p.blocks() for link in b.links)
    assert links == urls


def test_removed_furniture(doc):
    reasons = Counter(r.reason for r in doc.removed)
    assert reasons == {"page header": 24, "page footer": 24, "footnote separator": 9,
                       "continued table header": 4}
    assert all(re.fullmatch(r"\s*(A/71/6/Rev\.1|\d+/457 17-03372 \(C\)|17-03372 \(C\) \d+/457|_+)\s*", r.text)
               for r in doc.removed if r.reason != "continued table header")


def visible(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace())


def rendered(block: Block) -> str:
    """A block's text in the order a page shows it."""
    out = [*block.header, block.unit.num or "", block.unit.text]
    for row in block.rows:
        out += [s for column in row.columns for u in column for s in (u.num or "", u.text)]
    for group in block.groups:
        out += [group.title] + [s for u in group.entries for s in (u.num or "", u.text)]
    return visible("".join(out))


def subsequence(needle: str, haystack: str) -> bool:
    pos = 0
    for ch in needle:
        pos = haystack.find(ch, pos) + 1
        if not pos:
            return False
    return True


def test_reading_order_is_source_order_except_urls_and_relocated_ranges(doc, source):
    lines = source.text.split("\n")
    moved = {n for r in doc.relocated for n in range(r.first_line, r.last_line + 1)}
    skip = moved | {r.line for r in doc.removed} | {k.line for p in doc.parts for b in p.blocks() for k in b.links}
    in_order = visible("".join(text for n, text in enumerate(lines, 1) if n not in skip))
    assert subsequence(in_order, "".join(rendered(b) for p in doc.parts for b in p.blocks()))
    starts = [(p.blocks()[0].lines[0], p) for p in doc.parts]
    for r in doc.relocated:
        part = [p for first, p in starts if first <= r.first_line][-1]  # targets are page anchors
        target = next(b for b in part.blocks() if r.target in {b.anchor, *(x.anchor for x in b.rows),
                                                               *(u.anchor for u in b.units())})
        assert subsequence(visible("".join(lines[r.first_line - 1:r.last_line])), rendered(target)), r
    got = {(r.first_line, r.last_line, r.target) for r in doc.relocated}
    assert {(13690, 13694, "fn_9"), (13695, 13707, "subprog_2__ea_a"), (20059, 20059, "subprog_8__sec_4__table_1__row_b"),
            (20138, 20140, "fn_11"), (4830, 4830, "sec_a__mandates__group_1__entry_8"),
            (8239, 8245, "subprog_1__ea_c")} <= got
    assert len(doc.relocated) == 26


def test_blocks_in_source_order(doc):
    for part in doc.parts:
        firsts = [b.lines[0] for b in part.blocks()]
        assert firsts == sorted(firsts)
