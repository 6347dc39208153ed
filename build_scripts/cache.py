"""The build cache: a rebuild with no change to any input keeps the site as it is and runs nothing; a change
to one document redoes only what depends on it, then MkDocs builds the whole site again (it is not ours).

Where: ``BuildPaths.cache``: ``.build-cache/`` for ``python -m build_scripts build``; None (no cache) is the
default of BuildPaths, so tests and benchmarks build from scratch unless they ask for a cache. One SQLite
file, ``cache.sqlite3``, maps a key (SHA-256) to a pickled value. Only what a stage computed without error
is stored, the record of a whole build last, when ``render()`` succeeded; the anchor check, MkDocs and the
link check run on every build, so a build that failed there fails again. When the file holds
more than ``MAX_BYTES``, the least recently used entries go (never those of the current build). Delete the
folder at any time (``make clean``); a broken file is ignored and replaced.

Keys are derived from folders, never from a list of file names, so a new kind of input file is keyed the day
it appears. Each starts from CODE: FORMAT, the Python version, the path and bytes of every file below
``build_scripts/``, ``requirements.txt`` and the name and version of every installed distribution (MkDocs,
Material, PyYAML...): any change to the build code or what it runs on invalidates everything.

``build``
    CODE + the corpus folder's path + the path and bytes of every file below it (+ whether the search index
    is built). Value: a manifest of the whole ``render()`` output (the key of every page, the navigation,
    the source files to copy, the keys of the search files). A hit runs no stage after load.
``REG``
    CODE + path and bytes of every corpus file that belongs to no one document, i.e. everything outside
    ``documents/`` and ``sources/``: the registries, the glossary, the anchor registry and aliases, and any
    folder added later (layouts...). Such a file may change how every document is read, so REG is part of
    every other key below.
``doc``
    REG + one document's metadata as read + its source text. Value: the parsed Document.
``mentions``
    ``doc``. Value: the document's mentions (extract is per document: the matchers are made from the
    registries alone, and a mention's context is its own document).

Everything the stages derive from one document (its parts and units, its mentions and term hits, its
places and subprogramme headings) is a function of that document's ``doc`` key and REG. Page keys rely on
this; tests/test_incremental.py checks that an incremental build equals a clean one byte for byte, and
tests/test_cache_inputs.py does so after a change to each kind of input file in turn.

``pages`` of one document (``render.documents.pages_for``)
    ``doc`` + REG: its text, the mentions and glossary terms in it (links and tooltips), the registry
    names in link titles and the programme titles.
``page`` of one entity: a resolution or another body's numbered text, an actor, an SDG
    REG + the entity (for an SDG also its targets) + the ``doc`` key of every document that mentions it,
    in reading order (its mentions and the texts of the places that mention it) + the slugs of all
    documents in reading order (mention lists are grouped by document in that order) + the set of
    entities that have a page (a page links to another entity only where that one has a page). An actor
    page also its co-mention counts.
Everything else depends on the whole graph and is rendered again whenever the ``build`` key changes: home,
about, removed furniture, how to cite, glossary, general index, the list pages, the programme pages (they
gather every document's subprogrammes and mandate lists), the cited-document pages, the data exports and the
search index.

``site`` (one record per site folder, :func:`reuse_site` / :func:`record_site`)
    Value: the SITE key of the last successful build into that folder and a manifest (path, size,
    modification time) of every file it wrote. SITE is CODE + every input of the whole build, the MkDocs
    side included: every file below the corpus, the hand-written docs folder and the theme's ``custom_dir``,
    the MkDocs configuration and the hooks it names, and the environment variables the configuration reads
    (``!ENV``) or the build reads (``site.ENVIRONMENT``). When SITE is unchanged and the folder still matches
    its manifest, ``build()`` keeps the site as it is and runs nothing, MkDocs included.

``output`` (:func:`output_memo`, the PDF editions of render/pdf.py)
    CODE + a kind + the whole input the output is made from (a document's print HTML, the public URL
    included). Value: the bytes made. A PDF is made again only when its document's pages changed.

``last_stats`` holds the counts of the last render: ``build_hit`` (0/1), documents ``parsed`` / ``parse_reused``,
``extracted`` / ``extract_reused``, ``pages_rendered`` / ``pages_reused``, ``site_reused`` (0/1: the site was
kept), ``pdf_made`` / ``pdf_reused``; ``last_rendered`` the paths of the pages it rendered (tests/test_incremental.py reads both).
"""
from __future__ import annotations

