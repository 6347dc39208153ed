"""Generic checks on every parsed document, whatever its engine, from its layout's numbering rules.

1. Every source line that starts with a numbering pattern of the layout opens exactly one numbered block, or
   matches one of the layout's continuation rules (a line starting "17.18 和 17.19 段" that goes on with a
   sentence), or is removed furniture.
2. No footnote contains a line that starts with a numbering pattern: in a PDF report footnotes run to the next
   page break, so a numbered paragraph printed after a footnote on the same page would silently become
   footnote text.
3. Each counted numbering runs 1, 2, 3 (a, b, c) within its parent, with no repeat and no gap the layout or
   the document does not declare.
4. Nothing lost, nothing invented: every non-whitespace character of the source is in the parsed document or in
   its removed furniture, and nothing else is (conservation.model_residue). Checked on every build, so a
   character a layout or an engine drops fails the build of any corpus, not only the tests of corpus/.
5. Every ``split_entries`` rule of the document (an entry once published inside the one before it) matches the
   first line of a mandate entry numbered with a letter (``entry_1a``): a rule that matches nothing is stale.

Every problem is a ``file:line: error:`` naming the source line; all of them are raised at once.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ..clean import read_lines
from ..conservation import model_residue
from ..diagnostics import Collector, at
from ..ids import num_token
from ..load import Source
from ..model import Block, Document
from .common import block_ids
from .layout import Layout, Numbering, Rule

_WS = " \t\u00a0\u3000\r"


def check_invariants(source: Source, document: Document, layout: Layout) -> None:
    """Raise BuildError with every violation of the invariants above."""
    problems = Collector()
    blocks = [block for part in document.parts for block in part.blocks()]
    for line, message in violations(source.text, document, layout, blocks):
        problems.error(at(source.path, line), message)
    for rule in _stale_splits(source.text, layout, blocks):
        problems.error(at(source.meta_path, rule.line),
                       f"split_entries: {rule.pattern.pattern!r} matches the first line of no split mandate entry")
    problems.raise_if_any()


def _stale_splits(text: str, layout: Layout, blocks: list[Block]) -> list[Rule]:
    """The split_entries rules that match the first line of no entry numbered with a letter (invariant 5)."""
    lines = text.split("\n")
    firsts = [lines[numbers[0] - 1].strip() for block in blocks for group in block.groups
              for entry, numbers in zip(group.entries, group.entry_lines)
              if numbers and entry.anchor[-1].isalpha()]
    return [rule for rule in layout.split_entries if not any(rule.pattern.fullmatch(first) for first in firsts)]


def violations(text: str, document: Document, layout: Layout, blocks: list[Block]) -> list[tuple[int, str]]:
    """(source line, message) of every violation, in source order."""
    found = _numbered_lines(text, document, layout, blocks) + _numbering_runs(layout, blocks) + _residue(document)
    return sorted(found)


def _residue(document: Document) -> list[tuple[int, str]]:
    """The conservation check: (source line, message) for characters lost and for characters invented."""
    missing, extra = model_residue(document)
    out = []
    if missing:
        out.append((_first_line_with(document.source_text, missing),
                    f"{sum(missing.values())} source character(s) are neither in the parsed document nor listed as "
                    f"removed furniture: {_sample(missing)} (this line holds the first of them); a layout or engine "
                    f"drops text"))
    if extra:
        out.append((1, f"the parsed document has {sum(extra.values())} character(s) the source does not: "
                       f"{_sample(extra)}; a layout or engine invents text"))
    return out


def _first_line_with(text: str, characters: Counter) -> int:
    """The first source line holding one of ``characters`` (the multiset says what, not where: this is a hint)."""
    return next((n for n, line in enumerate(read_lines(text), start=1) if any(ch in characters for ch in line)), 1)


def _sample(characters: Counter, most: int = 20) -> str:
    return repr("".join(sorted(characters.elements()))[:most])


def numbering_of(layout: Layout, text: str) -> Numbering | None:
    """The first numbering level whose pattern opens ``text``."""
    return next((level for level in layout.numbering if level.pattern.match(text)), None)


def continuations(text: str, layout: Layout) -> list[tuple[int, str]]:
    """(source line, reason) of every line that opens with a numbering but is a continuation by the layout's rules."""
    out = []
    for number, raw in enumerate(read_lines(text), start=1):
        line = raw.strip(_WS)
        rule = next((r for r in layout.continuations if r.pattern.match(line)), None)
        if rule is not None and numbering_of(layout, line) is not None:
            out.append((number, rule.reason))
    return out


