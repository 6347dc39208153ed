"""Conservation accounting: every non-whitespace source character is rendered or listed as removed.

``model_residue`` compares a parsed Document with its source at the model level (used by the parser
tests); tests/test_conservation.py checks the same against the built HTML.
"""
from __future__ import annotations

from collections import Counter

from .model import Block, Document


def _visible(text: str) -> Counter[str]:
    return Counter(ch for ch in text if not ch.isspace())


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
    model: Counter[str] = Counter()
    for part in document.parts:
        for block in part.blocks():
            for text in block_strings(block):
                model += _visible(text)
    for removed in document.removed:
        model += _visible(removed.text)
    return source - model, model - source
