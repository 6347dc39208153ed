"""Every input reaches the cache keys (build_scripts/cache.py). For each kind of input file in turn (each kind of
corpus file, the anchor registry and aliases, a hand-written docs page, the theme overrides, mkdocs.yml, an
environment variable mkdocs.yml reads) one small real change, then an incremental build (with the cache and the
previous site, as ``make site``) and a clean one (no cache): the same site byte for byte, or the same errors. A
key that leaves an input out reuses stale pages or the whole stale site; the last test leaves glossary.yml out
and checks that this is seen.

The corpus is tests/fixtures/golden/ with tests/fixtures/every-input/corpus/ copied over it and an anchor
registry written by ``register-anchors``; docs/, the overrides and mkdocs.yml are copies of the project's own.
"""
from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import yaml

from build_scripts import cache
from build_scripts.diagnostics import BuildError
from build_scripts.pipeline import ROOT, BuildPaths, build, register_anchors
from tests.test_incremental import tree, writable_copy

FIXTURE = ROOT / "tests" / "fixtures" / "golden"
OVERLAY = ROOT / "tests" / "fixtures" / "every-input"
EDITS = yaml.safe_load((OVERLAY / "edits.yml").read_text(encoding="utf-8"))["edits"]
ENV_NAME = "SITE_URL"  #: the variable mkdocs.yml reads for site_url (README: deploying)


def kind(rel: str) -> str:
    """What a corpus file is, from its place: a top-level file by its name, a file in a folder by the folder
    and its suffix (``documents/*.yml``, ``anchors/*.tsv``)."""
    parts = Path(rel).parts
    return rel if len(parts) == 1 else f"{parts[0]}/*{Path(rel).suffix}"


def corpus_kinds(corpus: Path) -> set[str]:
    return {kind(p.relative_to(corpus).as_posix()) for p in corpus.rglob("*") if p.is_file()}


def make_project(tmp_path: Path) -> BuildPaths:
    """A project folder with every kind of input: the fixture corpus, copies of docs/, the theme's custom_dir and
    mkdocs.yml, and the hooks mkdocs.yml names (linked: they are code, keyed with the code)."""
    root = tmp_path / "project"
    corpus = writable_copy(FIXTURE, root / "corpus")
    shutil.copytree(OVERLAY / "corpus", corpus, dirs_exist_ok=True)
    register_anchors(BuildPaths(corpus=corpus))
    config = ROOT / "mkdocs.yml"
    custom_dirs, hooks, _ = cache.config_inputs(config)
    assert custom_dirs and hooks, "mkdocs.yml has a custom_dir and hooks: both must be in the test project"
    for folder in (ROOT / "docs", *custom_dirs):
        writable_copy(folder, root / folder.relative_to(ROOT))
    shutil.copyfile(config, root / config.name)
    for top in sorted({hook.relative_to(ROOT).parts[0] for hook in hooks}):
        (root / top).symlink_to(ROOT / top)
    return BuildPaths(corpus=corpus, site=tmp_path / "incremental", config=root / config.name,
                      static_docs=root / "docs", cache=tmp_path / "cache")


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: {old!r} not found (tests/fixtures/every-input/edits.yml)"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def changes(paths: BuildPaths, monkeypatch) -> list[tuple[str, Callable[[], None]]]:
    """(what, change) for every kind of input, in the order the test makes them."""
    out = [(f"corpus/{e['file']}", lambda e=e: replace_once(paths.corpus / e["file"], e["old"], e["new"]))
           for e in EDITS]
    registry = next(paths.corpus.glob("anchors/*.tsv"))
    out.append((f"corpus/{registry.relative_to(paths.corpus).as_posix()} (an id's text hash: the build must fail)",
                lambda: change_last_hash(registry)))
    page = sorted(paths.static_docs.rglob("*.md"))[0]
    paragraph = "\n\n缓存测试：手写页面的一段。\n"
    out.append((f"docs/{page.relative_to(paths.static_docs).as_posix()}",
                lambda: page.write_text(page.read_text(encoding="utf-8") + paragraph, encoding="utf-8")))
    custom_dir = cache.config_inputs(paths.config)[0][0]
    out.append((f"{custom_dir.name}/ (a file of the theme's custom_dir)",
                lambda: (custom_dir / "cache-test.txt").write_text("缓存测试\n", encoding="utf-8")))
    out.append((paths.config.name, lambda: edit_site_name(paths.config)))
    out.append((f"environment {ENV_NAME}", lambda: monkeypatch.setenv(ENV_NAME, "http://localhost:8765/")))
    return out


def change_last_hash(registry: Path) -> None:
    """The text hash of the last id registered with one (a page's own row has none)."""
    lines = registry.read_text(encoding="utf-8").splitlines(keepends=True)
    n = max(i for i, line in enumerate(lines[1:], 1) if line.rstrip("\n").split("\t")[3])
    url, anchor, num, sha = lines[n].rstrip("\n").split("\t")
    lines[n] = "\t".join((url, anchor, num, "0" * len(sha))) + "\n"
    registry.write_text("".join(lines), encoding="utf-8")


