"""Document pages on the real corpus: the metadata stays short before the text, and a contents list shows each
part's printed numbering, not list ordinals of its own."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from build_scripts.render.documents import pages_for, part_heading_label


@pytest.fixture(scope="module")
def first_pages(documents):
    """slug -> the first page of each document (the overview of a multi-page one), as HTML."""
    return {slug: BeautifulSoup(pages_for(doc)[0].text, "html.parser") for slug, doc in documents.items()}


def test_metadata_is_two_lines_with_the_full_table_behind_a_disclosure(documents, first_pages):
    for slug, soup in first_pages.items():
        box = soup.select_one(".doc-meta-box")
        assert box is not None, slug
        summary = box.select_one("p.doc-meta-summary")
        assert summary is not None and len(summary.find_all("br")) == 1, slug  # two lines
        assert summary.find("a", class_="source-file") and summary.find("a", class_="akn-file"), slug
        table = box.select_one("details > table.doc-meta")
        assert table is not None and box.select_one("details > summary"), slug
        assert not box.find("details").has_attr("open"), slug  # closed until asked for
        meta = documents[slug].meta
        if meta.symbol and meta.symbol_status != "unknown":
            assert meta.symbol in summary.get_text(), slug


def test_contents_show_printed_part_labels_without_list_ordinals(documents, first_pages):
    multi = [slug for slug, doc in documents.items() if len(doc.parts) > 1]
    assert multi, "the corpus has a document with parts"
    for slug in multi:
        contents = first_pages[slug].select_one("ul.parts")
        assert contents is not None and not first_pages[slug].select("ol.parts"), slug
        labels = [a.get_text() for a in contents.select("li > a")]
        assert labels == [part_heading_label(part) for part in documents[slug].parts], slug
        for part, label in zip(documents[slug].parts, labels):
            if part.programme:
                assert label.startswith(f"方案 {part.programme} "), label
