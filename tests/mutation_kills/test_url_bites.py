"""A document's ``url`` that is not http(s) is never rendered as a link, on any page (render level: the metadata
is replaced after loading, so this holds whatever load-time validation lets through)."""
from __future__ import annotations

import dataclasses
import re

import pytest
from bs4 import BeautifulSoup

from build_scripts import pipeline
from build_scripts.pipeline import BuildPaths, render
from tests.golden import CORPUS

HOSTILE = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "\x01javascript:alert(1)",
           "java\tscript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)"]
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")


def scheme(url: str) -> str:
    """The scheme a browser reads: tabs and newlines removed anywhere, controls and spaces trimmed."""
    cleaned = re.sub(r"[\t\n\r]", "", url).strip("".join(map(chr, range(0x21)))).lower()
    m = _SCHEME.match(cleaned)
    return m.group(1) if m else ""


def link_schemes(text: str, path: str) -> set[str]:
    soup = BeautifulSoup(text, "xml" if path.endswith(".xml") else "html.parser")  # the Akoma Ntoso files are XML
    return {scheme(tag[name]) for name in ("href", "src", "action") for tag in soup.find_all(attrs={name: True})}


def test_scheme_reads_urls_as_a_browser_does():
    assert [scheme(u) for u in HOSTILE] == ["javascript"] * 5 + ["data", "vbscript"]
    assert scheme("https://example.org") == "https" and scheme("../sources/a.txt") == ""


def rendered_with_url(monkeypatch, url: str) -> dict[str, str]:
    load = pipeline.load_corpus

    def with_url(*args):
        corpus = load(*args)
        sources = tuple(dataclasses.replace(s, meta=dataclasses.replace(s.meta, url=url)) for s in corpus.sources)
        return dataclasses.replace(corpus, sources=sources)

    monkeypatch.setattr(pipeline, "load_corpus", with_url)
    _, rendered = render(BuildPaths(corpus=CORPUS))
    return {page.path: page.text for page in rendered.pages}


@pytest.mark.parametrize("url", HOSTILE[1:3] + HOSTILE[5:6], ids=repr)  # the others: test_html_bites.py
def test_a_hostile_document_url_is_never_a_link(monkeypatch, url):
    pages = rendered_with_url(monkeypatch, url)
    bad = {path: schemes - {"", "http", "https"} for path, text in pages.items() if (schemes := link_schemes(text, path))
           - {"", "http", "https"}}
    assert bad == {}


def test_an_https_document_url_is_a_link(monkeypatch):
    """The same check sees the link when the URL is a web address (so the test above can fail)."""
    url = "https://example.org/official-text"
    pages = rendered_with_url(monkeypatch, url)
    assert sum(f'href="{url}"' in text for text in pages.values()) >= 1
