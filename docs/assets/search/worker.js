/*
 * Site search worker for Material for MkDocs' search box (replaces Material's lunr worker).
 *
 * Material's page script creates this worker from the "search" URL in the page's __config (set in
 * overrides/main.html) and talks to it with messages: {type: 0 SETUP, data: {config, docs, options}}
 * -> {type: 1 READY}; {type: 2 QUERY, data: "text"} -> {type: 3 RESULT, data: {items: [[item, ...], ...]}},
 * one inner array per page, each item {location, title, text, score, terms}; title and text are HTML.
 * This worker also says READY as soon as it runs, before SETUP (see the end of this file).
 *
 * The index is built at build time by build_scripts/search (see docs/search.md): a small meta file, term
 * shards by hash of a route key and doc-store shards, fetched on demand and kept. The tokenizer and the ranking below are the
 * same as build_scripts/search/tokenize.py and engine.py (tests/search/test_parity.py checks).
 */
"use strict";

// The index lives in search/ at the site root; this file is assets/search/worker.js (tests may set __searchBase).
const BASE = new URL(self.__searchBase || "../../search/", self.location.href);

/* ---------------------------------------------------------------- tokenizer */

const HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
const STOP = new Set(("a an and are as at be by for from in into is it its of on or that the this to was were " +
  "with").split(" "));
const TOKEN = new RegExp(
  "(?<ga>a/(?:res|dec)/(?<gas>(?:e?s-)?[0-9]+)/(?<gan>[0-9]+))" +
  "|(?<sc>s/res/(?<scn>[0-9]+) ?\\((?<scy>[0-9]{4})\\))" +
  "|(?<eco>e/(?:res|dec)/(?<ecy>[0-9]{4})/(?<ecn>[0-9]+))" +
  "|(?<whad>wha(?<whads>[0-9]+)\\((?<whadn>[0-9]+)\\))" +
  "|(?<whar>wha(?<whars>[0-9]+)\\.(?<wharn>[0-9]+))" +
  "|(?<doc>[a-z]{1,6}(?=(?:/[a-z0-9.\\-]+)*?/[a-z0-9.\\-]*[0-9])(?:/[a-z0-9](?:[a-z0-9.\\-]*[a-z0-9])?)+)" +
  "|(?<sess>(?<![a-z0-9/.])(?:e?s-)?[0-9]{1,4}/[0-9]{1,4}(?![a-z0-9/]))" +
  "|(?<scb>(?<![a-z0-9/.])(?<scbn>[0-9]{1,4}) ?\\((?<scby>(?:19[4-9]|20[0-9])[0-9])\\))" +
  "|(?<num>[0-9]+(?:\\.[0-9]+)*)" +
  "|(?<word>[a-z0-9]*[a-z][a-z0-9]*(?:'[a-z]+)?)" +
  `|(?<han>[${HAN}]+)`, "g")
const DOC_SUFFIX = /\/(?:rev|add|corr|amend)\.[0-9]+$/

const normCache = new Map()
function normChar(ch) {
  let n = normCache.get(ch)
  if (n === undefined) {
    n = ch.normalize("NFKC").toLowerCase()
    normCache.set(ch, n)
  }
  return n
}

/** Normalised text, and for each of its UTF-16 units the [start, end) of the source character. */
function normalizeMap(text) {
  let out = ""
  const from = []
  let i = 0
  for (const ch of text) {
    const n = normChar(ch)
    out += n
    for (let k = 0; k < n.length; k++) from.push([i, i + ch.length])
    i += ch.length
  }
  return [out, from]
}

function normalize(text) {
  let out = ""
  for (const ch of text) out += normChar(ch)
  return out
}

function undouble(w) {
  if (w.length > 3 && w[w.length - 1] === w[w.length - 2] && !"aeioulsz".includes(w[w.length - 1]))
    return w.slice(0, -1)
  return w
}

function stem(word) {
  let w = word
  if (w.endsWith("'s")) w = w.slice(0, -2)
  if (w.length <= 3) return w
  if (w.endsWith("ies") && w.length > 4) w = w.slice(0, -3) + "y"
  else if (w.endsWith("sses")) w = w.slice(0, -2)
  else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) w = w.slice(0, -1)
  if (w.endsWith("ing") && w.length > 5) w = undouble(w.slice(0, -3))
  else if (w.endsWith("ed") && w.length > 4) w = undouble(w.slice(0, -2))
  else if (w.endsWith("ly") && w.length > 5) w = w.slice(0, -2)
  if (w.endsWith("e") && w.length > 4) w = w.slice(0, -1)
  else if (w.endsWith("y") && w.length > 3) w = w.slice(0, -1) + "i"
  return w
}

