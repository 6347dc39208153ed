"""The generic parse invariants (build_scripts/parse/invariants.py), on every corpus document and on a mis-parse."""
from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from build_scripts.diagnostics import BuildError
from build_scripts.load import load_corpus
from build_scripts.parse import layout_names, layout_of, parse, parse_unchecked
from build_scripts.parse.common import block_ids
from build_scripts.parse.invariants import anchor_summary, check_invariants, numbering_of, violations

ROOT = Path(__file__).resolve().parents[2]
MISPARSE = ROOT / "tests" / "fixtures" / "misparse"
SG_NOTE_EXCERPT = ROOT / "tests" / "fixtures" / "excerpts" / "sg_note" / "footnote_l249-275.txt"

CORPUS = load_corpus(ROOT / "corpus", layout_names(ROOT / "corpus"))
SOURCES = {source.meta.slug: source for source in CORPUS.sources}


def _blocks(document):
    return [block for part in document.parts for block in part.blocks()]


@pytest.mark.parametrize("slug", sorted(SOURCES))
def test_every_document_keeps_the_invariants(slug):
    source = SOURCES[slug]
    document = parse_unchecked(source, layout_of(source))
    assert violations(source.text, document, layout_of(source), _blocks(document)) == []


@pytest.mark.parametrize("slug", sorted(SOURCES))
def test_every_numbering_line_opens_its_block(slug):
    """The positive side of invariant 1, checked directly: each numbering line is the first line of a numbered block."""
    source = SOURCES[slug]
    layout = layout_of(source)
    document = parse_unchecked(source, layout)
    openers = {block.lines[0] for block in _blocks(document) if block.unit.num is not None}
    removed = {r.line for r in document.removed}
    numbered = [n for n, raw in enumerate(source.text.split("\n"), start=1)
                if n not in removed and numbering_of(layout, raw.strip(" \t\u00a0\u3000\r"))
                and not any(rule.pattern.match(raw.strip(" \t\u00a0\u3000\r")) for rule in layout.continuations)]
    assert numbered, "a layout's numbering matches no line of its own source"
    assert set(numbered) <= openers


@pytest.mark.parametrize("slug", sorted(s for s in SOURCES if layout_of(SOURCES[s]).continuations))
def test_each_continuation_rule_is_needed_and_explains_only_its_lines(slug):
    """Without its continuation rules a layout reports exactly the lines those rules explain."""
    source = SOURCES[slug]
    layout = layout_of(source)
    document = parse_unchecked(source, layout)
    found = violations(source.text, document, replace(layout, continuations=()), _blocks(document))
    lines = source.text.split("\n")
    assert found
    for number, message in found:
        text = lines[number - 1].strip()
        assert "opens no numbered block" in message
        assert any(rule.pattern.match(text) for rule in layout.continuations), text


@pytest.mark.parametrize("slug", sorted(s for s in SOURCES if layout_of(SOURCES[s]).gaps))
def test_each_declared_gap_is_needed(slug):
    """Without its declared gaps the document fails, naming the first block after each gap."""
    source = SOURCES[slug]
    layout = layout_of(source)
    document = parse_unchecked(source, layout)
    found = violations(source.text, document, replace(layout, gaps=()), _blocks(document))
    assert len(found) == len(layout.gaps)
    assert all("skips 1 number(s)" in message for _, message in found)


