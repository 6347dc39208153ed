"""A sixth document, end to end: a corpus grows without anyone touching the code or the tests.

A copy of the real corpus gets one more document: the first EXCERPT_LINES lines of the first document's source
(a real text in a layout the corpus already has), under a new slug and a new source file name, with metadata
as a maintainer would write it (its facts unknown, the layout field copied from the document it comes from, not
typed here). Built with ``python -m build_scripts build --corpus TMP --site TMPSITE``, the new document must

* publish its paragraphs under ids made from their printed numbers (the same ids the same lines have in the
  document the excerpt comes from);
* link its entity mentions to the entity pages, and those pages must list it;
* be in the search index, unit by unit, and be found by a query;
* leave the anchor registry check passing for the other documents; its own ids are not registered yet (the
  build does not complain), and ``register-anchors`` adds exactly them.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from build_scripts.ids import num_token
from build_scripts.search.engine import Engine
from build_scripts.urls import akn_file, url_of

from .conftest import CORPUS, document_slugs, parsed_documents
from .test_conservation import check_conserved
from .test_entity_links import parts
from .sitetext import visible

ROOT = CORPUS.parent
EXCERPT_LINES = 200
NEW_SLUG = "sixth-document-excerpt"
NEW_SOURCE = "900_sixth_document_excerpt.txt"
NEW_TITLE = "新增文献（节选）"
#: Layout fields a document's metadata may name (``parser:`` today, ``layout:`` once the layout engine lands):
#: whichever the original has is copied as it is.
LAYOUT_FIELDS = ("parser", "layout")
#: Entity pages: the first folder of their URL.
ENTITY_FOLDERS = {"actors", "resolutions", "sdgs", "programmes"}
REGISTRY = Path("anchors") / "registry.tsv"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "build_scripts", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)


def metadata(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def first_document(corpus: Path) -> tuple[str, dict]:
    """The document that comes first in reading order (``order``, then slug, as the build sorts them)."""
    metas = {slug: metadata(corpus / "documents" / f"{slug}.yml") for slug in document_slugs(corpus)}
    slug = min(metas, key=lambda s: (metas[s].get("order", 0), s))
    return slug, metas[slug]


def add_excerpt(corpus: Path) -> str:
    """Add the new document to ``corpus``; return the slug of the document it is cut from."""
    original_slug, original = first_document(corpus)
    text = (corpus / "sources" / original["source"]).read_text(encoding="utf-8")
    (corpus / "sources" / NEW_SOURCE).write_text("".join(text.splitlines(keepends=True)[:EXCERPT_LINES]),
                                                 encoding="utf-8")
    orders = [metadata(p).get("order", 0) for p in (corpus / "documents").glob("*.yml")]
    layout = {key: original[key] for key in LAYOUT_FIELDS if key in original}
    assert layout, f"{original_slug}.yml names no layout (one of {LAYOUT_FIELDS})"
    meta = {
        "order": max(orders) + 1,  # last in reading order: the glossary's first uses stay where they are
        "source": NEW_SOURCE, **layout,
        "kind_zh": original["kind_zh"], "kind_zh_basis": original["kind_zh_basis"],
        "kind_en": original["kind_en"], "kind_en_basis": original["kind_en_basis"],
        "title_zh": NEW_TITLE, "title_zh_basis": "inferred: the title of this test's excerpt", "title_en": None,
        "title_en_status": "unknown",
        "symbol": None, "symbol_status": "unknown", "year": None, "year_status": "unknown",
        "publisher": None, "url": None,
    }
    (corpus / "documents" / f"{NEW_SLUG}.yml").write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False),
                                                          encoding="utf-8")
    return original_slug


def registry_rows(corpus: Path) -> list[tuple[str, ...]]:
    lines = (corpus / REGISTRY).read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines[1:]]


def html_pages(site: Path, slug: str) -> dict[str, BeautifulSoup]:
    """Site-relative URL -> parsed HTML of every page of a document."""
    folder = site / "documents" / slug
    return {path.parent.relative_to(site).as_posix() + "/": BeautifulSoup(path.read_text(encoding="utf-8"),
                                                                          "html.parser")
            for path in sorted(folder.rglob("index.html"))}


def ids_of(pages: dict[str, BeautifulSoup]) -> set[tuple[str, str]]:
    return {(url, tag["id"]) for url, soup in pages.items() for tag in soup.select("article [id]")}


@pytest.fixture(scope="module")
def grown(tmp_path_factory):
    """(corpus, site, original slug, build result, register-anchors result, registry rows before)."""
    base = tmp_path_factory.mktemp("grown")
    corpus, site = base / "corpus", base / "site"
    shutil.copytree(CORPUS, corpus)
    original = add_excerpt(corpus)
    before = registry_rows(corpus)
    built = run("build", "--corpus", str(corpus), "--site", str(site), "--no-cache")
    registered = run("register-anchors", "--corpus", str(corpus))
    return corpus, site, original, built, registered, before


def test_the_build_succeeds_and_checks_the_registry_for_the_others(grown):
    corpus, site, _, built, _, before = grown
    assert built.returncode == 0, built.stderr
    assert "error" not in built.stderr.lower(), built.stderr
    assert (site / "documents" / NEW_SLUG / "index.html").is_file()
    assert all(not url.startswith(f"documents/{NEW_SLUG}/") for url, *_ in before)  # not registered yet


def test_register_anchors_adds_exactly_the_new_documents_ids(grown):
    corpus, site, _, _, registered, before = grown
    assert registered.returncode == 0, registered.stderr
    after = registry_rows(corpus)
    added = sorted(set(after) - set(before))
    assert set(before) <= set(after)  # no published id of the other documents changed or went
    new_places = (f"documents/{NEW_SLUG}/", akn_file(NEW_SLUG))  # its pages and its Akoma Ntoso file
    assert added and all(url.startswith(new_places) for url, *_ in added), added[:5]
    m = re.search(r"registered (\d+) published ids \((\d+) new\)", registered.stdout)
    assert m and (int(m.group(1)), int(m.group(2))) == (len(after), len(added)), registered.stdout
    published = ids_of(html_pages(site, NEW_SLUG))
    assert {(url, anchor) for url, anchor, *_ in added if anchor} <= published


def test_paragraphs_get_anchors_from_their_printed_numbers(grown):
    corpus, site, original, _, registered, _ = grown
    assert registered.returncode == 0, registered.stderr
    rows = [row for row in registry_rows(corpus) if row[0].startswith(f"documents/{NEW_SLUG}/")]
    numbered = [(anchor, num) for _, anchor, num, _ in rows if num]
    assert len(numbered) >= 5, rows
    excerpt = (corpus / "sources" / NEW_SOURCE).read_text(encoding="utf-8")
    for anchor, num in numbered:
        assert anchor.rsplit("__", 1)[-1].endswith(f"_{num_token(num)}"), (anchor, num)
        assert re.search(rf"^\s*{re.escape(num.strip())}", excerpt, re.M), f"{num!r} is not printed in the excerpt"
    # The same printed numbers have the same ids in the document the excerpt was cut from.
    in_original = {(url, anchor, num) for url, anchor, num, _ in registry_rows(corpus)
                   if url.startswith(f"documents/{original}/")}
    same_place = {(url.replace(NEW_SLUG, original, 1), anchor, num) for url, anchor, num, _ in rows if num}
    assert same_place <= in_original, sorted(same_place - in_original)


def entity_links(url: str, soup: BeautifulSoup) -> set[str]:
    """Site-relative URLs of the entity pages a page links to from its text."""
    out = set()
    for a in soup.select("article a[href]"):
        target = urlsplit(urljoin("/" + url, a["href"])).path.lstrip("/")
        if target.split("/", 1)[0] in ENTITY_FOLDERS:
            out.add(target)
    return out


class _Built:
    """The Markdown paths of the pages built in ``site`` (``x in _Built(site)``), for tests.test_entity_links.parts."""

    def __init__(self, site):
        self.site = site

    def __contains__(self, path: str) -> bool:
        return (self.site / url_of(path) / "index.html").is_file()


def test_entity_mentions_link_to_entity_pages_that_list_the_new_document(grown):
    _, site, _, built, _, _ = grown
    assert built.returncode == 0, built.stderr
    linked = {target for url, soup in html_pages(site, NEW_SLUG).items() for target in entity_links(url, soup)}
    assert any(t.startswith("actors/") for t in linked) and any(t.startswith("resolutions/") for t in linked), linked
    for target in sorted(linked):
        assert (site / target / "index.html").is_file(), target
        hrefs = set()
        for part in parts(target.rstrip("/") + ".md", _Built(site)):  # the page and its continuation parts
            url = url_of(part)
            hrefs |= {urlsplit(urljoin("/" + url, a["href"])).path.lstrip("/") for a in BeautifulSoup(
                (site / url / "index.html").read_text(encoding="utf-8"), "html.parser").select("article a[href]")}
        assert any(h.startswith(f"documents/{NEW_SLUG}/") for h in hrefs), f"{target} does not list {NEW_SLUG}"


def test_search_indexes_every_unit_and_finds_the_new_document(grown):
    _, site, _, built, _, _ = grown
    assert built.returncode == 0, built.stderr
    engine = Engine.from_dir(site / "search")
    page_url = f"documents/{NEW_SLUG}/"
    indexed = {}
    for i in range(engine.meta["n"]):
        record, url, _ = engine.doc(i)
        if url.startswith(page_url):
            indexed[(url, record[1])] = record[5]
    units = {(url, anchor) for url, anchor in ids_of(html_pages(site, NEW_SLUG))
             if re.fullmatch(r"(?:[a-z]+_[a-z0-9-]+__)*(?:para|point|fn)_[a-z0-9-]+", anchor)}
    assert units and units <= set(indexed), sorted(units - set(indexed))[:10]
    # A query for the text of one of its paragraphs finds the new document's page.
    (url, anchor), text = next((key, t) for key, t in sorted(indexed.items()) if key in units and len(visible(t)) > 20)
    query = visible(text)[:12]
    assert any(hit.location == f"{url}#{anchor}" for _, hits in engine.search(query, max_groups=50).groups
               for hit in hits), query


def test_the_new_document_is_listed_and_every_character_is_rendered(grown):
    corpus, site, _, built, _, _ = grown
    assert built.returncode == 0, built.stderr
    index = (site / "documents" / "index.html").read_text(encoding="utf-8")
    assert NEW_TITLE in index and f'href="{NEW_SLUG}/"' in index
    print(f"\n{NEW_SLUG}: " + check_conserved(parsed_documents(corpus)[NEW_SLUG], site))


def test_page_text_counts_the_documents_from_the_data(grown):
    corpus, site, _, built, _, _ = grown
    assert built.returncode == 0, built.stderr
    count = f"{len(document_slugs(corpus))}份"
    for page in ("index.html", "about/index.html"):
        text = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser").select_one("article").get_text()
        assert count in visible(text), f"{page} does not say {count}"
