"""The blind gold sample (gold_blind.yml) stays a sample of the corpus as parsed, in the registries' ids.

These tests check the labelled file against the parse stage and the registries only; comparing the extractor with
the labels is the precision/recall test's job. A unit whose text or number the parse stage now prints differently,
or an id no registry knows, fails here, naming the item.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from build_scripts.symbols import parse_mandate

from .sample_blind import document_units

ROOT = Path(__file__).resolve().parents[2]
GOLD = Path(__file__).with_name("gold_blind.yml")
UNKNOWN = "?:"  #: prefix of an entity the registries do not have (header of gold_blind.yml)


@pytest.fixture(scope="module")
def items() -> list[dict]:
    return yaml.safe_load(GOLD.read_text(encoding="utf-8"))["items"]


@pytest.fixture(scope="module")
def units(parsed) -> dict:
    return {(u.doc, u.part, u.anchor): u for doc in parsed.values() for u in document_units(doc)}


def _where(item: dict) -> str:
    return f"{item['doc']} {item['part']}#{item['anchor']}"


def test_every_item_is_a_whole_unit_as_parsed(items, units):
    problems = []
    for item in items:
        unit = units.get((item["doc"], item["part"], item["anchor"]))
        if unit is None:
            problems.append(f"{_where(item)}: no such unit")
        elif unit.text != item["text"]:
            problems.append(f"{_where(item)}: text is not the unit's whole text")
        elif "num" in item and not (unit.is_mandate and unit.num == item["num"]):
            problems.append(f"{_where(item)}: num {item['num']!r} is not the mandate entry's printed number")
    assert not problems, "\n".join(problems)


def test_sample_is_large_enough(items):
    assert len({(i["doc"], i["part"], i["anchor"]) for i in items}) >= 60


def _registry_ids() -> dict[str, set[str]]:
    def read(name: str) -> dict:
        return yaml.safe_load((ROOT / "corpus" / name).read_text(encoding="utf-8"))

    programmes = {str(p["number"]) for p in read("programmes.yml")["programmes"]}
    return {
        "actor": {a["id"] for a in read("actors.yml")["actors"]},
        "goal": {str(g["number"]) for g in read("sdgs.yml")["goals"]},
        "programme": programmes,
    }


def _known(kind: str, entity: str, ids: dict[str, set[str]]) -> bool:
    if kind in ("actor", "goal", "programme"):
        return entity in ids[kind]
    if kind == "target":  # the registry lists only the targets the extractor has met; a label may cite others
        goal, _, rest = entity.partition(".")
        return goal in ids["goal"] and re.fullmatch(r"[0-9]+|[a-z]", rest) is not None
    if kind == "subprogramme":
        programme, _, number = entity.partition(".")
        return programme in ids["programme"] and number.isdigit()
    if kind == "resolution":
        try:
            return str(parse_mandate(entity)) == entity
        except ValueError:
            return False
    return kind == "document" and entity.strip() == entity != ""


def test_every_label_is_a_registry_id_or_marked_unknown(items):
    ids = _registry_ids()
    problems = [f"{_where(item)}: [{kind}, {entity}]"
                for item in items for kind, entity in item["expect"]
                if not (entity.startswith(UNKNOWN) and len(entity) > len(UNKNOWN)) and not _known(kind, entity, ids)]
    assert not problems, "not an id of its kind (nor marked ?:):\n" + "\n".join(problems)
