"""Search benchmark: our search vs Material's default (lunr) search vs Pagefind, on the full site, in one run.

    .venv/bin/python -m bench.search_bench [--runs 5] [--out bench/results/search.json] [--write-doc [--measure]]

Builds the site three ways (into a temporary folder):

* ``ours``: exactly as ``make site`` (build_scripts/search + docs/assets/search/worker.js);
* ``material``: the same pages built without our MkDocs hook (so Material's search plugin writes its full
  lunr index, segmented with jieba) and with the page config pointing at Material's own worker again;
* ``pagefind``: our site with a Pagefind index (``python -m pagefind``) next to it, queried through
  Pagefind's JS API (``pagefind.search(q)`` then ``data()`` of the first 10 results).

For each engine, headless Chromium (Debian's) and a local http.server measure, with an empty cache:

* ``first_ms``: a query typed right after the page's load event until its results are shown (Material's
  UI: a new result list is in the page; Pagefind: the first 10 results' data are loaded);
* ``later_ms``: each of 15 further queries in the same page, after every first query (median, max, and how
  many of them took over 50 ms);
* ``first_visit_gzip``: the search files a first visit downloads for the load and that query (worker,
  index files, Pagefind's wasm and chunks), each counted gzip-compressed (``gzip -6``) as a server would send it;
  counted once no search file has arrived for 500 ms (so anything fetched in the background is counted too);
* ``first_screen_ms``: the broadest query (of the bench's queries, the one that matches the most units:
  ``broadest_query``) once its index files are loaded, until the first screen of its results is drawn
  (``results_first_screen``): our results page (RESULTS_PAGE, when the site has one, see
  ``has_results_page``), else what each engine shows: the header's result list (ours, Material), Pagefind's
  own UI (``pagefind-ui.js``, its first page of results).

Every engine is measured behind two servers: Python's ``http.server`` as the tests use it (it writes a
response's headers and body in two ``send()`` calls without ``TCP_NODELAY``, so on a reused keep-alive
connection each response waits for the browser's delayed ACK, about 40 ms on Linux), and the same server with
``TCP_NODELAY`` set, as production servers do (nginx's ``tcp_nodelay on`` is the default).

Writes the numbers as JSON (default bench/results/search.json) and prints a Markdown table; with
``--write-doc --measure`` it also puts the table between the markers DOC_BEGIN / DOC_END in docs/maintain.md
and docs/benchmark.md (``--write-doc`` alone rewrites them from the JSON without measuring). Not part of the
test suite.
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from build_scripts import pipeline  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, _QuietHandler, serve  # noqa: E402
from .docsection import with_section as put_section

PAGE = "documents/a-71-6-rev-1/prog-2/"
FIRST_QUERIES = ["卫生", "健康覆盖", "WHO", "72/139", "universal health coverage"]
LATER_QUERIES = ["世界卫生组织", "脊髓灰质炎", "S/RES/2167 (2014)", "2.26", "UNICEF", "可持续发展目标", "维持和平",
                 "primary health care", "WHA69(15)", "难民", "全民健康覆盖", "ASEAN", "人权", "裁军", "A/71/6/Rev.1"]
OTHER_QUERY = "难民"  #: asked before the broadest query, so that its results are drawn anew
SETTLE_MS = 300  #: pause before a timed query: the previous query's last result groups may still be drawn
TARGETS = {"first_ms": 250, "later_ms": 50, "first_screen_ms": 300, "first_visit_kb": 600}  #: issue 15
DOC_BEGIN, DOC_END = "<!-- search-bench: begin (bench/search_bench.py) -->", "<!-- search-bench: end -->"
DOCS = {ROOT / "docs" / "maintain.md": "####", ROOT / "docs" / "benchmark.md": "##"}  #: page -> heading level

# Hook for the results page (issue 15 part 1, built on another branch): our site's full results page lives at
# RESULTS_PAGE (``search/?q=...``) when its HTML holds RESULTS_PAGE_MARKER, and shows its first screen when
# RESULTS_FIRST_SCREEN_JS returns true (docs/search.md: the form carries data-gh-results, assets/search/results.js
# renders each hit as li.gh-hit in .gh-results__list). A site without it is measured on the header's result list.
RESULTS_PAGE = "search/"
RESULTS_PAGE_MARKER = "data-gh-results"
RESULTS_FIRST_SCREEN_JS = """() => {
  const items = document.querySelectorAll('.gh-results__list li.gh-hit')
  const last = items[items.length - 1]
  return items.length > 0 && (items.length >= 10 || last.getBoundingClientRect().bottom >= innerHeight)
}"""

SEARCH_FILES = {
    "ours": ("/search/", "/assets/search/"),
    "material": ("/search/search_index.json", "/assets/javascripts/workers/", "/assets/javascripts/lunr/"),
    "pagefind": ("/pagefind/",),
}

# Material's UI: type, fire keyup, and wait until a new result list is in the page (or "no results" is shown).
# A MutationObserver notes the moment (polling with timers would compete for the CPU with the search itself).
UI_QUERY = """async q => {
  const input = document.querySelector('input.md-search__input')
  const list = document.querySelector('.md-search-result__list')
  const meta = document.querySelector('.md-search-result__meta')
  const none = JSON.parse(document.getElementById('__config').textContent).translations['search.result.none']
  const before = list.firstElementChild, metaBefore = meta.textContent
  let t0, noneAt
  const done = new Promise((resolve, reject) => {
    // A new result list; or "no results" (not the placeholder Material shows once its worker is READY) if it
    // stays for 300 ms: Material also shows it when an answer to an earlier, empty query comes in late.
    const observer = new MutationObserver(() => {
      const first = list.firstElementChild
      if (first && first !== before) {
        observer.disconnect()
        resolve(performance.now())
      } else if (!first && meta.textContent === none && metaBefore !== none && noneAt === undefined) {
        noneAt = performance.now()
        setTimeout(() => { if (!list.firstElementChild) { observer.disconnect(); resolve(noneAt) } }, 300)
      }
    })
    observer.observe(list, {childList: true})
    observer.observe(meta, {childList: true, characterData: true, subtree: true})
    setTimeout(() => { observer.disconnect(); reject(new Error('timeout: ' + q)) }, 20000)
  })
  t0 = performance.now()
  input.focus()
  input.value = q
  input.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true}))
  const t1 = await done
  return {ms: t1 - t0, results: list.children.length}
}"""

PAGEFIND_QUERY = """async q => {
  const t0 = performance.now()
  if (!window.__pf) window.__pf = import(new URL('pagefind/pagefind.js', document.baseURI.replace(/documents\\/.*$/, '')).href)
  const pf = await window.__pf
  const search = await pf.search(q)
  const data = await Promise.all(search.results.slice(0, 10).map(r => r.data()))
  return {ms: performance.now() - t0, results: data.length}
}"""


# Pagefind's own UI (pagefind-ui.js, the results page a Pagefind site gets) in a box on the page: the time from
# triggerSearch until its first page of results has its titles (each result's data is loaded on its own).
PAGEFIND_UI_QUERY = """async q => {
  if (!window.__pfui) {
    const base = document.baseURI.replace(/documents\\/.*$/, '') + 'pagefind/'
    await new Promise((resolve, reject) => {
      const s = document.createElement('script')
      s.src = base + 'pagefind-ui.js'; s.onload = resolve; s.onerror = reject
      document.head.append(s)
    })
    const box = document.createElement('div'); box.id = 'pf-bench'; document.body.prepend(box)
    window.__pfui = new PagefindUI({element: '#pf-bench', showImages: false, resetStyles: false})
  }
  const box = document.getElementById('pf-bench')
  const shown = () => {
    const message = box.querySelector('.pagefind-ui__message')
    const results = box.querySelectorAll('.pagefind-ui__result')
    const titled = box.querySelectorAll('.pagefind-ui__result-title')
    return message && message.textContent.includes(q) && results.length > 0 && titled.length === results.length
  }
  const t0 = performance.now()
  const done = new Promise((resolve, reject) => {
    const observer = new MutationObserver(() => { if (shown()) { observer.disconnect(); resolve(performance.now()) } })
    observer.observe(box, {childList: true, subtree: true, characterData: true})
    setTimeout(() => { observer.disconnect(); reject(new Error('timeout: ' + q)) }, 20000)
  })
  window.__pfui.triggerSearch(q)
  const t1 = await done
  return {ms: t1 - t0, results: box.querySelectorAll('.pagefind-ui__result').length}
}"""


def query_matches(site: Path) -> dict[str, int]:
    """Matching units (search docs) of every bench query, by our engine."""
    from build_scripts.search.engine import Engine

    engine = Engine.from_dir(site / "search")
    return {q: engine.search(q).total for q in dict.fromkeys([*FIRST_QUERIES, *LATER_QUERIES])}


def broadest_query(matches: dict[str, int]) -> str:
    return max(matches, key=lambda q: (matches[q], q))


def has_results_page(site: Path) -> bool:
    """Whether the site has our full results page (RESULTS_PAGE with RESULTS_PAGE_MARKER in its HTML)."""
    html = site / RESULTS_PAGE / "index.html"
    return html.is_file() and RESULTS_PAGE_MARKER in html.read_text(encoding="utf-8")


def results_page_first_screen(page, url: str, query: str) -> dict:
    """Our results page for ``query`` (its index files already in the HTTP cache): from navigation start until
    RESULTS_FIRST_SCREEN_JS holds."""
    page.goto(url + RESULTS_PAGE + "?q=" + quote(query), wait_until="commit")
    page.wait_for_function(f"""() => {{ const shown = ({RESULTS_FIRST_SCREEN_JS})()
        if (shown && window.__firstScreen === undefined) window.__firstScreen = performance.now()  // since navigation
        return shown }}""", timeout=20000, polling="raf")
    return {"ms": round(page.evaluate("() => window.__firstScreen"), 1), "results": None, "what": "results page"}


def results_first_screen(page, engine: str, url: str, site: Path, query: str) -> dict:
    """``query`` once the index files it needs are loaded, until the first screen of its results is drawn: asked
    once (loads them), OTHER_QUERY, then timed. Ours: the results page when the site has one."""
    if engine == "ours" and has_results_page(site):
        page.goto(url + RESULTS_PAGE + "?q=" + quote(query), wait_until="load")  # loads the index files
        return results_page_first_screen(page, url, query)
    query_js = PAGEFIND_UI_QUERY if engine == "pagefind" else UI_QUERY
    what = "Pagefind UI, first page" if engine == "pagefind" else "header result list"
    for q in (query, OTHER_QUERY if query != OTHER_QUERY else FIRST_QUERIES[0]):
        page.evaluate(query_js, q)
        page.wait_for_timeout(SETTLE_MS)
    result = page.evaluate(query_js, query)
    return {"ms": round(result["ms"], 1), "results": result["results"], "what": what}


def build_sites(work: Path) -> dict[str, Path]:
    sites = {}
    quiet = contextlib.redirect_stdout(io.StringIO())
    t = time.time()
    with quiet:
        pipeline.build(pipeline.BuildPaths(site=work / "ours"))
    sites["ours"] = work / "ours"
    print(f"built ours in {time.time() - t:.0f} s", file=sys.stderr)

    # Material's own search: the same build without our hook, and the page config pointing at its worker.
    config = ROOT / ".bench-mkdocs-material.yml"
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    lines = text.splitlines()
    start = lines.index("hooks:")
    end = start + 1
    while end < len(lines) and lines[end].startswith("  - "):
        end += 1
    config.write_text("\n".join(lines[:start] + lines[end:]) + "\n", encoding="utf-8")
    t = time.time()
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            pipeline.build(pipeline.BuildPaths(site=work / "material", config=config))
    finally:
        config.unlink()
    for html in (work / "material").rglob("*.html"):
        page = html.read_text(encoding="utf-8")
        if "assets/search/worker.js?material=" in page:
            html.write_text(page.replace("assets/search/worker.js?material=", "assets/javascripts/workers/search."),
                            encoding="utf-8")
    shutil.rmtree(work / "material" / "search" / "t")
    shutil.rmtree(work / "material" / "search" / "d")
    sites["material"] = work / "material"
    print(f"built material in {time.time() - t:.0f} s", file=sys.stderr)

    t = time.time()
    shutil.copytree(work / "ours", work / "pagefind")
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(work / "pagefind")], check=True,
                   stdout=subprocess.DEVNULL)
    sites["pagefind"] = work / "pagefind"
    print(f"indexed pagefind in {time.time() - t:.0f} s", file=sys.stderr)
    return sites


class _NoDelayHandler(_QuietHandler):
    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def serve_nodelay(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """As tests.conftest.serve, with TCP_NODELAY on every connection."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_NoDelayHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