function symTokens(g) {
  if (g.ga) return [`sym:${g.gas}/${g.gan}`]
  if (g.sc) return [`sym:${g.scn}(${g.scy})`]
  if (g.eco) return [`sym:${g.ecy}/${g.ecn}`]
  if (g.whad) return [`sym:wha${g.whads}(${g.whadn})`]
  if (g.whar) return [`sym:wha${g.whars}.${g.wharn}`]
  if (g.doc) {
    const out = [`sym:${g.doc}`]
    const base = g.doc.replace(DOC_SUFFIX, "")
    if (base !== g.doc) out.push(`sym:${base}`)
    return out
  }
  if (g.sess) return [`sym:${g.sess}`]
  if (g.scb) return [`sym:${g.scbn}(${g.scby})`]
  return []
}

/** Runs of a normalised text: {token, start, end, kind}; Han runs whole. */
function scan(norm) {
  const out = []
  TOKEN.lastIndex = 0
  let m
  while ((m = TOKEN.exec(norm)) !== null) {
    const g = m.groups
    const start = m.index, end = m.index + m[0].length
    if (g.num !== undefined) out.push({token: "num:" + g.num, start, end, kind: "num"})
    else if (g.word !== undefined) {
      if (!STOP.has(g.word)) out.push({token: stem(g.word), start, end, kind: "word"})
    } else if (g.han !== undefined) out.push({token: g.han, start, end, kind: "han"})
    else for (const t of symTokens(g)) out.push({token: t, start, end, kind: "sym"})
  }
  return out
}

function hanGrams(run) {
  if (run.length === 1) return [run]
  const out = []
  for (let i = 0; i < run.length - 1; i++) out.push(run.slice(i, i + 2))
  return out
}

function nameToken(text) {
  return "=" + normalize(text).split(/\s+/).filter(Boolean).join(" ")
}

/** {required, optional, highlights, words, han}: as tokenize.query_plan (plus what highlighting needs). */
function queryPlan(query) {
  const required = [], optional = [], highlights = [], words = [], han = []
  const norm = normalize(query)
  for (const tok of scan(norm)) {
    const raw = norm.slice(tok.start, tok.end)
    if (tok.kind === "han") {
      for (const g of hanGrams(tok.token)) if (!required.includes(g)) required.push(g)
      if (tok.token.length >= 3 && !optional.includes(tok.token)) optional.push(tok.token)
      if (!han.includes(tok.token)) han.push(tok.token)
    } else if (!required.includes(tok.token)) {
      required.push(tok.token)
      if (tok.kind === "word") words.push(tok.token)
    }
    if (!highlights.includes(raw)) highlights.push(raw)
  }
  if (required.length) optional.push(nameToken(query))
  return {required, optional, highlights, words, han}
}

/* ---------------------------------------------------------------- index files */

const MAX_GROUPS = 10      // result groups (pages), as engine.py
const MAX_PER_GROUP = 4    // docs per group, as engine.py
const FIRST_GROUPS = 4     // groups sent at once, before the doc shards of the others have arrived
const VISIBLE = 3          // docs per group shown before "more"

let metaPromise = null
const termShards = new Map()
const docShards = new Map()
let aliasPromise = null

function get(path, version, body = res => res.json()) {
  const url = new URL(path, BASE)
  if (version) url.searchParams.set("v", version)
  return fetch(url, version ? {} : {cache: "no-cache"}).then(res => {
    if (!res.ok) throw new Error(`${res.status} ${url}`)
    return body(res)
  })
}

function loadMeta() {
  if (!metaPromise)
    metaPromise = get("meta.json").then(meta => {
      meta.entity = new Set()
      for (const [a, b] of meta.ent) for (let i = a; i < b; i++) meta.entity.add(i)
      meta.runStarts = []
      let acc = 0
      for (const d of meta.runs) meta.runStarts.push(acc += d)
      return meta
    }).catch(err => {
      metaPromise = null  // try again with the next query
      throw err
    })
  return metaPromise
}

