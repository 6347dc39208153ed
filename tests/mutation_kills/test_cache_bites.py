"""The build cache never serves pages made from an old glossary: after a change to glossary.yml, a cached
render equals a clean one. Written against the cache's behaviour (render twice with a cache folder), not
its keys, so it holds however the keys are made."""
from __future__ import annotations

import yaml

from build_scripts.pipeline import BuildPaths, render
from tests.golden import CORPUS
from tests.test_incremental import writable_copy


def pages(paths: BuildPaths) -> dict[str, str]:
    _, rendered = render(paths)
    return {page.path: page.text for page in rendered.pages}


def reworded_glossary(corpus) -> None:
    """Every term's definitions and English name changed: tooltips, the glossary page and exports change."""
    path = corpus / "glossary.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for term in data["terms"]:
        term["definition_zh"] += "（修订）"
        term["definition_en"] += " (revised)"
        term["en"] += " revised"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_changed_glossary_is_not_served_from_the_cache(tmp_path):
    corpus = writable_copy(CORPUS, tmp_path / "corpus")
    cached = BuildPaths(corpus=corpus, cache=tmp_path / "cache")
    before = pages(cached)
    assert pages(cached) == before  # (a hit)
    reworded_glossary(corpus)
    after, clean = pages(cached), pages(BuildPaths(corpus=corpus))
    changed = sorted(p for p in clean if clean[p] != before.get(p))
    assert any(not p.startswith("glossary") for p in changed), "the change reaches pages besides the glossary"
    stale = sorted(p for p in clean if after.get(p) != clean[p])
    assert stale == [], f"pages served from the cache with the old glossary: {stale}"
    assert after.keys() == clean.keys()
