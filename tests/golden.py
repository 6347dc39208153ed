"""Golden files: the Markdown rendered from a small fixture corpus (tests/fixtures/golden/), compared file by file.

Regenerate after an intended rendering change, then review the diff:

    make golden        # = .venv/bin/python -m tests.golden regenerate
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from build_scripts.pipeline import BuildPaths, render

HERE = Path(__file__).parent
CORPUS = HERE / "fixtures" / "golden"
EXPECTED = HERE / "golden_expected"


def rendered_files() -> dict[str, str]:
    """Every generated page of the fixture corpus, plus the navigation, as {path: text}."""
    _, rendered = render(BuildPaths(corpus=CORPUS))
    files = {page.path: page.text for page in rendered.pages}
    files["nav.json"] = json.dumps(rendered.nav, ensure_ascii=False, indent=1) + "\n"
    return files


def regenerate() -> None:
    shutil.rmtree(EXPECTED, ignore_errors=True)
    for path, text in rendered_files().items():
        target = EXPECTED / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {len(list(EXPECTED.rglob('*.*')))} golden files to {EXPECTED}")


if __name__ == "__main__":
    if sys.argv[1:] != ["regenerate"]:
        sys.exit("usage: python -m tests.golden regenerate")
    regenerate()
