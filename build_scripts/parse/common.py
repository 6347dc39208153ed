"""Helpers the parsers share: grouping blocks into sections, counters for unnumbered blocks, id checks."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ..diagnostics import Collector, at
from ..load import Source
from ..model import Block, Document, Part, Removed, Relocated, Section


def sections(blocks: Iterable[Block]) -> tuple[Section, ...]:
    """Group a flat, ordered list of blocks into sections, each starting at a heading."""
    out: list[Section] = []
    heading: Block | None = None
    body: list[Block] = []
    for block in blocks:
        if block.kind == "heading":
            if heading is not None or body:
                out.append(Section(heading, tuple(body)))
            heading, body = block, []
        else:
            body.append(block)
    if heading is not None or body:
        out.append(Section(heading, tuple(body)))
    return tuple(out)


class UnnumberedCounter:
    """Numbers unnumbered blocks within their numbered parent: the rule that keeps their ids stable.

    The k-th unnumbered heading after ``para_12`` is ``para_12__hdg_k`` wherever else text is inserted,
    because the count restarts at every numbered parent.
    """

    def __init__(self) -> None:
        self._counts: Counter[tuple[str, str]] = Counter()

    def next(self, parent: str, type_: str) -> int:
        self._counts[(parent, type_)] += 1
        return self._counts[(parent, type_)]


def block_ids(block: Block) -> list[str]:
    """Every HTML id a block renders: its own, its rows', its groups' and its units'."""
    ids = [block.anchor] + [row.anchor for row in block.rows] + [group.anchor for group in block.groups]
    return ids + [unit.anchor for unit in block.units() if unit is not block.unit]


def check_unique_ids(source: Source, parts: Iterable[Part], problems: Collector) -> None:
    """Every id must be unique within its page; a duplicate names both source lines."""
    for part in parts:
        first_seen: dict[str, int] = {}
        for block in part.blocks():
            for anchor in block_ids(block):
                if anchor in first_seen:
                    problems.error(at(source.path, block.lines[0]),
                                   f"duplicate id {anchor!r} (first used at line {first_seen[anchor]})")
                else:
                    first_seen[anchor] = block.lines[0]


def document(source: Source, parts: Iterable[Part], removed: Iterable[Removed] = (),
             relocated: Iterable[Relocated] = (), problems: Collector | None = None) -> Document:
    """Assemble a Document after checking ids; raises BuildError with every problem found."""
    problems = problems or Collector()
    parts = tuple(parts)
    check_unique_ids(source, parts, problems)
    problems.raise_if_any()
    return Document(source.meta, parts, tuple(removed), tuple(relocated), source.text)
