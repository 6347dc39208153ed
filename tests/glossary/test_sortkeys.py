"""Index order: pinyin (not code points), then tones, then code points, then id; index-letter groups."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from build_scripts.glossary import load_glossary
from build_scripts.sortkeys import en_initial, en_key, pinyin_syllables, zh_initial, zh_key

GLOSSARY = Path(__file__).resolve().parents[2] / "corpus" / "glossary.yml"


def zh_sorted(terms):
    return sorted(terms, key=zh_key)


def test_pinyin_order_differs_from_code_point_order():
    terms = ["中国", "卫生", "安全"]
    assert sorted(terms) == ["中国", "卫生", "安全"]  # code points: 中 U+4E2D < 卫 U+536B < 安 U+5B89
    assert zh_sorted(terms) == ["安全", "卫生", "中国"]  # an < wei < zhong


def test_glossary_terms_in_pinyin_order():
    terms = ["绩效指标", "次级方案", "全民健康覆盖", "立法授权", "预期成绩", "总方向", "南南合作", "会员国"]
    assert zh_sorted(terms) == ["次级方案", "会员国", "绩效指标", "立法授权", "南南合作", "全民健康覆盖",
                                "预期成绩", "总方向"]


def test_polyphonic_characters_read_in_their_phrase():
    assert pinyin_syllables("重庆") == ("chong", "qing")
    assert zh_initial("重庆") == "C"
    assert pinyin_syllables("重要") == ("zhong", "yao")
    assert zh_initial("重要") == "Z"
    assert pinyin_syllables("银行") == ("yin", "hang")
    assert zh_sorted(["中国", "重庆", "重要"]) == ["重庆", "中国", "重要"]


def test_syllable_by_syllable_comparison():
    # xi-an vs xian: the shorter syllable sequence that is a prefix sorts first
    assert zh_sorted(["先", "西安"]) == ["西安", "先"]


def test_tone_breaks_a_pinyin_tie():
    assert pinyin_syllables("为生") == pinyin_syllables("卫生")
    assert zh_sorted(["卫生", "为生"]) == ["为生", "卫生"]  # wei2 before wei4, whatever the input order
    assert zh_sorted(["为生", "卫生"]) == ["为生", "卫生"]


def test_code_points_break_a_pinyin_and_tone_tie():
    a, b = zh_key("公事"), zh_key("公式")  # gong1 shi4 both
    assert a[:3] == b[:3]
    assert ord("事") < ord("式")
    assert zh_sorted(["公式", "公事"]) == ["公事", "公式"]


def test_id_breaks_identical_terms():
    assert zh_key("卫生", "a") < zh_key("卫生", "b")
    items = [("卫生", "z"), ("卫生", "a"), ("卫生", "m")]
    assert sorted(items, key=lambda x: zh_key(*x)) == [("卫生", "a"), ("卫生", "m"), ("卫生", "z")]


def test_digits_first_then_letters_latin_and_chinese_share_groups():
    terms = ["安全", "COVID-19", "2019冠状病毒病", "初级卫生保健", "艾滋病"]
    assert zh_sorted(terms) == ["2019冠状病毒病", "艾滋病", "安全", "初级卫生保健", "COVID-19"]
    assert [zh_initial(t) for t in zh_sorted(terms)] == ["#", "A", "A", "C", "C"]


def test_numbers_compare_by_value_and_punctuation_is_ignored():
    assert zh_sorted(["三个10亿", "三个9亿"]) == ["三个9亿", "三个10亿"]
    assert zh_initial("《公约》") == "G" and zh_initial("“三个10亿”") == "S"


@pytest.mark.parametrize("term, letter", [
    ("全民健康覆盖", "Q"), ("绩效指标", "J"), ("次级方案", "C"), ("总方向", "Z"), ("2030年可持续发展议程", "#"),
    ("三个10亿", "S"), ("艾滋病毒", "A"), ("里程碑", "L"), ("一揽子基本卫生福利", "Y"), ("", "#"), ("……", "#"),
])
def test_zh_initial(term, letter):
    assert zh_initial(term) == letter


def test_glossary_index_groups_are_contiguous_and_order_is_deterministic():
    terms = list(load_glossary(GLOSSARY))
    ordered = [t.key for t in sorted(terms, key=lambda t: zh_key(t.zh, t.key))]
    rng = random.Random(7)
    for _ in range(3):
        rng.shuffle(terms)
        assert [t.key for t in sorted(terms, key=lambda t: zh_key(t.zh, t.key))] == ordered
    by_key = {t.key: t for t in terms}
    letters = [zh_initial(by_key[k].zh) for k in ordered]
    assert letters == sorted(letters, key="#ABCDEFGHIJKLMNOPQRSTUVWXYZ".index), "groups interleave"
    assert set(letters) <= set("#ABCDEFGHIJKLMNOPQRSTUVWXYZ")


# ── English ─────────────────────────────────────────────────────────────────────

def test_en_leading_article_ignored():
    terms = ["multilateralism", "the most vulnerable", "milestone", "Member States"]
    assert sorted(terms, key=en_key) == ["Member States", "milestone", "the most vulnerable", "multilateralism"]
    assert en_initial("the most vulnerable") == "M"
    assert en_initial("A/71/6") == "A"  # "A" not followed by a space is not an article


def test_en_casefold_then_original_then_id():
    assert sorted(["member states", "Member States"], key=en_key) == ["Member States", "member states"]
    assert sorted(["Zeta", "alpha", "Beta"], key=en_key) == ["alpha", "Beta", "Zeta"]
    assert en_key("UHC", "a") < en_key("UHC", "b")


def test_en_digits_first():
    terms = ["biennium", "2030 Agenda for Sustainable Development", "accountability"]
    assert sorted(terms, key=en_key)[0].startswith("2030")
    assert en_initial("2030 Agenda") == "#"
