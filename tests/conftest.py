"""Shared fixtures: the real corpus parsed once, and the real site built once per test session."""
from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest
import yaml

from build_scripts.load import load_corpus
from build_scripts.parse import layout_names
from build_scripts.pipeline import ROOT, BuildPaths, build, parse_all

CORPUS = ROOT / "corpus"
EXPECTATIONS = Path(__file__).parent / "data" / "document_expectations.yml"


def document_slugs(corpus: Path = CORPUS) -> list[str]:
    """Every document of a corpus, by slug: the stems of ``documents/*.yml``. The corpus is the list of
    documents; a test never types it (a sixth document is checked like the first five)."""
    return sorted(path.stem for path in (corpus / "documents").glob("*.yml"))


def expectations_table() -> dict:
    return yaml.safe_load(EXPECTATIONS.read_text(encoding="utf-8"))


def expectations(slug: str) -> dict:
    """What the whole-corpus tests expect of one document's own content (tests/data/document_expectations.yml)."""
    table = expectations_table()
    assert slug in table, f"add expectations for {slug} to {EXPECTATIONS.relative_to(ROOT)}"
    return table[slug]


def parsed_documents(root: Path = CORPUS) -> dict:
    """slug -> parsed Document for every document of the corpus at ``root`` (fails if any does not parse)."""
    parsed = {doc.meta.slug: doc for doc in parse_all(load_corpus(root, layout_names(root)))}
    assert sorted(parsed) == document_slugs(root)
    return parsed


@pytest.fixture(scope="session")
def corpus():
    return load_corpus(CORPUS, layout_names(CORPUS))


@pytest.fixture(scope="session")
def documents():
    """slug -> parsed Document, for every document in corpus/documents."""
    return parsed_documents()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The whole corpus built once, exactly as `make site` builds it."""
    site = tmp_path_factory.mktemp("real") / "site"
    build(BuildPaths(site=site))
    return site


# -- browser fixtures: one local server and one Chromium per session -------------------------------------------

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as any real server

    def log_message(self, *args) -> None:
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """A static file server for ``directory`` on a free port of 127.0.0.1 (call ``shutdown()`` when done)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def site_url(built_site):
    """Base URL of the built site, served from a thread."""
    server, url = serve(built_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium (or $CHROMIUM) driven by Playwright; never a downloaded browser. Missing = failure, not skip."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page; uncaught page errors are collected in ``page.errors``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors
    yield page
    context.close()


def wrapped(lines: list[str], start: int, length: int) -> str:
    """Line ``start`` (0-based) and the lines after it until they hold ``length`` more non-space characters."""
    taken, more = [lines[start]], 0
    for line in lines[start + 1:]:
        if more >= length:
            break
        taken.append(line)
        more += len("".join(line.split()))
    return "".join(taken)
