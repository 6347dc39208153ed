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

/* ---------------------------------------------------------------- query forms (as query.py) */

const QUOTES = {'"': '"', "\u201c": "\u201d", "\u300c": "\u300d", "\u300e": "\u300f"}
const BARE = /^(?:(?:e?s-)?[0-9]{1,4}\/)?[0-9]{1,4}$/
const SPACE = "[ \t\r\n]*"

/** {text, phrases, bare}: as query.parse_query (quote marks out of the text, phrases as word lists). */
function parseQuery(query) {
  const chars = [...query]
  let text = ""
  const phrases = []
  for (let i = 0; i < chars.length; i++) {
    const close = QUOTES[normalize(chars[i])]
    if (close === undefined) {
      text += chars[i]
      continue
    }
    let end = i + 1
    while (end < chars.length && normalize(chars[end]) !== close) end++
    const inner = chars.slice(i + 1, end).join("")
    const words = normalize(inner).split(/\s+/).filter(Boolean)
    if (words.length) phrases.push(words)
    text += " " + inner + " "
    i = end
  }
  const compact = normalize(query).split(/\s+/).join("")
  return {text, phrases, bare: !phrases.length && BARE.test(compact) ? "bare:" + compact : ""}
}

/** The regular expression of a phrase over normalised text (as query.phrase_pattern). */
function phrasePattern(words) {
  const body = words.map(w => w.replace(/[.*+?^${}()|[\]\\\/]/g, "\\$&")).join(SPACE)
  const latin = /[a-z0-9]/
  return (latin.test(words[0][0]) ? "(?<![a-z0-9])" : "") + body +
    (latin.test(words[words.length - 1].slice(-1)) ? "(?![a-z0-9])" : "")
}

function hasPhrases(text, phrases) {
  const norm = normalize(text)
  return phrases.every(words => new RegExp(phrasePattern(words)).test(norm))
}

