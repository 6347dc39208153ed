/*
 * The header search box (Material's, with our worker): the true number of matching units and a link to the
 * results page ("查看全部 N 条结果 · all N results"), what a bare number was read as, and a search for text put in
 * without a keystroke. Loaded before Material's bundle (overrides/main.html), which starts the search on keyup
 * only: text pasted from the context menu, dropped, or committed by an input method fires no keyup.
 */
"use strict";
(() => {
  const ROOT = new URL("../../", document.currentScript.src)  // this file is assets/search/header.js
  let latest = null  // the worker's last RESULT data: {items, total, query, resolved, choices}

  // Listen to the messages of the search worker Material creates (before Material's own listener).
  const NativeWorker = window.Worker
  window.Worker = class extends NativeWorker {
    constructor(url, options) {
      super(url, options)
      if (String(url).includes("assets/search/worker.js"))
        this.addEventListener("message", ev => {
          if (ev.data && ev.data.type === 3 && ev.data.data) latest = ev.data.data
        })
    }
  }

  const esc = text => text.replace(/[&<>"']/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})[c])

  /** Material has written its count ("10 个符合条件的结果", the pages shown): write the true one and the link. */
  function rewrite(meta) {
    const data = latest
    if (!data || !data.total || meta.querySelector(".gh-all")) return
    const link = `${ROOT}search/?q=${encodeURIComponent(data.query)}`
    let html = `${data.total} 个符合条件的结果 <a class="gh-all" href="${esc(link)}">查看全部 ${data.total} 条结果 · all ` +
      `${data.total} results</a>`
    if (data.resolved) html += ` <span class="gh-choices">按 ${esc(data.resolved.title || data.resolved.label)} 检索</span>`
    else if (data.choices && data.choices.length)
      html += ' <span class="gh-choices">您是否要找: ' + data.choices.map(s =>
        `<a href="${esc(ROOT + s.location)}">${esc(s.title || s.label)}</a>`).join(" · ") + "</span>"
    meta.innerHTML = html
  }

  function kick(input) {  // what Material listens to
    input.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true}))
  }

  /** Call `search` whenever text arrives in `input`: typed, pasted, dropped or committed by an input method (a
   *  composition's own input events wait for its end). A drop inserts its text here, so it always searches.
   *  Shared with the results page (results.js), whose box takes text the same ways. */
  function onTextPutIn(input, search) {
    input.addEventListener("input", ev => { if (!ev.isComposing) search() })
    input.addEventListener("compositionend", () => search())
    input.addEventListener("drop", ev => {
      const text = ev.dataTransfer && ev.dataTransfer.getData("text/plain")
      if (!text) return
      ev.preventDefault()
      input.focus()
      input.setRangeText(text, input.selectionStart, input.selectionEnd, "end")
      search()
    })
  }
  window.ghOnTextPutIn = onTextPutIn

  document.addEventListener("DOMContentLoaded", () => {
    const meta = document.querySelector(".md-search-result__meta")
    const input = document.querySelector(".md-search__input")
    if (!meta || !input) return
    new MutationObserver(() => rewrite(meta)).observe(meta, {childList: true, characterData: true, subtree: true})
    onTextPutIn(input, () => kick(input))
  })
})()
