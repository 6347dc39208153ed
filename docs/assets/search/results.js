/*
 * The search results page (docs/search.md, at search/?q=…): every hit of a query, grouped by document (and part)
 * and entity type with counts, filters as form controls, the state in the URL (?q=…&doc=…&part=…&kind=…&type=…
 * &order=doc), the first RESULTS_PAGE hits rendered and more on demand.
 *
 * It talks to its own instance of the search worker (worker.js: messages "results" and "items"), which computes
 * the hits, groups and filter counts as build_scripts/search/engine.py ResultsEngine does.
 *
 * This file runs in the page's content, before Material's bundle. Material opens its header search with any
 * ?q= it finds in the URL when it starts (and removes ?q= when that closes); so the query is taken out of the
 * URL here and put back once Material has started (on "load").
 */
"use strict";
(() => {
  const form = document.querySelector("form[data-gh-results]")
  if (!form) return
  const ROOT = new URL("../../", document.currentScript.src)  // this file is assets/search/results.js
  const RESULTS_PAGE = 50
  const FILTERS = ["doc", "part", "kind", "type"]
  const FILTER_LEGEND = {doc: "文献 Document", part: "部分 Part", kind: "单元类型 Kind of unit", type: "实体类型 Entity type"}
  const KIND_LABEL = {
    paragraph: "段落 paragraph", item: "条目 item", footnote: "脚注 footnote", cell: "表格单元格 table cell",
    mandate: "立法授权条目 mandate entry", heading: "标题 heading", page: "文献页面 document page",
    entity: "实体页面 entity page", term: "术语 glossary term",
  }
  const TYPE_LABEL = {
    actor: "行为体 actor", resolution: "决议 resolution", document: "引用文件 cited document", goal: "可持续发展目标 SDG",
    target: "具体目标 SDG target", programme: "方案 programme", term: "术语 glossary term",
  }
  const UNIT_LABEL = {
    paragraph: "段落", item: "条目", bullet: "条目", milestone: "条目", footnote: "脚注", cell: "表格", table: "表格",
    mandate: "授权", mandates: "授权", heading: "标题", page: "页面", actor: "行为体", resolution: "决议",
    document: "文件", goal: "目标", target: "具体目标", programme: "方案", term: "术语",
  }

  const input = form.elements.q
  const order = form.elements.order
  const filtersBox = form.querySelector(".gh-results__filters")
  const status = document.querySelector(".gh-results__status")
  const note = document.querySelector(".gh-results__note")
  const list = document.querySelector(".gh-results__list")
  const more = document.querySelector(".gh-results__more")
  const toggle = form.querySelector(".gh-results__toggle")
  function showFilters(open) {
    toggle.setAttribute("aria-expanded", String(open))
    filtersBox.hidden = !open
  }
  showFilters(matchMedia("(min-width: 45em)").matches)  // on a phone the filters start folded away
  toggle.addEventListener("click", () => showFilters(filtersBox.hidden))

  // Material must not see ?q= (see above): keep the query, restore the URL once Material has started.
  const initial = location.search
  if (new URLSearchParams(initial).has("q")) history.replaceState(history.state, "", location.pathname + location.hash)
  addEventListener("load", () => {
    if (initial && !location.search) history.replaceState(history.state, "", location.pathname + initial + location.hash)
  })

  const worker = new Worker(new URL("worker.js", document.currentScript.src))
  let seq = 0
  const waiting = new Map()
  worker.addEventListener("message", ev => {
    const {type, seq: n, data} = ev.data
    if ((type === "results" || type === "items") && waiting.has(n)) {
      waiting.get(n)(data)
      waiting.delete(n)
    }
  })
  const ask = message => new Promise(resolve => {
    const n = ++seq
    waiting.set(n, resolve)
    worker.postMessage({...message, seq: n})
  })

  /* ---------------------------------------------------------------- state <-> URL */

  function stateOf(search) {
    const params = new URLSearchParams(search)
    const filters = {}
    for (const f of FILTERS) filters[f] = params.getAll(f)
    return {q: params.get("q") || "", filters, order: params.get("order") === "doc" ? "doc" : "rank"}
  }

  function urlOf(state) {
    const params = new URLSearchParams()
    if (state.q) params.set("q", state.q)
    for (const f of FILTERS) for (const v of state.filters[f]) params.append(f, v)
    if (state.order === "doc") params.set("order", "doc")
    const query = params.toString()
    return location.pathname + (query ? "?" + query : "")
  }

  function stateOfForm() {
    const filters = {}
    for (const f of FILTERS)
      filters[f] = [...form.querySelectorAll(`input[name="${f}"]:checked`)].map(box => box.value)
    return {q: input.value.trim(), filters, order: order.value}
  }

  /* ---------------------------------------------------------------- rendering */

  const TITLE = document.title
  let current = null  // {state, data, shown, heads}: the query shown
  let runs = 0
  const esc = text => text.replace(/[&<>"']/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})[c])

  function documentTitle(places, slug) {
    const place = places.find(p => p[0] === slug)
    return place ? place[1] : slug
  }

  function partTitle(places, slug, part) {
    if (!part) return "概览 Overview"
    const place = places.find(p => p[0] === slug && p[2] === part)
    return place ? place[3] : part
  }

  function groupTitle(data, group) {
    return group.key === "entity" ? "实体页面 Entity pages" : documentTitle(data.places, group.key.slice(4))
  }

  function subTitle(data, group, part) {
    if (group.key === "entity") return TYPE_LABEL[part] || part
    return partTitle(data.places, group.key.slice(4), part)
  }

  /** [start position, kind ("group" | "part"), html] of every heading, by position in the hit list. */
  function headings(data) {
    const out = []
    let at = 0
    data.groups.forEach((group, g) => {
      out.push([at, "group", `<h2 class="gh-results__group" id="group-${g + 1}">${esc(groupTitle(data, group))}` +
        ` <span class="gh-results__count">${group.count}</span></h2>`])
      const several = group.key === "entity" || group.parts.some(([part]) => part)
      for (const [part, count] of group.parts) {
        if (several) out.push([at, "part", `<h3 class="gh-results__part">${esc(subTitle(data, group, part))}` +
          ` <span class="gh-results__count">${count}</span></h3>`])
        at += count
      }
    })
    return out
  }

  function facetLabel(filter, value, places) {
    if (filter === "doc") return documentTitle(places, value)
    if (filter === "part") {
      const [slug, part] = [value.slice(0, value.indexOf("/")), value.slice(value.indexOf("/") + 1)]
      return partTitle(places, slug, part)
    }
    return (filter === "kind" ? KIND_LABEL : TYPE_LABEL)[value] || value
  }

  /** Values of a filter in a stable order: places in reading order, kinds and types as listed above. */
  function facetOrder(filter, places) {
    if (filter === "doc") return [...new Set(places.map(p => p[0]))]
    if (filter === "part") return places.filter(p => p[2]).map(p => `${p[0]}/${p[2]}`)
    return Object.keys(filter === "kind" ? KIND_LABEL : TYPE_LABEL)
  }

  function renderFilters(state, data) {
    const focused = document.activeElement && document.activeElement.form === form
      ? [document.activeElement.name, document.activeElement.value] : null
    let html = ""
    for (const f of FILTERS) {
      const counts = data.facets[f]
      const values = facetOrder(f, data.places).filter(v => counts[v] || state.filters[f].includes(v))
      if (!values.length) continue
      html += `<fieldset class="gh-results__facet"><legend>${FILTER_LEGEND[f]}</legend>`
      for (const v of values)
        html += `<label><input type="checkbox" name="${f}" value="${esc(v)}"` +
          `${state.filters[f].includes(v) ? " checked" : ""}> ${esc(facetLabel(f, v, data.places))}` +
          ` <span class="gh-results__count">${counts[v] || 0}</span></label>`
      html += "</fieldset>"
    }
    const any = FILTERS.some(f => state.filters[f].length)
    if (any) html += '<button type="button" class="gh-results__clear md-button">清除筛选 Clear filters</button>'
    filtersBox.innerHTML = html
    if (focused) {
      const again = [...form.elements].find(el => el.name === focused[0] && el.value === focused[1])
      if (again) again.focus()
    }
  }

  function renderNote(data) {
    const symbol = s => `<a href="${esc(ROOT + s.location)}">${esc(s.title || s.label)}</a>`
    if (data.resolved) note.innerHTML = `按 ${symbol(data.resolved)} 检索 · Searched as this symbol`
    else if (data.choices.length) note.innerHTML = "您是否要找 · Did you mean: " + data.choices.map(symbol).join(" · ")
    else note.innerHTML = ""
    note.hidden = !note.innerHTML
  }

  function renderStatus(state, data) {
    if (!state.q) status.textContent = "输入检索词 · Type a query"
    else if (!data.total) status.textContent = `没有找到“${state.q}”· No results`
    else if (data.docs.length === data.total) status.textContent = `共 ${data.total} 条结果 · ${data.total} results`
    else status.textContent = `共 ${data.total} 条结果，筛选后 ${data.docs.length} 条 · ` +
      `${data.docs.length} of ${data.total} results`
  }

  function hitHTML(item) {
    const [path, fragment] = item.location.split("#")
    const href = ROOT + path + (item.terms ? "?h=" + encodeURIComponent(item.terms) : "") + (fragment ? "#" + fragment : "")
    const page = item.head !== item.page ? `<span class="gh-hit__page">${item.page}</span>` : ""
    return `<li class="gh-hit"><a class="gh-hit__link" href="${esc(href)}">${item.head}</a>` +
      ` <span class="gh-hit__kind">${esc(UNIT_LABEL[item.kind] || item.kind)}</span>${page}` +
      (item.text ? `<p class="gh-hit__text">${item.text}</p>` : "") + "</li>"
  }

  /** Render the next RESULTS_PAGE hits (with the headings of the groups they open); focus the first if asked. */
  async function showMore(focusFirst) {
    const view = current
    const ids = view.data.docs.slice(view.shown, view.shown + RESULTS_PAGE)
    if (!ids.length) return
    more.disabled = true
    const items = await ask({type: "items", q: view.state.q, ids})
    more.disabled = false
    if (view !== current || items.error) return
    const first = list.querySelectorAll(".gh-hit").length
    let ol = list.lastElementChild && list.lastElementChild.tagName === "OL" ? list.lastElementChild : null
    items.forEach((item, i) => {
      const at = view.shown + i
      const heads = view.heads.filter(h => h[0] === at)
      if (heads.length || !ol) {  // a new group or part: its headings, then a new list numbered on
        list.insertAdjacentHTML("beforeend", heads.map(h => h[2]).join(""))
        ol = document.createElement("ol")
        ol.className = "gh-results__hits"
        ol.start = at + 1
        list.append(ol)
      }
      ol.insertAdjacentHTML("beforeend", hitHTML(item))
    })
    view.shown += items.length
    const left = view.data.docs.length - view.shown
    more.hidden = left <= 0
    more.textContent = `显示更多（还有 ${left} 条）· Show ${Math.min(left, RESULTS_PAGE)} more`
    if (focusFirst) {
      const link = list.querySelectorAll(".gh-hit__link")[first]
      if (link) link.focus()
    }
  }

  /** Run a state: ask the worker, render status, filters, note and the first hits. */
  async function run(state) {
    order.value = state.order
    document.title = (state.q ? `${state.q} · ` : "") + TITLE
    const mine = ++runs
    const data = await ask({type: "results", q: state.q, filters: state.filters, order: state.order})
    if (mine !== runs) return  // a later query or filter is on its way
    if (data.error) {
      status.textContent = "检索失败 · The search failed: " + data.error
      return
    }
    current = {state, data, shown: 0, heads: headings(data)}
    renderStatus(state, data)
    renderFilters(state, data)
    renderNote(data)
    list.innerHTML = ""
    more.hidden = true
    await showMore(false)
    if (mine !== runs) return
    // what is shown, for scripts and tests: the query, every hit and those the filters leave
    Object.assign(list.dataset, {query: state.q, total: data.total, count: data.docs.length})
  }

  /* ---------------------------------------------------------------- events */

  let timer = 0
  function changed(push) {
    clearTimeout(timer)
    const state = stateOfForm()
    const url = urlOf(state)
    if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url)
    run(state)
  }
  function typed() {  // a query typed, pasted, dropped or composed: search once the reader pauses
    clearTimeout(timer)
    timer = setTimeout(() => changed(false), 250)
  }

  form.addEventListener("submit", ev => {
    ev.preventDefault()
    changed(true)
  })
  // header.js (on every page, after this page's content) shares the handler of text put in without a keystroke
  document.addEventListener("DOMContentLoaded", () => window.ghOnTextPutIn(input, typed))
  form.addEventListener("change", ev => {
    if (ev.target === input) return
    changed(true)
  })
  filtersBox.addEventListener("click", ev => {
    if (!ev.target.classList.contains("gh-results__clear")) return
    for (const box of form.querySelectorAll(".gh-results__filters input:checked")) box.checked = false
    changed(true)
  })
  more.addEventListener("click", () => showMore(true))
  addEventListener("popstate", () => {
    const state = stateOf(location.search)
    input.value = state.q
    run(state)
  })

  const state = stateOf(initial)
  input.value = state.q
  // Hold the space of the first screen of hits until they are in, so that the text below does not jump down
  // under the reader's eyes (Lighthouse measured a layout shift of 0.5 without).
  if (state.q) list.style.minHeight = "100vh"
  run(state).finally(() => { list.style.minHeight = "" })
})()