/** What a bare number that one symbol can mean is searched as (as query.symbol_query). */
function symbolQuery(symbol) {
  const norm = normalize(symbol)
  return scan(norm).filter(t => t.kind === "sym").map(t => norm.slice(t.start, t.end)).join(" ")
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
 * an exact-name token (and a bare-number token) with its first token, so a query's optional tokens share its
 * required tokens' shards. */
function routeKey(term) {
  if (term.startsWith("=") || term.startsWith("bare:")) {
    const toks = scan(term.slice(term.startsWith("=") ? 1 : 5))
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

/** Every doc matching a plan, best first: [{d, score, tier}]. */
async function ranked(meta, plan) {
  if (!plan.required.length) return []
  const req = await Promise.all(plan.required.map(async t => [t, await postings(meta, t)]))
  if (req.some(([, p]) => p.size === 0)) return []
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
  return scored
}

/** The first MAX_GROUPS pages of a ranked hit list, MAX_PER_GROUP hits each (as engine.search). */
function groupByPage(meta, scored) {
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

const CHOICE_TIER = 4  // the symbols a bare number can mean come first (as engine.CHOICE_TIER)

/** Every hit of a query, best first, with its query forms applied (as engine.collect):
 * {plan, hits, resolved, choices}; ``resolved`` and ``choices`` are entity docs ({d, label, title}). */
async function collect(meta, query) {
  const parsed = parseQuery(query)
  const symbols = parsed.bare ? await bareSymbols(meta, parsed.bare) : []
  if (symbols.length === 1) {
    const plan = queryPlan(symbolQuery(symbols[0].label))
    plan.phrases = []
    return {plan, hits: await ranked(meta, plan), resolved: symbols[0], choices: []}
  }
  const plan = queryPlan(parsed.text)
  plan.phrases = parsed.phrases
  let hits = await ranked(meta, plan)
  if (parsed.phrases.length) {
    const docs = await Promise.all(hits.map(h => loadDoc(meta, h.d)))
    hits = hits.filter((h, i) => hasPhrases(phraseText(meta, docs[i]), parsed.phrases))
  }
  if (symbols.length) {
    const first = new Set(symbols.map(s => s.d))
    hits = symbols.map(s => ({d: s.d, score: 0, tier: CHOICE_TIER})).concat(hits.filter(h => !first.has(h.d)))
  }
  return {plan, hits, resolved: null, choices: symbols.length > 1 ? symbols : []}
}

/** The entity docs a bare number can mean, in index order (as engine.bare_symbols). */
async function bareSymbols(meta, bare) {
  const ids = [...(await postings(meta, bare)).keys()].sort((a, b) => a - b)
  const docs = await Promise.all(ids.map(d => loadDoc(meta, d)))
  return docs.map(doc => ({d: doc.id, label: doc.label, title: doc.context || doc.pageTitle,
                           location: doc.url + (doc.anchor ? "#" + doc.anchor : "")}))
}

/** What a quoted phrase is looked for in (as engine.phrase_text). */
function phraseText(meta, doc) {
  return [doc.label, doc.text, meta.entity.has(doc.id) ? doc.context : ""].join("\n")
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
  for (const words of plan.phrases || [])
    for (const m of norm.matchAll(new RegExp(phrasePattern(words), "g"))) found.push([m.index, m.index + m[0].length])
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
  // An empty query is answered at once: Material sends one when the worker says READY, and an answer that
  // waited for meta.json would arrive after the reader's first query was typed, and show "no results".
  if (!queryPlan(parseQuery(query).text).required.length) return {items: []}
  const meta = await loadMeta()
  const found = await collect(meta, query)
  const plan = found.plan
  const [{groups, total}, forms] = await Promise.all([groupByPage(meta, found.hits), aliasFormsFor(plan)])
  // beyond Material's {items}: the true number of hits and what a bare number was read as (header.js shows them)
  const about = {total, query, resolved: found.resolved, choices: found.choices}
  const items = async list => {
    const docs = await Promise.all(list.map(members => Promise.all(members.map(s => loadDoc(meta, s.d)))))
    return docs.map((d, g) => groupItems(list[g], d, plan, forms))
  }
  const first = await items(groups.slice(0, FIRST_GROUPS))
  if (groups.length <= FIRST_GROUPS) return {items: first, ...about}
  if (early) early({items: first, partial: true, ...about})
  return {items: first.concat(await items(groups.slice(FIRST_GROUPS))), ...about}
}

/* ---------------------------------------------------------------- the results page (as engine.ResultsEngine) */

const FACETS = ["doc", "part", "kind", "type"]
let facetsPromise = null
const collected = new Map()  // query -> collect() promise, for the items of the results page (a few kept)

function loadFacets() {
  if (!facetsPromise) facetsPromise = loadMeta().then(meta => get("facets.json", meta.v))
  return facetsPromise
}

function collectCached(meta, query) {
  if (!collected.has(query)) {
    if (collected.size >= 4) collected.delete(collected.keys().next().value)
    collected.set(query, collect(meta, query))
  }
  return collected.get(query)
}

/** filter -> value of one doc (as engine.facet_values). */
function facetValues(meta, f, d) {
  const code = parseInt(f.kind[d], 36)
  const out = {kind: f.cat[code]}
  const place = f.run[bisectRight(meta.runStarts, d) - 1]
  if (place >= 0) {
    const [slug, , part] = f.places[place]
    out.doc = slug
    if (part) out.part = `${slug}/${part}`
  }
  if (f.types.includes(meta.kinds[code])) out.type = meta.kinds[code]
  return out
}

/** (group, sub-group) of a hit (as engine.group_key). */
function groupKey(v) {
  return v.doc !== undefined ? [`doc:${v.doc}`, v.part ? v.part.slice(v.part.indexOf("/") + 1) : ""]
    : ["entity", v.type || ""]
}

/**
 * The results page of a query: every hit left by ``filters`` ({filter: [values]}) in display order (doc ids),
 * the groups with their counts, each filter's values with counts (the other filters applied), the total before
 * filtering, and what a bare number was read as. ``order``: "rank" (groups in the order of their best hit) or
 * "doc" (reading order).
 */
async function results(query, filters, order) {
  const meta = await loadMeta()
  const [found, f] = await Promise.all([collectCached(meta, query), loadFacets()])
  const chosen = {}
  for (const [k, v] of Object.entries(filters || {})) if (v && v.length) chosen[k] = new Set(v)
  const passes = (v, skip) => Object.entries(chosen).every(([k, set]) => k === skip || set.has(v[k]))
  const facets = Object.fromEntries(FACETS.map(k => [k, {}]))
  let kept = []
  for (const h of found.hits) {
    const v = facetValues(meta, f, h.d)
    for (const k of FACETS)
      if (v[k] !== undefined && passes(v, k)) facets[k][v[k]] = (facets[k][v[k]] || 0) + 1
    if (passes(v)) kept.push([h.d, v])
  }
  if (order === "doc") kept.sort((a, b) => a[0] - b[0])
  const groups = new Map()
  for (const [d, v] of kept) {
    const [g, part] = groupKey(v)
    if (!groups.has(g)) groups.set(g, new Map())
    const parts = groups.get(g)
    if (!parts.has(part)) parts.set(part, [])
    parts.get(part).push(d)
  }
  const docs = [], out = []
  for (const [key, parts] of groups) {
    let count = 0
    const counts = []
    for (const [part, members] of parts) {
      docs.push(...members)
      count += members.length
      counts.push([part, members.length])
    }
    out.push({key, count, parts: counts})
  }
  return {docs, groups: out, facets, total: found.hits.length, resolved: found.resolved, choices: found.choices,
          places: f.places}
}

/** The results page's entries for some doc ids of a query: location, heading, kind and marked snippet. */
async function resultItems(query, ids) {
  const meta = await loadMeta()
  const found = await collectCached(meta, query)
  const [docs, forms] = await Promise.all([Promise.all(ids.map(d => loadDoc(meta, d))), aliasFormsFor(found.plan)])
  return docs.map(doc => {
    const ranges = markRanges(doc.text, found.plan, forms)
    const location = doc.url + (doc.anchor ? "#" + doc.anchor : "")
    const head = doc.anchor ? [doc.label, doc.label !== doc.context ? doc.context : ""].filter(Boolean).join(" · ")
      : doc.pageTitle
    const terms = found.plan.highlights.join(" ")
    return {d: doc.id, location, terms, kind: doc.kind, head: escapeHTML(head || doc.pageTitle),
            page: escapeHTML(doc.pageTitle), text: doc.text ? snippet(doc.text, ranges) : ""}
  })
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
  } else if (message.type === "results" || message.type === "items") {  // the results page (results.js)
    let data
    try {
      data = message.type === "results" ? await results(String(message.q || ""), message.filters, message.order)
        : await resultItems(String(message.q || ""), message.ids)
    } catch (err) {
      console.warn("search: results page query failed", err)
      data = {error: String(err)}
    }
    postMessage({type: message.type, seq: message.seq, data})
  }
})

/* For tests (tests/search/test_parity.py loads this file in a page and calls these). */
self.__search = {normalize, stem, scan, queryPlan, fnv1a, routeKey, search, ranked, rankDoc, loadMeta, markRanges,
                 parseQuery, phrasePattern, symbolQuery, results, resultItems}