import hashlib
import io
import os
import pickle
import sqlite3
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import yaml

from .extract import Mention, extract
from .link import Graph
from .load import Corpus, Source
from .model import Document
from .registries import Actor, Goal, Registries
from .render import PageFile
from .render.entities import EntityRenderer
from .render.site_pages import Rendered
from .site import ENVIRONMENT

FORMAT = "2"  #: bump when the meaning of a key or the shape of a value changes
MAX_BYTES = 4 * 2**30  #: drop least recently used entries above this
CODE_DIR = Path(__file__).resolve().parent
ROOT = CODE_DIR.parent
PICKLE = 5
#: corpus folders whose files each belong to one document (its metadata, its source text), keyed with that
#: document; every other corpus file, in any folder, is in REG and so in every key
PER_DOCUMENT = ("documents", "sources")

last_stats: Counter = Counter()  #: counts of the last render (see above)
last_rendered: list[str] = []  #: paths of the pages the last render rendered (not reused)


def digest(*parts: bytes | str) -> str:
    """SHA-256 of the parts, each length-prefixed (so ("ab", "c") and ("a", "bc") differ)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_key() -> str:
    """CODE: the build code and everything it runs on."""
    requirements = ROOT / "requirements.txt"
    return digest(FORMAT, sys.version, *files_key(CODE_DIR),
                  requirements.read_bytes() if requirements.is_file() else b"", *installed_distributions())


def installed_distributions() -> list[str]:
    """``name==version`` of every installed distribution: an upgrade of MkDocs or its theme changes the site
    even when requirements.txt does not (a venv installed from an older pin, a plugin pulled in by another)."""
    from importlib.metadata import distributions

    return sorted(f"{dist.metadata['Name']}=={dist.version}" for dist in distributions())


class _Pickler(pickle.Pickler):
    """Pickles a non-ASCII str as its UTF-8 bytes. Plain pickle asks CPython for the str's UTF-8 form, which
    CPython then keeps inside the str for as long as it lives: every page text and every unit text would
    take 2.5 times its memory for the rest of the build."""

    def persistent_id(self, obj):
        return obj.encode() if type(obj) is str and not obj.isascii() else None


class _Unpickler(pickle.Unpickler):
    def persistent_load(self, pid: bytes) -> str:
        return pid.decode()


def dumps(value) -> bytes:
    out = io.BytesIO()
    _Pickler(out, protocol=PICKLE).dump(value)
    return out.getvalue()


def loads(data: bytes):
    return _Unpickler(io.BytesIO(data)).load()


def input_files(root: Path) -> list[Path]:
    """Every file below ``root`` (``root`` itself if it is a file), sorted; none when it does not exist.
    Compiled Python (``__pycache__``) is left out: it is made from the ``.py`` beside it."""
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.relative_to(root).parts)


def files_key(root: Path, keep: Callable[[Path], bool] = lambda rel: True) -> list[bytes | str]:
    """Path and bytes of every file below ``root`` that ``keep`` (given the relative path) accepts, after what
    ``root`` is (a missing folder, an empty one and a file all differ)."""
    parts: list[bytes | str] = ["file" if root.is_file() else "dir" if root.is_dir() else "none"]
    for path in input_files(root):
        rel = path.relative_to(root) if path != root else Path(path.name)
        if keep(rel):
            parts += [rel.as_posix(), path.read_bytes()]
    return parts


class Store:
    """Key -> pickled value in one SQLite file; every put is committed at once (values are correct on
    their own), uses are recorded at :meth:`close`. An unreadable file or entry is a miss, never an error."""

    def __init__(self, directory: Path):
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / "cache.sqlite3"
        self.used: set[str] = set()
        try:
            self.db = self._open()
        except sqlite3.DatabaseError:  # not a database (a broken file): start again
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self.db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=120, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("CREATE TABLE IF NOT EXISTS entry (key TEXT PRIMARY KEY, value BLOB NOT NULL, "
                   "size INTEGER NOT NULL, used INTEGER NOT NULL)")
        self.generation = (db.execute("SELECT MAX(used) FROM entry").fetchone()[0] or 0) + 1
        return db

    def get(self, key: str):
        try:
            row = self.db.execute("SELECT value FROM entry WHERE key = ?", (key,)).fetchone()
            value = loads(row[0]) if row is not None else None
        except Exception:  # noqa: BLE001 - an unreadable entry is a miss
            return None
        if value is None:
            return None
        self.used.add(key)
        return value

    def put(self, key: str, value) -> None:
        data = dumps(value)
        try:
            self.db.execute("INSERT OR REPLACE INTO entry (key, value, size, used) VALUES (?, ?, ?, ?)",
                            (key, data, len(data), self.generation))
        except sqlite3.Error:  # full disk, locked too long, broken file: this entry is not kept
            return
        self.used.add(key)

    def close(self) -> None:
        """Mark this build's entries as used now, then drop the least recently used ones above MAX_BYTES."""
        try:
            with self.db:  # one transaction
                self.db.execute("BEGIN IMMEDIATE")
                self.db.executemany("UPDATE entry SET used = ? WHERE key = ?", ((self.generation, k) for k in self.used))
                total = self.db.execute("SELECT COALESCE(SUM(size), 0) FROM entry").fetchone()[0]
                if total > MAX_BYTES:
                    drop = []
                    for key, size in self.db.execute("SELECT key, size FROM entry WHERE used < ? ORDER BY used, key",
                                                     (self.generation,)).fetchall():
                        if total <= MAX_BYTES:
                            break
                        drop.append((key,))
                        total -= size
                    self.db.executemany("DELETE FROM entry WHERE key = ?", drop)
        except sqlite3.Error:  # the uses are not recorded: those entries may be dropped a little earlier
            pass
        finally:
            self.db.close()


