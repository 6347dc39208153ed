"""The anchor registry: every published page URL and id, so a citation never breaks.

``corpus/anchors/registry.tsv`` lists (url, anchor, printed number, text hash) for everything ever published;
``corpus/anchors/aliases.yml`` maps an old ``url#anchor`` (or a whole old page URL) to its new place. The build
fails when a registered id no longer resolves, or now stands for other text, unless an alias maps it. Aliases
work for #fragments inside pages (assets/anchor-aliases.js, since fragments never reach a server) and for moved
pages (redirect pages). ``python -m build_scripts register-anchors`` records what a release publishes.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Collector, at
from .render import PageFile, PageInfo, text_hash  # noqa: F401 - text_hash: what the registry's sha is
from .render.html import esc
from .urls import url_of
from .yamlio import line_of, load_yaml, read_text

HEADER = ("url", "anchor", "num", "sha")


@dataclass(frozen=True)
class Entry:
    """One registered id: ``anchor`` is empty for the page itself."""

    url: str
    anchor: str
    num: str
    sha: str
    line: int = 0  #: line in registry.tsv (0 when not read from it)

    @property
    def key(self) -> tuple[str, str]:
        return (self.url, self.anchor)


@dataclass(frozen=True)
class Alias:
    """An old place (``url#anchor`` or ``url``) and its new place."""

    old: tuple[str, str]
    new: tuple[str, str]
    line: int


def published(pages: tuple[PageFile | PageInfo, ...]) -> dict[tuple[str, str], Entry]:
    """What this build publishes: every generated page and every id its citables name."""
    out: dict[tuple[str, str], Entry] = {}
    for page in pages:
        url = url_of(page.path)
        out[(url, "")] = Entry(url, "", "", "")
        for c in page.citables:
            out[(url, c.anchor)] = Entry(url, c.anchor, c.num, c.sha)
    return out


_RESTORE = "restore it from git (only a corpus never released, with no anchors/ folder, has none)"


def validate(corpus_root: Path, registry_required: bool = True) -> None:
    """Read the registry and the aliases as the load stage does, before anything is built; BuildError listing
    every problem. A corpus with an ``anchors/`` folder must have a registry with entries: an empty, missing or
    unreadable one would silently switch the anchor contract off. Only ``register-anchors``, which writes the
    first registry of a corpus, may find none (``registry_required=False``)."""
    problems = Collector()
    folder = corpus_root / "anchors"
    registry = folder / "registry.tsv"
    if registry_required and (folder.exists() or folder.is_symlink()) and not (registry.exists() or registry.is_symlink()):
        problems.error(at(registry), f"anchor registry not found; {_RESTORE}")
    read_registry(registry, problems)
    read_aliases(folder / "aliases.yml", problems)
    problems.raise_if_any()


def read_registry(path: Path, problems: Collector) -> list[Entry]:
    """The registered ids; no file is no registry yet (a corpus never released). An empty or unreadable file,
    or one with a header and no entries, is an error."""
    if not (path.exists() or path.is_symlink()):
        return []
    text = read_text(path, problems, "anchor registry")
    if text is None:
        return []
    if not text.strip():
        problems.error(at(path), f"anchor registry is empty; {_RESTORE}")
        return []
    if len(text.splitlines()) < 2:
        problems.error(at(path, 1), "anchor registry has a header but no entries")
    entries: list[Entry] = []
    first_line: dict[tuple[str, str], int] = {}
    for n, line in enumerate(text.splitlines(), 1):
        fields = line.split("\t")
        if n == 1:
            if tuple(fields) != HEADER:
                problems.error(at(path, 1), f"header must be {' '.join(HEADER)}")
            continue
        if len(fields) != 4:
            problems.error(at(path, n), "expected 4 tab-separated fields: url, anchor, num, sha")
            continue
        entry = Entry(*fields, line=n)
        if entry.key in first_line:  # two rows for one id: which text it stands for would be ambiguous
            problems.error(at(path, n), f"{_fmt(entry.key)} is already registered at line {first_line[entry.key]}")
            continue
        first_line[entry.key] = n
        entries.append(entry)
    return entries


def write_registry(path: Path, entries: dict[tuple[str, str], Entry]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = ["\t".join(HEADER)] + ["\t".join((e.url, e.anchor, e.num, e.sha)) for _, e in sorted(entries.items())]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def _place(text: str) -> tuple[str, str]:
    url, _, anchor = text.partition("#")
    return (url, anchor)


def read_aliases(path: Path, problems: Collector) -> list[Alias]:
    if not (path.exists() or path.is_symlink()):
        return []
    data = load_yaml(path, problems, "aliases file")
    if data is None:
        return []
    items = data.get("aliases") if isinstance(data, dict) else None
    if not isinstance(items, list):
        problems.error(at(path, 1), "expected a mapping with a list 'aliases' of {from, to}")
        return []
    out = []
    for item in items:
        if not (isinstance(item, dict) and isinstance(item.get("from"), str) and isinstance(item.get("to"), str)):
            problems.error(at(path, line_of(item)), "each alias needs text fields 'from' and 'to' (url#anchor)")
            continue
        out.append(Alias(_place(item["from"]), _place(item["to"]), line_of(item) or 0))
    return out


@dataclass(frozen=True)
class AliasOutput:
    """What the site needs to honour aliases."""

    fragment_script: str  #: assets/anchor-aliases.js
    redirect_pages: dict[str, str]  #: site path of an old page -> redirect HTML


def check(corpus_root: Path, pages: tuple[PageFile | PageInfo, ...]) -> AliasOutput:
    """Fail (BuildError) when a registered id no longer resolves to the same text and no alias maps it."""
    problems = Collector()
    registry_path, aliases_path = corpus_root / "anchors" / "registry.tsv", corpus_root / "anchors" / "aliases.yml"
    registry = read_registry(registry_path, problems)
    aliases = read_aliases(aliases_path, problems)
    current = published(pages)
    by_old = {a.old: a for a in aliases}
    for alias in aliases:
        if alias.new not in current:
            problems.error(at(aliases_path, alias.line), f"alias target {_fmt(alias.new)} is not published by this build")
        if alias.old in current:  # an id cannot both stay (for other text) and move: a citation would land wrong
            problems.error(at(aliases_path, alias.line), f"alias source {_fmt(alias.old)} is still published by this "
                           "build; only an id that no longer exists can be forwarded")
    for entry in registry:
        now = current.get(entry.key)
        if entry.key in by_old:
            continue
        if now is None:
            problems.error(at(registry_path, entry.line), f"published id {_fmt(entry.key)} no longer resolves; "
                           "restore it or add an alias in anchors/aliases.yml")
        elif now.sha != entry.sha:
            problems.error(at(registry_path, entry.line), f"published id {_fmt(entry.key)} now stands for other text "
                           f"(printed number {entry.num or '-'}); add an alias, or run `make register-anchors` "
                           "if the change is intended")
    problems.raise_if_any()
    return alias_output(aliases, current)


def _fmt(place: tuple[str, str]) -> str:
    return f"/{place[0]}" + (f"#{place[1]}" if place[1] else "")


def alias_output(aliases: list[Alias], current: dict[tuple[str, str], Entry]) -> AliasOutput:
    fragments: dict[str, dict[str, str]] = {}
    redirects: dict[str, str] = {}
    page_urls = {url for url, anchor in current if not anchor}
    for alias in sorted(aliases, key=lambda a: a.old):
        target = alias.new[0] + (f"#{alias.new[1]}" if alias.new[1] else "")
        if alias.old[1]:
            fragments.setdefault(alias.old[0], {})[alias.old[1]] = target
        if alias.old[0] not in page_urls:
            redirects.setdefault(alias.old[0] + "index.html", redirect_html(alias.old[0], alias.new[0]))
    script = ("/* Generated from corpus/anchors/aliases.yml: old #fragments -> new places (site-relative). */\n"
              f"window.CORPUS_ANCHOR_ALIASES = {json.dumps(fragments, sort_keys=True, ensure_ascii=True)};\n")
    return AliasOutput(script, redirects)


def redirect_html(old_url: str, new_url: str) -> str:
    """A page at an old URL that forwards to the new one, keeping the #fragment (aliases apply there)."""
    depth = old_url.count("/")
    target = "../" * depth + new_url
    return (f'<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>已移动 Moved</title>'
            f'<link rel="canonical" href="{esc(target)}">'
            f'<script>location.replace({json.dumps(target)} + location.hash);</script>'
            f'<meta http-equiv="refresh" content="0; url={esc(target)}"></head>'
            f'<body><p>本页已移动 This page has moved: <a href="{esc(target)}">{esc(new_url)}</a></p></body></html>\n')


def register(corpus_root: Path, pages: tuple[PageFile | PageInfo, ...], accept_changed: bool = False) -> tuple[int, int]:
    """Record what this build publishes, keeping aliased old entries; refuse to drop an unaliased one, and refuse
    an id that now stands for other text unless ``accept_changed`` (a deliberate, documented breaking change)."""
    problems = Collector()
    registry_path = corpus_root / "anchors" / "registry.tsv"
    old = read_registry(registry_path, problems)
    aliases = {a.old for a in read_aliases(corpus_root / "anchors" / "aliases.yml", problems)}
    current = published(pages)
    merged = dict(current)
    for entry in old:
        if entry.key in aliases and entry.key not in current:
            merged[entry.key] = entry
        elif entry.key not in current:
            problems.error(at(registry_path, entry.line), f"published id {_fmt(entry.key)} would disappear; "
                           "add an alias in anchors/aliases.yml first")
        elif current[entry.key].sha != entry.sha and not accept_changed:
            problems.error(at(registry_path, entry.line), f"published id {_fmt(entry.key)} now stands for other "
                           "text; register with --accept-changed-text only if citations to it may change meaning")
    problems.raise_if_any()
    write_registry(registry_path, merged)
    return len(merged), len(set(merged) - {e.key for e in old})