function fnv1a(text) {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h >>> 0
}

const HAN_ONLY = new RegExp(`^[${HAN}]+$`)

/** What decides a term's shard (as index.route_key): a Han word of 3+ characters goes with its first bigram,
 * an exact-name token with its first token, so a query's optional tokens share its required tokens' shards. */
function routeKey(term) {
  if (term.startsWith("=")) {
    const toks = scan(term.slice(1))
    if (!toks.length) return term
    return toks[0].kind === "han" ? hanGrams(toks[0].token)[0] : toks[0].token
  }
  if (term.length >= 3 && HAN_ONLY.test(term)) return term.slice(0, 2)
  return term
}

/** A term shard (as index.term_shard): {bytes, at: Map(term -> [start, end) of its postings in bytes)}. */
function readTermShard(buffer) {
  const bytes = new Uint8Array(buffer)
  const end = bytes.indexOf(0)
  const at = new Map()
  let pos = end + 1
  for (const line of new TextDecoder().decode(bytes.subarray(0, end)).split("\n").slice(0, -1)) {
    const tab = line.indexOf("\t")
    const length = +line.slice(tab + 1)
    at.set(line.slice(0, tab), [pos, pos + length])
    pos += length
  }
  return {bytes, at}
}

function termShard(meta, k) {
  if (!termShards.has(k))
    termShards.set(k, get(`t/${k}.bin`, meta.v, res => res.arrayBuffer()).then(readTermShard))
  return termShards.get(k)
}

/** Map(doc -> weight) from postings varints (as index.decode_postings). */
function decode(bytes, start, end) {
  const map = new Map()
  let doc = 0, n = 0, shift = 0
  for (let i = start; i < end; i++) {
    const byte = bytes[i]
    n += (byte & 0x7f) * 2 ** shift
    shift += 7
    if (byte < 0x80) {
      doc += Math.floor(n / 16)
      map.set(doc, n % 16)
      n = shift = 0
    }
  }
  return map
}

async function postings(meta, token) {
  const shard = await termShard(meta, fnv1a(routeKey(token)) % meta.terms)
  const range = shard.at.get(token)
  return range ? decode(shard.bytes, range[0], range[1]) : new Map()
}

function bisectRight(list, x) {
  let lo = 0, hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (x < list[mid]) hi = mid
    else lo = mid + 1
  }
  return lo
}

async function loadDoc(meta, i) {
  const k = bisectRight(meta.docs, i) - 1
  if (!docShards.has(k)) docShards.set(k, get(`d/${k}.json`, meta.v))
  const shard = await docShards.get(k)
  const rec = shard.d[i - meta.docs[k]]
  const page = shard.p.find(p => p[0] === rec[0])
  return {id: i, run: rec[0], anchor: rec[1], kind: meta.kinds[rec[2]], label: rec[3],
          context: shard.c[rec[4]], text: rec[5], url: page[1], pageTitle: page[2]}
}

function loadAlias() {
  if (!aliasPromise) aliasPromise = loadMeta().then(meta => get("alias.json", meta.v))
  return aliasPromise
}

/* ---------------------------------------------------------------- scoring (as engine.py tier, rank_doc) */

// Posting weights (build_scripts/search/index.py): text 1-3 (+3 in headings), alias 1-3, names NAME + the
// eighths of a name the token covers, keys and exact names KEY.
const NAME = 3, EIGHTHS = 8, KEY = 12

/** Ranking tier from the weights of the required tokens (engine.tier): 3 an entity named exactly by the query,
 * 2 an entity whose names hold every token and more than half of one name (or the query's whole Chinese run as
 * a word: namedWord), 1 an exact key, 0 the rest. */
function tier(entity, exactName, namedWord, weights) {
  if (entity && exactName) return 3
  let coverage = 0
  for (const w of weights) coverage += Math.min(Math.max(w - NAME, 0), EIGHTHS)
  if (entity && Math.min(...weights) > NAME && (namedWord || 2 * coverage > EIGHTHS)) return 2
  return Math.max(...weights) >= KEY ? 1 : 0
}

/** {tier, score} of a doc (engine.rank_doc): required [[idf, weight]], optional [[token, idf, weight]] of the
 * optional tokens it holds. An entity page the query does not name counts at most as a passage about it. */
