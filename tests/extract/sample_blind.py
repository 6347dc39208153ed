"""Draw the units of the blind gold sample (tests/extract/gold_blind.yml) and print them for labelling.

    python -m tests.extract.sample_blind [--seed N] [--size N]

Reads the parse stage's output only (no mention is extracted): every citable unit with text of every document
in corpus/documents/. At least half of the sample comes from the document with the most units (chosen by count);
the rest is shared evenly by the other documents. Inside each document the draw is stratified so that mandate
entries are drawn in proportion to their share of the document's units, at least one where a document has any
(their number and their title are labelled separately, see the header of gold_blind.yml). Each document has its
own generator, seeded with the seed and its slug, and a larger --size extends a smaller one's draw. Same seed,
same corpus → same sample.
"""
from __future__ import annotations

import argparse
import contextlib
import random
import sys
from dataclasses import dataclass

from ..conftest import parsed_documents

SEED = 20261204  #: the seed gold_blind.yml was drawn with
SIZE = 160  #: units in the whole sample (at least 60 are asked for; more give more mentions of each kind)


@dataclass(frozen=True)
class SampledUnit:
    doc: str  #: document slug
    part: str  #: page slug within the document
    anchor: str
    text: str
    num: str | None  #: printed number (a mandate entry's symbol as printed)
    group: str | None  #: a mandate entry's group heading; None for every other unit

    @property
    def is_mandate(self) -> bool:
        return self.group is not None


def document_units(document) -> list[SampledUnit]:
    """Every unit of a document that has text, in reading order, mandate entries marked by their group."""
    slug = document.meta.slug
    out: list[SampledUnit] = []
    for part in document.parts:
        for block in part.blocks():
            in_groups = {id(entry): group.title for group in block.groups for entry in group.entries}
            for unit in block.units():
                if unit.text.strip():
                    out.append(SampledUnit(slug, part.slug, unit.anchor, unit.text, unit.num, in_groups.get(id(unit))))
    return out


def quotas(sizes: dict[str, int], total: int) -> dict[str, int]:
    """Half of ``total`` (rounded up) from the largest document, the rest shared evenly by the others."""
    largest = max(sorted(sizes), key=lambda slug: sizes[slug])
    others = sorted(slug for slug in sizes if slug != largest)
    share = {largest: total if not others else -(-total // 2)}
    remaining = total - share[largest]
    for i, slug in enumerate(others):
        share[slug] = remaining // len(others) + (1 if i < remaining % len(others) else 0)
    # a document with fewer units than its share gives all it has; the largest takes up the slack
    slack = sum(max(0, share[slug] - sizes[slug]) for slug in others)
    share = {slug: min(n, sizes[slug]) for slug, n in share.items()}
    share[largest] = min(sizes[largest], share[largest] + slack)
    return share


def draw(units: list[SampledUnit], count: int, rng: random.Random) -> list[SampledUnit]:
    """``count`` units, mandate entries and other units in proportion (at least one of each kind present).

    Each kind is shuffled once and its first units are taken, so a larger ``count`` extends a smaller one's draw.
    """
    entries = [u for u in units if u.is_mandate]
    prose = [u for u in units if not u.is_mandate]
    rng.shuffle(entries)
    rng.shuffle(prose)
    n_entries = round(count * len(entries) / len(units)) if units else 0
    if entries and prose and count >= 2:
        n_entries = min(max(n_entries, 1), count - 1)
    n_entries = min(n_entries, len(entries))
    picked = entries[:n_entries] + prose[:count - n_entries]
    order = {id(u): i for i, u in enumerate(units)}
    return sorted(picked, key=lambda u: order[id(u)])


def sample(seed: int = SEED, size: int = SIZE) -> list[SampledUnit]:
    """The drawn units, document by document (slugs sorted), each document's in reading order."""
    with contextlib.redirect_stdout(sys.stderr):  # the parse stage reports its anchor counts; keep stdout the sample
        documents = parsed_documents()
    units = {slug: document_units(doc) for slug, doc in sorted(documents.items())}
    share = quotas({slug: len(found) for slug, found in units.items()}, size)
    # one generator per document: a document's draw does not depend on which other documents the corpus has
    return [u for slug in sorted(units) for u in draw(units[slug], share[slug], random.Random(f"{seed}/{slug}"))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--size", type=int, default=SIZE)
    args = parser.parse_args()
    drawn = sample(args.seed, args.size)
    print(f"# seed {args.seed}: {len(drawn)} units")
    for i, unit in enumerate(drawn, 1):
        where = f"{unit.doc} {unit.part} #{unit.anchor}"
        if unit.is_mandate:
            print(f"\n[{i}] {where}  mandate entry num={unit.num!r} group={unit.group!r}\n{unit.text}")
        else:
            print(f"\n[{i}] {where}  num={unit.num!r}\n{unit.text}")


if __name__ == "__main__":
    main()
