"""The search results page on the built site: what a first visit downloads and when its first screen is shown.

    .venv/bin/python -m bench.results_page [--site site] [QUERY ...]

For each query (default: the broadest ones), a fresh headless Chromium context opens ``search/?q=QUERY`` and
records every file below ``search/`` and ``assets/search/`` it loads, counted gzip-compressed (``gzip -6``, as a
server would send it), and the time from navigation start until the first screen of hits is in the page (the
list's ``data-query`` is set), then the same query again in the same page once the index shards are loaded.
Prints a Markdown table (the one in docs/maintain.md, How search works). Not part of the test suite.
"""
from __future__ import annotations

import argparse
import gzip
import statistics
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, serve

QUERIES = ["卫生", "发展", "联合国", "WHO", '"全民健康覆盖"', "70/1"]


def measure(browser, site_url: str, site: Path, query: str) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    files: set[str] = set()
    context.on("request", lambda r: files.add(urlsplit(r.url).path))
    page = context.new_page()
    wait = "q => document.querySelector('.gh-results__list').dataset.query === q"
    start = time.perf_counter()
    page.goto(f"{site_url}search/?q={quote(query)}")
    page.wait_for_function(wait, arg=query, timeout=30000)
    first = (time.perf_counter() - start) * 1000
    page.wait_for_load_state("networkidle")
    search_files = sorted(p for p in files if p.startswith(("/search/", "/assets/search/")) and not p.endswith("/"))
    size = sum(len(gzip.compress((site / p.lstrip("/")).read_bytes(), 6)) for p in search_files)
    again = []
    for _ in range(5):  # the same query again, index shards loaded: the page's own work
        page.evaluate("() => { document.querySelector('.gh-results__list').dataset.query = '' }")
        start = time.perf_counter()
        page.evaluate("q => { const f = document.querySelector('form[data-gh-results]'); f.elements.q.value = q;"
                      " f.requestSubmit() }", query)
        page.wait_for_function(wait, arg=query, timeout=30000)
        again.append((time.perf_counter() - start) * 1000)
    count = page.evaluate("() => +document.querySelector('.gh-results__list').dataset.total")
    context.close()
    return {"query": query, "hits": count, "files": len(search_files), "gzip_kb": size / 1024, "first_ms": first,
            "again_ms": statistics.median(again), "again_max_ms": max(again)}


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser()
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("queries", nargs="*", default=QUERIES)
    args = parser.parse_args()
    server, url = serve(args.site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            rows = [measure(browser, url, args.site, q) for q in args.queries]
            browser.close()
    finally:
        server.shutdown()
    print("| query | hits | first visit: search files, gzip | first screen after navigation | same query again (median / max) |")
    print("| --- | --- | --- | --- | --- |")
    for r in rows:
        print(f"| `{r['query']}` | {r['hits']} | {r['files']} files, {r['gzip_kb']:.0f} KB | {r['first_ms']:.0f} ms "
              f"| {r['again_ms']:.0f} / {r['again_max_ms']:.0f} ms |")


if __name__ == "__main__":
    main()
