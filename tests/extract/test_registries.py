"""Registry validation: the real registries load; broken ones report every problem with file:line."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from build_scripts.diagnostics import BuildError
from build_scripts.registries import load_registries

from ..conftest import document_slugs

ROOT = Path(__file__).resolve().parents[2]


def test_real_registries(registries):
    assert len(registries.actors) >= 135
    assert len(registries.goals) == 17
    assert [p.number for p in registries.programmes] == list(range(1, 29))
    assert {t.id for t in registries.targets} >= {"3.5", "3.8", "3.c"}
    assert registries.programme_document in document_slugs()
    reference = {a.id for a in registries.actors if a.origin == "reference"}
    assert len(reference) == 135  # every entry of the reference list of organisations kept (origin: reference)


def _corpus(tmp_path: Path, actors: str | None = None, sdgs: str | None = None, programmes: str | None = None) -> Path:
    """A corpus folder with the real registries, one of them replaced."""
    for name, text in (("actors.yml", actors), ("sdgs.yml", sdgs), ("programmes.yml", programmes)):
        target = tmp_path / name
        if text is None:
            shutil.copy(ROOT / "corpus" / name, target)
        else:
            target.write_text(text, encoding="utf-8")
    return tmp_path


def _errors(root: Path) -> list[str]:
    with pytest.raises(BuildError) as info:
        load_registries(root)
    return [str(d) for d in info.value.diagnostics]


BAD_ACTORS = """\
actors:
  - {id: who, zh: 世界卫生组织, aliases: [世卫组织], en: World Health Organization, abbr: WHO, kind: agency, origin: reference, occurs: true}
  - {id: Bad-Id, zh: 某组织, aliases: [], en: Some body, abbr: null, kind: x, origin: added, occurs: true}
  - {id: who, zh: 世界卫生组织二, aliases: [], en: Duplicate, abbr: null, kind: x, origin: added, occurs: true}
  - {id: unicef, zh: 联合国儿童基金会, aliases: [世卫组织], en: UNICEF, abbr: null, kind: x, origin: added, occurs: true}
  - {id: nozh, aliases: [], en: No Chinese name, abbr: null, kind: x, origin: added, occurs: maybe, colour: red}
  - {id: apt, zh: 中日韩 – 东盟（10 + 3）, aliases: [中日韩—东盟(10+3)], en: APT, abbr: null, kind: x, origin: reference, occurs: true, unused: [其他]}
not_actors:
  - {name: 世卫组织, reason: clash}
"""
#: an English name's basis in a form the loader does not know (a name the sources do not print is not "printed")
BAD_EN_BASIS = """\
actors:
  - {id: x, zh: 某委员会, aliases: [], en: Some Committee, abbr: null, kind: x, origin: added, occurs: true, en_basis: printed 3}
  - {id: y, zh: 某组织, aliases: [], en: Some Organization, abbr: null, kind: x, origin: added, occurs: true, en_basis: "inferred: official name"}
"""


def test_actor_problems_all_reported_with_lines(tmp_path):
    errors = _errors(_corpus(tmp_path, actors=BAD_ACTORS))
    path = r".*actors\.yml"
    expected = [
        (3, "actor 'Bad-Id': id: 'Bad-Id' is not a valid id"),
        (4, "actor 'who': duplicate id (first used at line 2)"),
        (5, "actor 'unicef': name '世卫组织' is already claimed by actor 'who' (line 2)"),
        (6, "actor 'nozh': zh: required text field is missing or empty"),
        (6, "actor 'nozh': occurs: must be true or false"),
        (6, "actor 'nozh': colour: unknown field"),
        (7, "actor 'apt': name '中日韩—东盟(10+3)' is listed twice (after normalisation)"),
        (7, "actor 'apt': unused: '其他' is neither the zh name nor an alias"),
        (9, "not_actors: name '世卫组织' is already claimed by actor 'who' (line 2)"),
    ]
    for line, message in expected:
        assert any(re.fullmatch(rf"{path}:{line}: error: {re.escape(message)}.*", e) for e in errors), (line, message, errors)


def test_english_name_basis_in_an_unknown_form_is_an_error(tmp_path):
    errors = _errors(_corpus(tmp_path, actors=BAD_EN_BASIS))
    assert [e for e in errors if "actors.yml" in e] == [
        f"{tmp_path / 'actors.yml'}:2: error: actor 'x': en_basis: 'printed 3' is not 'inferred: REASON' or "
        "'reference FILE'"]


def test_sdg_and_programme_problems(tmp_path):
    sdgs = (ROOT / "corpus" / "sdgs.yml").read_text(encoding="utf-8")
    sdgs = sdgs.replace('{id: "3.5",', '{id: "3.x5",').replace("  - {number: 2,", "  - {number: 1,")
    programmes = "document: a-71-6-rev-1\nprogrammes:\n  - {number: 1, zh: 甲, en: A}\n  - {number: 1, zh: 乙}\n"
    errors = _errors(_corpus(tmp_path, sdgs=sdgs, programmes=programmes))
    joined = "\n".join(errors)
    assert re.search(r"sdgs\.yml:\d+: error: goal 1: duplicate \(first at line \d+\)", joined)
    assert re.search(r"sdgs\.yml:\d+: error: goals: must list each of the 17 goals exactly once", joined)
    assert re.search(r"sdgs\.yml:\d+: error: target '3\.x5': id: '3\.x5' is not a target id", joined)
    assert re.search(r"programmes\.yml:4: error: programme 1: en: required text field is missing", joined)


def test_missing_and_broken_files(tmp_path):
    (tmp_path / "sdgs.yml").write_text("goals: [\n", encoding="utf-8")
    shutil.copy(ROOT / "corpus" / "programmes.yml", tmp_path / "programmes.yml")
    errors = _errors(tmp_path)
    assert any(re.search(r"actors\.yml: error: registry file not found", e) for e in errors)
    assert any(re.search(r"sdgs\.yml:\d+: error: invalid YAML", e) for e in errors)