SERVERS = {"http.server": serve, "http.server + TCP_NODELAY": serve_nodelay}


def gzip_size(body: bytes) -> int:
    return len(gzip.compress(body, 6, mtime=0))


def measure(browser, engine: str, url: str, runs: int, site: Path, broadest: str) -> dict:
    query_js = PAGEFIND_QUERY if engine == "pagefind" else UI_QUERY
    prefixes = SEARCH_FILES[engine]
    first, visits, later, screens = [], [], [], []
    for i in range(runs):
        query = FIRST_QUERIES[i % len(FIRST_QUERIES)]
        context = browser.new_context()
        page = context.new_page()
        bodies: dict[str, int] = {}

        def on_response(response):
            path = response.url.split("?")[0].split("127.0.0.1", 1)[-1].split("/", 1)[-1]
            if any(("/" + path).startswith(p) for p in prefixes):
                with contextlib.suppress(Exception):
                    bodies[response.url] = gzip_size(response.body())

        page.on("response", on_response)
        page.goto(url + PAGE, wait_until="load")
        result = page.evaluate(query_js, query)
        page.wait_for_timeout(300)  # let late responses of this query land, and anything fetched in the background
        for _ in range(20):
            seen = len(bodies)
            page.wait_for_timeout(500)
            if len(bodies) == seen:
                break
        first.append({"query": query, "ms": round(result["ms"], 1), "results": result["results"]})
        visits.append({"query": query, "bytes": sum(bodies.values()), "files": len(bodies)})
        page.remove_listener("response", on_response)  # reading bodies over CDP would slow the later queries
        for q in LATER_QUERIES:
            page.wait_for_timeout(SETTLE_MS)
            r = page.evaluate(query_js, q)
            later.append({"run": i, "query": q, "ms": round(r["ms"], 1), "results": r["results"]})
        page.wait_for_timeout(SETTLE_MS)
        screens.append(results_first_screen(page, engine, url, site, broadest))
        context.close()
    ms = [f["ms"] for f in first]
    later_ms = [x["ms"] for x in later]
    screen_ms = [x["ms"] for x in screens]
    return {
        "first": first, "first_visit": visits, "later": later, "first_screen": screens,
        "summary": {
            "first_screen_ms_median": statistics.median(screen_ms), "first_screen_ms_max": max(screen_ms),
            "first_screen_what": screens[0]["what"],
            "first_ms_median": statistics.median(ms), "first_ms_max": max(ms),
            "later_ms_median": statistics.median(later_ms), "later_ms_max": max(later_ms),
            "later_over_50_ms": sum(ms > 50 for ms in later_ms), "later_count": len(later_ms),
            "first_visit_gzip_median": statistics.median(v["bytes"] for v in visits),
            "first_visit_gzip_max": max(v["bytes"] for v in visits),
        },
    }