def test_a_footnote_swallowing_headings_and_paragraphs_fails_the_build_naming_the_lines(tmp_path):
    """Issue 12's mis-parse: after a footnote, a lost page break turned a heading and a paragraph into footnote text."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous site", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "build_scripts", "build", "--corpus", str(MISPARSE),
                             "--site", str(site), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    source = (MISPARSE / "sources" / "footnote-swallows-text.txt").read_text(encoding="utf-8").split("\n")
    swallowed = [n for n, line in enumerate(source, start=1) if line.startswith(("A. ", "20. "))]
    errors = [line for line in result.stderr.splitlines() if "inside footnote fn_1" in line]
    assert [int(line.split(":")[1]) for line in errors] == swallowed
    assert all(line.startswith("tests/fixtures/misparse/sources/footnote-swallows-text.txt:") for line in errors)
    assert (site / "index.html").read_text(encoding="utf-8") == "previous site"


def test_the_same_text_with_its_page_break_has_no_footnote_problem():
    """The control: the excerpt as printed (page break kept) parses with the footnote holding only its note."""
    meta_path = MISPARSE / "documents" / "footnote-swallows-text.yml"
    corpus = load_corpus(MISPARSE, layout_names(MISPARSE))
    source = replace(corpus.sources[0], text=SG_NOTE_EXCERPT.read_text(encoding="utf-8"), path=SG_NOTE_EXCERPT,
                     meta_path=meta_path)
    document = parse_unchecked(source, layout_of(source))
    assert not [m for _, m in violations(source.text, document, layout_of(source), _blocks(document))
                if "footnote" in m]
    footnote = next(b for b in _blocks(document) if b.kind == "footnote")
    assert footnote.lines[0] == footnote.lines[1]


def test_a_number_out_of_sequence_is_reported_at_its_line_and_at_the_next():
    """A misprinted (or mis-extracted) paragraph number: the gap it leaves and the step back after it are named."""
    source = SOURCES[next(s for s in SOURCES if layout_of(SOURCES[s]).engine == "pdf_report")]
    layout = layout_of(source)
    numbered = [b for b in _blocks(parse_unchecked(source, layout)) if b.kind == "paragraph" and b.unit.num]
    second, third = numbered[1], numbered[2]
    unused = str(10 * len(numbered))
    lines = source.text.split("\n")
    lines[second.lines[0] - 1] = lines[second.lines[0] - 1].replace(second.unit.num.rstrip("."), unused, 1)
    changed = replace(source, text="\n".join(lines))
    with pytest.raises(BuildError) as caught:
        check_invariants(changed, parse_unchecked(changed, layout), layout)
    got = [(d.location.line, d.message.split(" (")[0]) for d in caught.value.diagnostics]
    assert (second.lines[0], "paragraph numbering skips") in [(n, m[:len("paragraph numbering skips")]) for n, m in got]
    assert any(n == third.lines[0] and "goes back" in m for n, m in got)


@pytest.mark.parametrize("slug", sorted(SOURCES))
def test_the_summary_counts_every_anchor(slug):
    document = parse(SOURCES[slug])
    total = sum(len(block_ids(b)) for b in _blocks(document))
    summary = anchor_summary(document)
    assert summary.startswith(f"{slug}: {total} anchors (")
    counted = sum(int(item.rsplit(" ", 1)[1]) for item in summary.split(" (", 1)[1].rstrip(")").split(", "))
    assert counted == total


def test_the_build_prints_one_summary_line_per_document(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", corpus)
    result = subprocess.run([sys.executable, "-m", "build_scripts", "build", "--corpus", str(corpus),
                             "--site", str(tmp_path / "site"), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    slugs = [p.stem for p in (corpus / "documents").glob("*.yml")]
    summaries = [line for line in result.stdout.splitlines() if " anchors (" in line]
    assert sorted(line.split(":")[0] for line in summaries) == sorted(slugs)


# -- invariant 4: conservation, on every build of any corpus ---------------------------------------------------

GOLDEN = ROOT / "tests" / "fixtures" / "golden"


def forgetful(engine, change):
    """An engine that returns its document with ``change`` applied to the removed-furniture list."""
    def parse_forgetting(source, layout):
        document = engine(source, layout)
        return replace(document, removed=change(document.removed))
    return parse_forgetting


def parsed_with(monkeypatch, change) -> list[str]:
    """The errors of parsing the golden fixture corpus with every engine changed by ``change``."""
    from build_scripts import parse as parse_module
    from build_scripts.pipeline import parse_all
    for name, engine in list(parse_module.ENGINES.items()):
        monkeypatch.setitem(parse_module.ENGINES, name, forgetful(engine, change))
    with pytest.raises(BuildError) as failed:
        parse_all(load_corpus(GOLDEN, layout_names(GOLDEN)))
    return [str(d) for d in failed.value.diagnostics]


def furniture_of_the_fixture() -> dict:
    """source path (as printed) -> its last removed-furniture entry, for each fixture document that has one."""
    corpus = load_corpus(GOLDEN, layout_names(GOLDEN))
    out = {}
    for source in corpus.sources:
        removed = parse(source).removed
        if removed:
            out[str(source.path.relative_to(ROOT))] = removed[-1]
    assert out, "the fixture has removed furniture"
    return out


def test_a_character_the_parse_drops_fails_the_build(monkeypatch):
    """Furniture removed but not listed: its characters are on no page and in no list. Every such document
    fails at once, naming its source and the line of the lost text."""
    expected = furniture_of_the_fixture()
    errors = parsed_with(monkeypatch, lambda removed: removed[:-1])
    assert len(errors) == len(expected)
    for path, furniture in expected.items():
        lost = [e for e in errors if e.startswith(f"{path}:")]
        assert len(lost) == 1 and "neither in the parsed document nor listed as removed" in lost[0], (path, errors)
        line = int(lost[0].split(":")[1])
        assert line <= furniture.line, "the line holding the first lost character, never later than the loss"


def test_a_character_the_parse_invents_fails_the_build(monkeypatch):
    expected = furniture_of_the_fixture()
    errors = parsed_with(monkeypatch, lambda removed: removed[:-1] + (replace(removed[-1], text=removed[-1].text + "衍"),)
                         if removed else removed)
    assert sorted(e.split(":")[0] for e in errors) == sorted(expected)
    assert all("the source does not: '衍'" in e for e in errors), errors