class BuildCache:
    """The cache of one build of one corpus; ``directory`` None: no cache (everything is computed)."""

    def __init__(self, directory: Path | None, corpus: Corpus):
        self.corpus = corpus
        self.stats: Counter = Counter()
        self.rendered: list[str] = []  #: paths of the pages rendered (not reused) by this build
        self.manifest: list[tuple[str, int]] = []  #: (store key, index in its group) of every page, in order
        global last_stats, last_rendered
        last_stats, last_rendered = self.stats, self.rendered  # filled in as the build goes
        self.store = Store(directory) if directory is not None else None
        self.doc_keys: dict[str, str] = {}
        if self.store is None:
            return
        code = code_key()
        self.reg = digest(code, "REG", *files_key(corpus.root, lambda rel: rel.parts[0] not in PER_DOCUMENT))
        self.build_key = digest(code, "build", str(corpus.root), *files_key(corpus.root))
        for source in corpus.sources:
            self.doc_keys[source.meta.slug] = digest(self.reg, "doc", dumps(source.meta), source.text)

    @property
    def enabled(self) -> bool:
        return self.store is not None

    def _memo(self, key: str, compute: Callable):
        cached = self.store.get(key)
        if cached is None:
            value = compute()
            self.store.put(key, value)
            return value, False
        return cached, True

    # -- the whole build ------------------------------------------------------------------------

    def whole_key(self, search: bool) -> str:
        return digest(self.build_key, "search" if search else "no search")

    def load_build(self, search: dict[str, bytes] | None, emit: Callable[[PageFile], object]) -> Rendered | None:
        """The cached output of render(), each page handed to ``emit`` (the search files go into ``search``), or None."""
        if self.store is None:
            return None
        manifest = self.store.get(self.whole_key(search is not None))
        if manifest is None:
            return None
        files = {path: self.store.get(key) for path, key in manifest["search"]}
        if any(data is None for data in files.values()):
            return None
        pages, group_key, group = [], None, None
        for key, index in manifest["pages"]:  # a group's pages come one after another
            if key != group_key:
                group_key, group = key, self.store.get(key)
                if group is None:
                    return None
            pages.append(emit(group[index]))
        if search is not None:
            search.update(files)
        self.stats["build_hit"] = 1
        self.close()
        return Rendered(tuple(pages), manifest["extra"], manifest["nav"])

    def recording(self, emit: Callable[[PageFile], object], memo: PageMemo | None) -> Callable[[PageFile], object]:
        """``emit`` that also notes where the cache keeps each page: a page of a reused or new memo group by its
        group's key, any other page stored on its own (for save_build)."""
        def record(page: PageFile):
            origin = memo.origin.get(page.path) if memo else None
            if origin is None or not origin[2]:
                self.rendered.append(page.path)
            if origin is not None:
                self.manifest.append(origin[:2])
            elif self.store is not None:
                key = digest(self.build_key, "page", page.path)
                self.store.put(key, [page])
                self.manifest.append((key, 0))
            return emit(page)
        return record

    def save_build(self, rendered: Rendered, search: dict[str, bytes] | None, memo: PageMemo | None) -> None:
        """Record the output of render() (its pages as ``recording`` noted them), then close the cache."""
        self.stats["pages_reused"] = memo.reused if memo else 0
        self.stats["pages_rendered"] = len(self.rendered)
        if self.store is None:
            return
        whole = self.whole_key(search is not None)
        files = []
        for path, data in sorted((search or {}).items()):
            key = digest(whole, "search", path)
            self.store.put(key, data)
            files.append((path, key))
        self.store.put(whole, {"pages": self.manifest, "search": files, "nav": rendered.nav,
                               "extra": rendered.extra_files})
        self.close()

    def close(self) -> None:
        """Record this build's uses and trim the store. A failed build leaves the store to the garbage
        collector: every entry was committed when it was put."""
        if self.store is not None:
            self.store.close()
            self.store = None

    # -- parse and extract ------------------------------------------------------------------------

    def parse(self, parse: Callable[[Source], Document]) -> Callable[[Source], Document]:
        """``parse`` with the document's parse reused when its ``doc`` key is known."""
        if self.store is None:
            return parse

        def cached(source: Source) -> Document:
            doc, hit = self._memo(self.doc_keys[source.meta.slug], lambda: parse(source))
            self.stats["parse_reused" if hit else "parsed"] += 1
            return doc
        return cached

    def extract(self, documents: tuple[Document, ...], registries: Registries) -> tuple[Mention, ...]:
        """``extract(documents, registries)``, each document's mentions reused when its key is known."""
        if self.store is None:
            return extract(documents, registries)
        keys = {d.meta.slug: digest(self.doc_keys[d.meta.slug], "mentions") for d in documents}
        found = {slug: self.store.get(key) for slug, key in keys.items()}
        missing = tuple(d for d in documents if found[d.meta.slug] is None)
        fresh: dict[str, list[Mention]] = {d.meta.slug: [] for d in missing}
        for m in extract(missing, registries) if missing else ():
            fresh[m.doc].append(m)
        out: list[Mention] = []
        for doc in documents:
            slug = doc.meta.slug
            if found[slug] is None:
                found[slug] = tuple(fresh[slug])
                self.store.put(keys[slug], found[slug])
                self.stats["extracted"] += 1
            else:
                self.stats["extract_reused"] += 1
            out += found[slug]
        return tuple(out)

    # -- render -----------------------------------------------------------------------------------

    def page_memo(self, graph: Graph) -> PageMemo | None:
        return PageMemo(self, graph) if self.store is not None else None


