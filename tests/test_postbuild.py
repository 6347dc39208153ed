"""Post-build gates on the real site (the ``built_site`` fixture) and on the mini fixture corpus.

(a) LinkChecker, offline (``--check-extern`` off), crawls the served site: zero errors, and our own checker
    (build_scripts.checks.broken_links) agrees: both empty. LinkChecker checks every page and file a page
    points to; #fragments are checked by our checker only (LinkChecker's AnchorCheck fetches every page once
    per fragment: over 10 minutes here).
(b) Source text is escaped: the mini corpus has a paragraph with ``<script>alert("x")</script>``; in Chromium
    no dialog fires and the markup shows as text, on the page and in search results.
(c) sitemap.xml (and sitemap.xml.gz) list every HTML page except 404.html and redirect pages.
(d) A missing URL, served as a static host does (404.html with status 404), renders the site's 404 page with
    its CSS and working links: Material's 404 page uses absolute paths from site_url.
(e) The Nu HTML Checker (vnu-jar, pinned in package-lock.json) finds no error of ours in the whole site; the
    theme's own errors are listed with reasons in tests/data/vnu_theme_errors.yml.
"""
from __future__ import annotations

import csv
import functools
import gzip
import http.server
import io
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections import Counter
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

from build_scripts.checks import broken_links, resolve
from build_scripts.pipeline import ROOT, BuildPaths, build
from tests.browser.citing import next_frame

SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000/").rstrip("/") + "/"
BASE_PATH = urlsplit(SITE_URL).path  #: the path the site lives under ("/" unless SITE_URL has one)
MINI = ROOT / "tests" / "fixtures" / "mini"
REDIRECT = re.compile(r'<meta http-equiv="refresh"', re.I)


# -- a static host ------------------------------------------------------------------------------------------------

class StaticHost(http.server.SimpleHTTPRequestHandler):
    """Serves ``directory`` below ``base`` like a static host: a missing file gets 404.html with status 404.

    Sends a ``LinkChecker`` header: without it LinkChecker limits itself to ~3 requests a second per host.
    """

    base = "/"

    def log_message(self, format, *args):  # noqa: A002
        pass

    def end_headers(self):
        self.send_header("LinkChecker", "local test server")
        super().end_headers()

    def translate_path(self, path):
        path = urlsplit(path).path
        if not path.startswith(self.base):
            return os.path.join(self.directory, "\0missing")
        return super().translate_path("/" + path[len(self.base):])

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) and not os.path.exists(os.path.join(path, "index.html")) \
                or not os.path.exists(path) and not os.path.isdir(path):
            page = Path(self.directory, "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            return io.BytesIO(page)
        return super().send_head()


def serve(directory: Path, base: str = "/"):
    handler = type("Host", (StaticHost,), {"base": base})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{base}"


@pytest.fixture(scope="module")
def host(built_site):
    server, url = serve(built_site, BASE_PATH)
    yield url
    server.shutdown()


def html_pages(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)).replace("\\", "/") for p in site.rglob("*.html"))


# -- (a) links ----------------------------------------------------------------------------------------------------

LINKCHECKER_CONFIG = """\
[checking]
threads=8
maxrequestspersecond=1000
[filtering]
checkextern=0
internlinks=^{origin}/
"""


def run_linkchecker(urls: list[str], config_dir: Path, *options: str) -> tuple[int, list[dict]]:
    """LinkChecker from ``urls`` (recursively, internal URLs only); exit code and one row per URL checked."""
    exe = shutil.which("linkchecker", path=str(Path(sys.executable).parent)) or shutil.which("linkchecker")
    assert exe, "linkchecker is not installed (requirements.txt)"
    config = config_dir / "linkcheckerrc"
    origin = re.escape("{0.scheme}://{0.netloc}".format(urlsplit(urls[0])))
    config.write_text(LINKCHECKER_CONFIG.format(origin=origin), encoding="utf-8")
    # Output goes to stdout: run as root, LinkChecker drops to 'nobody' after reading its config.
    proc = subprocess.run([exe, "-f", str(config), "--no-status", "--no-robots", "--no-warnings", "-v",
                           "-o", "csv/utf-8", *options, "--stdin"], input="\n".join(urls) + "\n",
                          capture_output=True, text=True, encoding="utf-8", timeout=1200)
    rows = list(csv.DictReader((l for l in proc.stdout.splitlines() if not l.startswith("#")), delimiter=";"))
    assert proc.returncode in (0, 1), f"linkchecker failed to run ({proc.returncode}):\n{proc.stderr[-3000:]}"
    return proc.returncode, rows


