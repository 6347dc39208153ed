"""Precision and recall of the extractor on a hand-labelled sample (gold_mentions.yml), drawn
from every source and labelled by reading the text. Run with -s to see the figures."""
from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import yaml

from build_scripts.extract import Mention, fold
from build_scripts.model import Document, Unit

GOLD = yaml.safe_load((Path(__file__).parent / "gold_mentions.yml").read_text(encoding="utf-8"))["items"]
THRESHOLD = 0.97


def _units(document: Document) -> list[tuple[str, Unit, bool]]:
    """(part slug, unit, is a mandate entry) for every unit of a document, in reading order."""
    out = []
    for part in document.parts:
        for block in part.blocks():
            entries = {id(e) for g in block.groups for e in g.entries}
            out += [(part.slug, unit, id(unit) in entries) for unit in block.units()]
    return out


def locate(item: dict, document: Document) -> tuple[str, Unit, int, int] | None:
    """The (part, unit, start, end) an item points at: its excerpt's span in the unit text (compared
    after folding NFKC, dashes and whitespace), or for a mandate entry the first entry with that num."""
    key = fold(item["text"], names=True).text
    for part, unit, is_entry in _units(document):
        if "num" in item:
            if is_entry and unit.num == item["num"] and key in fold(unit.text, names=True).text:
                return part, unit, 0, 0
            continue
        folded = fold(unit.text, names=True)
        at = folded.text.find(key)
        if at >= 0:
            return (part, unit, *folded.span(at, at + len(key)))
    return None


def _found(item: dict, where: tuple[str, Unit, int, int], by_unit: dict) -> Counter:
    part, unit, start, end = where
    mentions: list[Mention] = by_unit[(item["doc"], part, unit.anchor)]
    if "num" in item:
        return Counter((m.kind, m.entity) for m in mentions if m.in_num)
    return Counter((m.kind, m.entity) for m in mentions if not m.in_num and start <= m.start and m.end <= end)


def test_gold_sample_is_large_and_covers_every_source(parsed):
    assert sum(len(i["expect"]) for i in GOLD) >= 100
    assert {i["doc"] for i in GOLD} == set(parsed) or len(parsed) < 5


def test_precision_and_recall(parsed, mentions):
    by_unit: dict = defaultdict(list)
    for m in mentions:
        by_unit[(m.doc, m.part, m.anchor)].append(m)
    tp = fp = fn = 0
    per_doc: dict[str, Counter] = defaultdict(Counter)
    misses = []
    for item in GOLD:
        if item["doc"] not in parsed:
            continue
        where = locate(item, parsed[item["doc"]])
        assert where is not None, f"gold excerpt not found in {item['doc']}: {item.get('num', '')} {item['text']}"
        expected = Counter((kind, str(entity)) for kind, entity in item["expect"])
        found = _found(item, where, by_unit)
        hit = sum((expected & found).values())
        tp, fp, fn = tp + hit, fp + sum(found.values()) - hit, fn + sum(expected.values()) - hit
        per_doc[item["doc"]].update(gold=sum(expected.values()), found=sum(found.values()), correct=hit)
        if expected != found:
            misses.append((item["doc"], item.get("num") or item["text"][:30], dict(expected - found), dict(found - expected)))
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"\ngold sample: {tp + fn} mentions in {len(GOLD)} excerpts; found {tp + fp}, correct {tp}")
    for doc, c in sorted(per_doc.items()):
        print(f"  {doc:32} gold {c['gold']:4}  found {c['found']:4}  correct {c['correct']:4}")
    print(f"precision {precision:.3f}  recall {recall:.3f}")
    for miss in misses:
        print("  differs:", miss)
    assert precision >= THRESHOLD and recall >= THRESHOLD
