"""The blank_lines and sentence_end vocabulary is data: layouts that name other regions, labels, separators and
columns than the built-in ones read text no corpus source prints, and their mistakes are named at their lines."""
from __future__ import annotations

from dataclasses import replace

import pytest

from build_scripts.diagnostics import BuildError
from build_scripts.parse import parse_unchecked
from build_scripts.parse.layout import load_layout
from .support import real_source

BROCHURE = r"""engine: pdf_report
blocks: blank_lines
numbering:
  - {name: goal, pattern: 'Goal (\d+): ', block: heading, type: sec, level: 2, within_region: true}
  - {name: step, pattern: '-\s*', block: bullet, type: action, parent: goal, requires_parent: true, sequence: none}
regions:
  - {name: front page, anchor: cover, title_first: true, own_line: '@', split: '(@[a-z]+)([A-Z].*)?', ends_at_furniture: true}
  - {name: overview, anchor: summary, numbered: true}
  - {name: plan, anchor: '', label: PLAN, heading_joiner: ' / ', subtitle_repeats: page footer, numbered: true,
     strict: true}
relocate:
  - {label: TARGET, block: milestone, anchor: milestone, to: goal, reason: 'target {k} of goals {run}'}
footnotes: {start: '(\d) (?=\S)', marker: '(?<=[a-z]){label}(?=[.,])', anchor: document}
furniture:
  - {pattern: 'page \d+', reason: page header}
"""

BROCHURE_TEXT = """Title

@tagTagline

page 2

Goal 1: First

    An overview paragraph.

PLAN
 Steps

Goal 1: First

- do one

Goal 2: Second

- do two

TARGET

by 2030 reach it.

TARGET

by 2031 reach that1.

Steps

1 A note.
"""


def _layout(tmp_path, text: str, name: str = "custom.yml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_layout(path)


@pytest.fixture(scope="module")
def source():
    """A corpus source, for its metadata and path only: each test gives it its own text."""
    return real_source("action_agenda")


def test_a_brochure_layout_of_its_own_is_read_by_its_rules(tmp_path, source):
    document = parse_unchecked(replace(source, text=BROCHURE_TEXT), _layout(tmp_path, BROCHURE))
    blocks = {b.anchor: b for b in document.parts[0].blocks()}
    assert [b.anchor for b in document.parts[0].blocks()] == [
        "cover__hdg_1", "cover__para_1", "cover__para_2", "summary__sec_1", "summary__sec_1__para_1", "hdg_1",
        "sec_1", "sec_1__action_1", "sec_1__milestone", "sec_2", "sec_2__action_1", "sec_2__milestone", "fn_1"]
    assert [blocks[a].unit.text for a in ("cover__para_1", "cover__para_2", "hdg_1")] == ["@tag", "Tagline",
                                                                                         "PLAN / Steps"]
    assert [(r.reason, r.text) for r in document.removed] == [("page header", "page 2"), ("page footer", "Steps")]
    assert [(r.target, r.reason) for r in document.relocated] == [
        ("sec_1__milestone", "target 1 of goals 1-2"), ("sec_2__milestone", "target 2 of goals 1-2")]
    (ref,) = blocks["sec_2__milestone"].unit.footnote_refs
    assert ref.target == "fn_1" and blocks["sec_2__milestone"].unit.text[ref.offset] == "1"


def test_a_strict_region_names_itself_and_the_line(tmp_path, source):
    text = "Title\n\npage 2\n\nPLAN\n Steps\n\nstray words\n"
    with pytest.raises(BuildError, match=r":8: error: unexpected block in the plan: 'stray words'"):
        parse_unchecked(replace(source, text=text), _layout(tmp_path, BROCHURE))


ARTICLE = r"""engine: pdf_report
blocks: sentence_end
paragraphs: {end: '\.$', parent: body}
parts:
  - {pattern: '(\[Summary\])\s*', anchor: summary}
  - {pattern: '(\[Abstract\])\s*', anchor: abstract, ends_at_wide_text: true}
numbering:
  - {name: chapter, pattern: '(\d+(?:-\d+)*)\s{2,}(?=\S)', block: heading, type: sec, level: 1, depth: '-',
     run_in: '|', run_in_depth: 2}
tables:
  caption: '(Tab\.\s*(\d+))\s+(?=\S)'
  row: '(\w+) (\S.*)'
"""

ARTICLE_TEXT = """[Summary] A short summary.

[Abstract] An abstract.

正文。

1  Start

First paragraph.

1-1  Sub|Its text.

Tab. 3  Caption

\u00a0

Key Value

a first value.

b second value.

\u00a0

1-3  Skips|x.
"""


def test_an_article_layout_of_its_own_is_read_by_its_rules(tmp_path, source):
    layout = _layout(tmp_path, ARTICLE)
    line = ARTICLE_TEXT.split("\n").index("1-3  Skips|x.") + 1
    with pytest.raises(BuildError, match=rf":{line}: error: chapter 1-3 does not follow chapter 1-1"):
        parse_unchecked(replace(source, text=ARTICLE_TEXT), layout)
    text = ARTICLE_TEXT.replace("1-3  Skips|x.", "2  En|ds\n\nLast words.")  # not run in at depth 1
    document = parse_unchecked(replace(source, text=text), layout)
    blocks = {b.anchor: b for b in document.parts[0].blocks()}
    assert list(blocks) == ["summary", "summary__para_1", "abstract", "abstract__para_1", "body__para_1", "sec_1", "sec_1__para_1", "sec_1-1",
                            "sec_1-1__para_1", "table_3", "sec_2", "sec_2__para_1"]
    assert (blocks["sec_1-1"].unit.text, blocks["sec_1-1"].level, blocks["sec_1-1__para_1"].unit.text) == (
        "Sub", 2, "Its text.")
    assert (blocks["sec_2"].unit.text, blocks["sec_2__para_1"].unit.text) == ("Ends", "Last words.")
    table = blocks["table_3"]
    assert (table.unit.num, table.unit.text, table.header) == ("Tab. 3", "Caption", ("Key", "Value"))
    assert [[u.text for column in row.columns for u in column] for row in table.rows] == [
        ["a", "first value."], ["b", "second value."]]
