"""Markup in corpus YAML never runs and always shows as the text it is.

A copy of the golden fixture corpus (tests/fixtures/golden), completed by tests/fixtures/injection so that it has
every field path the real corpus uses, gets a markup payload appended to EVERY free-text value of EVERY YAML
file (found by walking the YAML, so a new field is covered without touching this test); each value gets its own
tag, ``⟦F7⟧``, before the payload. Names are matched in the source text, so the sources get the same rewrite.
The site is built and every page whose HTML holds a tag is opened in Chromium: nothing may execute, no
event-handler attribute or script URL may come from the payload, and wherever a tag is shown (text, <title>,
attributes, SVG titles, search results, tooltips) the payload after it must read exactly as written.
"""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import stat
from pathlib import Path

import pytest
import yaml

from build_scripts.pipeline import ROOT, BuildPaths, build
from build_scripts.render.exports import SCHEMA
from tests.browser.test_tooltips import mark, shown_tooltip
from tests.conftest import serve

pytestmark = pytest.mark.browser

GOLDEN = ROOT / "tests" / "fixtures" / "golden"
OVERLAY = ROOT / "tests" / "fixtures" / "injection"

#: HTML that runs if unescaped anywhere (element content, attribute, <title>), a Markdown link with a script URL,
#: Markdown emphasis and code, an attr_list that would add a handler, and a table-cell separator.
#: No whitespace: glossary forms may not hold any.
PAYLOAD = ('"><img/src=x/onerror=window.__pwned=1><svg/onload=window.__pwned=1></title><script>window.__pwned=1'
           '</script>[x](javascript:window.__pwned=1)*em*_u_`c`{:onclick=window.__pwned=1}|#')

#: Values that are identifiers, enums, file names or URLs rather than text: ids, keys, slugs, statuses, parsers
#: (all lower-case ASCII without spaces), URLs (their scheme check is tests/test_bad_input.py's job, their
#: rendering is checked in tests/test_escaping.py) and the bases that name a source line or a reference file
#: (``printed 7-9``, ``reference reference/x.yml``; an ``inferred: REASON`` basis is text and gets the payload).
IDENTIFIER = re.compile(r"[a-z0-9][a-z0-9._/-]*|https?://\S+|printed \d+(?:-\d+)?|reference [a-z0-9._/-]+")

TAG = re.compile(r"⟦F\d+⟧")


def garbled(text: str) -> list[str]:
    """Where a tag in shown text is not followed by the payload as written: escaped twice, backslashes shown,
    Markdown applied. A snippet may cut the payload short (then it ends the line, perhaps with an ellipsis), and
    a shortened label (a general-index sub-entry) may cut it with an ellipsis that other text follows; what is
    shown before the cut must still be the payload's start as written (the payload holds no ellipsis)."""
    out = []
    for line in text.split("\n"):
        for m in TAG.finditer(line):
            rest = line[m.end():]
            cut = (rest.split("…", 1)[0] if "…" in rest else rest).rstrip()
            if not (rest.startswith(PAYLOAD) or PAYLOAD.startswith(cut)):
                out.append(line[m.start():m.start() + 160])
    return out


def yaml_files(corpus: Path) -> list[Path]:
    return sorted(corpus.glob("*.yml")) + sorted((corpus / "documents").glob("*.yml"))


def field_paths(data, prefix: str = "") -> set[str]:
    """Every path to a scalar in ``data``: ``.actors[].zh``, ``.notes[][]``."""
    if isinstance(data, dict):
        return set().union(*(field_paths(v, f"{prefix}.{k}") for k, v in data.items())) if data else set()
    if isinstance(data, list):
        return set().union(*(field_paths(v, prefix + "[]") for v in data)) if data else set()
    return {prefix} if data is not None else set()


def corpus_field_paths(corpus: Path) -> set[str]:
    """Field paths of every YAML file, per kind (every documents/*.yml counts as one kind)."""
    out = set()
    for path in yaml_files(corpus):
        kind = "documents/*.yml" if path.parent.name == "documents" else path.name
        out |= {kind + p for p in field_paths(yaml.safe_load(path.read_text(encoding="utf-8")))}
    return out


def assemble(target: Path) -> Path:
    """The golden fixture corpus with the overlay's YAML files and sources over it, writable."""
    shutil.copytree(GOLDEN, target)
    for path in [*OVERLAY.rglob("*.yml"), *OVERLAY.glob("sources/*")]:
        shutil.copyfile(path, target / path.relative_to(OVERLAY))
    for path in target.rglob("*"):
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    return target


