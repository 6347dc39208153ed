"""Golden files: rendered Markdown of the fixture corpus equals tests/golden_expected/ (see tests/golden.py)."""
from __future__ import annotations

import difflib

import pytest

from .golden import EXPECTED, rendered_files


@pytest.fixture(scope="module")
def actual():
    return rendered_files()


def test_same_set_of_files(actual):
    expected = {str(p.relative_to(EXPECTED)).replace("\\", "/") for p in EXPECTED.rglob("*") if p.is_file()}
    assert sorted(actual) == sorted(expected), "run `make golden` after an intended change and review the diff"


def test_every_file_matches(actual):
    problems = []
    for path, text in sorted(actual.items()):
        expected_file = EXPECTED / path
        if not expected_file.exists():
            continue
        expected = expected_file.read_text(encoding="utf-8")
        if text != expected:
            diff = difflib.unified_diff(expected.splitlines(), text.splitlines(), f"expected/{path}", f"actual/{path}", lineterm="", n=1)
            problems.append("\n".join(list(diff)[:30]))
    assert not problems, "\n\n".join(problems)
