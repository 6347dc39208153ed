/* Global Health Governance Corpus: the copy-citation control on every citable block.
 * Works offline (no requests); keyboard accessible (buttons, Escape closes, focus returns). The menu shows each
 * style's citation before it is copied; a confirmation (role=status) stays about two seconds after. */
(function () {
  "use strict";

  var ZH = {
    para: "第 {n} 段", point: "({n}) 项", item: "第 {n} 项", fn: "脚注 {n}", sec: "第 {n} 节", chp: "第 {n} 章",
    subprog: "次级方案 {n}", ea: "预期成绩 ({n})", ind: "绩效指标 {n}", area: "行动领域 {n}", action: "重点行动 {n}",
    milestone: "里程碑", table: "表 {n}", row: "第 {n} 行", entry: "第 {n} 项", group: "第 {n} 组", mandates: "立法授权",
    objective: "本组织的目标", summary: "摘要", abstract: "英文摘要", preface: "前言", priorities: "优先事项",
    hdg: "标题 {n}", note: "附注 {n}", cover: "封面", intro: "导言", prog: "方案 {n}", list: "列表 {n}", target: "具体目标 {n}"
  };
  var EN = {
    para: "para. {n}", point: "({n})", item: "item {n}", fn: "footnote {n}", sec: "section {n}", chp: "chapter {n}",
    subprog: "subprogramme {n}", ea: "expected accomplishment ({n})", ind: "indicator {n}", area: "action area {n}",
    action: "key action {n}", milestone: "milestone", table: "table {n}", row: "row {n}", entry: "entry {n}",
    group: "group {n}", mandates: "legislative mandates", objective: "objective", summary: "summary",
    abstract: "abstract", preface: "foreword", priorities: "priorities", hdg: "heading {n}", note: "note {n}",
    cover: "cover", intro: "introduction", prog: "programme {n}", list: "list {n}", target: "target {n}"
  };
  var DOTTED = { para: 1, sec: 1, target: 1 };

  function locator(id, labels, sep) {
    return id.split("__").map(function (part) {
      var m = /^([a-z]+)(?:_(.+))?$/.exec(part);
      if (!m || !labels[m[1]]) return part;
      var n = m[2] || "";
      if (DOTTED[m[1]]) n = n.replace(/-/g, ".");
      return labels[m[1]].replace("{n}", n);
    }).join(sep);
  }

  function permanentUrl(id) {
    var canonical = document.querySelector('link[rel="canonical"]');
    var base = canonical ? canonical.href : location.href.split("#")[0];
    return base.split("#")[0] + "#" + id;
  }

  function citation(id, lang) {
    var d = (document.querySelector(".cite-data") || { dataset: {} }).dataset;
    var url = permanentUrl(id);
    if (lang === "zh") {
      var zh = ["《" + (d.titleZh || document.title) + "》"];
      if (d.symbol) zh.push(d.symbol);
      if (d.part) zh.push(d.part);
      zh.push(locator(id, ZH, "，"));
      return zh.join("，") + "。" + url;
    }
    var en = [d.titleEn || d.titleZh || document.title];
    if (d.symbol) en.push(d.symbol);
    if (d.partEn || d.part) en.push(d.partEn || d.part);
    en.push(locator(id, EN, ", "));
    return en.join(", ") + ". " + url;
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } finally { document.body.removeChild(area); }
    return Promise.resolve();
  }

  function closeMenus(except) {
    document.querySelectorAll(".cite-menu").forEach(function (menu) {
      if (menu === except) return;
      var button = menu.previousElementSibling;
      if (button) button.setAttribute("aria-expanded", "false");
      topBlock(menu).classList.remove("cite-open");
      menu.remove();
    });
  }

  var STYLES = [
    { lang: "zh", label: "复制中文引文", copied: "已复制中文引文" },
    { lang: "en", label: "Copy English citation", copied: "Copied the English citation" }
  ];
  var TOAST_MS = 2000;  /* how long the confirmation stays (it is also announced: role=status) */
  var toastTimer = null;

  /* One confirmation for the page, outside the menu (which closes on copy), present from the start so that
   * screen readers announce each change of its text. */
  function toast() {
    var el = document.querySelector(".cite-toast");
    if (!el) {
      el = document.createElement("div");
      el.className = "cite-toast";
      el.setAttribute("role", "status");
      el.setAttribute("aria-live", "polite");
      document.body.appendChild(el);
    }
    return el;
  }

  function confirmCopied(style, text) {
    var el = toast();
    el.textContent = "";
    var head = document.createElement("strong");
    head.textContent = "✓ " + style.copied;
    var body = document.createElement("span");
    body.className = "cite-toast-text";
    body.lang = style.lang;
    body.textContent = text;
    el.append(head, body);
    el.classList.add("shown");
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { el.classList.remove("shown"); el.textContent = ""; }, TOAST_MS);
  }

  /* The menu: each style's citation as it will be copied (a preview), with its copy button. */
  function openMenu(button, id) {
    closeMenus();
    var menu = document.createElement("span");
    menu.className = "cite-menu";
    menu.setAttribute("role", "group");
    menu.setAttribute("aria-label", "复制引用 Copy citation");
    STYLES.forEach(function (style) {
      var text = citation(id, style.lang);
      var row = document.createElement("span");
      row.className = "cite-choice";
      var preview = document.createElement("span");
      preview.className = "cite-preview";
      preview.lang = style.lang;
      preview.textContent = text;
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = style.label;
      b.dataset.lang = style.lang;
      preview.id = "cite-preview-" + style.lang;
      b.setAttribute("aria-describedby", preview.id);
      b.addEventListener("click", function () {
        copy(text).then(function () {
          document.documentElement.dataset.lastCitation = text;
          confirmCopied(style, text);
          closeMenus();
          button.focus();
        });
      });
      row.append(b, preview);
      menu.appendChild(row);
    });
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { closeMenus(); button.focus(); }
    });
    button.after(menu);
    topBlock(menu).classList.add("cite-open");  /* the menu overhangs its block: no clipping while open (corpus.css) */
    button.setAttribute("aria-expanded", "true");
    menu.querySelector("button").focus();
  }

  /* A unit's control is made when the unit comes near the screen (IntersectionObserver, one screen ahead and behind)
   * or when the keyboard focus enters it, not for every unit at load: a long programme page has about 700 units,
   * and a button for each was ~700 elements and one long task on a phone. Every unit a reader can see or reach
   * has its control; clicks are handled by one listener for the page. */
  var UNITS = ".md-typeset .blk[id], .md-typeset td[id], .md-typeset td > p[id], .md-typeset .mandate-list li[id]";
  var NEAR = 1;  /* screens above and below the visible one whose units get their control in advance */

  function isUnit(el) { return el.tagName !== "TABLE" && el.tagName !== "DIV"; }
  function topBlock(el) { return el.closest(".md-typeset > *") || el; }

  function addButton(el) {
    if (el.querySelector(":scope > .cite-btn")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "cite-btn";
    button.setAttribute("aria-label", "复制引用 Copy citation: " + el.id);
    button.setAttribute("aria-expanded", "false");
    el.appendChild(button);
  }

  function addButtonsNearTheScreen() {
    var units = Array.prototype.filter.call(document.querySelectorAll(UNITS), isUnit);
    var height = window.innerHeight, later = [];
    function isNear(el) {
      var box = el.getBoundingClientRect();
      return box.bottom >= -NEAR * height && box.top <= (NEAR + 1) * height;
    }
    /* Units already near the screen get their control now, before the first paint (no layout shift);
       the others when they come near. All the reads, then the writes. A unit's top-level block is read first:
       the browser skips the layout of blocks far from the screen (corpus.css, content-visibility), and reading
       a box inside one of them would lay it out. */
    var blocks = units.map(topBlock), blockNear = new Map();
    blocks.forEach(function (block) { if (!blockNear.has(block)) blockNear.set(block, isNear(block)); });
    var near = units.map(function (el, i) { return blockNear.get(blocks[i]) && (el === blocks[i] || isNear(el)); });
    units.forEach(function (el, i) { if (near[i]) addButton(el); else later.push(el); });
    if (!("IntersectionObserver" in window)) { later.forEach(addButton); return; }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { addButton(entry.target); observer.unobserve(entry.target); }
      });
    }, { rootMargin: NEAR * 100 + "% 0px" });
    later.forEach(function (el) { observer.observe(el); });
  }

  /* The keyboard can reach a unit before it is scrolled to (focus() on its number, a screen reader's focus):
     its control is there before the next key press. */
  document.addEventListener("focusin", function (event) {
    var unit = event.target.closest ? event.target.closest(UNITS) : null;
    if (unit && isUnit(unit)) addButton(unit);
  });

  function toggleMenu(button) {
    if (button.getAttribute("aria-expanded") === "true") { closeMenus(); return; }
    openMenu(button, button.parentElement.id);
  }

  function labelSearchDialog() {  /* Material's search overlay is role="dialog" without a name (axe: aria-dialog-name) */
    var dialog = document.querySelector('.md-search[role="dialog"]');
    if (dialog && !dialog.hasAttribute("aria-label") && !dialog.hasAttribute("aria-labelledby")) {
      dialog.setAttribute("aria-label", "搜索 Search");
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".cite-btn");
    if (button) toggleMenu(button);
    else if (!event.target.closest(".cite-menu")) closeMenus();
  });
  function ready() { addButtonsNearTheScreen(); labelSearchDialog(); toast(); }
  /* Deferred (overrides/main.html): this runs before DOMContentLoaded; the controls are made after Material's
     components have mounted, when the layout they read is already computed. */
  if (document.readyState === "complete") ready();
  else document.addEventListener("DOMContentLoaded", ready);
  window.corpusCitation = citation;
})();