class Injector:
    """Appends ``⟦Fn⟧`` and PAYLOAD to every free-text value; the same original value gets the same tag (an alias
    and the ``unused:`` entry naming it must stay equal)."""

    def __init__(self) -> None:
        self.tags: dict[str, str] = {}  #: original value -> tag
        self.fields: dict[str, set[str]] = {}  #: tag -> field paths ("actors.yml.actors[].en")

    def value(self, original: str, where: str) -> str:
        tag = self.tags.setdefault(original, f"⟦F{len(self.tags)}⟧")
        self.fields.setdefault(tag, set()).add(where)
        return f"{original}{tag}{PAYLOAD}"

    def walk(self, data, where: str):
        if isinstance(data, dict):
            return {k: self.walk(v, f"{where}.{k}") for k, v in data.items()}
        if isinstance(data, list):
            return [self.walk(v, where + "[]") for v in data]
        if isinstance(data, str) and not IDENTIFIER.fullmatch(data):
            return self.value(data, where)
        return data

    def inject(self, corpus: Path) -> None:
        for path in yaml_files(corpus):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            text = yaml.safe_dump(self.walk(data, path.relative_to(corpus).as_posix()), allow_unicode=True,
                                  sort_keys=False, width=10**6)
            path.write_text(text, encoding="utf-8")
        self.rewrite_sources(corpus / "sources")

    def rewrite_sources(self, sources: Path) -> None:
        """Names are matched in the text (actors, glossary forms): every value that occurs in a source is
        replaced there by its injected form, longest first, so names still occur, mentions still link and
        tooltips still show; the source text itself then carries the payload too."""
        originals = sorted((v for v in self.tags if "\n" not in v), key=len, reverse=True)
        pattern = re.compile("|".join(re.escape(v) for v in originals))
        for path in sorted(sources.iterdir()):
            text = path.read_text(encoding="utf-8")
            path.write_text(pattern.sub(lambda m: f"{m.group()}{self.tags[m.group()]}{PAYLOAD}", text), encoding="utf-8")


@pytest.fixture(scope="module")
def injected(tmp_path_factory):
    root = tmp_path_factory.mktemp("injection")
    corpus = assemble(root / "corpus")
    injector = Injector()
    injector.inject(corpus)
    site = root / "site"
    build(BuildPaths(corpus=corpus, site=site))
    server, url = serve(site)
    yield corpus, site, url, injector
    server.shutdown()


#: Fields only the parser reads, which no page, tooltip or export shows: a split_entries rule (a fixed mis-parse's
#: entry id) must match a mandate entry, and this corpus has none once its mandate heading (a glossary term) is
#: injected; the rule is tested in tests/parse/test_strategic_framework.py.
PARSER_ONLY = {"documents/*.yml.layout_rules.split_entries[].pattern", "documents/*.yml.layout_rules.split_entries[].reason"}


def test_fixture_has_every_field_the_corpus_has(tmp_path):
    """A field the real corpus uses but the injection corpus lacks would go untested: add it to the overlay."""
    missing = corpus_field_paths(ROOT / "corpus") - corpus_field_paths(assemble(tmp_path / "corpus")) - PARSER_ONLY
    assert not missing, f"add these fields to tests/fixtures/injection: {sorted(missing)}"


def test_every_yaml_kind_gets_the_payload(injected):
    corpus, _, _, injector = injected
    kinds = {w.split(".yml")[0].split("/")[0] for fields in injector.fields.values() for w in fields}
    assert kinds == {p.stem for p in corpus.glob("*.yml")} | {"documents"}


PAGE_STATE = """() => {
  const els = Array.from(document.querySelectorAll('*'));
  const attrs = els.flatMap(e => Array.from(e.attributes).map(a => [e.tagName.toLowerCase(), a.name, a.value]));
  const svgTitles = Array.from(document.querySelectorAll('svg title')).map(t => t.textContent);
  return {pwned: typeof window.__pwned !== 'undefined', title: document.title, text: document.body.innerText,
          attrs, svgTitles, scripts: Array.from(document.scripts).map(s => s.textContent)};
}"""

UNSAFE_URL = re.compile(r"\s*(javascript|data|vbscript):", re.I)


def page_state(tab, dialogs: list[str], url: str) -> dict:
    """Open ``url`` in ``tab`` and read what the tests check; ``dialogs`` collects any dialog that opened. Every
    <details> is opened first, as a reader would (the document metadata table is in one), so that what it holds
    is shown text too."""
    dialogs.clear()
    tab.goto(url, wait_until="load")
    tab.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    tab.wait_for_timeout(30)  # an onerror handler of a broken image fires after load
    return tab.evaluate(PAGE_STATE)


