"""The sg_note layout on the layout engine (source 000): rules on excerpts cut from the real source, then the whole
document."""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from build_scripts.conservation import model_residue
from build_scripts.diagnostics import BuildError
from build_scripts.model import Document
from .support import parse_by_layout as parse, real_source

ROOT = Path(__file__).resolve().parents[2]
EXCERPTS = ROOT / "tests" / "fixtures" / "excerpts" / "sg_note"


@pytest.fixture(scope="module")
def source():
    return real_source("sg_note")


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


def blocks(document: Document) -> dict:
    return {b.anchor: b for b in document.parts[0].blocks()}


def inline(source, text: str) -> Document:
    return parse(replace(source, text=text, path=Path("inline.txt")))


# --- rules, on excerpts --------------------------------------------------------------------------------------------

def test_front_matter_masthead_titles_and_summary(source):
    document, _ = excerpt(source, "front_matter")
    got = [(b.anchor, b.kind, b.level, b.unit.text) for b in document.parts[0].blocks()]
    expected = [
        ("preface__para_1", "paragraph", 0, "第七十三届会议"),
        ("preface__para_2", "paragraph", 0, "议程项目 129"),
        ("preface__para_3", "paragraph", 0, "全球卫生与外交政策"),
        ("preface__hdg_1", "heading", 1, "改进国际协调与合作以期为促"),
        ("preface__hdg_2", "heading", 2, "秘书长的说明"),
        ("preface__para_4", "paragraph", 0, "秘书长谨随该说明转递世界卫"),
        ("preface__hdg_3", "heading", 1, "世界卫生组织总干事关于改进"),
        ("summary", "heading", 1, "摘要"),
        ("summary__para_1", "paragraph", 0, "健康是可持续发展所有三个层"),
        ("summary__para_2", "paragraph", 0, "必须改进国际协调与合作，以"),
        ("summary__para_3", "paragraph", 0, "根据大会第 72/139 号决"),
        ("chp_1", "heading", 1, "导言"),
        ("para_1", "paragraph", 0, "大会第 72/139 号决议再"),
    ]
    assert [g[:3] for g in got] == [e[:3] for e in expected]
    assert all(g[3].startswith(e[3]) for g, e in zip(got, expected))


def test_titles_wrapped_over_two_lines_and_printed_twice_are_kept_whole_both_times(source):
    document, _ = excerpt(source, "front_matter")
    b = blocks(document)
    assert b["preface__hdg_1"].unit.text == "改进国际协调与合作以期为促进实现可持续发展目标满足最弱势群体的卫生保健需求"
    assert b["preface__hdg_3"].unit.text == ("世界卫生组织总干事关于改进国际协调与合作以期为促进实现可持续发展目标"
                                             "满足最弱势群体的卫生保健需求的报告")


def test_words_split_across_lines_join_without_space(source):
    document, _ = excerpt(source, "front_matter")
    assert "《2030年可持续发展议程》" in blocks(document)["summary__para_1"].unit.text


def test_chapter_heading_wrapped_onto_two_lines_is_one_heading(source):
    document, offset = excerpt(source, "heading_wrap")
    heading = blocks(document)["chp_2"]
    assert (heading.unit.num, heading.unit.text) == ("二.", "为促进实现可持续发展目标满足最弱势群体的卫生保健需求所面临的挑战")
    assert (heading.lines[0] + offset, heading.lines[1] + offset) == (79, 81)
    assert [b.anchor for b in document.parts[0].blocks()] == ["chp_2", "para_4"]


def test_page_break_line_continues_the_paragraph(source):
    document, offset = excerpt(source, "page_break")
    (para,) = document.parts[0].blocks()
    assert para.anchor == "para_7" and (para.lines[0] + offset, para.lines[1] + offset) == (119, 128)
    assert "在许多国家，吸烟、肥胖与喝酒" in para.unit.text


def test_digits_separated_by_spaces_stay_as_printed(doc):
    text = blocks(doc)["para_6"].unit.text
    assert "每 1 000例活产 93例死亡下降到 2016年的每 1 000例活产 41例死亡" in text
    assert "每天仍有 15 000 名儿童" in text


def test_half_width_items_belong_to_their_paragraph(source):
    document, _ = excerpt(source, "items")
    items = [(b.anchor, b.kind, b.level, b.unit.num) for b in document.parts[0].blocks() if b.kind == "item"]
    assert items == [("para_16__point_a", "item", 1, "(a)"), ("para_16__point_b", "item", 1, "(b)"),
                     ("para_16__point_c", "item", 1, "(c)")]
    assert blocks(document)["para_16__point_c"].unit.text == "增进民众健康：享受更好健康和福祉的人数增加 10亿。"


def test_glued_footnote_marker_separator_and_footnote(source):
    document, offset = excerpt(source, "footnote")
    b = blocks(document)
    (ref,) = b["para_19"].unit.footnote_refs
    assert (ref.label, ref.target) == ("1", "fn_1")
    assert b["para_19"].unit.text[ref.offset - 5:ref.offset + 1] == "具体目标。1"
    assert ref.offset == len(b["para_19"].unit.text) - 1
    note = b["fn_1"]
    assert (note.kind, note.unit.num, note.unit.text) == ("footnote", "1", "全球卫生安全和人道主义应对努力在以前的报告中已经讨论过。")
    assert [(r.line + offset, r.text, r.reason) for r in document.removed] == [
        (261, "__________________ ", "footnote separator")]
    # the footnote stands where the source prints it: after paragraph 19, before section A
    assert [x.anchor for x in document.parts[0].blocks()] == [
        "chp_4", "para_19", "fn_1", "chp_4__sec_a", "chp_4__sec_a__hdg_1", "para_20"]