def edit_site_name(config: Path) -> None:
    text = config.read_text(encoding="utf-8")
    edited = re.sub(r"(?m)^(site_name:[^\n]*[^\s\"'])", r"\1 (edited)", text, count=1)
    assert edited != text, "mkdocs.yml has an unquoted site_name"
    config.write_text(edited, encoding="utf-8")


def outcome(paths: BuildPaths):
    """The built site (path -> hash), or the build's error lines."""
    try:
        build(paths)
    except BuildError as exc:
        return ("failed", sorted(str(d) for d in exc.diagnostics))
    return ("built", tree(paths.site))


def differences(a, b) -> list[str]:
    if a[0] != b[0] or a[0] == "failed":
        return [] if a == b else [f"{a[0]} {a[1][:3]} / {b[0]} {b[1][:3]}"]
    return sorted(p for p in a[1].keys() | b[1].keys() if a[1].get(p) != b[1].get(p))


def test_the_changes_cover_every_kind_of_corpus_file():
    """A new kind of corpus file (a new registry, a new folder) needs a change in this test: the keys cover
    it already (they are made from folders), this test must show it."""
    covered = {kind(e["file"]) for e in EDITS} | {kind("anchors/registry.tsv")}
    project = corpus_kinds(FIXTURE) | corpus_kinds(OVERLAY / "corpus") | {kind("anchors/registry.tsv")}
    assert project <= covered, f"fixture files with no change in edits.yml: {sorted(project - covered)}"
    missing = corpus_kinds(ROOT / "corpus") - covered
    assert not missing, (f"kinds of corpus file with no change in tests/fixtures/every-input/edits.yml: "
                         f"{sorted(missing)} (add one, and the file to the fixture)")


def test_every_input_change_gives_the_site_of_a_clean_build(tmp_path, monkeypatch):
    paths = make_project(tmp_path)
    clean = replace(paths, site=tmp_path / "clean", cache=None)
    monkeypatch.setenv(ENV_NAME, "http://127.0.0.1:8000/")
    assert ENV_NAME in cache.config_inputs(paths.config)[2]
    outcome(paths)  # fills the cache and records the site
    before = outcome(clean)
    assert before[0] == "built"
    stale, unreal = [], []
    for what, change in changes(paths, monkeypatch):
        saved = {p: p.read_bytes() for p in paths.corpus.rglob("*") if p.is_file()}
        change()
        incremental, fresh = outcome(paths), outcome(clean)
        if wrong := differences(incremental, fresh):
            stale.append(f"{what}: {wrong[:5]}")
        if fresh[0] == "failed":  # (the registry change) undone, so that the next builds can succeed
            assert any("registry" in line for line in fresh[1]), fresh
            for path, data in saved.items():
                path.write_bytes(data)
        elif not differences(before, fresh):
            unreal.append(what)
        else:
            before = fresh
    assert stale == [], "an incremental build differs from a clean one after a change to:\n" + "\n".join(stale)
    assert unreal == [], f"changes that changed nothing in the site (the test would not see a stale cache): {unreal}"


def test_a_key_that_leaves_out_glossary_yml_is_caught(tmp_path, monkeypatch):
    """The check above bites: with glossary.yml left out of every key, the glossary change leaves stale
    pages (the whole stale site: no key changed)."""
    left_out = "glossary.yml"
    files = cache.input_files
    monkeypatch.setattr(cache, "input_files", lambda root: [p for p in files(root) if p.name != left_out])
    paths = make_project(tmp_path)
    outcome(paths)
    edit = next(e for e in EDITS if e["file"] == left_out)
    replace_once(paths.corpus / edit["file"], edit["old"], edit["new"])
    incremental, fresh = outcome(paths), outcome(replace(paths, site=tmp_path / "clean", cache=None))
    assert incremental[0] == fresh[0] == "built"
    assert differences(incremental, fresh), "a stale glossary went unnoticed"



def test_the_code_key_covers_every_code_file_and_installed_package(tmp_path, monkeypatch):
    """The code and what it runs on cannot be changed in a test build; their part of every key can be checked:
    any file below the code folder (not only ``.py``) and any installed package version."""
    code = writable_copy(cache.CODE_DIR, tmp_path / "code")
    monkeypatch.setattr(cache, "CODE_DIR", code)
    key = cache.code_key.__wrapped__
    before = key()
    (code / "layout-data.json").write_text("{}", encoding="utf-8")
    with_data = key()
    assert with_data != before, "a non-Python file of the build code is not in the key"
    (code / "__pycache__").mkdir(exist_ok=True)
    (code / "__pycache__" / "x.cpython.pyc").write_bytes(b"compiled")
    assert key() == with_data, "compiled Python (made from the .py) changed the key"
    installed = cache.installed_distributions()
    assert any(name.lower().startswith("mkdocs-material==") for name in installed), installed
    monkeypatch.setattr(cache, "installed_distributions", lambda: [*installed, "mkdocs-material==0.0.1"])
    assert key() != with_data, "an installed package version is not in the key"
