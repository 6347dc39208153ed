"""The ranking rules (index.name_shares, documents.identity, engine.tier / rank_doc) on a small index."""
from __future__ import annotations

from build_scripts.search.documents import SearchDoc, identity
from build_scripts.search.engine import Engine, rank_doc, tier
from build_scripts.search.index import EIGHTHS, KEY, NAME, build_index, doc_weights, name_shares
from build_scripts.search.tokenize import IndexTokenizer

TOKENIZER = IndexTokenizer(["世界卫生组织", "世卫组织", "缔约方大会", "性别平等", "性别平等和增强妇女权能"])


def test_a_latin_gloss_in_parentheses_is_not_part_of_a_name():
    cop = "Conference of the Parties (to a convention, e.g. WHO FCTC / UNFCCC)"
    assert identity(cop) == "Conference of the Parties"
    assert identity("OIE (now WOAH)") == "OIE"
    assert identity("中日韩 – 东盟（10 + 3）") == "中日韩 – 东盟（10 + 3）"  # a printed Chinese form stays whole
    assert identity("S/RES/2167 (2014)") == "S/RES/2167 (2014)"
    assert identity("(former)") == "(former)"


def test_name_shares_count_the_eighths_of_a_name_a_token_covers():
    shares = name_shares("世界卫生组织", TOKENIZER.tokens("世界卫生组织"))
    assert shares["卫生"] == 2  # one of five bigrams: 8/5, rounded
    assert shares["世界卫生组织"] == EIGHTHS
    assert name_shares("WHO", ["who"]) == {"who": EIGHTHS}
    assert name_shares("WHO FCTC", ["who", "fctc"]) == {"who": 4, "fctc": 4}
    assert name_shares("性别平等和增强妇女权能", ["性别平等"])["性别平等"] == 2  # three of ten bigrams


def test_tiers():
    assert tier(True, True, False, [1]) == 3
    assert tier(True, False, False, [NAME + 4, NAME + 1]) == 2  # more than half of a name
    assert tier(True, False, False, [NAME + 4]) == 0  # half is not enough (WHO in WHO FCTC)
    assert tier(True, False, True, [NAME + 1]) == 2  # the whole Chinese run is a word of the name
    assert tier(True, False, True, [NAME]) == 0  # ... but every token must be in a name
    assert tier(False, False, False, [KEY]) == 1
    assert tier(False, False, True, [NAME + 8]) == 0
    # an entity page the query does not name scores at most like a text using the word three times
    assert rank_doc(True, [(2.0, NAME + 4)], []) == (0, 2.0 * NAME)
    assert rank_doc(False, [(2.0, 6)], []) == (0, 12.0)


def _docs() -> list[SearchDoc]:
    return [
        SearchDoc("d/", "D", "hdg_1", "heading", "", "", "性别平等和增强妇女权能"),
        SearchDoc("d/", "D", "para_1", "paragraph", "1.", "", "世卫组织欢迎。世卫组织支持。世卫组织报告。",
                  aliases=(("World Health Organization", 3), ("WHO", 3))),
        SearchDoc("d/", "D", "para_2", "paragraph", "2.", "", "缔约方大会第二十一届会议的成果。",
                  aliases=(("Conference of the Parties", 1), ("COP", 1))),
        SearchDoc("d/", "D", "para_3", "paragraph", "3.", "", "世卫组织的卫生方针。",
                  aliases=(("World Health Organization", 1), ("WHO", 1))),
        SearchDoc("actors/who/", "世界卫生组织", "", "actor", "", "世界卫生组织", "WHO",
                  names=("世界卫生组织", "世卫组织", "World Health Organization", "WHO"), entity=True),
        SearchDoc("actors/cop/", "缔约方大会", "", "actor", "", "缔约方大会",
                  "缔约方大会 · Conference of the Parties (to a convention, e.g. WHO FCTC / UNFCCC)",
                  names=("缔约方大会", identity("Conference of the Parties (to a convention, e.g. WHO FCTC / UNFCCC)"),
                         "COP"), entity=True),
        SearchDoc("actors/fctc/", "烟草控制框架公约", "", "actor", "", "烟草控制框架公约", "",
                  names=("烟草控制框架公约", "WHO Framework Convention on Tobacco Control", "WHO FCTC"), entity=True),
        SearchDoc("programmes/14/", "方案 14", "", "programme", "", "方案 14", "",
                  names=("性别平等和增强妇女权能",), entity=True),
    ]


def test_alias_weight_counts_the_mentions_of_the_named_entity():
    weights = doc_weights(_docs()[1], TOKENIZER)
    assert weights["who"] == 3  # WHO whole, mentioned three times
    assert weights["organization"] == 1  # one word of the English name: a passing match


def test_small_index_ranks_by_the_rules():
    files = build_index(_docs(), TOKENIZER)
    engine = Engine(lambda rel: files[rel])
    who = engine.search("WHO").locations()
    assert who[0] == "actors/who/"
    assert "actors/cop/" not in who[:4] and "d/#para_2" not in who, "the gloss and the COP paragraph are not WHO"
    assert who.index("d/#para_1") < who.index("actors/fctc/"), "a passage about WHO before a name containing it"
    gender = engine.search("性别平等").locations()
    assert gender[0] == "programmes/14/", "a programme named by the query's whole word"
    health = {h.location: h for _, hits in engine.search("卫生").groups for h in hits}
    assert health["actors/who/"].tier == 0, "a bigram of a long name does not name the entity"
    assert health["actors/who/"].score == 3 * health["d/#para_3"].score, "... and counts as a text using it 3 times"
