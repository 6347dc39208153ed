"""The real glossary against the real corpus: every form occurs (or is listed as unused), first uses are right."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from build_scripts.glossary import check_usage, joined_text, occurrences, read_glossary
from build_scripts.load import load_corpus

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
GLOSSARY = CORPUS / "glossary.yml"


@pytest.fixture(scope="module")
def corpus():
    # The parser names come from the metadata itself: this test is about the glossary, not about parsers.
    parsers = frozenset(yaml.safe_load(p.read_text(encoding="utf-8"))["layout"]
                        for p in (CORPUS / "documents").glob("*.yml"))
    return load_corpus(CORPUS, parsers)


@pytest.fixture(scope="module")
def sources(corpus):
    """(slug, text) in reading order (the documents' ``order``)."""
    return [(s.meta.slug, s.text) for s in corpus.sources]


@pytest.fixture(scope="module")
def glossary(corpus):
    return read_glossary(GLOSSARY, doc_slugs=[s.meta.slug for s in corpus.sources])


def test_glossary_is_valid_and_large_enough(glossary):
    assert len(glossary.terms) >= 90


def test_every_term_and_variant_occurs_or_is_listed_unused(glossary, sources):
    found = occurrences({f for t in glossary.terms for f in t.forms}, sources)
    unused = {u.form for u in glossary.unused}
    missing = [f"{t.key}: {f}" for t in glossary.terms for f in t.forms if not found[f] and f not in unused]
    assert not missing, "forms found in no source and not listed under unused:\n" + "\n".join(missing)
    stale = sorted(f for f in unused if found.get(f))
    assert not stale, f"listed under unused: but present in the sources: {stale}"


def test_check_usage_passes(glossary, sources):
    # Also checks each first_use.doc is the first document in reading order that uses the term.
    check_usage(glossary, sources)


def test_every_term_has_a_checked_first_use(glossary):
    assert [t.key for t in glossary.terms if t.first_use is None] == []


@pytest.mark.parametrize("raw,joined", [
    ("满足最\n\n弱势群体", "满足最弱势群体"),  # a term broken across a line (the blank line of the extraction)
    ("2030 年可持续发展议程", "2030年可持续发展议程"),  # a space between a number and a Chinese word
])
def test_joined_text_undoes_pdf_line_breaks(sources, raw, joined):
    texts = [text for _, text in sources if raw in text]
    assert texts, f"no source has {raw!r}"
    assert all(joined in joined_text(text) for text in texts)


# Terms the brief names, with the forms the sources use (000 says 全民健康保障 for UHC).
REQUIRED = {
    "全民健康覆盖": {"全民健康保障"}, "初级卫生保健": set(), "立法授权": set(), "预期成绩": set(), "绩效指标": set(),
    "次级方案": set(), "两年期方案计划": set(), "总方向": set(), "南南合作": set(), "最弱势群体": set(),
    "卫生安全": set(), "可持续发展目标": set(), "战略框架": set(), "方案预算": set(), "会员国": set(),
    "民间社会": set(), "抗微生物药物耐药性": set(), "非传染性疾病": set(), "卫生系统": set(), "财政保护": set(),
    "卫生人力": set(), "里程碑": set(), "行动领域": set(),
}


@pytest.mark.parametrize("zh", sorted(REQUIRED))
def test_required_terms_present(glossary, zh):
    by_zh = {t.zh: t for t in glossary.terms}
    assert zh in by_zh, f"{zh} is not a glossary term"
    assert REQUIRED[zh] <= set(by_zh[zh].variants)


def test_uhc_entry(glossary, sources):
    uhc = next(t for t in glossary.terms if t.key == "uhc")
    assert (uhc.zh, uhc.abbr, uhc.en) == ("全民健康覆盖", "UHC", "universal health coverage")
    # The first document in reading order to use any of its forms (one says 全民健康保障).
    assert uhc.first_use.doc == next(slug for slug, text in sources if any(f in joined_text(text) for f in uhc.forms))
