"""The gold sample can tell when a matcher is gone: each matcher that finds something in the corpus is switched
off in turn, and the per-family recall check (test_gold_bites.py) must then fail. Slow (one extraction of the
corpus per matcher), so the mutation run (bench/mutation.py) leaves it out."""
from __future__ import annotations

from build_scripts.extract import Extractor, extract

from .test_gold_bites import located, short_families  # noqa: F401 - located is a fixture


def matchers(registries) -> dict[str, type]:
    """name → class of every matcher the extractor runs."""
    found = {}
    for value in vars(Extractor(registries)).values():
        if callable(getattr(value, "find", None)) and isinstance(getattr(value, "name", None), str):
            found[value.name] = type(value)
    return found


def test_removing_any_matcher_fails_the_gold_check(parsed, registries, mentions, located, monkeypatch):
    """Each matcher that finds something in the corpus in turn finds nothing: the per-family check must then
    fail. If it does not, the gold sample has too few mentions that only this matcher finds: label more.
    (A matcher that finds nothing in the corpus changes no published output; its own examples are tested at
    string level, tests/mutation_kills/test_extract_bites.py.)"""
    unnoticed = []
    used = {m.matcher for m in mentions}
    for name, cls in matchers(registries).items():
        if name not in used:
            continue
        with monkeypatch.context() as patch:
            patch.setattr(cls, "find", lambda self, *args, **kwargs: [])
            if not short_families(located, extract(parsed.values(), registries)):
                unnoticed.append(name)
    assert len(matchers(registries)) > 1
    assert unnoticed == [], f"the gold check still passes without these matchers: {unnoticed}"