def _numbered_lines(text: str, document: Document, layout: Layout, blocks: list[Block]) -> list[tuple[int, str]]:
    removed = {r.line for r in document.removed}
    opened = Counter(block.lines[0] for block in blocks if block.unit.num is not None)
    footnote_of = {number: block for block in blocks if block.kind == "footnote"
                   for number in range(block.lines[0] + 1, block.lines[1] + 1)}
    out = []
    for number, raw in enumerate(read_lines(text), start=1):
        line = raw.strip(_WS)
        level = numbering_of(layout, line) if line and number not in removed else None
        if level is None or any(rule.pattern.match(line) for rule in layout.continuations):
            continue
        if number in footnote_of:
            out.append((number, f"a line opening with the {level.name} numbering ({line[:30]!r}) is inside footnote "
                                f"{footnote_of[number].anchor}; footnotes run to the next page break (a line "
                                f"starting with a space), so text printed after a footnote on its page is lost in it"))
        elif opened[number] != 1:
            how = "opens no numbered block" if not opened[number] else f"opens {opened[number]} numbered blocks"
            out.append((number, f"a line opening with the {level.name} numbering ({line[:30]!r}) {how}; if it "
                                f"continues a sentence, add a continuation rule with its reason to the layout"))
    return out


def _value(token: str) -> int | None:
    """1 → 1, a → 1, 2-26 → 26 (the last part counts); None when the token is not a counted number."""
    last = token.rsplit("-", 1)[-1]
    if last.isdigit():
        return int(last)
    return ord(last) - ord("a") + 1 if len(last) == 1 and "a" <= last <= "z" else None


def numbering_runs(layout: Layout, blocks: Iterable[Block]) -> dict[tuple[str, str, str], list[tuple[int, str, int]]]:
    """(level, parent anchor, number prefix) → [(value, printed number, first line)] in source order.

    Only counted levels; ``2.26`` is counted within its prefix ``2`` (a programme's paragraphs).
    """
    runs: dict[tuple[str, str, str], list[tuple[int, str, int]]] = {}
    for block in blocks:
        level = _level_for(layout, block)
        if block.unit.num is None or level is None or level.sequence != "counted":
            continue
        parent, _, last = block.anchor.rpartition("__")
        token = last.partition("_")[2]
        value = _value(token)
        if value is not None:
            runs.setdefault((level.name, parent, token.rpartition("-")[0]), []).append(
                (value, block.unit.num, block.lines[0]))
    return runs


def _level_for(layout: Layout, block: Block) -> Numbering | None:
    """The numbering level a block belongs to: same anchor type, same kind of block."""
    type_ = block.anchor.rpartition("__")[2].partition("_")[0]
    return next((level for level in layout.numbering if level.type == type_ and level.block == block.kind), None)


def _numbering_runs(layout: Layout, blocks: list[Block]) -> list[tuple[int, str]]:
    out = []
    for (name, parent, _prefix), run in numbering_runs(layout, blocks).items():
        declared = {_value(num_token(gap.number)) for gap in layout.gaps
                    if gap.numbering == name and gap.within in ("", parent)}
        previous, previous_num = 0, None
        for value, num, line in run:
            where = f" in {parent}" if parent else ""
            if value <= previous:
                out.append((line, f"{name} {num} repeats or goes back after {previous_num}{where}"))
            missing = [v for v in range(previous + 1, value) if v not in declared]
            if missing:
                after = f"after {previous_num}" if previous_num else "at the start"
                out.append((line, f"{name} numbering skips {len(missing)} number(s) {after}{where} (next printed: "
                                  f"{num}); if the source really skips it, declare the gap in the document's "
                                  f"layout_rules with the reason"))
            previous, previous_num = value, num
    return out


def anchor_summary(document: Document) -> str:
    """One line per document: its anchors by type, ``slug: 163 anchors (para 49, hdg 14, point 12, …)``."""
    types = Counter(anchor.rpartition("__")[2].partition("_")[0]
                    for part in document.parts for block in part.blocks() for anchor in block_ids(block))
    listed = ", ".join(f"{name} {count}" for name, count in sorted(types.items(), key=lambda kv: (-kv[1], kv[0])))
    return f"{document.meta.slug}: {sum(types.values())} anchors ({listed})"
