"""The wha_report layout on the layout engine (source 001): rules on excerpts cut from the real source, then the
whole document."""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from build_scripts.conservation import model_residue
from build_scripts.diagnostics import BuildError
from build_scripts.model import Document, Relocated, Removed
from .support import parse_by_layout as parse, real_source

ROOT = Path(__file__).resolve().parents[2]
EXCERPTS = ROOT / "tests" / "fixtures" / "excerpts" / "wha_report"
SEPARATOR = " " * 49  # 001 l.96: the footnote separator is a run of spaces


@pytest.fixture(scope="module")
def source():
    return real_source("wha_report")


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

def test_title_subtitle_and_unnumbered_heading_counted_after_its_paragraph(source):
    document, _ = excerpt(source, "front_matter")
    got = [(b.anchor, b.kind, b.level, b.unit.num) for b in document.parts[0].blocks()]
    assert got == [("preface__hdg_1", "heading", 1, None), ("preface__hdg_2", "heading", 2, None),
                   ("para_1", "paragraph", 0, "1."), ("para_2", "paragraph", 0, "2."),
                   ("para_2__hdg_1", "heading", 1, None)]
    b = blocks(document)
    assert b["preface__hdg_1"].unit.text == "联合国系统内及与其它政府间组织的合作"
    assert b["para_2__hdg_1"].unit.text == "促进与合作伙伴进行战略互动的新方法"


def test_glued_marker_and_footnote_scoped_by_its_paragraph(source):
    document, _ = excerpt(source, "broken_url")
    b = blocks(document)
    (ref,) = b["para_9"].unit.footnote_refs
    assert (ref.label, ref.target) == ("1", "para_9__fn_1")
    assert b["para_9"].unit.text[ref.offset - 4:ref.offset + 2] == "成果文件1、"
    assert b["para_9__fn_1"].unit.num == "1"
    assert [x.anchor for x in document.parts[0].blocks()] == [
        "para_9", "para_10", "para_9__fn_1", "para_10__hdg_1", "para_11"]


def test_decision_numbers_in_brackets_are_not_markers(source):
    document, _ = excerpt(source, "broken_url")
    refs = [r for x in document.parts[0].blocks() for r in x.unit.footnote_refs]
    assert len(refs) == 1 and "WHA69(15)和 WHA70(18)号决定" in blocks(document)["para_9"].unit.text


def test_url_broken_at_a_line_end_inside_a_footnote_is_joined_without_space(source):
    document, _ = excerpt(source, "broken_url")
    note = blocks(document)["para_9__fn_1"]
    assert "（https://www.unodc.org/documents/postungass2016/outcome/V1603301-E.pdf，2018 年 3 月 28 日访问）。" in note.unit.text
    assert note.unit.text.startswith("联合国毒品和犯罪问题办公室。")  # spelling as printed (body: 办事处)
    assert note.links == ()


def test_footnote_block_between_a_paragraph_and_its_items(source):
    document, offset = excerpt(source, "footnotes_in_list")
    assert [b.anchor for b in document.parts[0].blocks()] == [
        "para_13", "para_14", "para_15", "para_13__fn_1", "para_14__fn_2",
        *[f"para_15__point_{x}" for x in "abcdef"]]
    b = blocks(document)
    assert [(b[a].lines[0] + offset, b[a].lines[1] + offset) for a in ("para_15", "para_13__fn_1", "para_14__fn_2",
                                                                       "para_15__point_a", "para_15__point_f")] == [
        (136, 146), (149, 151), (152, 154), (155, 159), (187, 191)]
    assert all(b[f"para_15__point_{x}"].kind == "item" and b[f"para_15__point_{x}"].level == 1 for x in "abcdef")


def test_two_markers_on_one_page_restart_at_1_and_link_to_their_own_paragraphs(source):
    document, _ = excerpt(source, "footnotes_in_list")
    b = blocks(document)
    (r13,), (r14,) = b["para_13"].unit.footnote_refs, b["para_14"].unit.footnote_refs
    assert (r13.label, r13.target, b["para_13"].unit.text[r13.offset - 4:r13.offset + 2]) == (
        "1", "para_13__fn_1", "主要建议1。")
    assert (r14.label, r14.target, b["para_14"].unit.text[r14.offset - 4:r14.offset + 2]) == (
        "2", "para_14__fn_2", "初步建议2。")


def test_broken_document_symbol_in_a_footnote_is_joined(source):
    document, _ = excerpt(source, "footnotes_in_list")
    assert "文件 A/72/124-E/2018/3，2017 年 6 月。" in blocks(document)["para_14__fn_2"].unit.text


def test_displaced_marker_and_paragraph_continued_across_the_footnote(source):
    document, offset = excerpt(source, "displaced_marker")
    b = blocks(document)
    para = b["para_21"]
    (ref,) = para.unit.footnote_refs
    assert (ref.label, ref.target) == ("1", "para_21__fn_1")
    assert para.unit.text[ref.offset - 2:ref.offset + 4] == "H61的成员"  # no space between H6 and its marker
    assert "在国家级促进更大的协同作用并协调有效的方法。西太平洋区域办事处" in para.unit.text
    assert (para.lines[0] + offset, para.lines[1] + offset) == (252, 267)
    assert b["para_21__fn_1"].unit.text == "H6 伙伴关系包括艾滋病规划署、人口基金、儿童基金会、联合国妇女署、世卫组织和世界银行集团。"
    assert [x.anchor for x in document.parts[0].blocks()] == ["para_21", "para_21__fn_1", "para_22"]
    (moved,) = document.relocated
    assert (moved.first_line + offset, moved.last_line + offset, moved.target) == (265, 267, "para_21")