def index_size(site: Path, engine: str) -> dict:
    files = [p for p in site.rglob("*") if p.is_file() and any(
        ("/" + p.relative_to(site).as_posix()).startswith(prefix) for prefix in SEARCH_FILES[engine])]
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files),
            "gzip": sum(gzip_size(p.read_bytes()) for p in files)}


def table(results: dict) -> str:
    rows = ["| engine | server | first query after load (median / max) | later queries (median / max; over 50 ms) | "
            f"first screen of `{results.get('broadest_query', '?')}`, index loaded (median / max) | "
            "first-visit search data, gzip (median / max) | whole index on disk (files, gzip) |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    for server, engines in results["servers"].items():
        for engine, r in engines.items():
            s = r["summary"]
            size = results["index"][engine]
            screen = (f"{s['first_screen_ms_median']:.0f} / {s['first_screen_ms_max']:.0f} ms "
                      f"({s['first_screen_what']})" if "first_screen_ms_median" in s else "not measured")
            rows.append(f"| {engine} | {server} | {s['first_ms_median']:.0f} / {s['first_ms_max']:.0f} ms | "
                        f"{s['later_ms_median']:.0f} / {s['later_ms_max']:.0f} ms; "
                        f"{s['later_over_50_ms']} of {s['later_count']} | {screen} | "
                        f"{s['first_visit_gzip_median'] / 1024:.0f} / {s['first_visit_gzip_max'] / 1024:.0f} KB | "
                        f"{size['files']} files, {size['gzip'] / 1024:.0f} KB |")
    return "\n".join(rows)


def doc_section(results: dict, level: str = "##") -> str:
    """The generated section of docs/maintain.md (How search works) and docs/benchmark.md: the table, how it was
    measured, and ours behind TCP_NODELAY against the targets of issue 15."""
    ours = results["servers"].get("http.server + TCP_NODELAY", {}).get("ours", {}).get("summary")
    lines = [DOC_BEGIN, "", f"{level} 搜索速度与数据量 Search speed and size", "",
             "Generated by `.venv/bin/python -m bench.search_bench --write-doc` from `bench/results/search.json`; "
             "do not edit by hand.", "", table(results), "",
             f"Measured {results.get('date', 'before 2026-12')} on {results.get('cpus', '?')} CPUs "
             f"(load average {results['load_average_before'][0]:.1f} before, "
             f"{results['load_average_after'][0]:.1f} after), Chromium {results.get('chromium', '?')} headless, "
             f"page `{results['page']}`. Each engine: {results['runs']} first visits with a fresh browser context "
             f"(first queries: {', '.join(FIRST_QUERIES)}), each followed by {len(LATER_QUERIES)} later queries in "
             "that page and then the broadest query for the first screen. Results count as shown when the "
             "engine's result list has its new entries. First-visit data: the search files downloaded for the "
             "load and one query, gzip-compressed. Pagefind ran in its non-extended mode, which does not "
             "segment Chinese: its times and sizes are comparable, its results for Chinese words are not."]
    if ours:
        verdict = [
            ("first query after load", ours["first_ms_max"], TARGETS["first_ms"], "ms"),
            ("later queries", ours["later_ms_max"], TARGETS["later_ms"], "ms"),
            ("first screen of the broadest query", ours.get("first_screen_ms_max", float("nan")),
             TARGETS["first_screen_ms"], "ms"),
            ("first-visit search data", ours["first_visit_gzip_max"] / 1024, TARGETS["first_visit_kb"], "KB"),
        ]
        lines += ["", "Ours behind `TCP_NODELAY` against the targets (the maximum of the runs): " + "; ".join(
            f"{name} {value:.0f} {unit} (target {target}: {'met' if value <= target else 'missed'})"
            for name, value, target, unit in verdict) + "."]
        busy = max(results["load_average_before"][0], results["load_average_after"][0])
        if busy > (results.get("cpus") or 1):
            lines += ["", f"The machine was busy with other work (load average up to {busy:.1f} on "
                      f"{results.get('cpus')} CPUs): the browser, the server and the search competed for the CPUs, "
                      "so times, the maxima most, are longer than on a quiet machine; sizes are not affected."]
    return "\n".join(lines + ["", DOC_END])


def write_docs(results: dict) -> None:
    """Put the generated section into each of DOCS: between its markers, or at the end of a page without them."""
    for doc, level in DOCS.items():
        section = doc_section(results, level)
        text = doc.read_text(encoding="utf-8")
        doc.write_text(put_section(text, DOC_BEGIN, DOC_END, section), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="first visits per engine (fresh browser contexts)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "search.json")
    parser.add_argument("--write-doc", action="store_true",
                        help="write the table into docs/maintain.md and docs/benchmark.md (alone: from --out, no run)")
    parser.add_argument("--measure", action="store_true", help="with --write-doc: measure first")
    args = parser.parse_args(argv)
    if args.write_doc and not args.measure:
        write_docs(json.loads(args.out.read_text(encoding="utf-8")))
        return 0
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        sites = build_sites(Path(tmp))
        results = {"page": PAGE, "runs": args.runs, "machine": platform.platform(), "cpus": os.cpu_count(),
                   "date": time.strftime("%Y-%m-%d", time.gmtime()), "matches": query_matches(sites["ours"]),
                   "load_average_before": os.getloadavg(), "python": platform.python_version(),
                   "servers": {name: {} for name in SERVERS},
                   "index": {engine: index_size(site, engine) for engine, site in sites.items()}}
        results["broadest_query"] = broadest_query(results["matches"])
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            results["chromium"] = browser.version
            for name, start in SERVERS.items():
                for engine, site in sites.items():
                    server, url = start(site)
                    try:
                        results["servers"][name][engine] = measure(browser, engine, url, args.runs, site,
                                                                   results["broadest_query"])
                    finally:
                        server.shutdown()
            browser.close()
        results["load_average_after"] = os.getloadavg()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(table(results))
    if args.write_doc:
        write_docs(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