# The source view (documents/<slug>/source/: every line of a source, ~36,000 links to the units that show them) is
# left to our checker (below) and tests/test_source_view.py, which check every one of its links and line ids:
# through LinkChecker it took about a third of this test's time. LinkChecker still checks the links to it.
SOURCE_VIEW = re.compile(r"/documents/[^/]+/source/")


def test_linkchecker_and_our_checker_find_no_broken_links(built_site, host, tmp_path):
    pages = [p for p in html_pages(built_site)  # every page, linked from anywhere or not
             if p != "404.html" and not SOURCE_VIEW.search("/" + p)]
    code, rows = run_linkchecker([host + (p[: -len("index.html")] if p.endswith("index.html") else p) for p in pages],
                                 tmp_path, "--no-follow-url", SOURCE_VIEW.pattern)
    errors = [f"{r['url'] or r['urlname']} (on {r['parentname']}): {r['result']}" for r in rows if r["valid"] != "True"]
    assert not errors, "LinkChecker found broken links:\n" + "\n".join(errors[:50])
    assert code == 0
    unchecked = [r["url"] for r in rows if r["url"].startswith(host) and r["result"] == "filtered"]
    assert not unchecked, f"LinkChecker only checked the syntax of site URLs: {unchecked[:10]}"
    checked = {unquote(urlsplit(r["url"]).path) for r in rows if r["url"].startswith(host)}
    missed = [p for p in pages if BASE_PATH + (p[: -len("index.html")] if p.endswith("index.html") else p) not in checked]
    assert not missed, f"LinkChecker never reached {len(missed)} pages, e.g. {missed[:5]}"
    assert broken_links(built_site, BASE_PATH) == [], "our checker disagrees with LinkChecker"


