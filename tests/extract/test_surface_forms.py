"""One fixture per surface form (tests/extract/fixtures/surface_forms.yml): strings cut from the
sources, with the mentions expected in them, including names split by a line wrap, short forms
inside longer names, lists and ranges."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from build_scripts.clean import join_lines
from build_scripts.extract import Context, fold

CASES = yaml.safe_load((Path(__file__).parent / "fixtures" / "surface_forms.yml").read_text(encoding="utf-8"))["cases"]


def _text(case: dict) -> str:
    if "lines" in case:  # physical lines, joined like the parsers do
        return join_lines(line.strip(" \t\u00a0\u3000") for line in case["lines"])
    return case["text"]


def _context(case: dict, registries) -> Context:
    in_plan = case.get("document") != "other"
    return Context(registries.programme_document if in_plan else "other", "x", case.get("programme"), in_plan)


@pytest.mark.parametrize("case", CASES, ids=[c["form"] for c in CASES])
def test_surface_form(case, extractor, registries):
    text = _text(case)
    hits = extractor.unit_hits(text, _context(case, registries), frozenset(case.get("markers", ())))
    found = [[h.kind, h.entity, text[h.start:h.end]] for h in hits if h.kind in case["kinds"]]
    assert found == [[k, str(e), str(s)] for k, e, s in case["expect"]], case["source"]


def test_offsets_index_the_original_text(extractor):
    """Matching runs on a folded copy (NFKC, dashes, no spaces); offsets still index the original."""
    text = "首届中国 – 东盟公共卫生论坛于 2023年由北京大学医学部与贵州医科大学牵头；中国  – 东盟卫生部长会议"
    hits = extractor.unit_hits(text)
    assert [text[h.start:h.end] for h in hits] == [
        "中国 – 东盟公共卫生论坛", "北京大学医学部", "贵州医科大学", "中国  – 东盟卫生部长会议"]
    folded = fold("（10\u00a0+ 3）", names=True)
    assert folded.text == "(10+3)" and folded.span(0, len(folded.text)) == (0, 8)


def test_join_lines_rejoins_a_split_name(extractor):
    """clean.join_lines joins 世卫 / 组织 without a space, so the name is whole again (000 l.229-231)."""
    text = join_lines(["17. “三个 10 亿”目标是会员国、世卫组织和其他伙伴的一项共同工作。世卫", "组织在实现第十三个总工作方案中的目标方面可发挥催化作用。"])
    assert [h.entity for h in extractor.unit_hits(text) if h.kind == "actor"] == ["who", "who"]
