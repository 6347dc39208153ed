"""The build cache never serves pages made from old input: after a change to glossary.yml (or to a registry,
a source, a document's metadata, and back), a cached render equals a clean one. Written against the cache's
behaviour (render with a cache folder, compare with a render without), not its keys, so it holds however the
keys are made."""
from __future__ import annotations

import yaml

from build_scripts.extract import extract
from build_scripts.load import load_corpus
from build_scripts.parse import layout_names
from build_scripts.pipeline import BuildPaths, parse_all, render
from build_scripts.registries import load_registries
from build_scripts.urls import entity_page
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


def reworded_registry(name: str, field: str):
    """A change to one text field of every entry of a registry YAML (its first list)."""
    def change(corpus) -> None:
        path = corpus / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        entries = next(v for v in data.values() if isinstance(v, list) and v)
        for entry in entries:
            entry[field] += "（改）"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return change


def retitled_documents(corpus) -> None:
    for path in sorted((corpus / "documents").glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        path.write_text(text.replace(f"title_zh: {data['title_zh']}", f"title_zh: {data['title_zh']}（改）", 1),
                        encoding="utf-8")


def append_to_first_line(path, text: str) -> None:
    """``text`` at the end of the first non-blank line of a source."""
    lines = path.read_text(encoding="utf-8").split("\n")
    first = next(i for i, line in enumerate(lines) if line.strip())
    lines[first] += text
    path.write_text("\n".join(lines), encoding="utf-8")


def edited_sources(corpus) -> None:
    """The first line of every source gets （改） appended."""
    for path in sorted((corpus / "sources").iterdir()):
        append_to_first_line(path, "（改）")


def cited_target(source: int):
    """A source (by its place in name order) now cites an SDG target: the goal's page lists the new mention.
    Cited a second time, from another source, it changes no set of entities, only that goal page's mentions."""
    def change(corpus) -> None:
        target = yaml.safe_load((corpus / "sdgs.yml").read_text(encoding="utf-8"))["targets"][0]["id"]
        append_to_first_line(sorted((corpus / "sources").iterdir())[source], f"（具体目标 {target}）")
    change.__name__ = f"cited_target({source})"
    return change


def test_every_kind_of_change_then_back_matches_a_clean_render(tmp_path):
    corpus = writable_copy(CORPUS, tmp_path / "corpus")
    originals = {p: p.read_bytes() for p in corpus.rglob("*") if p.is_file()}
    cached = BuildPaths(corpus=corpus, cache=tmp_path / "cache")
    first = previous = pages(cached)
    for change in (reworded_registry("actors.yml", "en"), reworded_registry("sdgs.yml", "en_short"),
                   reworded_registry("programmes.yml", "en"), retitled_documents, cited_target(-1),
                   cited_target(-2), edited_sources):
        change(corpus)
        after, clean = pages(cached), pages(BuildPaths(corpus=corpus))
        assert clean != previous, "each change shows on the pages (else the comparison proves nothing)"
        assert after == clean, f"{getattr(change, '__name__', change)}: stale pages from the cache"
        previous = clean
    for path, data in originals.items():
        path.write_bytes(data)
    assert pages(cached) == first


def sdg_mentions_by_source(corpus_dir) -> dict:
    """source path -> the goals and targets its document mentions, read by the pipeline's own stages."""
    corpus = load_corpus(corpus_dir, layout_names(corpus_dir))
    mentions = extract(parse_all(corpus), load_registries(corpus_dir))
    path_of = {source.meta.slug: source.path for source in corpus.sources}
    out: dict = {source.path: set() for source in corpus.sources}
    for m in mentions:
        if m.kind in ("goal", "target"):
            out[path_of[m.doc]].add((m.kind, m.entity))
    return out


def test_a_goal_page_follows_its_targets_mentions_alone(tmp_path):
    """A target already cited somewhere, now cited also by a source that names no goal or target: no entity
    appears or goes, one document and the goal's page change. The goal page's cache key must cover the
    mentions of its targets, not only of the goal itself."""
    corpus = writable_copy(CORPUS, tmp_path / "corpus")
    target = load_registries(corpus).targets[0]
    goal_page = entity_page("goal", str(target.goal))
    by_source = sdg_mentions_by_source(corpus)
    quiet = [path for path, found in sorted(by_source.items()) if not found]
    assert quiet and len(quiet) < len(by_source), "a source that names no SDG, and another"
    other = next(path for path in sorted(by_source) if path != quiet[0])
    append_to_first_line(other, f"（具体目标 {target.id}）")
    cached = BuildPaths(corpus=corpus, cache=tmp_path / "cache")
    before = pages(cached)
    append_to_first_line(quiet[0], f"（具体目标 {target.id}）")
    after, clean = pages(cached), pages(BuildPaths(corpus=corpus))
    assert clean[goal_page] != before[goal_page], "the new mention is listed on the goal's page"
    assert sorted(p for p in clean if after.get(p) != clean[p]) == [], "pages served stale from the cache"
    assert after.keys() == clean.keys()