def test_end_marker_is_removed(source):
    document, offset = excerpt(source, "end_marker")
    assert [(r.line + offset, r.text, r.reason) for r in document.removed] == [(305, "=      =      = ", "end marker")]
    assert [b.anchor for b in document.parts[0].blocks()] == ["para_24", "para_24__hdg_1", "para_25"]


def test_unexpected_unnumbered_sentence_after_the_paragraphs_is_reported(source):
    with pytest.raises(BuildError, match=r"inline.txt:3: error: unnumbered text"):
        inline(source, "25. 请卫生大会注意本报告。 \n\n这是一句没有编号的话，不是标题。 \n")


def test_footnote_without_marker_is_reported(source):
    text = f"10. 正在制定的其它合作文书。 \n\n{SEPARATOR}\n1 联合国毒品和犯罪问题办公室。 \n"
    with pytest.raises(BuildError, match=r"inline.txt:4: error: no marker for footnote 1"):
        inline(source, text)


def test_marker_must_match_a_footnote_on_its_own_page(source):
    # "建议1。" on page 1 is not a marker for the footnote on page 2, whose own marker is "文件1、"
    text = f"13. 主要建议1。 \n 14. 成果文件1、卫生大会。 \n\n{SEPARATOR}\n1 联合国秘书长。 \n"  # " 14." opens page 2
    document = inline(source, text)
    b = blocks(document)
    assert b["para_13"].unit.footnote_refs == ()
    assert [r.target for r in b["para_14"].unit.footnote_refs] == ["para_14__fn_1"]


# --- the whole document ----------------------------------------------------------------------------------------------

def test_nothing_lost_nothing_invented(doc):
    missing, extra = model_residue(doc)
    assert not missing and not extra


def test_every_anchor_in_order(doc):
    paras = lambda a, b: [f"para_{n}" for n in range(a, b + 1)]  # noqa: E731
    expected = (["preface__hdg_1", "preface__hdg_2"] + paras(1, 2) + ["para_2__hdg_1"] + paras(3, 10)
                + ["para_9__fn_1", "para_10__hdg_1"] + paras(11, 15) + ["para_13__fn_1", "para_14__fn_2"]
                + [f"para_15__point_{x}" for x in "abcdef"] + paras(16, 18) + ["para_18__hdg_1"] + paras(19, 20)
                + [f"para_20__point_{x}" for x in "abc"] + ["para_21", "para_21__fn_1"] + paras(22, 24)
                + ["para_24__hdg_1", "para_25"])
    assert [b.anchor for b in doc.parts[0].blocks()] == expected


def test_paragraph_numbering_complete(doc):
    numbers = [int(b.unit.num.rstrip(".")) for b in doc.parts[0].blocks() if b.kind == "paragraph"]
    assert numbers == list(range(1, 26))


def test_heading_levels(doc):
    headings = [(b.anchor, b.level) for b in doc.parts[0].blocks() if b.kind == "heading"]
    assert headings == [("preface__hdg_1", 1), ("preface__hdg_2", 2), ("para_2__hdg_1", 1), ("para_10__hdg_1", 1),
                        ("para_18__hdg_1", 1), ("para_24__hdg_1", 1)]


def test_footnotes_linked_once_each(doc):
    b = blocks(doc)
    refs = [(x.anchor, r) for x in doc.parts[0].blocks() for r in x.unit.footnote_refs]
    notes = [x.anchor for x in doc.parts[0].blocks() if x.kind == "footnote"]
    assert sorted(r.target for _, r in refs) == sorted(notes) == sorted(
        ["para_9__fn_1", "para_13__fn_1", "para_14__fn_2", "para_21__fn_1"])
    for anchor, ref in refs:
        assert b[anchor].unit.text[ref.offset:ref.offset + len(ref.label)] == ref.label
        assert ref.target == f"{anchor}__fn_{ref.label}"


def test_removed_and_relocated(doc):
    assert doc.removed == (Removed(305, "=      =      = ", "end marker"),)
    assert [(r.first_line, r.last_line, r.target) for r in doc.relocated] == [(265, 267, "para_21")]
    assert isinstance(doc.relocated[0], Relocated)


def test_every_source_line_is_in_one_block_or_removed_and_blocks_in_source_order(doc):
    spans = [b.lines for b in doc.parts[0].blocks()]
    assert [s[0] for s in spans] == sorted(s[0] for s in spans)
    covered = {n for first, last in spans for n in range(first, last + 1)} | {r.line for r in doc.removed}
    text_lines = {n for n, line in enumerate(doc.source_text.split("\n"), 1) if line.strip()}
    assert text_lines <= covered