/* Anchor aliases: a citation to an id that moved still lands on its new place (see corpus/anchors/aliases.yml),
   also an id of a list that is now paged. */
(function () {
  "use strict";
  function sitePath() {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    var root = new URL(base.replace(/\/?$/, "/"), location.href);
    return { root: root, path: location.pathname.slice(root.pathname.length) };
  }
  function follow() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id || document.getElementById(id)) return;
    var here = sitePath();
    var target = ((window.CORPUS_ANCHOR_ALIASES || {})[here.path] || {})[id];
    if (target) return location.replace(new URL(target, here.root).href);
    /* A paged list (build_scripts/render/paging.py): the first page maps the ids now on a later page. */
    var moved = document.getElementById("corpus-moved-ids");
    var page = moved && JSON.parse(moved.textContent)[id];
    if (page) location.replace(new URL(page, location.href).href.split("#")[0] + "#" + encodeURIComponent(id));
  }
  window.addEventListener("hashchange", follow);
  follow();
})();

/* Tooltips of mention links and glossary terms (a[data-tip], render/inline.py): one delegated listener and one
   tooltip element for the whole page, made on first use. A theme feature that prepared a tooltip for every
   title attribute at load cost seconds of script on long pages; this costs nothing until a reader points. */
(function () {
  "use strict";
  var tip = null, owner = null;
  function element() {
    if (!tip) {
      tip = document.createElement("div");
      tip.id = "corpus-tip";
      tip.className = "corpus-tip";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      document.body.appendChild(tip);
    }
    return tip;
  }
  function show(link) {
    var el = element(), box = link.getBoundingClientRect();
    owner = link;
    el.textContent = link.getAttribute("data-tip");
    el.hidden = false;
    link.setAttribute("aria-describedby", el.id);
    var width = el.offsetWidth, height = el.offsetHeight, margin = 8;
    var left = Math.min(Math.max(margin, box.left), document.documentElement.clientWidth - width - margin);
    var top = box.bottom + margin + height > window.innerHeight && box.top - margin - height > 0
      ? box.top - margin - height : box.bottom + margin;
    el.style.left = Math.max(margin, left) + window.scrollX + "px";
    el.style.top = top + window.scrollY + "px";
  }
  function hide() {
    if (!tip || !owner) return;
    tip.hidden = true;
    owner.removeAttribute("aria-describedby");
    owner = null;
  }
  function tipped(event) {
    return event.target.closest ? event.target.closest("a[data-tip]") : null;
  }
  document.addEventListener("mouseover", function (event) {
    var link = tipped(event);
    if (link && link !== owner) show(link);
    else if (!link && owner && !(tip && tip.contains(event.target))) hide();
  });
  document.addEventListener("focusin", function (event) {
    var link = tipped(event);
    if (link) show(link); else hide();
  });
  document.addEventListener("focusout", function (event) { if (tipped(event) === owner) hide(); });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") hide(); });
  /* No scroll listener: the tooltip is placed in page coordinates and scrolls with its link. */
})();

