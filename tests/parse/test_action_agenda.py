"""Parser for source 002 (UHC2030 action agenda): rules on excerpts, then the whole document."""
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
EXCERPTS = ROOT / "tests" / "fixtures" / "excerpts" / "action_agenda"


@pytest.fixture(scope="module")
def source() -> Source:
    return real_source("action_agenda")


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

def test_cover_title_units_and_page_header(source: Source) -> None:
    d = excerpt(source, "cover")
    assert_conserved(d)
    blocks = by_anchor(d)
    assert blocks["cover__hdg_1"].kind == "heading" and blocks["cover__hdg_1"].level == 1
    assert blocks["cover__hdg_1"].unit.text == "从承诺到行动"
    texts = [blocks[f"cover__para_{k}"].unit.text for k in range(1, 6)]
    assert texts == ["来自全民健康覆盖运动的全民健康覆盖行动议程", "2023年联合国全民健康覆盖高级别会议",
                     "#UHCHLM", "#HEALTHFORALL", "Taking action for universal health coverage"]
    assert [(r.line, r.reason) for r in d.removed] == [(14, "page header")]
    assert d.removed[0].text.count("\t") == 13 and "#UHCHLM" in d.removed[0].text


def test_glued_hashtag_without_tagline_stays_whole(source: Source) -> None:
    d = from_text(source, "标题\n\n#UHCHLM\n")
    assert by_anchor(d)["cover__para_1"].unit.text == "#UHCHLM"


def test_bullets_and_milestones_are_moved_to_their_areas(source: Source) -> None:
    d = excerpt(source, "milestones")
    assert_conserved(d)
    order = [b.anchor for b in d.parts[0].blocks()]
    assert order == ["hdg_1", "area_1", "area_1__action_1", "area_1__action_2", "area_1__action_3",
                     "area_1__milestone", "area_2", "area_2__action_1", "area_2__action_2", "area_2__action_3",
                     "area_2__milestone"]
    blocks = by_anchor(d)
    assert blocks["hdg_1"].unit.text == "行动议程 重点行动和里程碑"
    assert blocks["area_1__milestone"].unit.num == "里程碑"
    assert blocks["area_1__milestone"].unit.text.startswith("到2025年，国家和国家以下各级的卫生政策框架包含")
    assert blocks["area_2__milestone"].unit.text.startswith("到2025年，通过加强全民获得")
    # excerpt lines: 里程碑 at 32 and 41 (source l.160, 169)
    assert [(r.first_line, r.last_line, r.target) for r in d.relocated] == [
        (32, 39, "area_1__milestone"), (41, 50, "area_2__milestone")]


def test_bullet_without_space_after_tab(source: Source) -> None:
    d = from_text(source, "行动议程\n 重点行动和里程碑\n\n行动领域3：通过有利的法律和法规\n\n•\t建立有利于加强卫生系统的立法框架。\n")
    bullet = by_anchor(d)["area_3__action_1"]
    assert (bullet.kind, bullet.unit.num, bullet.unit.text) == ("bullet", "•", "建立有利于加强卫生系统的立法框架。")


def test_area_heading_glued_after_milestone_starts_a_new_block(source: Source) -> None:
    d = excerpt(source, "glued_heading")
    assert_conserved(d)
    blocks = by_anchor(d)
    assert blocks["area_4"].unit.text == "加强卫生和保健人力，以提供高质量的卫生保健"
    assert blocks["area_4__milestone"].unit.text.endswith("以提高卫生保健的质量和信任度。")
    assert blocks["area_5"].unit.num == "行动领域5：" and blocks["area_5"].unit.text == "增加投资，改善投资"
    assert [b.anchor for b in d.parts[0].blocks()][-4:] == [
        "area_5", "area_5__action_1", "area_5__action_2", "area_5__action_3"]


def test_glued_footnote_marker_and_running_footer(source: Source) -> None:
    d = excerpt(source, "footnote")
    assert_conserved(d)
    blocks = by_anchor(d)
    milestone = blocks["area_5__milestone"]
    (ref,) = milestone.unit.footnote_refs
    assert (ref.label, ref.target) == ("1", "fn_1")
    assert milestone.unit.text[ref.offset - 3:ref.offset + 2] == "或以上1。"
    assert "具体目标3监测" in milestone.unit.text  # a truncated target number, not a marker
    note = blocks["fn_1"]
    assert (note.kind, note.unit.num) == ("footnote", "1")
    assert note.unit.text.startswith("认识到当前的全球经济挑战") and note.unit.text.endswith("向可持续筹资过渡。")
    assert [(r.reason, r.text) for r in d.removed] == [("running footer", "重点行动和里程碑")]


def test_footnote_without_marker_is_reported(source: Source) -> None:
    text = "行动议程\n 重点行动和里程碑\n\n行动领域5：增加投资\n\n•\t增加投资。\n\n1 一个没有标记的脚注。\n"
    with pytest.raises(BuildError, match="footnote 1: expected one marker"):
        from_text(source, text)


