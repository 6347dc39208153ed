"""Schema validation of glossary files: every problem reported at its file and line, all in one run."""
from __future__ import annotations

from pathlib import Path

import pytest

from build_scripts.diagnostics import BuildError
from build_scripts.glossary import Glossary, check_usage, load_glossary, read_glossary

FIXTURES = Path(__file__).parent / "fixtures"
SLUGS = {"doc-a", "doc-b"}


def line(path: Path, needle: str, nth: int = 1) -> int:
    """1-based line of the nth line of ``path`` containing ``needle``."""
    hits = [i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in text]
    assert len(hits) >= nth, f"fixture {path.name} has no {nth}th line containing {needle!r}"
    return hits[nth - 1]


def errors(path: Path, **kwargs) -> list:
    with pytest.raises(BuildError) as info:
        read_glossary(path, **kwargs)
    return info.value.diagnostics


def find(diags, at_line: int, *fragments: str):
    """The diagnostic at ``at_line`` whose message contains every fragment; fails listing what there is."""
    for d in diags:
        if d.location.line == at_line and all(f in d.message for f in fragments):
            return d
    shown = "\n".join(map(str, diags))
    raise AssertionError(f"no diagnostic at line {at_line} containing {fragments}; got:\n{shown}")


# ── bad_schema.yml ──────────────────────────────────────────────────────────────

BAD = FIXTURES / "bad_schema.yml"


@pytest.fixture(scope="module")
def bad():
    return errors(BAD, doc_slugs=SLUGS)


def test_every_diagnostic_names_the_fixture_file(bad):
    assert bad, "expected problems"
    for d in bad:
        assert d.location.path.endswith("fixtures/bad_schema.yml"), d
        assert d.location.line, f"no line number: {d}"
        assert str(d).startswith(f"{d.location.path}:{d.location.line}: error: ")


def test_bad_key_format(bad):
    find(bad, line(BAD, "key: Bad_Key"), "'Bad_Key'", "^[a-z0-9-]+$")


def test_duplicate_key_names_the_other_entry(bad):
    first, second = line(BAD, "key: good-one"), line(BAD, "key: good-one", 2)
    find(bad, second, "duplicate key 'good-one'", f"line {first}")


def test_zh_shared_by_two_terms_names_both_lines(bad):
    first, second = line(BAD, "zh: 卫生系统"), line(BAD, "zh: 卫生系统", 2)
    find(bad, second, "'卫生系统'", "'shares-zh'", "'good-one'", f"line {first}", f"line {second}")


def test_variant_shared_by_two_terms_names_both_lines(bad):
    first, second = line(BAD, "variants: [卫生体系]"), line(BAD, "variants: [卫生体系]", 2)
    find(bad, second, "'卫生体系'", "'shares-variant'", "'good-one'", f"line {first}", f"line {second}")


def test_empty_definitions(bad):
    find(bad, line(BAD, 'definition_zh: ""'), "definition_zh", "non-empty")
    find(bad, line(BAD, 'definition_en: "   "'), "definition_en", "non-empty")


def test_missing_required_fields_at_the_entry_line(bad):
    entry = line(BAD, "key: missing-fields")
    for field in ("variants", "abbr", "first_use"):
        find(bad, entry, f"{field}: required field is missing", "'missing-fields'")


def test_bad_forms_and_fields(bad):
    find(bad, line(BAD, 'zh: "全民 健康"'), "zh:", "whitespace")
    variants = line(BAD, "variants: [UHC,")
    find(bad, variants, "item 1", "'UHC'", "no Chinese character")
    find(bad, variants, "'全民健康保障' is listed twice")
    find(bad, line(BAD, 'abbr: ""'), "abbr:", "null")
    first_use = line(BAD, "doc: no-such-doc")
    find(bad, first_use, "'no-such-doc' is not a known document")
    find(bad, first_use, "note must say where")
    find(bad, line(BAD, "colour: blue"), "colour: unknown field")


def test_all_problems_reported_in_one_run(bad):
    # 1 bad key, 1 duplicate, 2 shared forms, 2 empty definitions, 3 missing fields, 7 in bad-forms
    assert len(bad) == 16, "\n".join(map(str, bad))


def test_first_use_doc_not_checked_without_slugs():
    diags = errors(BAD)
    assert not any("not a known document" in d.message for d in diags)


# ── other broken files ──────────────────────────────────────────────────────────