def test_both_checkers_catch_a_broken_link(built_site, tmp_path):
    """The gate can fail: one broken link in a copy of a small part of the site is reported by both."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site, ignore=shutil.ignore_patterns("documents", "resolutions", "actors", "search",
                                                                      "general-index", "sources", "data"))
    page = site / "glossary" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", '<a href="../nowhere/">x</a></article>', 1),
                    encoding="utf-8")
    server, url = serve(site, BASE_PATH)
    try:
        _, rows = run_linkchecker([url + "glossary/"], tmp_path, "-r", "1")
    finally:
        server.shutdown()
    assert any(r["valid"] != "True" and r["urlname"] == "../nowhere/" for r in rows)
    assert "glossary/index.html: link to missing '../nowhere/'" in broken_links(site, BASE_PATH)


# -- (b) escaping -------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def mini_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("mini") / "site"
    build(BuildPaths(corpus=MINI, site=site))
    return site


MARKUP = '<script>alert("x")</script> 与 <b>粗体</b> & 符号'


@pytest.mark.browser
def test_source_markup_is_shown_as_text(browser, mini_site):
    assert MARKUP in (MINI / "sources" / "mini-note.txt").read_text(encoding="utf-8"), "the fixture lost its markup"
    html = (mini_site / "documents" / "mini-note" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    server, url = serve(mini_site)
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(url + "documents/mini-note/")
        para = page.locator("#para_8")
        para.scroll_into_view_if_needed()  # a block far from the screen is not laid out, and has no innerText then
        next_frame(page)
        assert MARKUP in para.inner_text(), "the markup is visible as text"
        assert para.locator("script, b").count() == 0, "no element was made from the source text"
        assert para.is_visible()
        # the same text through the search box: result snippets are HTML, made by our worker
        page.click("input.md-search__input")
        page.locator("input.md-search__input").press_sequentially("alert")
        page.wait_for_selector(".md-search-result__item")
        results = page.locator(".md-search-result__list")
        assert 'alert("x")' in results.inner_text()
        assert results.locator("script, b").count() == 0
        page.goto(url + "documents/mini-note/?h=alert#para_8")  # Material's search.highlight marks the page text
        page.wait_for_selector("#para_8")
        assert MARKUP in page.locator("#para_8").inner_text()
    finally:
        context.close()
        server.shutdown()
    assert not dialogs, f"a dialog fired: {dialogs}"


# -- (c) sitemap --------------------------------------------------------------------------------------------------

def sitemap_urls(xml: bytes) -> list[str]:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return [loc.text.strip() for loc in ET.fromstring(xml).findall("s:url/s:loc", ns)]


def test_sitemap_lists_every_page(built_site):
    listed = sitemap_urls((built_site / "sitemap.xml").read_bytes())
    assert len(listed) == len(set(listed)), "no URL is listed twice"
    assert sitemap_urls(gzip.decompress((built_site / "sitemap.xml.gz").read_bytes())) == listed
    expected = set()
    for rel in html_pages(built_site):
        if rel == "404.html" or REDIRECT.search((built_site / rel).read_text(encoding="utf-8")[:2000]):
            continue
        expected.add(SITE_URL + (rel[: -len("index.html")] if rel.endswith("index.html") else rel))
    missing, extra = sorted(expected - set(listed)), sorted(set(listed) - expected)
    assert not missing, f"{len(missing)} pages missing from sitemap.xml, e.g. {missing[:10]}"
    assert not extra, f"sitemap.xml lists {len(extra)} URLs that are not pages, e.g. {extra[:10]}"


# -- (d) the 404 page ---------------------------------------------------------------------------------------------

def test_404_links_resolve_against_site_url(built_site):
    """Every href/src of 404.html, resolved against SITE_URL, is a file of the site (statically)."""
    html = (built_site / "404.html").read_text(encoding="utf-8")
    refs = re.findall(r'(?:href|src)="([^"]+)"', html)
    assert any(r.startswith(BASE_PATH + "assets/") for r in refs), "Material's 404 page uses absolute paths"
    problems = []
    for ref in refs:
        absolute = urljoin(SITE_URL, ref)
        if not absolute.startswith(SITE_URL):
            continue  # another site (none expected)
        resolved = resolve("404.html", ref, BASE_PATH)
        path = urlsplit(absolute).path[len(BASE_PATH):]
        target = posixpath.join(path, "index.html") if path.endswith("/") or not path else path
        if not (built_site / unquote(target)).is_file() or resolved is None:
            problems.append(ref)
    assert not problems, f"404.html links that do not resolve against {SITE_URL}: {problems}"


@pytest.mark.browser
def test_missing_url_renders_the_404_page(browser, built_site, host):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 and r.request.resource_type != "document" else None)
    page.on("requestfailed", lambda r: failed.append(f"failed {r.url}"))
    try:
        response = page.goto(host + "no/such/page/")
        assert response.status == 404
        assert page.locator("h1").first.inner_text().strip().startswith("404")
        # Material's stylesheet is applied: the header is a fixed bar in the primary colour
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
        assert page.evaluate("Array.from(document.styleSheets).filter(s => s.href).every(s => s.cssRules.length > 0)")
        assert page.locator("link[rel=stylesheet]").count() >= 3
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
        internal = sorted({h.split("#")[0] for h in hrefs if h.startswith(host)})
        assert len(internal) > 3, "the 404 page has the site's navigation"
        for href in internal:  # each link from the 404 page opens a real page
            status = page.request.get(href).status
            assert status == 200, f"404 page links to {href}: {status}"
        page.click(".md-tabs__link >> nth=0")  # and the first navigation tab works in the browser
        page.wait_for_load_state()
        assert page.locator(".md-content h1").count() == 1
    finally:
        context.close()
    assert not failed, f"the 404 page failed to load: {failed}"


# -- (e) the Nu HTML Checker over the whole site -------------------------------------------------------------------

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
THEME_ERRORS = ROOT / "tests" / "data" / "vnu_theme_errors.yml"


def nu_errors(site: Path) -> list[dict]:
    """Every error the Nu HTML Checker finds in the site's HTML files: one JVM over the whole folder (about 25 s
    for the real site; one run per file would start a JVM 2,900 times)."""
    assert VNU.exists(), f"{VNU} missing: run `make node_modules/.installed` (the test command does)"
    done = subprocess.run(["java", "-jar", str(VNU), "--skip-non-html", "--format", "json", "--errors-only", str(site)],
                          capture_output=True, text=True, timeout=600)
    report = json.loads(done.stderr)  # the checker writes its JSON report to stderr
    return [m for m in report["messages"] if m["type"] != "info"]


def highlighted(message: dict) -> str:
    """The markup the checker points at."""
    start = message.get("hiliteStart", 0)
    return message.get("extract", "")[start:start + message.get("hiliteLength", 0)]


def test_nu_html_checker_finds_no_error_of_ours(built_site):
    """0 errors of the project's making; the theme's own errors are allowed only as listed (with a reason) in
    tests/data/vnu_theme_errors.yml, and every entry listed there must still occur."""
    allowed = yaml.safe_load(THEME_ERRORS.read_text(encoding="utf-8"))
    used, ours = Counter(), Counter()
    examples: dict[str, str] = {}
    for message in nu_errors(built_site):
        entry = next((i for i, a in enumerate(allowed) if message["message"].startswith(a["message"])
                      and re.fullmatch(a["element"], highlighted(message))), None)
        if entry is not None:
            used[entry] += 1
            continue
        ours[message["message"]] += 1
        examples.setdefault(message["message"], f'{message["url"]}:{message.get("lastLine")}: {highlighted(message)}')
    assert not ours, "\n".join(f"{n} × {text}\n    e.g. {examples[text]}" for text, n in ours.most_common())
    stale = [a["message"] for i, a in enumerate(allowed) if not used[i]]
    assert not stale, f"listed in {THEME_ERRORS.name} but no longer reported (remove them): {stale}"
    print("\ntheme errors (listed): " + ", ".join(f"{used[i]} × {a['template']}" for i, a in enumerate(allowed)))


# -- (f) public pages describe the product, not the build ----------------------------------------------------------

#: Build internals a reader has no use for: code paths, test and benchmark folders, server and index internals.
INTERNALS = re.compile(r"build_scripts|\b[\w./-]+\.py\b|\bTCP_NODELAY\b|\bshards?\b|\bpytest\b|\btests/|\bbench/|\.venv\b|"
                       r"\bmake (?:site|test|serve|golden|bench)\b|\bSOURCE_DATE_EPOCH\b|\bpickle\b|\bmkdocs_hook\b")
#: Pages for maintainers (the guide and the build benchmark), where internals belong.
MAINTAINER_PAGES = ("maintain/", "benchmark/")


def article_text(html: str) -> str:
    """The text of a page's article (theme chrome left out), tags dropped: a plain scan, no parser, for 2,900 pages."""
    start = html.find("<article")
    end = html.find("</article>", start)
    return unescape(re.sub(r"<[^>]*>", " ", html[start:end])) if start >= 0 else ""


