"""Conservation accounting: every non-whitespace source character is rendered or listed as removed.

``model_residue`` compares a parsed Document with its source at the model level (on every build: invariant 4
of parse/invariants.py); tests/test_conservation.py checks the same against the built HTML.
"""
from __future__ import annotations

from collections import Counter

from .model import Block, Document


def _visible(text: str) -> Counter[str]:
    counts = Counter(text)  # counted in C, then the few whitespace keys dropped: this runs on every build
    for ch in [ch for ch in counts if ch.isspace()]:
        del counts[ch]
    return counts


def block_strings(block: Block) -> list[str]:
    """Every string of source text a block carries (numbers, text, headers, groups, links)."""
    out: list[str] = list(block.header)
    for unit in block.units():
        out += [unit.num or "", unit.text]
    if block.kind in ("table", "mandates") and block.unit not in block.units():
        out += [block.unit.num or "", block.unit.text]
    out += [group.title for group in block.groups]
    out += [link.url for link in block.links]
    return out


def model_residue(document: Document) -> tuple[Counter[str], Counter[str]]:
    """(missing, extra): characters of the source the model lost, and characters it invented."""
    source = _visible(document.source_text)
    texts = [text for part in document.parts for block in part.blocks() for text in block_strings(block)]
    model = _visible("".join(texts + [removed.text for removed in document.removed]))
    return source - model, model - source
