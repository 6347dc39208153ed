"""Every repository path the README and the hand-written pages name exists: a maintainer following them never
meets a file that is not there (or one that is only generated at build time)."""
from __future__ import annotations

import re
import subprocess

import pytest

from .conftest import ROOT

#: The hand-written documentation: the README and the pages in docs/.
DOCUMENTATION = ["README.md"] + sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").rglob("*.md"))

BACKTICKED = re.compile(r"`([^`\n]+)`")


def top_level() -> set[str]:
    """The names at the root of the repository (tracked files and folders): a path starts with one of them."""
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return {line.split("/", 1)[0] for line in files.splitlines()}


def named_paths(text: str, roots: set[str]) -> list[str]:
    """Backticked repository paths in ``text``: no spaces, first component at the root of the repository. A
    ``:line`` or ``:function()`` suffix is dropped; a placeholder (``<slug>``, ``*``) leaves the folder it is in."""
    out = []
    for token in BACKTICKED.findall(text):
        if " " in token or token.split("/", 1)[0] not in roots:
            continue
        path = token.split(":", 1)[0]
        out.append(path[:path.rfind("/", 0, re.search(r"[<*]", path).start()) + 1] if re.search(r"[<*]", path) else path)
    return out


def missing(path: str) -> bool:
    """A path ending in / must be a folder; any other, a file or folder."""
    return not ((ROOT / path).is_dir() if path.endswith("/") else (ROOT / path).exists())


@pytest.mark.parametrize("document", DOCUMENTATION)
def test_every_named_path_exists(document):
    paths = named_paths((ROOT / document).read_text(encoding="utf-8"), top_level())
    absent = sorted(p for p in paths if missing(p))
    assert not absent, f"{document} names paths that are not in the repository: {absent}"


def test_the_documentation_names_paths_at_all():
    """The check is not vacuous: the README names the corpus folders, and a missing path is caught."""
    roots = top_level()
    readme = named_paths((ROOT / "README.md").read_text(encoding="utf-8"), roots)
    assert {"corpus/sources/", "corpus/anchors/registry.tsv", "docs/maintain.md"} <= set(readme)
    assert named_paths("see `docs/cite.md` and `corpus/documents/<slug>.yml`", roots) == ["docs/cite.md",
                                                                                          "corpus/documents/"]
    assert missing("docs/cite.md") and not missing("corpus/documents/")

