"""The build cache (build_scripts/cache.py): an incremental build equals a clean one, byte for byte, and
reuses what did not change. Counts, never timings."""
from __future__ import annotations

import hashlib
import shutil
import stat
from pathlib import Path

import pytest

from build_scripts import cache, pipeline
from build_scripts.pipeline import ROOT, BuildPaths, build, render

from .conftest import document_slugs

FIXTURE = ROOT / "tests" / "fixtures" / "golden"
DOC = "note-excerpt"  #: the document the tests change
SOURCE = "note-excerpt.txt"


def writable_copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    for path in dst.rglob("*"):
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    return dst


def edit(corpus: Path, old: str, new: str) -> None:
    path = corpus / "sources" / SOURCE
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def tree(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def rendered_output(paths: BuildPaths):
    search: dict[str, bytes] = {}
    _, rendered = render(paths, search)
    return rendered.pages, rendered.nav, search


@pytest.fixture
def corpus(tmp_path) -> Path:
    return writable_copy(FIXTURE, tmp_path / "corpus")


def test_no_change_rebuild_reuses_everything(corpus, tmp_path):
    paths = BuildPaths(corpus=corpus, cache=tmp_path / "cache")
    first = rendered_output(paths)
    assert cache.last_stats["build_hit"] == 0
    assert cache.last_stats["parsed"] == len(document_slugs(corpus))
    assert cache.last_stats["pages_rendered"] == len(first[0])
    again = rendered_output(paths)
    assert cache.last_stats["build_hit"] == 1
    assert cache.last_stats["pages_rendered"] == 0 and cache.last_rendered == []
    assert cache.last_stats["parsed"] == 0 and cache.last_stats["extracted"] == 0
    assert again == first


def test_incremental_site_equals_clean_build(corpus, tmp_path):
    """Build, change one document, build again with the cache: the same site as a clean build of the change,
    and only the changed document's pages (and pages that depend on the whole graph or on its mentions)
    rendered again."""
    cached = BuildPaths(corpus=corpus, site=tmp_path / "incremental", cache=tmp_path / "cache")
    rendered_output(cached)  # fills the cache (the same render a build runs)
    edit(corpus, "健康不仅本身就是目的", "健康不仅本身就是东盟的目的")  # one more mention (an actor)
    build(cached)
    stats, again = dict(cache.last_stats), list(cache.last_rendered)
    assert stats["parsed"] == 1 and stats["parse_reused"] == 4
    assert stats["extracted"] == 1 and stats["extract_reused"] == 4
    assert stats["pages_reused"] > 0
    documents = [p for p in again if p.startswith("documents/") and p != "documents/index.md"]  # (the list
    # of documents is rendered on every change, like every page that lists the whole corpus)
    assert documents and all(p.startswith(f"documents/{DOC}") for p in documents), documents

    clean = BuildPaths(corpus=corpus, site=tmp_path / "clean")
    build(clean)
    incremental, fresh = tree(cached.site), tree(clean.site)
    assert sorted(incremental) == sorted(fresh)
    assert [p for p in fresh if incremental[p] != fresh[p]] == []


def test_changed_entities_render_like_a_clean_build(corpus, tmp_path):
    """A change that adds an entity (a resolution no other place cites) and moves mentions: the render
    output (pages, navigation, search files) equals a clean render's."""
    cached = BuildPaths(corpus=corpus, cache=tmp_path / "cache")
    rendered_output(cached)
    edit(corpus, "1. 大会第 72/139 号决议", "1. 大会第 72/140 号决议")
    edit(corpus, "世界卫生组织总干事根据", "世界卫生组织总干事和东盟根据")
    incremental = rendered_output(cached)
    assert cache.last_stats["parsed"] == 1 and cache.last_stats["pages_reused"] > 0
    clean = rendered_output(BuildPaths(corpus=corpus))
    assert [p.path for p in incremental[0]] == [p.path for p in clean[0]]
    assert [p.path for p, q in zip(incremental[0], clean[0]) if p != q] == []
    assert incremental[1:] == clean[1:]
    assert any(p.path == "resolutions/a-res-72-140.md" for p in clean[0])


def mtimes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}


def counting_mkdocs(monkeypatch) -> list[Path]:
    """Replace MkDocs in the pipeline by a wrapper that notes each run (its output folder)."""
    runs: list[Path] = []
    real = pipeline.run_mkdocs

    def run(config, docs, out, nav):
        runs.append(out)
        return real(config, docs, out, nav)
    monkeypatch.setattr(pipeline, "run_mkdocs", run)
    return runs


def test_no_change_build_keeps_the_site_without_running_mkdocs(corpus, tmp_path, monkeypatch):
    paths = BuildPaths(corpus=corpus, site=tmp_path / "site", cache=tmp_path / "cache")
    runs = counting_mkdocs(monkeypatch)
    build(paths)
    assert len(runs) == 1 and cache.last_stats["site_reused"] == 0
    site, times = tree(paths.site), mtimes(paths.site)
    build(paths)
    assert len(runs) == 1, "MkDocs ran again with no change"
    assert cache.last_stats["site_reused"] == 1
    assert tree(paths.site) == site and mtimes(paths.site) == times  # not even rewritten


@pytest.mark.parametrize("tamper", ["delete", "edit", "add"])
def test_a_tampered_site_is_built_again(corpus, tmp_path, monkeypatch, tamper):
    """A site folder that is no longer what the last build wrote (a file deleted, edited in place with the
    same size, or added) is built again, into exactly the site of that build."""
    paths = BuildPaths(corpus=corpus, site=tmp_path / "site", cache=tmp_path / "cache")
    runs = counting_mkdocs(monkeypatch)
    build(paths)
    site = tree(paths.site)
    page = sorted(paths.site.rglob("*.html"))[len(site) // 4]
    if tamper == "delete":
        page.unlink()
    elif tamper == "edit":
        data = page.read_bytes()
        page.write_bytes(data[:-1] + (b"!" if data[-1:] != b"!" else b"?"))
    else:
        (page.parent / "stray.html").write_text("<p>stray</p>", encoding="utf-8")
    build(paths)
    assert len(runs) == 2, f"a site with a file {tamper}d was kept"
    assert cache.last_stats["site_reused"] == 0
    assert tree(paths.site) == site