class PageMemo:
    """Given to ``render_all``: document pages and entity pages reused by their dependency keys."""

    def __init__(self, cache: BuildCache, graph: Graph):
        self.cache = cache
        self.graph = graph
        #: path -> (key, index, reused) of every page given out
        self.origin: dict[str, tuple[str, int, bool]] = {}
        self.reused = 0
        self._context: str | None = None

    def _pages(self, key: str, render: Callable[[], list[PageFile]]) -> list[PageFile]:
        pages, hit = self.cache._memo(key, render)
        if hit:
            self.reused += len(pages)
        for i, page in enumerate(pages):
            self.origin[page.path] = (key, i, hit)
        return pages

    def document_pages(self, doc: Document, render: Callable[[], list[PageFile]]) -> list[PageFile]:
        key = digest(self.cache.doc_keys[doc.meta.slug], self.cache.reg, "document pages")
        return self._pages(key, render)

    def entity_renderer(self, documents: tuple[Document, ...], graph: Graph, registries: Registries) -> EntityRenderer:
        return MemoEntityRenderer(documents, graph, registries, self)

    def entity_page(self, entities: Iterable[tuple[str, str]], extra: str,
                    render: Callable[[], list[PageFile]]) -> list[PageFile]:
        """An entity's pages (one, or more when its lists are paged: render/paging.py)."""
        entities = tuple(entities)
        slugs = dict.fromkeys(m.doc for e in entities for m in self.graph.by_entity.get(e, ()))
        key = digest(self.context(), extra, *(f"{kind}\0{entity}" for kind, entity in entities),
                     *(f"{slug}\0{self.cache.doc_keys[slug]}" for slug in slugs))
        return self._pages(key, render)

    def context(self) -> str:
        """What every entity page depends on: REG, the documents' reading order, the entities with a page."""
        if self._context is None:
            self._context = digest(self.cache.reg, "entity page", "\0".join(self.cache.doc_keys),
                                   *sorted(f"{kind}\0{entity}" for kind, entity in self.graph.by_entity))
        return self._context


