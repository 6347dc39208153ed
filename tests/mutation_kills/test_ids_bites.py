"""Anchor formatting (build_scripts/ids.py) over every numeral it claims to read, not only those the fixture
corpus happens to print: a wrong digit here changes published ids."""
from __future__ import annotations

import pytest

from build_scripts.ids import Anchor, anchor, child, chinese_numeral, num_token

NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
            "十": 10,
            "十一": 11, "十九": 19, "二十": 20, "二十三": 23, "九十九": 99}


@pytest.mark.parametrize(("text", "value"), NUMERALS.items())
def test_chinese_numerals(text, value):
    assert chinese_numeral(text) == value


@pytest.mark.parametrize("text", ["", "零", "百", "一二", "十十", "一十二十", "二三十", "十二三", "a", "1"])
def test_not_chinese_numerals(text):
    with pytest.raises(ValueError):
        chinese_numeral(text)


TOKENS = {
    "2.26": "2-26", "7": "7", "7.": "7", "15.": "15", "(a)": "a", "（b）": "b", "(ii)": "ii", "A": "a",
    "B.": "b",
    "三": "3", "十二": "12", "一、": "1", "二.": "2", " 4 ": "4", "3.c": "3-c", "1.1.2": "1-1-2",
    **{chr(0x3220 + i): str(i + 1) for i in range(10)},  # ㈠ … ㈩
}


@pytest.mark.parametrize(("printed", "token"), TOKENS.items())
def test_num_token(printed, token):
    assert num_token(printed) == token


@pytest.mark.parametrize("printed", ["", "()", "a b", "2..3", "-1", "①", "第一"])
def test_num_token_refuses(printed):
    with pytest.raises(ValueError):
        num_token(printed)


def test_num_token_of_an_int():
    assert num_token(12) == "12"


@pytest.mark.parametrize("text", ["para_2-26", "preface__para_1", "subprog_2__ea_b__ind_1", "chp_2__sec_a",
                                  "mandates__group_1__entry_3", "fn_3", "summary"])
def test_anchors_parse_and_format_back(text):
    assert str(Anchor.parse(text)) == text


@pytest.mark.parametrize("text", ["", "para", "preface_1", "nope_1", "para_2_3", "para_A", "para_2-", "Para_1",
                                  "para_1__", "para_1___point_a", "para_1 "])
def test_invalid_anchors(text):
    with pytest.raises(ValueError):
        Anchor.parse(text)


def test_anchor_and_child_format_printed_numbers():
    assert anchor(("para", "2.26")) == "para_2-26"
    assert anchor("preface", ("para", "1.")) == "preface__para_1"
    assert anchor(("chp", "二"), ("sec", "A.")) == "chp_2__sec_a"
    assert child("para_15", ("point", "(a)")) == "para_15__point_a"
    assert child("", ("point", "㈢")) == "point_3"
    with pytest.raises(ValueError):
        anchor(("para", "1"), "para")
