"""Layout files (build_scripts/parse/layout.py): every built-in one is valid, bad rules are named at their line,
a corpus may bring its own layouts, and a document may add rules to its layout."""
from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from build_scripts.diagnostics import BuildError
from build_scripts.load import load_corpus
from build_scripts.parse import layout_names, layout_of, parse
from build_scripts.parse.layout import BUILT_IN, check_layout_file, layout_files, load_layout

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini"


@pytest.mark.parametrize("path", sorted(BUILT_IN.glob("*.yml")), ids=lambda p: p.stem)
def test_every_built_in_layout_is_valid_and_used_or_usable(path):
    assert check_layout_file(path) == []
    layout = load_layout(path)
    assert layout.numbering, "a layout without numbering gives the invariants nothing to check"


def test_bad_rules_are_all_reported_at_their_lines(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("\n".join([
        "engine: pdf_report",                                                     # 1
        "colour: blue",                                                           # 2 unknown rule
        "footnotes:",                                                             # 3
        "  start: '(\\d+'",                                                       # 4 bad regex
        "  anchor: document",                                                     # 5
        "numbering:",                                                             # 6
        "  - {name: chapter, pattern: '[一二三]\\.', block: heading, type: chp}",  # 7 no group
        "  - {name: section, pattern: '([A-Z])\\.', block: heading, type: sect, parent: chapter}",  # 8 bad type
        "  - {name: item, pattern: '\\(([a-z])\\)', block: item, type: point, parent: paragraph}",  # 9 bad parent
        "front_matter: {parent: preface}",                                        # 10
        "headings:",                                                              # 11
        "  within: [{numbering: part, level: 1}]",                                # 12 unknown level
        "gaps: [{numbering: paragraph, number: 3, reason: x}]",                   # 13 unknown level
        "",
    ]), encoding="utf-8")
    problems = check_layout_file(bad)
    lines = sorted(int(p.split(":")[1]) for p in problems)
    assert lines == [2, 4, 7, 8, 9, 12, 13]
    assert all(": error: " in p and p.split(":")[0].endswith("bad.yml") for p in problems)


def test_bad_blank_lines_rules_are_all_reported_at_their_lines(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("\n".join([
        "engine: pdf_report",                                                     # 1
        "blocks: blank_lines",                                                    # 2
        "numbering:",                                                             # 3
        "  - {name: area, pattern: 'A(\\d+)', block: heading, type: area, within_region: true}",  # 4
        "  - {name: bullet, pattern: '•', block: bullet, type: action, parent: area}",  # 5 no group, counted
        "regions:",                                                               # 6
        "  - {name: cover, anchor: cover, numbered: true, split: '(#', colour: red}",  # 7 bad regex, unknown key
        "relocate:",                                                              # 8
        "  - {label: M, block: milestone, anchor: milestone, to: part, reason: x}",  # 9 unknown level
        "footnotes: {start: '(\\d) ', marker: '\\d'}",                        # 10 marker without {label}
        "",
    ]), encoding="utf-8")
    problems = check_layout_file(bad)
    assert sorted(int(p.split(":")[1]) for p in problems) == [5, 7, 7, 9, 10]
    assert all(": error: " in p and p.split(":")[0].endswith("bad.yml") for p in problems)


def test_bad_sentence_end_rules_are_all_reported_at_their_lines(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("\n".join([
        "engine: pdf_report",                                                     # 1
        "blocks: sentence_end",                                                   # 2
        "numbering:",                                                             # 3
        "  - {name: s, pattern: '(\\d+) ', block: heading, type: sec, depth: 1}",  # 4 depth not text
        "paragraphs: {end: '(。', parent: intro}",                                # 5 bad regex
        "parts:",                                                                 # 6
        "  - {pattern: '【摘要】', anchor: summary}",                              # 7 no label group
        "tables:",                                                                # 8
        "  caption: '表(\\d+)'",                                               # 9 one group only
        "  row: '(\\S+) (\\S+)'",                                            # 10
        "  continued: ['续表']",                                                  # 11 no table-number group
        "",
    ]), encoding="utf-8")
    problems = check_layout_file(bad)
    assert sorted(int(p.split(":")[1]) for p in problems) == [4, 5, 7, 9, 11]
    assert all(": error: " in p and p.split(":")[0].endswith("bad.yml") for p in problems)
    bad.write_text("engine: pdf_report\nblocks: sentence_end\nnumbering: []\n", encoding="utf-8")
    assert any(":1: error: " in p and "needs 'paragraphs'" in p for p in check_layout_file(bad))


def test_blank_lines_layout_needs_its_regions_and_a_numbered_one(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("engine: pdf_report\nblocks: blank_lines\n"
                   "numbering: [{name: area, pattern: 'A(\\d+)', block: heading, type: area, within_region: true}]\n",
                   encoding="utf-8")
    assert any("needs 'regions'" in p for p in check_layout_file(bad))
    bad.write_text(bad.read_text(encoding="utf-8").replace("blank_lines", "paragraphs"), encoding="utf-8")
    assert any(":2: error: blocks: must be one of" in p for p in check_layout_file(bad))
    bad.write_text(bad.read_text(encoding="utf-8").replace("paragraphs", "blank_lines"), encoding="utf-8")
    bad.write_text(bad.read_text(encoding="utf-8") + "regions: [{name: cover, anchor: cover}]\n", encoding="utf-8")
    assert [p.split(": error: ")[1] for p in check_layout_file(bad)] == [
        "regions: a numbering level is within_region but no region is numbered"]


def test_a_missing_engine_section_and_an_unknown_engine_are_reported(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("engine: ocr\nnumbering: []\n", encoding="utf-8")
    problems = check_layout_file(bad)
    assert any(":1: error: engine: must be one of" in p for p in problems)
    assert any("needs 'footnotes'" in p for p in problems)


def _temp_corpus(tmp_path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(MINI, corpus)
    return corpus


def test_a_corpus_brings_its_own_layout(tmp_path):
    """A layout written as data in the corpus's layouts/ folder reads a document like the built-in one it copies."""
    corpus = _temp_corpus(tmp_path)
    meta = next((corpus / "documents").glob("*.yml"))
    builtin = load_corpus(corpus, layout_names(corpus)).sources[0].meta.layout
    (corpus / "layouts").mkdir()
    shutil.copyfile(layout_files(None)[builtin], corpus / "layouts" / "my-layout.yml")
    before = parse(load_corpus(corpus, layout_names(corpus)).sources[0])
    meta.write_text(meta.read_text(encoding="utf-8").replace(f"layout: {builtin}", "layout: my-layout"),
                    encoding="utf-8")
    source = load_corpus(corpus, layout_names(corpus)).sources[0]
    assert layout_of(source).name == "my-layout"
    after = parse(source)
    assert dataclasses.replace(after, meta=before.meta) == before


def test_an_unknown_layout_is_a_load_error(tmp_path):
    corpus = _temp_corpus(tmp_path)
    meta = next((corpus / "documents").glob("*.yml"))
    text = meta.read_text(encoding="utf-8")
    meta.write_text("\n".join("layout: nonesuch" if line.startswith("layout:") else line
                              for line in text.split("\n")), encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        load_corpus(corpus, layout_names(corpus))
    written = meta.read_text(encoding="utf-8").split("\n")
    line = next(n for n, text in enumerate(written, start=1) if text.startswith("layout:"))
    assert [str(d) for d in caught.value.diagnostics] == [
        f"{caught.value.diagnostics[0].location.path}:{line}: error: layout: unknown layout 'nonesuch' "
        f"(known: {', '.join(sorted(layout_names(corpus)))})"]


def test_a_document_adds_rules_and_bad_ones_are_named_in_its_metadata(tmp_path):
    corpus = _temp_corpus(tmp_path)
    meta = next((corpus / "documents").glob("*.yml"))
    meta.write_text(meta.read_text(encoding="utf-8") + "\n".join([
        "layout_rules:",
        "  continuations:",
        "    - {pattern: '\\d+\\. 和', reason: a cross-reference at a line start}",
        "  gaps:",
        "    - {numbering: chapters, number: 2, reason: x}",
        "  colour: blue",
        "",
    ]), encoding="utf-8")
    written = meta.read_text(encoding="utf-8").split("\n")
    colour, chapters = (next(n for n, line in enumerate(written, start=1) if key in line)
                        for key in ("colour:", "chapters"))
    source = load_corpus(corpus, layout_names(corpus)).sources[0]
    with pytest.raises(BuildError) as caught:
        parse(source)
    got = sorted((d.location.line, d.message.split(":")[0]) for d in caught.value.diagnostics)
    assert got == sorted([(colour, "layout_rules"), (chapters, "numbering")])
    assert all(d.location.path.endswith(meta.name) for d in caught.value.diagnostics)


def test_every_furniture_rule_a_document_adds_removes_lines_of_its_source():
    """Rules in a document's metadata are not decoration: each one removes lines, listed with its reason."""
    corpus = load_corpus(ROOT / "corpus", layout_names(ROOT / "corpus"))
    with_rules = [s for s in corpus.sources if (s.meta.layout_rules or {}).get("furniture")]
    assert with_rules
    for source in with_rules:
        removed = parse(source).removed
        own = layout_of(source).furniture[-len(source.meta.layout_rules["furniture"]):]
        for rule in own:
            assert any(rule.pattern.fullmatch(r.text) and r.reason == rule.reason for r in removed), rule
