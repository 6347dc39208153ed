"""The fuzz suite: corruptions of real corpus files (tests/fuzz/corruptions.py), each built for real.

Every case copies the corpus, corrupts it, and runs ``python -m build_scripts build --corpus TMP --site TMPSITE``
in a subprocess, next to a previous site folder. The build must exit 1; every stderr line but the last is
``file:line: error: message`` (or ``file: error: message`` for a problem with the whole file: missing, empty, a
directory, a symbolic link), the last is the ``build failed: N problem(s)`` summary, no traceback anywhere; the
diagnostics the corruption implies are there, at their file and line; the previous site is byte for byte
unchanged and no staging folder is left. Cases that may leave valid input (edits of a source text, on the
small fixture corpus) must instead either build (exit 0, the site replaced and publishing the edited source)
or fail exactly as above; the terminal summary says how many did which.

Seeded: ``FUZZ_SEED`` (default in corruptions.py, shown in the report header) fixes every random choice.
The load stage rejects every corruption of the real corpus before any source is parsed, and the selected
cases' builds run concurrently (one per CPU), which keeps the whole suite to about a minute.
"""
from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from .corruptions import ANY, CASES, SEED, Case, Expect

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "tests" / "fixtures" / "mini"
DIAGNOSTIC = re.compile(r"^(?P<path>[^:\n]+?)(?::(?P<line>\d+))?: error: (?P<message>.+)$")
SUMMARY = re.compile(r"^build failed: (\d+) problem\(s\); the previous site was left untouched$")
OUTCOMES: dict[str, str] = {}  #: case name -> built / rejected, for the cases that may stay valid


@dataclass(frozen=True)
class Run:
    """One corrupted corpus, built."""

    corpus: Path
    site: Path
    before: dict[str, bytes]  #: the previous site, byte for byte
    expect: Expect
    result: subprocess.CompletedProcess


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def previous_site(folder: Path) -> Path:
    """A site folder from an earlier build (a few pages, nested), which a failed build must leave alone."""
    site = folder / "site"
    (site / "documents" / "x").mkdir(parents=True)
    (site / "index.html").write_text("<p>previous build</p>\n", encoding="utf-8")
    (site / "documents" / "x" / "index.html").write_bytes(bytes(range(256)))
    return site


def prepare(case: Case, folder: Path) -> tuple[Path, Path, Expect]:
    corpus = folder / "corpus"
    shutil.copytree(SMALL if case.small else ROOT / "corpus", corpus, symlinks=True)
    expect = case.corrupt(corpus, random.Random(f"{SEED}/{case.name}"))
    return corpus, previous_site(folder / "out"), expect


def build(corpus: Path, site: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "build_scripts", "build", "--corpus", str(corpus), "--site", str(site),
               "--cache", str(site.parent / "cache")]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def runs(request, tmp_path_factory) -> dict[str, Run]:
    """Every selected case prepared, then built concurrently (the builds wait on nothing but the CPU)."""
    params = [item.callspec.params for item in request.session.items if hasattr(item, "callspec")]
    selected = {p["case"].name for p in params if isinstance(p.get("case"), Case)}  # other modules have "case"s
    prepared = {}
    for case in CASES:
        if case.name in selected:
            corpus, site, expect = prepare(case, tmp_path_factory.mktemp("fuzz"))
            prepared[case.name] = (corpus, site, snapshot(site), expect)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        results = dict(zip(prepared, pool.map(lambda p: build(p[0], p[1]), prepared.values())))
    return {name: Run(*prepared[name], results[name]) for name in prepared}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corruption_is_rejected_cleanly(case: Case, runs):
    run = runs[case.name]
    result, expect = run.result, run.expect
    context = f"seed {SEED}, case {case.name!r}\nstderr:\n{result.stderr}"
    assert "Traceback" not in result.stderr + result.stdout, context
    assert not list(run.site.parent.glob(".site-build-*")), "staging folder left behind; " + context
    if expect.either and result.returncode == 0:
        OUTCOMES[case.name] = "built"
        published = run.site / "sources" / Path(expect.source).name
        assert published.read_bytes() == (run.corpus / expect.source).read_bytes(), context
        assert "<p>previous build</p>" not in (run.site / "index.html").read_text(encoding="utf-8"), context
        return
    if expect.either:
        OUTCOMES[case.name] = "rejected"
    assert result.returncode == 1, context
    assert snapshot(run.site) == run.before, "previous site changed; " + context
    lines = result.stderr.strip().splitlines()
    assert lines and SUMMARY.match(lines[-1]), context
    found = [DIAGNOSTIC.match(line) for line in lines[:-1]]
    assert found and all(found), context
    assert int(SUMMARY.match(lines[-1]).group(1)) == len(found), context
    reported = [(_relative(m["path"], run.corpus), int(m["line"]) if m["line"] else None, m["message"]) for m in found]
    for path, line in expect.diagnostics:
        here = [msg for p, n, msg in reported if p == path and (line == ANY or n == line)]
        assert here, f"expected a diagnostic at {path}:{line}; " + context
        assert any(expect.message in msg for msg in here), f"expected {expect.message!r} at {path}:{line}; " + context
    if expect.only:
        assert len(found) == len(expect.diagnostics), "unexpected further diagnostics; " + context


def _relative(shown: str, corpus: Path) -> str:
    path = Path(shown)
    path = path if path.is_absolute() else ROOT / path
    try:
        return path.relative_to(corpus).as_posix()
    except ValueError:
        return shown


def test_there_are_enough_cases():
    assert len(CASES) >= 30
