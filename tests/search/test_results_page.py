"""The results page (search/?q=…), the query forms in the worker, and the header box's count and input events,
in Chromium, against the Python engine (build_scripts/search/engine.py ResultsEngine) on the same index."""
from __future__ import annotations

from urllib.parse import parse_qs, quote, urlsplit

import pytest

from build_scripts.search.engine import ResultsEngine
from build_scripts.search.query import parse_query, phrase_pattern
from tests.search.test_query_forms import RESULTS_QUERIES, bare_token_docs

pytestmark = pytest.mark.browser

HEADER = "input.md-search__input"
RESULTS = "#gh-q"
FORM_QUERIES = ['"全民健康覆盖 东盟"', "“全民健康覆盖”", '"universal health coverage"', "2167", "２１６７", "70/1",
                "70 / 1", "4/1", '"health', "WHO 「卫生组织」"]


@pytest.fixture(scope="module")
def engine(built_site):
    return ResultsEngine.from_dir(built_site / "search")


def open_results(page, site_url, query: str, extra: str = "") -> None:
    page.goto(f"{site_url}search/?q={quote(query)}{extra}")
    wait_results(page, query)


def wait_results(page, query: str) -> None:
    page.wait_for_function("q => document.querySelector('.gh-results__list').dataset.query === q", arg=query,
                           timeout=10000)


def shown(page) -> dict:
    """What the page shows: total, count after filters, the hits' locations (site-relative) and group headings."""
    return page.evaluate("""root => {
        const list = document.querySelector('.gh-results__list')
        const heads = [...list.querySelectorAll('h2.gh-results__group')].map(h =>
            +h.querySelector('.gh-results__count').textContent)
        const hits = [...list.querySelectorAll('.gh-hit__link')].map(a => {
            const u = new URL(a.href)
            return u.pathname.slice(new URL(root).pathname.length) + u.hash })
        return {total: +list.dataset.total, count: +list.dataset.count, hits, heads,
                html: [...list.querySelectorAll('.gh-hit__text')].map(p => p.innerHTML)} }""",
                         page.url.split("search/")[0])


def locations(engine, docs) -> list[str]:
    out = []
    for d in docs:
        record, url, _ = engine.doc(d)
        out.append(url + (f"#{record[1]}" if record[1] else ""))
    return out


# -- the worker against the Python engine ------------------------------------------------------------------------


def test_query_forms_parity(page, site_url):
    page.goto(site_url)
    page.evaluate("url => { window.__searchBase = url }", site_url + "search/")
    page.add_script_tag(url=site_url + "assets/search/worker.js")
    texts = ["全民健康覆盖东盟", "全民健康覆盖 东盟", "universal health coverage", "universal healthy", "2167"]
    js = page.evaluate("""([qs, texts]) => qs.map(q => { const p = self.__search.parseQuery(q)
        return [p.text, p.phrases, p.bare, p.phrases.map(w => texts.map(t =>
            new RegExp(self.__search.phrasePattern(w)).test(self.__search.normalize(t))))] })""",
                       [FORM_QUERIES, texts])
    import re

    from build_scripts.search.tokenize import normalize
    for query, (text, phrases, bare, matches) in zip(FORM_QUERIES, js):
        parsed = parse_query(query)
        assert (parsed.text, [list(p) for p in parsed.phrases], parsed.bare) == (text, phrases, bare), query
        assert matches == [[bool(re.search(phrase_pattern(p), normalize(t))) for t in texts] for p in parsed.phrases]


def test_worker_results_equal_the_python_engine(page, site_url, engine):
    """Header results (Material's messages) and the results page's data, for plain queries and query forms."""
    page.goto(site_url)
    cases = [(q, {}, "rank") for q in RESULTS_QUERIES + FORM_QUERIES]
    first = engine.results("卫生")
    kind = max(first.facets["kind"], key=first.facets["kind"].get)
    cases += [("卫生", {"kind": [kind]}, "rank"), ("卫生", {"doc": list(first.facets["doc"])[:2]}, "doc")]
    got = page.evaluate("""async ([url, cases]) => {
        const worker = new Worker(url)
        const answer = (message, type) => new Promise(resolve => {
            const on = ev => { if (ev.data.type === type && !(ev.data.data && ev.data.data.partial)) {
                worker.removeEventListener('message', on); resolve(ev.data.data) } }
            worker.addEventListener('message', on)
            worker.postMessage(message) })
        const out = []
        for (const [q, filters, order] of cases) {
            const header = await answer({type: 2, data: q}, 3)
            const results = await answer({type: 'results', seq: 1, q, filters, order}, 'results')
            out.push([header.items.flat().filter(i => !i.added).map(i => i.location), header.total, results])
        }
        worker.terminate()
        return out }""", [site_url + "assets/search/worker.js", cases])
    for (query, filters, order), (header, total, results) in zip(cases, got):
        py = engine.search(query)
        assert header == py.locations() and total == py.total, query
        page_py = engine.results(query, {k: set(v) for k, v in filters.items()}, order)
        assert results["docs"] == list(page_py.docs), (query, filters)
        assert [(g["key"], g["count"], [tuple(p) for p in g["parts"]]) for g in results["groups"]] == \
            [(g.key, g.count, list(g.parts)) for g in page_py.groups], query
        assert results["facets"] == page_py.facets and results["total"] == page_py.total, query
        assert (results["resolved"] or {}).get("label", "") == page_py.resolved, query
        assert [c["label"] for c in results["choices"]] == list(page_py.choices), query


