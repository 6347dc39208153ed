"""Stage 7, site: stage the docs, run MkDocs in strict mode, check the output, then swap it into place.

The previous site folder is replaced only after everything succeeded, so a failed build leaves it intact.
"""
from __future__ import annotations

import fcntl
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import timing
from .diagnostics import BuildError, Diagnostic, at
from .render import PageFile, PageInfo

#: A fixed build time, so the same corpus builds a byte-identical site (sitemap lastmod, gzip headers).
DEFAULT_EPOCH = "1700000000"
#: environment variables the build reads (those mkdocs.yml reads are named there, by ``!ENV``): part of the
#: key that lets a build reuse the site (build_scripts/cache.py)
ENVIRONMENT = ("SOURCE_DATE_EPOCH",)
#: in a staging folder: locked (flock) while its build runs, so only folders of builds that died are removed
STAGING_LOCK = ".lock"


def copy_static_docs(static_docs: Path, staging: Path) -> Path:
    """The hand-written docs, copied into the staging folder; generated pages are then written over them."""
    docs = staging / "docs"
    shutil.copytree(static_docs, docs)
    return docs


class PageWriter:
    """``emit`` for render(): writes each generated page below the staged docs folder as soon as it is made and
    keeps only its PageInfo, so no stage holds every page text (2 GB at 100 times the corpus)."""

    def __init__(self, docs: Path):
        self.docs = docs

    def __call__(self, page: PageFile) -> PageInfo:
        wall, cpu = time.perf_counter(), time.process_time()
        target = self.docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.text, encoding="utf-8", newline="\n")
        timing.charge("stage", time.perf_counter() - wall, time.process_time() - cpu)  # site work, not render's
        return PageInfo.of(page)


def copy_files(extra: dict[str, Path], docs: Path) -> None:
    """Files published as they are (the source texts), by docs-relative path."""
    for rel, source in sorted(extra.items()):
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def run_mkdocs(config_file: Path, docs: Path, out: Path, nav: list) -> str:
    """MkDocs in strict mode; any warning fails the build with the warnings as diagnostics. Returns the site URL."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    os.environ.setdefault("SOURCE_DATE_EPOCH", DEFAULT_EPOCH)
    warnings = _WarningCounter()
    logging.getLogger("mkdocs").addHandler(warnings)
    try:
        config = load_config(str(config_file), docs_dir=str(docs), site_dir=str(out), strict=True, nav=nav)
        build(config)
        return config["site_url"] or "/"
    except (Abort, ConfigurationError) as exc:
        messages = warnings.messages or [str(exc)]
        raise BuildError([Diagnostic(at(config_file), f"mkdocs: {m}") for m in messages]) from exc
    finally:
        logging.getLogger("mkdocs").removeHandler(warnings)


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def swap_into_place(new_site: Path, site_dir: Path) -> None:
    """Replace ``site_dir`` with ``new_site`` (same file system): old moved aside, new renamed, old removed."""
    old = site_dir.with_name(site_dir.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if site_dir.exists():
        site_dir.rename(old)
    new_site.rename(site_dir)
    if old.exists():
        shutil.rmtree(old)


@contextmanager
def staging_area(site_dir: Path) -> Iterator[Path]:
    """A fresh staging folder next to the site folder (same file system, so the swap is a rename), removed
    when the build ends. A build killed before that leaves it behind (tens of MB): the folder's lock file
    stays locked while its build runs, and the kernel releases the lock when the process dies however it
    dies, so the next build removes every staging folder nobody holds (``remove_stale_staging``).
    Folders are made and removed under a lock on the parent folder, so a build never sees another's
    folder before that one is locked."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with _locked(site_dir.parent):
        remove_stale_staging(site_dir)
        staging = Path(tempfile.mkdtemp(prefix=staging_prefix(site_dir), dir=site_dir.parent))
        lock = os.open(staging / STAGING_LOCK, os.O_CREAT | os.O_RDWR, 0o600)
        fcntl.flock(lock, fcntl.LOCK_EX)
    try:
        yield staging
    finally:
        with timing.timed("cleanup"):
            shutil.rmtree(staging, ignore_errors=True)
            os.close(lock)


def staging_prefix(site_dir: Path) -> str:
    return f".{site_dir.name}-build-"


def remove_stale_staging(site_dir: Path) -> list[Path]:
    """Remove the staging folders of builds that are no longer running (call with the parent locked);
    returns them. A folder whose lock someone holds belongs to a running build and stays."""
    removed = []
    for folder in sorted(site_dir.parent.glob(staging_prefix(site_dir) + "*")):
        if folder.is_symlink() or not folder.is_dir():
            continue
        try:
            lock = os.open(folder / STAGING_LOCK, os.O_RDWR)
        except FileNotFoundError:  # made by a build that died before it could lock it
            lock = None
        try:
            if lock is not None:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # a running build
            continue
        finally:
            if lock is not None:
                os.close(lock)
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # (releases the lock)
