"""The same corpus builds a byte-identical site."""
from __future__ import annotations

import hashlib
from pathlib import Path

from build_scripts.pipeline import BuildPaths, build


def digests(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(built_site, tmp_path):
    second = tmp_path / "again" / "site"
    build(BuildPaths(site=second))
    first_files, second_files = digests(built_site), digests(second)
    assert sorted(first_files) == sorted(second_files)
    differing = [path for path in first_files if first_files[path] != second_files[path]]
    assert differing == []
    print(f"\n{len(first_files)} files identical in two builds")