def test_invalid_yaml_names_file_and_line():
    path = FIXTURES / "invalid_yaml.yml"
    (d,) = errors(path)
    assert d.location.path.endswith("fixtures/invalid_yaml.yml")
    assert d.message.startswith("invalid YAML")
    # the unclosed flow sequence opens on line 4; PyYAML reports where it noticed (line 5)
    assert d.location.line in (line(path, "variants: [卫生体系"), line(path, "en: health system"))


def test_top_level_must_be_a_mapping():
    path = FIXTURES / "not_a_mapping.yml"
    (d,) = errors(path)
    assert (d.location.line, d.location.path.endswith("not_a_mapping.yml")) == (1, True)
    assert "must be a mapping" in d.message


def test_missing_file():
    (d,) = errors(FIXTURES / "does_not_exist.yml")
    assert "not found" in d.message and d.location.path.endswith("does_not_exist.yml")


def test_unused_entries_are_validated():
    path = FIXTURES / "bad_unused.yml"
    diags = errors(path)
    find(diags, line(path, "extra: 1"), "unknown top-level field 'extra'")
    find(diags, line(path, "- form: 普遍健康覆盖"), "'no-such-term' names no term")
    find(diags, line(path, "- form: 全民医保"), "'全民医保' is not the zh or a variant of term 'uhc'")
    find(diags, line(path, 'reason: ""'), "reason must be non-empty")
    find(diags, line(path, "- form: 普遍健康覆盖", 2), "already listed at line " + str(line(path, "- form: 普遍健康覆盖")))
    assert len(diags) == 5, "\n".join(map(str, diags))


# ── a valid file ────────────────────────────────────────────────────────────────

SMALL = FIXTURES / "small.yml"


def test_valid_file_loads_into_frozen_terms():
    terms = load_glossary(SMALL, doc_slugs=SLUGS)
    assert [t.key for t in terms] == ["uhc", "phc"]
    uhc = terms[0]
    assert uhc.forms == ("全民健康覆盖", "全民健康保障", "普遍健康覆盖")
    assert uhc.line == line(SMALL, "- key: uhc") and uhc.path.endswith("fixtures/small.yml")
    assert (uhc.first_use.doc, uhc.first_use.note) == ("doc-a", "para 1")
    with pytest.raises(AttributeError):
        uhc.zh = "x"  # frozen


# ── check_usage with synthetic sources ──────────────────────────────────────────

@pytest.fixture()
def small() -> Glossary:
    return read_glossary(SMALL, doc_slugs=SLUGS)


# Like the PDF text layers: blank spacer lines, words broken across lines, spaces around digits.
DOC_A = " 1. 全民健\n\n康覆盖和全民健康 \n\n保障 2030 年\n\n"
DOC_B = "2. 初级卫生保健\n初级保健\n"


def test_usage_ok_across_line_breaks(small):
    check_usage(small, [("doc-a", DOC_A), ("doc-b", DOC_B)])


def usage_errors(glossary, sources):
    with pytest.raises(BuildError) as info:
        check_usage(glossary, sources)
    return info.value.diagnostics


def test_form_missing_from_every_source_is_an_error(small):
    diags = usage_errors(small, [("doc-a", DOC_A.replace("保障", "")), ("doc-b", DOC_B)])
    find(diags, line(SMALL, "- key: uhc"), "variant '全民健康保障'", "'uhc'", "occurs in no source")
    assert len(diags) == 1


def test_form_listed_unused_but_present_is_an_error(small):
    diags = usage_errors(small, [("doc-a", DOC_A + "普遍健康\n覆盖"), ("doc-b", DOC_B)])
    find(diags, line(SMALL, "- form: 普遍健康覆盖"), "listed as unused but occurs in doc-a")
    assert len(diags) == 1


def test_first_use_must_be_first_document_in_reading_order(small):
    diags = usage_errors(small, [("doc-a", DOC_A + "初级保健"), ("doc-b", DOC_B)])
    find(diags, line(SMALL, "- key: phc"), "names 'doc-b'", "is 'doc-a'")
    assert len(diags) == 1
    # the order of the sources given is the reading order
    check_usage(small, [("doc-a", DOC_A), ("doc-b", DOC_B)])
    diags = usage_errors(small, [("doc-b", DOC_B + DOC_A), ("doc-a", DOC_A)])
    find(diags, line(SMALL, "- key: uhc"), "names 'doc-a'", "is 'doc-b'")