@pytest.fixture
def tab(browser):
    """One page for many URLs (a new context per URL costs more than the checks); dialogs are dismissed."""
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    yield page
    context.close()


def test_no_markup_runs_and_every_field_reads_literally(injected, tab):
    corpus, site, url, injector = injected
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    shown: dict[str, list[str]] = {}  #: tag -> pages whose HTML holds it
    for rel in pages:
        html = (site / rel).read_text(encoding="utf-8")
        for tag in injector.fields:
            if tag in html:
                shown.setdefault(tag, []).append(rel)
    assert shown, "no field reached any page"
    literal: set[str] = set()
    problems: list[str] = []
    for rel in sorted({p for ps in shown.values() for p in ps}):
        state = page_state(tab, tab.dialogs, url + rel)
        if state["pwned"] or tab.dialogs:
            problems.append(f"{rel}: script ran ({tab.dialogs})")
        for tag_name, name, value in state["attrs"]:
            if name.startswith("on") and "__pwned" in value:
                problems.append(f"{rel}: <{tag_name} {name}> from the payload")
            if name in ("href", "src", "action", "xlink:href") and UNSAFE_URL.match(value):
                problems.append(f"{rel}: <{tag_name} {name}={value!r}>")
        if any("__pwned" in s for s in state["scripts"]):
            problems.append(f"{rel}: a <script> holds the payload")
        strings = [state["title"], state["text"], *state["svgTitles"], *(v for _, _, v in state["attrs"])]
        problems += [f"{rel}: does not read literally: {g!r}" for s in strings for g in garbled(s)]
        for tag in shown:
            if any(f"{tag}{PAYLOAD}" in s for s in strings):
                literal.add(tag)
    for tag, where in sorted(shown.items()):
        if tag not in literal:
            problems.append(f"{sorted(injector.fields[tag])} is on {where[:3]} but never reads literally")
    assert not problems, "\n".join(problems)


def test_search_results_read_literally(injected, tab):
    """The search index holds plain text; the result list shows titles and snippets literally."""
    _, _, url, _ = injected
    tab.dialogs.clear()
    tab.goto(url, wait_until="load")
    tab.click("input.md-search__input")
    tab.locator("input.md-search__input").press_sequentially("onerror")
    tab.wait_for_selector(".md-search-result__item mark")
    tab.wait_for_timeout(200)  # results of every page rendered
    results = tab.locator(".md-search-result").inner_text()
    assert not tab.evaluate("typeof window.__pwned !== 'undefined'") and not tab.dialogs
    assert TAG.search(results) and not garbled(results), (results[:500], garbled(results))


def test_tooltips_read_literally(injected, tab):
    """A mention's and a term's tooltip (data-tip, shown by assets/corpus.js on hover) read literally."""
    _, site, url, _ = injected
    shown = 0
    for path in sorted((site / "documents").glob("*/index.html")):
        tab.goto(url + path.relative_to(site).parent.as_posix() + "/", wait_until="load")
        for i, kind in enumerate(("a.m[data-tip*='⟦F']", "a.t[data-tip*='⟦F']")):
            if tab.locator(kind).count():
                probe = mark(tab, kind, f"p{i}")
                tab.hover(probe)
                text = shown_tooltip(tab, probe)
                assert TAG.search(text) and not garbled(text), text
                shown += 1
        assert not tab.evaluate("typeof window.__pwned !== 'undefined'") and not tab.dialogs
    assert shown >= 2, "no mention or term with an injected title"


def test_exports_are_data_with_the_payload_as_is(injected):
    """JSON and CSV exports parse, and hold the text exactly (no HTML escaping in data). Every JSON file in data/
    is read; the exports the data page documents (render/exports.py SCHEMA) come as CSV too, while a
    maintainers' JSON such as data/candidates.json has no CSV twin."""
    _, site, _, _ = injected
    assert {f"{stem}.json" for stem in SCHEMA} <= {p.name for p in (site / "data").glob("*.json")}
    held = 0
    for path in sorted((site / "data").glob("*.json")):
        json_values = [v for row in json.loads(path.read_text(encoding="utf-8")) for v in row.values()]
        csv_values = []
        if path.stem in SCHEMA:
            csv_text = (site / "data" / f"{path.stem}.csv").read_text(encoding="utf-8")
            csv_values = [v for row in csv.DictReader(io.StringIO(csv_text)) for v in row.values()]
        for value in json_values + csv_values:
            if isinstance(value, str) and "⟦F" in value:
                assert PAYLOAD in value, (path.name, value)
                held += 1
    assert held, "no export holds a YAML text field"