function rankDoc(entity, required, optional) {
  const exactName = optional.some(([t]) => t.startsWith("="))
  const namedWord = optional.some(([t, , w]) => !t.startsWith("=") && w > NAME)
  const level = tier(entity, exactName, namedWord, required.map(([, w]) => w))
  const cap = entity && level < 2 ? NAME : KEY
  let score = 0
  for (const [idf, w] of required) score += idf * Math.min(w, cap)
  for (const [, idf, w] of optional) score += idf * Math.min(w, cap)
  return {tier: level, score}
}

/* ---------------------------------------------------------------- ranking (as engine.py) */

async function rank(meta, plan) {
  if (!plan.required.length) return {groups: [], total: 0}
  const req = await Promise.all(plan.required.map(async t => [t, await postings(meta, t)]))
  if (req.some(([, p]) => p.size === 0)) return {groups: [], total: 0}
  const opt = await Promise.all(plan.optional.map(async t => [t, await postings(meta, t)]))
  const n = meta.n
  req.sort((a, b) => a[1].size - b[1].size || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  const scored = []
  for (const d of req[0][1].keys()) {
    if (!req.every(([, p]) => p.has(d))) continue
    const matched = req.map(([, p]) => [Math.log(1 + n / p.size), p.get(d)])
    const also = opt.filter(([, p]) => p.has(d)).map(([t, p]) => [t, Math.log(1 + n / p.size), p.get(d)])
    scored.push({d, ...rankDoc(meta.entity.has(d), matched, also)})
  }
  scored.sort((a, b) => b.tier - a.tier || b.score - a.score || a.d - b.d)
  const groups = new Map()
  for (const s of scored) {
    const run = bisectRight(meta.runStarts, s.d) - 1
    if (!groups.has(run)) {
      if (groups.size >= MAX_GROUPS) continue
      groups.set(run, [])
    }
    const members = groups.get(run)
    if (members.length < MAX_PER_GROUP) members.push(s)
  }
  return {groups: [...groups.values()], total: scored.length}
}

/* ---------------------------------------------------------------- snippets */

function escapeHTML(text) {
  return text.replace(/[&<>"']/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})[c])
}

function findAll(hay, needle, out) {
  if (!needle) return false
  let found = false
  for (let i = hay.indexOf(needle); i !== -1; i = hay.indexOf(needle, i + needle.length)) {
    out.push([i, i + needle.length])
    found = true
  }
  return found
}

/** Ranges [start, end) of the source text to mark for a query plan (and Chinese alias forms). */
function markRanges(text, plan, aliasForms) {
  const [norm, from] = normalizeMap(text)
  const found = []
  const wanted = new Set(plan.required)
  for (const tok of scan(norm))
    if (tok.kind !== "han" && wanted.has(tok.token)) found.push([tok.start, tok.end])
  for (const run of plan.han)
    if (!findAll(norm, run, found))
      for (const g of hanGrams(run)) findAll(norm, g, found)
  for (const form of aliasForms) findAll(norm, normalize(form), found)
  found.sort((a, b) => a[0] - b[0] || b[1] - a[1])
  const merged = []
  for (const [s, e] of found) {
    const last = merged[merged.length - 1]
    if (last && s <= last[1]) last[1] = Math.max(last[1], e)
    else merged.push([s, e])
  }
  return merged.map(([s, e]) => [from[s][0], from[e - 1][1]])
}

function marked(text, ranges, begin, end) {
  let out = "", pos = begin
  for (const [s0, e0] of ranges) {
    const s = Math.max(s0, begin), e = Math.min(e0, end)
    if (e <= s) continue
    out += escapeHTML(text.slice(pos, s)) + "<mark>" + escapeHTML(text.slice(s, e)) + "</mark>"
    pos = e
  }
  return out + escapeHTML(text.slice(pos, end))
}

const SNIPPET = 140

function snippet(text, ranges) {
  if (text.length <= SNIPPET + 20) return marked(text, ranges, 0, text.length)
  let begin = ranges.length ? Math.max(0, ranges[0][0] - 30) : 0
  let end = Math.min(text.length, begin + SNIPPET)
  begin = Math.max(0, Math.min(begin, end - SNIPPET))
  if (begin > 0 && /[\udc00-\udfff]/.test(text[begin])) begin--
  if (end < text.length && /[\ud800-\udbff]/.test(text[end - 1])) end++
  return (begin > 0 ? "… " : "") + marked(text, ranges, begin, end) + (end < text.length ? " …" : "")
}

/* ---------------------------------------------------------------- results for Material */

async function aliasFormsFor(plan) {
  if (!plan.words.length) return []
  const alias = await loadAlias()
  const forms = []
  for (const [names, zh] of alias)
    if (names.some(tokens => plan.words.every(w => tokens.includes(w))))
      for (const z of zh) if (!forms.includes(z)) forms.push(z)
  return forms
}

function item(doc, plan, forms, score) {
  const ranges = markRanges(doc.text, plan, forms)
  const norm = normalize(doc.text)
  const terms = {}
  for (const h of plan.highlights) terms[h] = true
  for (const f of forms) if (norm.includes(normalize(f))) terms[f] = true
  const location = doc.url + (doc.anchor ? "#" + doc.anchor : "")
  let title, text
  if (doc.kind === "heading") {
    title = snippet(doc.text, ranges)
    text = ""
  } else {
    const head = doc.label && doc.label !== doc.context ? [doc.label, doc.context].filter(Boolean).join(" · ")
      : doc.context || doc.label
    title = escapeHTML(doc.anchor ? head || doc.pageTitle : doc.pageTitle)
    text = doc.text ? `<p>${snippet(doc.text, ranges)}</p>` : ""
  }
  return {location, title, text, score, terms}
}

function groupItems(members, docs, plan, forms) {
  const top = members[0].score + 100 * members[0].tier
  const out = members.map((s, i) => item(docs[i], plan, forms, i < VISIBLE ? top : top / 2))
  if (!docs.some(doc => !doc.anchor)) {
    const first = docs[0]
    out.push({location: first.url, title: escapeHTML(first.pageTitle), text: "", score: 0, terms: out[0].terms,
              added: true})  // the page, so Material has a group heading; not a hit itself
  }
  return out
}

/**
 * Results of a query: {items}. When there are more than FIRST_GROUPS groups, ``early`` is called first with
 * the first groups ({items, partial: true}) as soon as their doc shards are in; the doc shards of the other
 * groups are fetched only then, so that they do not share the connections (six per host) and the server
 * with the ones the first results wait for.
 */
async function search(query, early) {
  const plan = queryPlan(query)
  // An empty query is answered at once: Material sends one when the worker says READY, and an answer that
  // waited for meta.json would arrive after the reader's first query was typed, and show "no results".
  if (!plan.required.length) return {items: []}
  const meta = await loadMeta()
  const [{groups}, forms] = await Promise.all([rank(meta, plan), aliasFormsFor(plan)])
  const items = async list => {
    const docs = await Promise.all(list.map(members => Promise.all(members.map(s => loadDoc(meta, s.d)))))
    return docs.map((d, g) => groupItems(list[g], d, plan, forms))
  }
  const first = await items(groups.slice(0, FIRST_GROUPS))
  if (groups.length <= FIRST_GROUPS) return {items: first}
  if (early) early({items: first, partial: true})
  return {items: first.concat(await items(groups.slice(FIRST_GROUPS)))}
}

/* ---------------------------------------------------------------- messages */

let latest = 0

// The worker reads its own index and needs nothing from Material's SETUP, which Material sends only once it
// has fetched its search_index.json (a round trip after the page loads), and Material holds a typed query
// until the worker says READY. So: start loading the meta file and say READY as soon as the worker runs,
// and again on SETUP.
loadMeta().catch(err => console.warn("search: cannot load the index", err))
postMessage({type: 1})

addEventListener("message", async ev => {
  const message = ev.data
  if (message.type === 0) {             // SETUP: READY again (Material waits for one after SETUP)
    postMessage({type: 1})
  } else if (message.type === 2) {      // QUERY
    const seq = ++latest
    let data, done = false
    try {
      data = await search(String(message.data || ""), partial => {
        if (seq === latest && !done) postMessage({type: 3, data: partial})
      })
      done = true
    } catch (err) {
      console.warn("search: query failed", err)
      data = {items: []}
    }
    if (seq === latest) postMessage({type: 3, data})
  }
})

/* For tests (tests/search/test_parity.py loads this file in a page and calls these). */
self.__search = {normalize, stem, scan, queryPlan, fnv1a, routeKey, search, rank, rankDoc, loadMeta, markRanges}
