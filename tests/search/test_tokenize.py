"""The search tokenizer and index format (no site build needed)."""
from __future__ import annotations

from array import array

import pytest

from build_scripts.search.documents import SearchDoc
from build_scripts.search.engine import Engine
from build_scripts.search.index import (build_index, decode_postings, encode_postings, fnv1a, read_term_shard,
                                        term_shard)
from build_scripts.search.tokenize import IndexTokenizer, query_plan, query_tokens, stem


@pytest.mark.parametrize("query, tokens", [
    ("A/RES/72/139", ["sym:72/139"]),
    ("72/139", ["sym:72/139"]),
    ("第 72/139 号决议", ["第", "sym:72/139", "号决", "决议"]),
    ("S/RES/2167 (2014)", ["sym:2167(2014)"]),
    ("S/RES/2167(2014)", ["sym:2167(2014)"]),
    ("2167(2014)", ["sym:2167(2014)"]),
    ("２１６７（２０１４）", ["sym:2167(2014)"]),
    ("WHA69(15)", ["sym:wha69(15)"]),
    ("WHA71.1", ["sym:wha71.1"]),
    ("E/RES/2017/9", ["sym:2017/9"]),
    ("A/RES/S-10/2", ["sym:s-10/2"]),
    ("A/71/6/Rev.1", ["sym:a/71/6/rev.1", "sym:a/71/6"]),
    ("2.26", ["num:2.26"]),
    ("HIV/AIDS", ["hiv", "aid"]),
    ("健康覆盖", ["健康", "康覆", "覆盖"]),
    ("病", ["病"]),
    ("World Health Organization", ["world", "health", "organization"]),
    ("the WHO", ["who"]),
])
def test_query_tokens(query, tokens):
    assert query_tokens(query) == tokens


def test_whole_han_runs_and_exact_name_are_optional():
    plan = query_plan("世界卫生组织")
    assert plan.required == ("世界", "界卫", "卫生", "生组", "组织")
    assert plan.optional == ("世界卫生组织", "=世界卫生组织")
    assert query_plan("World  Health").optional == ("=world health",)


@pytest.mark.parametrize("word, stemmed", [
    ("vaccines", "vaccin"), ("vaccine", "vaccin"), ("financing", "financ"), ("finance", "financ"),
    ("policies", "polici"), ("policy", "polici"), ("planned", "plan"), ("coverage", "coverag"),
    ("countries", "countri"), ("who", "who"), ("us", "us"), ("ASEAN's".lower(), "asean"),
])
def test_stem(word, stemmed):
    assert stem(word) == stemmed


def test_index_tokens_hold_sub_words_and_whole_names():
    tokenizer = IndexTokenizer(["全民健康覆盖"])
    tokens = tokenizer.tokens("世界卫生组织支持全民健康覆盖")
    assert {"卫生", "健康", "覆盖", "卫", "生", "世界卫生组织", "全民健康覆盖"} <= set(tokens)


def test_postings_round_trip():
    postings = [(0, 1), (3, 12), (4, 8), (4000, 3), (10_000_000, 15)]  # varints of 1, 2, 3 and 4 bytes
    data = encode_postings(array("I", (doc << 4 | weight for doc, weight in postings)))
    assert data[:3] == bytes([1, 3 << 4 | 12, 1 << 4 | 8])
    assert decode_postings(data) == postings


def test_term_shard_round_trip_and_bad_terms():
    entries = [("卫生", encode_postings(array("I", [1 << 4 | 3, 9 << 4 | 1]))), ("=who", b"\x0c"),
               ("sym:72/139", b"")]
    data = term_shard(entries)
    assert data.startswith("卫生\t3\n=who\t1\nsym:72/139\t0\n\0".encode())
    assert read_term_shard(data) == dict(entries)
    assert read_term_shard(term_shard([])) == {}
    with pytest.raises(ValueError, match="tab, newline or NUL"):
        term_shard([("a\tb", b"\x01")])
    with pytest.raises(ValueError, match="after the last term"):
        read_term_shard(data + b"\x01")


def test_fnv1a_known_values():
    assert fnv1a("") == 0x811C9DC5
    assert fnv1a("a") == 0xE40C292C  # the FNV-1a test vector


def _docs() -> list[SearchDoc]:
    return [
        SearchDoc("documents/x/", "文献 X", "", "page", "A/71/6", "文献 X", "", keys=("A/71/6",),
                  names=("文献 X",), entity=True),
        SearchDoc("documents/x/", "文献 X", "para_1", "paragraph", "1.", "一. 导言", "世卫组织欢迎第 72/139 号决议。",
                  keys=("1.",), aliases=(("World Health Organization", 1), ("WHO", 1), ("世界卫生组织", 1))),
        SearchDoc("documents/x/", "文献 X", "para_2", "paragraph", "2.", "一. 导言", "全民健康覆盖需要卫生筹资。",
                  keys=("2.",)),
        SearchDoc("actors/who/", "世界卫生组织", "", "actor", "", "世界卫生组织", "WHO",
                  names=("世界卫生组织", "世卫组织", "World Health Organization", "WHO"), entity=True),
    ]


def test_small_index_end_to_end_and_deterministic():
    tokenizer = IndexTokenizer(["世卫组织", "全民健康覆盖"])
    files = build_index(_docs(), tokenizer)
    assert files == build_index(_docs(), IndexTokenizer(["全民健康覆盖", "世卫组织"]))
    engine = Engine(lambda rel: files[rel])
    assert engine.search("WHO").locations()[0] == "actors/who/"
    assert "documents/x/#para_1" in engine.search("World Health Organization").locations()
    assert engine.search("72/139").locations() == ["documents/x/#para_1"]
    assert engine.search("卫生").locations()[0] == "actors/who/"
    assert engine.search("健康覆盖").locations() == ["documents/x/#para_2"]
    assert engine.search("A/71/6").locations() == ["documents/x/"]
    assert engine.search("2").locations() == ["documents/x/#para_2"]
    assert engine.search("不存在").locations() == []


def test_optional_tokens_share_a_required_tokens_shard():
    """A query's whole Han run and exact-name token are routed with one of its required tokens (index.route_key),
    so they cost no request of their own."""
    from build_scripts.search.index import route_key
    from tests.search.test_parity import EXTRA
    from tests.search.test_recall import load_queries

    for query in [q["q"] for q in load_queries()] + EXTRA:
        plan = query_plan(query)
        routes = {route_key(t) for t in plan.required}
        assert all(route_key(t) in routes for t in plan.optional), query
