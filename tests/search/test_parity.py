"""The JS worker (docs/assets/search/worker.js) against the Python tokenizer and engine, in Chromium."""
from __future__ import annotations

import pytest

from build_scripts.search.engine import Engine
from build_scripts.search.index import route_key
from build_scripts.search.tokenize import query_plan
from tests.search.test_graded import load_graded, ndcg, recall
from tests.search.test_recall import load_queries

pytestmark = pytest.mark.browser

EXTRA = ["", "   ", "A/RES/72/139 WHO", "S/RES/2167(2014)", "第 2167(2014)号决议", "（２０１４）", "E/RES/2017/9",
         "A/RES/S-10/2", "a/hrc/32/l.1", "HIV/AIDS", "COVID-19", "ASEAN's policies", "the", "Ⅲ", "㈠", "①",
         "2016/17", "52/12 A 和 B", "世界卫生组织和全民健康覆盖", "well-being", "2030年议程", "WHA71.1", "A/71/6"]


def test_tokenizer_parity(page, site_url):
    page.goto(site_url)
    page.evaluate("url => { window.__searchBase = url }", site_url + "search/")
    page.add_script_tag(url=site_url + "assets/search/worker.js")
    queries = [q["q"] for q in load_queries()] + EXTRA
    js = page.evaluate("""qs => qs.map(q => { const p = self.__search.queryPlan(q)
        return [p.required, p.optional, [...p.required, ...p.optional].map(self.__search.routeKey)] })""", queries)
    for query, (required, optional, routes) in zip(queries, js):
        plan = query_plan(query)
        assert (list(plan.required), list(plan.optional)) == (required, optional), query
        assert [route_key(t) for t in plan.required + plan.optional] == routes, query  # which shard holds a token


def test_worker_protocol_and_ranking_parity(page, site_url, built_site):
    """Material's SETUP/READY/QUERY/RESULT messages, and the same hits in the same order as engine.py, on a third
    of the recall set, a quarter of the graded set (whose nDCG@10 in the browser is printed) and edge cases."""
    page.goto(site_url)
    graded = load_graded()["queries"][::4]
    queries = [q["q"] for q in load_queries()][::3] + [q["q"] for q in graded] + ["不存在的词语", ""]
    results = page.evaluate("""async ([url, queries]) => {
        const worker = new Worker(url)
        // the next message of a type (for a query its final one: the first groups may come before, marked partial)
        const next = type => new Promise(resolve => {
            const on = ev => {
                if (ev.data.type === type && !(ev.data.data && ev.data.data.partial)) {
                    worker.removeEventListener("message", on)
                    resolve(ev.data)
                }
            }
            worker.addEventListener("message", on)
        })
        const early = await next(1)  // READY as soon as the worker runs (before SETUP) ...
        worker.postMessage({type: 0, data: {config: {}, docs: [], options: {}}})
        const ready = await next(1)  // ... and again in answer to SETUP
        const out = [early, ready]
        for (const q of queries) {
            worker.postMessage({type: 2, data: q})
            out.push(await next(3))
        }
        worker.terminate()
        return out
    }""", [site_url + "assets/search/worker.js", queries])
    assert results[0] == results[1] == {"type": 1}
    engine = Engine.from_dir(built_site / "search")
    shown: dict[str, list[str]] = {}
    for query, message in zip(queries, results[2:]):
        assert message["type"] == 3
        groups = message["data"]["items"]
        for group in groups:
            assert group, query
            for item in group:
                assert set(item) >= {"location", "title", "text", "score", "terms"}
            assert sum(1 for i in group if "#" not in i["location"]) == 1, f"{query}: one page per group"
        js = [i["location"] for group in groups for i in group if not i.get("added")]
        assert js == engine.search(query).locations(), query
        shown[query] = js[:10]
    scores = [(ndcg(shown[q["q"]], q["grades"]), recall(shown[q["q"]], q["grades"])) for q in graded]
    print(f"\nin Chromium, {len(graded)} graded queries: nDCG@10 = {sum(n for n, _ in scores) / len(scores):.4f}, "
          f"recall@10 = {sum(r for _, r in scores) / len(scores):.4f}")


def test_an_empty_query_is_answered_before_the_index_arrives(page, site_url):
    """Material sends an empty query as soon as the worker says READY. Had its answer waited for meta.json, it
    could come in after the reader typed the first query, and Material would show "no results" before the
    results. Here meta.json never arrives."""
    held = []
    page.context.route("**/search/meta.json*", lambda route: held.append(route))
    page.goto(site_url)
    answers = page.evaluate("""async url => {
        const worker = new Worker(url)
        const next = () => new Promise(resolve =>
            worker.addEventListener("message", ev => resolve(ev.data), {once: true}))
        const out = [await next()]
        for (const q of ["", "   "]) {
            worker.postMessage({type: 2, data: q})
            out.push(await Promise.race([next(), new Promise(r => setTimeout(() => r("no answer in 2 s"), 2000))]))
        }
        worker.terminate()
        return out
    }""", site_url + "assets/search/worker.js")
    assert held, "the worker asked for meta.json"
    assert answers == [{"type": 1}, {"type": 3, "data": {"items": []}}, {"type": 3, "data": {"items": []}}]
    for route in held:
        route.abort()
