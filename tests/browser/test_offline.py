"""The site works offline: no page requests anything from another host.

In the browser every request of six kinds of page (and of a search) is recorded; over the whole built site,
no resource reference (script, stylesheet, icon, image, frame, CSS ``@import`` / ``url()``) leaves the site.
Links (<a href>) to other sites are navigation, not requests, and are allowed.
"""
from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

PAGES = ["", "documents/health-needs-most-vulnerable/", "documents/a-71-6-rev-1/prog-2/", "actors/who/",
         "glossary/", "general-index/"]
#: The site's own published address: <link rel="canonical"> points there (it names the page, it loads nothing).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000/").rstrip("/") + "/"
#: <link rel> values that load nothing; their href may name the site's own published address.
NON_LOADING_RELS = {"canonical", "alternate", "prev", "next", "author", "license", "help", "search"}


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname == "127.0.0.1"


@pytest.mark.browser
def test_pages_request_nothing_from_other_hosts(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))  # pages and their workers (the search worker)
    page = context.new_page()
    page.on("request", lambda r: requests.append(r.url))
    try:
        for path in PAGES:
            page.goto(site_url + path)
            page.wait_for_load_state("networkidle")
        page.click("input.md-search__input")  # the search worker fetches its index shards
        page.locator("input.md-search__input").press_sequentially("卫生")
        page.press("input.md-search__input", "End")
        page.wait_for_selector(".md-search-result__item")
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert any(u.endswith(".css") for u in requests) and any(u.endswith(".js") for u in requests), \
        "the recorder saw the pages' own stylesheets and scripts"
    assert any("/search/" in u for u in requests), "the recorder saw the search index being fetched"
    foreign = sorted({u for u in requests if not is_local(u)})
    assert not foreign, f"requests to other hosts: {foreign}"


# -- every built file ---------------------------------------------------------------------------------------------

CSS_REF = re.compile(r"""@import\s+(?:url\(\s*)?["']?([^"')\s;]+)|url\(\s*["']?([^"')]+?)["']?\s*\)""", re.I)


def css_refs(text: str) -> list[str]:
    return [m.group(1) or m.group(2) for m in CSS_REF.finditer(text)]


class _Resources(HTMLParser):
    """Every reference an HTML page makes that the browser would fetch (plus <link> hrefs, with their rel)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str]] = []  # (what, url)
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and "href" in a:
            self.refs.append((f"<link rel={a.get('rel', '')}>", a["href"]))
        for name in ("src", "data", "poster", "background"):
            if name in a and tag in ("script", "img", "iframe", "embed", "object", "source", "audio", "video",
                                     "track", "input", "frame", "body", "image", "use"):
                self.refs.append((f"<{tag} {name}>", a[name]))
        for name in ("srcset", "imagesrcset"):
            for candidate in filter(None, (c.strip().split(" ")[0] for c in a.get(name, "").split(","))):
                self.refs.append((f"<{tag} {name}>", candidate))
        if tag in ("image", "use") and ("xlink:href" in a or ("href" in a and tag == "image")):
            self.refs.append((f"<{tag} href>", a.get("xlink:href") or a["href"]))
        if "style" in a:
            self.refs += [(f"<{tag} style>", u) for u in css_refs(a["style"])]
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.refs += [("<style>", u) for u in css_refs(data)]


def foreign_resources(html: str) -> list[str]:
    parser = _Resources()
    parser.feed(html)
    out = []
    for what, url in parser.refs:
        parts = urlsplit(url.strip())
        if not (parts.scheme or parts.netloc) or parts.scheme == "data":
            continue  # relative or absolute-path reference, or inline data
        if what.startswith("<link") and set(what[len("<link rel="):-1].split()) <= NON_LOADING_RELS \
                and url.startswith(SITE_URL):
            continue  # rel=canonical naming the site's own published address
        out.append(f"{what} {url}")
    return out


def test_no_built_file_references_another_host(built_site: Path):
    problems = []
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        problems += [f"{path.relative_to(built_site)}: {p}" for p in foreign_resources(path.read_text(encoding="utf-8"))]
    for path in sorted(built_site.rglob("*.css")):
        problems += [f"{path.relative_to(built_site)}: url({u})" for u in css_refs(path.read_text(encoding="utf-8"))
                     if (urlsplit(u).scheme or urlsplit(u).netloc) and urlsplit(u).scheme != "data"]
    assert not problems, "\n".join(problems[:50])


@pytest.mark.parametrize("html, expected", [
    ('<script src="https://cdn.example.org/x.js"></script>', ["<script src> https://cdn.example.org/x.js"]),
    ('<link rel="stylesheet" href="//fonts.googleapis.com/css?family=Roboto">', ["<link rel=stylesheet> //fonts.googleapis.com/css?family=Roboto"]),
    ('<img srcset="a.png 1x, https://img.example.org/b.png 2x">', ["<img srcset> https://img.example.org/b.png"]),
    ('<style>@import "https://x.example.org/a.css"; p { background: url(http://y.example.org/b.png) }</style>',
     ["<style> https://x.example.org/a.css", "<style> http://y.example.org/b.png"]),
    ('<div style="background-image: url(\'https://z.example.org/c.png\')"></div>', ["<div style> https://z.example.org/c.png"]),
    ('<link rel="canonical" href="https://elsewhere.example.org/">', ["<link rel=canonical> https://elsewhere.example.org/"]),
    (f'<link rel="canonical" href="{SITE_URL}documents/"><a href="https://undocs.org/x">x</a>'
     '<script src="assets/corpus.js"></script><img src="data:image/png;base64,AAAA">', []),
])
def test_the_resource_scanner_sees_foreign_references(html, expected):
    assert foreign_resources(html) == expected