# -- the results page -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", RESULTS_QUERIES)
def test_results_page_lists_every_hit_grouped(page, site_url, engine, query):
    requests: list[str] = []
    page.context.on("request", lambda r: requests.append(r.url))  # the page's and its worker's
    open_results(page, site_url, query)
    assert any("/search/facets.json" in u for u in requests)
    assert all(u.startswith(site_url) or u.startswith(("data:", "blob:")) for u in requests), "works offline"
    expected = engine.results(query)
    seen = shown(page)
    assert seen["total"] == seen["count"] == expected.total
    assert seen["hits"] == locations(engine, expected.docs[:50]), "the first 50 hits, in the engine's order"
    assert seen["heads"] == [g.count for g in expected.groups][:len(seen["heads"])]
    assert any("<mark>" in html for html in seen["html"]), "the matches are marked in the snippets"
    assert parse_qs(urlsplit(page.url).query) == {"q": [query]}, "the query stays in the address"
    opened = page.evaluate("() => document.getElementById('__search').checked")
    assert not opened and page.input_value(HEADER) == "", "Material's header search did not take the ?q="
    assert not page.errors


def test_show_more_loads_the_next_hits(page, site_url, engine):
    query = "卫生"
    open_results(page, site_url, query)
    expected = engine.results(query)
    assert len(expected.docs) > 100
    page.click(".gh-results__more")
    page.wait_for_function("() => document.querySelectorAll('.gh-hit').length === 100")
    assert shown(page)["hits"] == locations(engine, expected.docs[:100])
    assert page.evaluate("() => document.activeElement === document.querySelectorAll('.gh-hit__link')[50]")
    heads = shown(page)["heads"]
    assert heads == [g.count for g in expected.groups][:len(heads)]


def test_filters_narrow_and_live_in_the_url(page, site_url, engine):
    query = "卫生"
    open_results(page, site_url, query)
    full = engine.results(query)
    slug = max(full.facets["doc"], key=full.facets["doc"].get)
    page.check(f"input[name=doc][value='{slug}']")
    page.wait_for_function("n => +document.querySelector('.gh-results__list').dataset.count === n",
                           arg=full.facets["doc"][slug])
    assert parse_qs(urlsplit(page.url).query) == {"q": [query], "doc": [slug]}
    narrowed = engine.results(query, {"doc": {slug}})
    assert shown(page)["hits"] == locations(engine, narrowed.docs[:50])
    assert all(h.startswith(f"documents/{slug}/") for h in shown(page)["hits"])
    kind = max(narrowed.facets["kind"], key=narrowed.facets["kind"].get)
    page.check(f"input[name=kind][value='{kind}']")
    both = engine.results(query, {"doc": {slug}, "kind": {kind}})
    page.wait_for_function("n => +document.querySelector('.gh-results__list').dataset.count === n",
                           arg=len(both.docs))
    assert shown(page)["hits"] == locations(engine, both.docs[:50])

    page.go_back()  # back: one filter
    page.wait_for_function("n => +document.querySelector('.gh-results__list').dataset.count === n",
                           arg=len(narrowed.docs))
    assert not page.is_checked(f"input[name=kind][value='{kind}']") and page.is_checked(f"input[name=doc][value='{slug}']")
    page.go_back()
    page.wait_for_function("n => +document.querySelector('.gh-results__list').dataset.count === n", arg=full.total)
    page.go_forward()
    page.wait_for_function("n => +document.querySelector('.gh-results__list').dataset.count === n",
                           arg=len(narrowed.docs))

    # the URL round trip: a fresh page from the address shows the same
    url = f"{site_url}search/?q={quote(query)}&doc={slug}&kind={kind}&order=doc"
    page.goto(url)
    wait_results(page, query)
    in_order = engine.results(query, {"doc": {slug}, "kind": {kind}}, "doc")
    assert shown(page)["hits"] == locations(engine, in_order.docs[:50])
    assert page.is_checked(f"input[name=kind][value='{kind}']") and page.input_value("#gh-order") == "doc"
    assert page.url == url
    assert not page.errors