class MemoEntityRenderer(EntityRenderer):
    """EntityRenderer whose one-entity pages come from the cache when their dependency keys match."""

    def __init__(self, documents: tuple[Document, ...], graph: Graph, registries: Registries, memo: PageMemo):
        super().__init__(documents, graph, registries)
        self.memo = memo

    def resolution_page(self, symbol: str) -> list[PageFile]:
        return self.memo.entity_page([("resolution", symbol)], "resolution",
                                     lambda: super(MemoEntityRenderer, self).resolution_page(symbol))

    def body_mandate_page(self, entity: str) -> list[PageFile]:
        return self.memo.entity_page([("resolution", entity)], "body mandate",
                                     lambda: super(MemoEntityRenderer, self).body_mandate_page(entity))

    def actor_page(self, actor: Actor, co: Counter) -> list[PageFile]:
        counts = repr(sorted(co.items()))
        return self.memo.entity_page([("actor", actor.id)], "actor " + counts,
                                     lambda: super(MemoEntityRenderer, self).actor_page(actor, co))

    def goal_page(self, goal: Goal) -> list[PageFile]:
        targets = [("target", t.id) for t in self.registries.targets if t.goal == goal.number]
        return self.memo.entity_page([("goal", str(goal.number)), *targets], "goal",
                                     lambda: super(MemoEntityRenderer, self).goal_page(goal))


# -- the whole site: reused when no input changed (``site`` records, see above) --------------------------------