/* A link to an id lands on it. The blocks of a long page are laid out when they come near the screen
   (corpus.css, content-visibility); until then they hold an estimated height. The browser scrolls to the
   target once, and the blocks then shown around it take their real heights, which can move the target away
   (most near the end of a page). So the target is brought back until it stays put, for a few frames after
   load or a jump, unless the reader has started to scroll. */
(function () {
  "use strict";
  var FRAMES = 20, readerMoved = false;
  ["wheel", "touchstart", "keydown", "mousedown"].forEach(function (type) {
    window.addEventListener(type, function () { readerMoved = true; }, { passive: true });
  });
  function target() {
    var id = decodeURIComponent(location.hash.slice(1));
    return id ? document.getElementById(id) : null;
  }
  function holdTarget() {
    var el = target(), frames = FRAMES, last = null;
    if (!el) return;
    function place() { return el.getBoundingClientRect().top + "," + window.scrollY; }
    (function check() {
      if (readerMoved || frames-- <= 0 || el !== target()) return;
      if (place() !== last) { el.scrollIntoView(); last = place(); }
      requestAnimationFrame(check);
    })();
  }
  window.addEventListener("hashchange", function () { readerMoved = false; holdTarget(); });
  if (document.readyState === "complete") holdTarget();
  else window.addEventListener("load", holdTarget);
})();