def test_keyboard_only(page, site_url, engine):
    page.goto(site_url + "search/")
    page.focus(RESULTS)
    page.keyboard.type("WHO")
    page.keyboard.press("Enter")
    wait_results(page, "WHO")
    assert parse_qs(urlsplit(page.url).query) == {"q": ["WHO"]}
    for _ in range(40):  # Tab on to the first filter
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.type === 'checkbox'"):
            break
    box = page.evaluate("() => [document.activeElement.name, document.activeElement.value]")
    assert box[0] == "doc"
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none", "focus visible"
    page.keyboard.press("Space")
    expected = engine.results("WHO", {"doc": {box[1]}})
    page.wait_for_function("n => +document.querySelector('.gh-results__list').dataset.count === n",
                           arg=len(expected.docs))
    assert page.evaluate("() => [document.activeElement.name, document.activeElement.value]") == box, \
        "focus stays on the filter"
    assert parse_qs(urlsplit(page.url).query)["doc"] == [box[1]]


def test_bare_numbers_on_the_results_page(page, site_url, engine, built_site):
    tokens = bare_token_docs(built_site / "search")
    several = next(t for t, docs in sorted(tokens.items()) if len(docs) > 1)[len("bare:"):]
    open_results(page, site_url, several)
    links = page.eval_on_selector_all(".gh-results__note a", "els => els.map(a => a.getAttribute('href'))")
    pages = [engine.doc(d)[1] for d in tokens["bare:" + several]]
    assert len(links) == len(pages) >= 2
    assert all(urlsplit(link).path.endswith("/" + p) for link, p in zip(links, pages))
    assert page.inner_text(".gh-results__note").startswith("您是否要找")
    one = next(t for t, docs in sorted(tokens.items()) if len(docs) == 1)[len("bare:"):]
    open_results(page, site_url, one)
    assert page.inner_text(".gh-results__note").startswith("按 ")
    assert shown(page)["hits"][0] == engine.search(one).locations()[0]


# -- input without a keystroke: paste, drop, input-method composition -----------------------------------------


def paste(page, selector: str, text: str) -> None:
    """As a paste from the context menu: the text arrives in one input event, no key is pressed."""
    page.focus(selector)
    page.keyboard.insert_text(text)


def drop(page, selector: str, text: str) -> None:
    page.evaluate("""([sel, text]) => { const el = document.querySelector(sel)
        const data = new DataTransfer(); data.setData('text/plain', text)
        for (const type of ['dragenter', 'dragover', 'drop'])
            el.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: data})) }""",
                  [selector, text])


def compose(page, selector: str, text: str) -> None:
    """An input method: compositionstart, input events while composing (no search yet), compositionend."""
    page.evaluate("""([sel, text]) => { const el = document.querySelector(sel); el.focus()
        el.dispatchEvent(new CompositionEvent('compositionstart', {bubbles: true, data: ''}))
        el.value = 'wei'
        el.dispatchEvent(new InputEvent('input', {bubbles: true, isComposing: true, data: 'wei'}))
        el.value = text
        el.dispatchEvent(new InputEvent('input', {bubbles: true, isComposing: true, data: text}))
        el.dispatchEvent(new CompositionEvent('compositionend', {bubbles: true, data: text})) }""", [selector, text])


@pytest.mark.parametrize("put", [paste, drop, compose])
def test_header_box_searches_on_text_put_in_without_keys(page, site_url, engine, put):
    page.goto(site_url)
    page.click(HEADER)
    put(page, HEADER, "卫生")
    page.wait_for_selector(".md-search-result__meta .gh-all", timeout=5000)
    assert page.input_value(HEADER) == "卫生"
    total = engine.search("卫生").total
    meta = page.inner_text(".md-search-result__meta")
    assert meta.startswith(f"{total} 个符合条件的结果") and f"查看全部 {total} 条结果" in meta
    href = page.get_attribute(".md-search-result__meta .gh-all", "href")
    assert href == f"{site_url}search/?q={quote('卫生', safe='')}"
    assert page.locator(".md-search-result__link").count() > 0


@pytest.mark.parametrize("put", [paste, drop, compose])
def test_results_box_searches_on_text_put_in_without_keys(page, site_url, engine, put):
    page.goto(site_url + "search/")
    put(page, RESULTS, "全民健康覆盖")
    wait_results(page, "全民健康覆盖")
    assert shown(page)["total"] == engine.search("全民健康覆盖").total


def test_results_page_has_no_serious_accessibility_violations(page, site_url):
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser.test_accessibility import check
    open_results(page, site_url, "卫生", "&kind=paragraph")
    check(Axe(), page, "results page")