def test_public_pages_mention_no_build_internals(built_site):
    """Every built page except the maintainer's pages speaks of what a reader can do, not of the build; the README
    (whose quick start and layout table rightly name commands and folders) names no code files either."""
    found = {}
    for page in sorted(built_site.rglob("*.html")):
        url = page.relative_to(built_site).as_posix()
        if url.startswith(MAINTAINER_PAGES):
            continue
        hits = sorted({m.group() for m in INTERNALS.finditer(article_text(page.read_text(encoding="utf-8")))})
        if hits:
            found[url] = hits
    assert not found, found
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert not re.findall(r"[\w./-]+\.py\b|\bTCP_NODELAY\b", readme), "README names build internals"
    guide = article_text((built_site / "maintain" / "index.html").read_text(encoding="utf-8"))
    assert INTERNALS.search(guide), "the pattern no longer matches the guide's internals"

def test_every_page_has_its_own_descriptive_title(built_site):
    """No two pages share a <title>, and none is the site name alone: tabs, bookmarks, history and search
    engines tell pages apart by it (issue 16: a programme's entity page and its chapter shared one)."""
    site_name = re.search(r"^site_name:\s*(.+)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)
    pages: dict[str, list[str]] = {}
    for path in sorted(built_site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if path.name == "404.html" or REDIRECT.search(text):
            continue
        found = re.search(r"<title>(.*?)</title>", text, re.S)
        where = path.relative_to(built_site).as_posix()
        assert found, f"{where}: no <title>"
        title = found.group(1).strip()
        assert title.removesuffix(site_name).strip(" -–") , f"{where}: the title is the site name alone"
        pages.setdefault(title, []).append(where)
    shared = {title: where for title, where in pages.items() if len(where) > 1}
    assert len(pages) > 100, "too few pages read: is the site built?"
    assert not shared, f"{len(shared)} titles shared by several pages, e.g. {list(shared.items())[:5]}"