def test_milestone_without_area_is_reported(source: Source) -> None:
    with pytest.raises(BuildError, match=r":4: error: milestone without an action area"):
        from_text(source, "行动议程\n 重点行动和里程碑\n\n里程碑\n\n到2025年，……。\n")


def test_unexpected_block_is_reported_not_dropped(source: Source) -> None:
    with pytest.raises(BuildError, match=r":4: error: unexpected block in the action agenda"):
        from_text(source, "行动议程\n 重点行动和里程碑\n\n不明的文字\n")


# -- the whole document --------------------------------------------------------------------------------

def test_nothing_lost_nothing_invented(doc: Document) -> None:
    assert_conserved(doc)


def test_expected_anchors(doc: Document) -> None:
    anchors = [b.anchor for b in doc.parts[0].blocks()]
    expected = (["cover__hdg_1"] + [f"cover__para_{k}" for k in range(1, 6)]
                + [a for n in range(1, 9) for a in (f"summary__area_{n}", f"summary__area_{n}__para_1")]
                + ["intro__hdg_1", "intro__para_1", "intro__para_2", "intro__para_3", "hdg_1"]
                + [a for n in range(1, 9) for a in
                   [f"area_{n}"] + [f"area_{n}__action_{k}" for k in (1, 2, 3)] + [f"area_{n}__milestone"]]
                + ["fn_1"])
    assert anchors == expected
    assert len(doc.parts) == 1 and doc.parts[0].slug == "index"


def test_block_counts(doc: Document) -> None:
    kinds = Counter(b.kind for b in doc.parts[0].blocks())
    assert kinds == Counter(heading=19, paragraph=16, bullet=24, milestone=8, footnote=1)


def test_heading_levels(doc: Document) -> None:
    levels = {b.anchor: b.level for b in doc.parts[0].blocks() if b.kind == "heading"}
    assert levels["cover__hdg_1"] == levels["intro__hdg_1"] == levels["hdg_1"] == 1
    assert all(levels[f"summary__area_{n}"] == levels[f"area_{n}"] == 2 for n in range(1, 9))


def test_area_headings_keep_their_printed_wording(doc: Document) -> None:
    blocks = by_anchor(doc)
    assert blocks["summary__area_6"].unit.text == "共同迈向全民健康覆盖"
    assert blocks["area_6"].unit.text == "一起迈向全民健康覆盖"
    assert blocks["summary__area_8"].unit.text == "将全民健康覆盖与卫生安全联系起来"
    assert blocks["area_8"].unit.text == "将全民健康覆盖和卫生安全联系起来"
    assert blocks["summary__area_2"].unit.text == blocks["area_2"].unit.text == "不让任何一个人掉队"
    assert blocks["area_4"].lines == (147, 148) and blocks["summary__area_4"].lines == (42, 43)


def test_milestones_follow_their_area_and_are_recorded(doc: Document) -> None:
    order = [b.anchor for b in doc.parts[0].blocks()]
    for n in range(1, 9):
        assert order.index(f"area_{n}__milestone") == order.index(f"area_{n}__action_3") + 1
    moved = {r.target: (r.first_line, r.last_line) for r in doc.relocated}
    assert moved == {"area_1__milestone": (160, 167), "area_2__milestone": (169, 178),
                     "area_3__milestone": (180, 189), "area_4__milestone": (191, 201),
                     "area_5__milestone": (250, 261), "area_6__milestone": (263, 271),
                     "area_7__milestone": (273, 281), "area_8__milestone": (283, 291)}
    blocks = by_anchor(doc)
    assert "具体目标3.c相一致" in blocks["area_4__milestone"].unit.text
    assert blocks["area_8__milestone"].unit.text.startswith("到2025年，国家卫生政策框架已经确定计划（包括")


def test_footnote_linked(doc: Document) -> None:
    blocks = by_anchor(doc)
    refs = [(b.anchor, r) for b in blocks.values() for r in b.unit.footnote_refs]
    assert len(refs) == 1
    anchor, ref = refs[0]
    assert anchor == "area_5__milestone" and ref.target == "fn_1" and ref.label == "1"
    assert blocks[anchor].unit.text[ref.offset] == "1"
    assert blocks[anchor].unit.text[ref.offset - 5:ref.offset] == "5%或以上"
    assert doc.parts[0].blocks()[-1].anchor == "fn_1"


def test_removed_furniture(doc: Document) -> None:
    assert [(r.line, r.reason) for r in doc.removed] == [(14, "page header"), (293, "running footer")]


def test_summary_paragraphs_join_without_spaces(doc: Document) -> None:
    blocks = by_anchor(doc)
    assert blocks["summary__area_1__para_1"].unit.text == (
        "鉴于在大流行期间的经验以及冲突和气候危机的持续影响，政治领导人现在已经体会到全民健康覆盖对其社会和经济是多么的重要。")
    assert blocks["summary__area_3__para_1"].unit.text.endswith("将会加强未来的经济和社会的抵御力")
    assert blocks["intro__hdg_1"].unit.text == "2023年，世界领导人有了一个独特的机会重振实现全民健康的进展"
    assert all(" " not in b.unit.text for b in blocks.values() if b.anchor.startswith(("summary", "area")))
