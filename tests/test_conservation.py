"""Whole corpus: every non-whitespace source character is on the built pages, in order, or is listed furniture.

Moved text (URL-only lines attached to their block, 002's milestones) is checked where it was moved to.
The reviewed list of removed furniture is tests/data/removed_furniture.tsv.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from build_scripts.parse.common import block_ids

from .conftest import document_slugs
from .sitetext import article, document_html_files, visible

REVIEWED = Path(__file__).parent / "data" / "removed_furniture.tsv"


def is_subsequence(needle: str, haystack: str) -> tuple[bool, int]:
    """Whether needle's characters occur in haystack in order; also how many matched before failing."""
    pos = 0
    for i, ch in enumerate(needle):
        pos = haystack.find(ch, pos)
        if pos < 0:
            return False, i
        pos += 1
    return True, len(needle)


def moved_lines(doc) -> tuple[set[int], dict[tuple[int, str], list[int]]]:
    """Lines rendered away from their place: URL-only lines, and relocated ranges by (page index, target anchor).

    A target id can occur on several pages of A/71/6/Rev.1, so the page is the one whose block with that id
    spans the moved lines.
    """
    urls = {link.line for part in doc.parts for block in part.blocks() for link in block.links}
    relocated: dict[tuple[int, str], list[int]] = {}
    for r in doc.relocated:
        page = next(i for i, part in enumerate(doc.parts) for block in part.blocks()
                    if block.lines[0] <= r.first_line and r.last_line <= block.lines[1]
                    and r.target in block_ids(block))
        relocated.setdefault((page, r.target), []).extend(range(r.first_line, r.last_line + 1))
    return urls, relocated


def test_removed_furniture_is_the_reviewed_list(documents):
    with REVIEWED.open(encoding="utf-8", newline="") as f:
        reviewed = [(row["document"], int(row["line"]), row["text"], row["reason"]) for row in csv.DictReader(f, delimiter="\t")]
    actual = [(slug, r.line, r.text, r.reason) for slug, doc in documents.items() for r in doc.removed]
    assert sorted(actual) == sorted(reviewed)


@pytest.mark.parametrize("slug", document_slugs())
def test_every_source_character_is_rendered_in_order(slug, documents, built_site):
    print(f"\n{slug}: " + check_conserved(documents[slug], built_site))


def check_conserved(doc, site: Path) -> str:
    """Assert every visible character of ``doc``'s source is on its built pages in ``site`` (in order, moved to
    its block, as a link, or removed furniture); return the figures."""
    slug = doc.meta.slug
    pages = [article(p) for p in document_html_files(site, doc)]
    page_text = visible("".join(a.get_text() for a in pages))
    lines = doc.source_text.split("\n")
    removed = {r.line for r in doc.removed}
    url_lines, relocated = moved_lines(doc)
    skip = removed | url_lines | {n for ns in relocated.values() for n in ns}
    in_order = visible("".join(line for n, line in enumerate(lines, 1) if n not in skip))
    ok, matched = is_subsequence(in_order, page_text)
    assert ok, f"{slug}: source text lost after {in_order[max(0, matched - 30):matched]!r} (next {in_order[matched:matched + 20]!r})"
    for (page, target), numbers in relocated.items():
        element = pages[page].find(id=target)
        assert is_subsequence(visible("".join(lines[n - 1] for n in numbers)), visible(element.get_text()))[0], target
    hrefs = {a_["href"] for a in pages for a_ in a.find_all("a", href=True)}
    missing_urls = [lines[n - 1].strip() for n in url_lines if visible(lines[n - 1]) not in page_text]
    assert not missing_urls
    total = len(visible(doc.source_text))
    furniture = len(visible("".join(lines[n - 1] for n in removed)))
    assert total == len(in_order) + len(visible("".join(lines[n - 1] for n in url_lines))) + sum(
        len(visible("".join(lines[n - 1] for n in ns))) for ns in relocated.values()) + furniture
    return (f"{total} source characters = {len(in_order)} in order + "
            f"{len(visible(''.join(lines[n - 1] for n in url_lines)))} in {len(url_lines)} URL lines + "
            f"{sum(len(visible(''.join(lines[n - 1] for n in ns))) for ns in relocated.values())} relocated + "
            f"{furniture} removed furniture in {len(removed)} lines; {len(hrefs)} links on the pages")