def test_ordinary_digits_are_not_footnote_markers(source):
    document, _ = excerpt(source, "footnote")
    refs = [r for x in document.parts[0].blocks() for r in x.unit.footnote_refs]
    assert len(refs) == 1  # "目标 3和", "2000年" on the same page are not markers


def test_a_number_after_a_space_is_not_a_marker_even_with_a_matching_footnote(source):
    text = "19. 实现目标 1和可持续发展目标 1的具体目标。1 \n\n__________________ \n\n 1 全球卫生安全。 \n"
    para = blocks(inline(source, text))["para_19"]
    (ref,) = para.unit.footnote_refs
    assert ref.offset == len(para.unit.text) - 1


def test_missing_paragraph_47_stays_missing(source):
    document, _ = excerpt(source, "conclusion")
    anchors = [b.anchor for b in document.parts[0].blocks()]
    assert anchors == ["para_46", "chp_5", "para_48", "para_49"]


def test_unexpected_unnumbered_text_is_reported_with_its_line(source):
    text = "一. 导言 \n\n1. 大会第 72/139 号决议。 \n\n这是一句没有编号的话，不是标题。 \n"
    with pytest.raises(BuildError) as error:
        inline(source, text)
    assert "inline.txt:5: error: unnumbered text" in str(error.value)


def test_item_without_a_paragraph_is_reported(source):
    with pytest.raises(BuildError, match=r"inline.txt:1: error: sub-item before any numbered paragraph"):
        inline(source, "(a) 实现全民健康保障：受益于全民健康保障的人数增加 10亿； \n")


def test_footnote_without_marker_is_reported(source):
    text = "19. 加快实现这些目标和具体目标。 \n\n__________________ \n\n 1 全球卫生安全和人道主义应对努力。 \n"
    with pytest.raises(BuildError, match=r"inline.txt:5: error: no marker for footnote 1"):
        inline(source, text)


# --- the whole document ----------------------------------------------------------------------------------------------

def test_nothing_lost_nothing_invented(doc):
    missing, extra = model_residue(doc)
    assert not missing and not extra


def test_every_anchor_in_order(doc):
    sections = {"a": 4, "b": 5, "c": 2, "d": 7, "e": 5, "f": 3}  # unnumbered initiative headings per section
    body = ["chp_1", "para_1", "para_2", "para_3", "chp_2"] + [f"para_{n}" for n in range(4, 12)] + ["chp_3"]
    body += [f"para_{n}" for n in range(12, 17)] + [f"para_16__point_{x}" for x in "abc"] + ["para_17", "para_18"]
    body += ["chp_4", "para_19", "fn_1"]
    para = 20
    for letter, count in sections.items():
        body.append(f"chp_4__sec_{letter}")
        if letter == "f":  # section F opens with paragraph 43 before its first initiative heading
            body.append("para_43")
            para = 44
        for k in range(1, count + 1):
            body += [f"chp_4__sec_{letter}__hdg_{k}", f"para_{para}"]
            para += 1
    body += ["chp_5", "para_48", "para_49"]
    front = [f"preface__para_{n}" for n in (1, 2, 3)] + ["preface__hdg_1", "preface__hdg_2", "preface__para_4",
                                                          "preface__hdg_3", "summary"]
    front += [f"summary__para_{n}" for n in (1, 2, 3)]
    assert [b.anchor for b in doc.parts[0].blocks()] == front + body


def test_paragraph_numbering_1_to_49_without_47(doc):
    numbers = [int(b.unit.num.rstrip(".")) for b in doc.parts[0].blocks() if b.kind == "paragraph" and b.unit.num]
    assert numbers == [n for n in range(1, 50) if n != 47]
    assert "para_47" not in {b.anchor for b in doc.parts[0].blocks()}


def test_heading_levels(doc):
    levels = {b.anchor: b.level for b in doc.parts[0].blocks() if b.kind == "heading"}
    assert all(levels[f"chp_{n}"] == 1 for n in range(1, 6))
    assert all(levels[f"chp_4__sec_{x}"] == 2 for x in "abcdef")
    hdgs = [a for a in levels if "__hdg_" in a and a.startswith("chp_")]
    assert len(hdgs) == 26 and all(levels[a] == 3 for a in hdgs)
    assert blocks(doc)["chp_4__sec_f__hdg_2"].unit.text == "2030 年全民健康保障"  # a year, not a paragraph number


def test_footnotes_linked(doc):
    refs = [(b.anchor, r) for b in doc.parts[0].blocks() for r in b.unit.footnote_refs]
    notes = [b for b in doc.parts[0].blocks() if b.kind == "footnote"]
    assert [n.anchor for n in notes] == ["fn_1"] and [(a, r.target) for a, r in refs] == [("para_19", "fn_1")]
    for anchor, ref in refs:
        assert blocks(doc)[anchor].unit.text[ref.offset:ref.offset + len(ref.label)] == ref.label


def test_every_source_line_is_in_one_block_or_removed_and_in_source_order(doc):
    spans = [b.lines for b in doc.parts[0].blocks()]
    assert [s[0] for s in spans] == sorted(s[0] for s in spans)
    covered = {n for first, last in spans for n in range(first, last + 1)} | {r.line for r in doc.removed}
    text_lines = {n for n, line in enumerate(doc.source_text.split("\n"), 1) if line.strip()}
    assert text_lines <= covered
    assert doc.relocated == ()


def test_duplicated_content_is_kept(doc):
    b = blocks(doc)
    closing = "必须采取全球集体行动并加强所有各级以及所有部门和利益攸关方行动的一致性。"
    assert closing in b["summary__para_2"].unit.text and closing in b["para_11"].unit.text