def site_key(corpus: Path, static_docs: Path, config: Path, search: bool) -> str:
    """SITE: every input of a whole build, MkDocs' included, from the folders and files it reads."""
    theme, hooks, env_names = config_inputs(config)
    env = sorted({*env_names, *ENVIRONMENT})
    return digest(code_key(), "site", "search" if search else "no search",
                  *files_key(corpus), *files_key(static_docs), *files_key(config),
                  *(part for folder in theme for part in files_key(folder)),
                  *(part for hook in hooks for part in files_key(hook)),
                  *(f"{name}={os.environ.get(name, '')}\0{name in os.environ}" for name in env))


def config_inputs(config: Path) -> tuple[list[Path], list[Path], set[str]]:
    """What an MkDocs configuration reads besides itself: the theme's ``custom_dir``, the ``hooks`` and the
    environment variables named by ``!ENV`` (an unreadable configuration: nothing; MkDocs reports it)."""
    names: set[str] = set()

    class Loader(yaml.SafeLoader):
        pass

    def env_tag(loader: Loader, node: yaml.Node) -> None:
        values = [node] if isinstance(node, yaml.ScalarNode) else node.value if isinstance(node, yaml.SequenceNode) \
            else []
        names.update(str(v.value) for v in values if isinstance(v, yaml.ScalarNode))

    Loader.add_constructor("!ENV", env_tag)
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # other tags (!!python/name:...) name code
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=Loader)  # noqa: S506 - a safe loader
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return [], [], names
    data = data if isinstance(data, dict) else {}
    theme = data.get("theme") if isinstance(data.get("theme"), dict) else {}
    custom = [config.parent / theme["custom_dir"]] if isinstance(theme.get("custom_dir"), str) else []
    hooks = [config.parent / h for h in data.get("hooks") or [] if isinstance(h, str)]
    return custom, hooks, names


def site_manifest(site: Path) -> list[tuple[str, int, int]]:
    """(path, size, modification time in ns) of every file below ``site``: what a later build compares to
    tell that the folder is still what the build wrote (cheap: no file is read)."""
    out: list[tuple[str, int, int]] = []
    pending = [(site, "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return out
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                pending.append((Path(entry.path), prefix + entry.name + "/"))
            else:
                st = entry.stat(follow_symlinks=False)
                out.append((prefix + entry.name, st.st_size, st.st_mtime_ns))
    return sorted(out)


def _site_record_key(site: Path) -> str:
    return digest(FORMAT, "site record", str(site.resolve()))


def reuse_site(directory: Path, site: Path, key: str) -> bool:
    """True when the last successful build into ``site`` had the SITE ``key`` and the folder still holds
    exactly the files it wrote, unchanged in size and time: then nothing needs to run."""
    global last_stats, last_rendered
    store = Store(directory)
    try:
        record = store.get(_site_record_key(site))
    finally:
        store.close()
    if record is None or record["key"] != key or not site.is_dir() or site_manifest(site) != record["files"]:
        return False
    last_stats, last_rendered = Counter(site_reused=1), []
    return True


def record_site(directory: Path, site: Path, key: str) -> None:
    """Remember the SITE ``key`` and the manifest of the site a successful build just put in place."""
    store = Store(directory)
    try:
        store.put(_site_record_key(site), {"key": key, "files": site_manifest(site)})
    finally:
        store.close()


@contextmanager
def output_memo(directory: Path | None, kind: str) -> Iterator[Callable[[str, Callable[[], bytes]], bytes] | None]:
    """``memo(input_text, make)``: the bytes an earlier build made from the same input with the same code, else
    ``make()`` (kept for the next build). None without a cache folder: everything is made."""
    if directory is None:
        yield None
        return
    store = Store(directory)

    def memo(text: str, make: Callable[[], bytes]) -> bytes:
        key = digest(code_key(), "output", kind, text)
        value = store.get(key)
        last_stats[f"{kind}_reused" if value is not None else f"{kind}_made"] += 1
        if value is None:
            value = make()
            store.put(key, value)
        return value

    try:
        yield memo
    finally:
        store.close()
