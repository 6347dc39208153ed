"""Staging folders (build_scripts/site.py ``staging_area``): a build killed before its cleanup leaves its
``.site-build-*`` folder behind; the next build removes it, never the folder of a build still running; git
ignores them."""
from __future__ import annotations

import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from build_scripts.pipeline import ROOT, BuildPaths, build
from build_scripts.site import remove_stale_staging, staging_area, staging_prefix

MINI = ROOT / "tests" / "fixtures" / "mini"

#: a build's staging, in its own process: it makes a file in the folder, prints the folder's path, then waits
#: for a line on stdin and either dies by SIGKILL inside the build (no cleanup runs) or ends normally
HOLDER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from build_scripts.site import staging_area
    with staging_area(Path(sys.argv[1])) as staging:
        (staging / "docs").mkdir()
        (staging / "docs" / "index.md").write_text("half-built", encoding="utf-8")
        print(staging, flush=True)
        if sys.stdin.readline().strip() == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
""")


def start_holder(site: Path) -> tuple[subprocess.Popen, Path]:
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(site)], cwd=ROOT, text=True,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    return process, Path(process.stdout.readline().strip())


def staging_folders(site: Path) -> list[Path]:
    return sorted(site.parent.glob(staging_prefix(site) + "*"))


def test_the_staging_folder_of_a_killed_build_is_removed_by_the_next(tmp_path):
    site = tmp_path / "site"
    killed, left = start_holder(site)
    killed.communicate("kill\n", timeout=60)
    assert killed.returncode < 0 and left.is_dir(), "the killed build left no staging folder"
    assert staging_folders(site) == [left]
    build(BuildPaths(corpus=MINI, site=site))
    assert staging_folders(site) == [], "a killed build's staging folder outlived the next build"
    assert (site / "index.html").is_file()


def test_the_staging_folder_of_a_running_build_is_kept(tmp_path):
    site = tmp_path / "site"
    running, folder = start_holder(site)
    try:
        with staging_area(site) as own:
            assert sorted(staging_folders(site)) == sorted([folder, own])
        assert (folder / "docs" / "index.md").is_file(), "a running build's staging folder was touched"
        assert staging_folders(site) == [folder]
    finally:
        running.communicate("end\n", timeout=60)
    assert running.returncode == 0 and staging_folders(site) == [], "a build that ended left its folder"


def test_a_staging_folder_without_a_lock_is_stale(tmp_path):
    """A folder made before its build could lock it (or by a build from before the lock existed)."""
    site = tmp_path / "site"
    bare = Path(tempfile.mkdtemp(prefix=staging_prefix(site), dir=tmp_path))
    assert remove_stale_staging(site) == [bare] and not bare.exists()


def test_git_ignores_staging_folders_and_the_old_site():
    site = BuildPaths().site
    for name in (staging_prefix(site) + "a1b2c3d4", site.name + ".old"):
        path = (site.parent / name).relative_to(ROOT).as_posix() + "/"
        result = subprocess.run(["git", "check-ignore", "--no-index", "-q", path], cwd=ROOT)
        assert result.returncode == 0, f"git does not ignore {path}"
