"""Whole corpus: every printed paragraph number has exactly one anchor; missing numbers stay missing.

The expected numbers are read from the raw sources with plain regular expressions, independently of the parsers.
"""
from __future__ import annotations

import re
from collections import Counter

from .sitetext import document_html_files

ID = re.compile(r'\bid="([^"]+)"')


def ids_on(paths) -> Counter[str]:
    out: Counter[str] = Counter()
    for path in paths:
        out.update(ID.findall(path.read_text(encoding="utf-8")))
    return out


def printed_paragraph_numbers(text: str) -> list[int]:
    """Lines that start a numbered paragraph "N. …" (000, 001)."""
    return [int(m.group(1)) for line in text.split("\n") if (m := re.match(r"^\s*(\d+)\.\s", line))]


def test_000_paragraphs_1_to_49_without_47(documents, built_site):
    doc = documents["health-needs-most-vulnerable"]
    numbers = printed_paragraph_numbers(doc.source_text)
    assert numbers == [n for n in range(1, 50) if n != 47]
    ids = ids_on(document_html_files(built_site, doc))
    assert all(ids[f"para_{n}"] == 1 for n in numbers)
    assert "para_47" not in ids


def test_001_paragraphs(documents, built_site):
    doc = documents["collaboration-un-system"]
    numbers = printed_paragraph_numbers(doc.source_text)
    ids = ids_on(document_html_files(built_site, doc))
    assert numbers and all(ids[f"para_{n}"] == 1 for n in numbers)


def programme_paragraphs(text: str) -> dict[int, list[str]]:
    """A/71/6/Rev.1: "N.M  text" lines inside programme N (a wrapped line like "17.18 和 17.19 段" in programme 16
    is a cross-reference, not a paragraph)."""
    out: dict[int, list[str]] = {}
    programme = 0
    for line in text.split("\n"):
        if m := re.fullmatch(r"\s*方案 (\d+)\s*", line):
            programme = int(m.group(1))
        elif (m := re.match(r"^\s*(\d+)\.(\d+)\s", line)) and int(m.group(1)) == programme:
            out.setdefault(programme, []).append(f"{m.group(1)}-{m.group(2)}")
    return out


def test_a_71_6_rev_1_every_programme_paragraph_has_one_anchor(documents, built_site):
    doc = documents["a-71-6-rev-1"]
    expected = programme_paragraphs(doc.source_text)
    assert sorted(expected) == list(range(1, 29))
    total = 0
    for path, part in zip(document_html_files(built_site, doc), doc.parts):
        if part.programme is None:
            continue
        ids = ids_on([path])
        numbers = expected[part.programme]
        total += len(numbers)
        assert len(numbers) == len(set(numbers))
        missing = [n for n in numbers if ids[f"para_{n}"] != 1]
        assert not missing, f"programme {part.programme}: {missing}"
        extra = sorted(i for i in ids if re.fullmatch(r"para_\d+-\d+", i) and i[5:] not in numbers)
        assert not extra, f"programme {part.programme}: anchors without a printed number {extra}"
    print(f"\nA/71/6/Rev.1: {total} numbered paragraphs, each with exactly one anchor")
    assert total == 845


def test_a_71_6_rev_1_preface_paragraphs(documents, built_site):
    doc = documents["a-71-6-rev-1"]
    preface = document_html_files(built_site, doc)[0]
    ids = ids_on([preface])
    assert all(ids[f"preface__para_{n}"] == 1 for n in range(1, 6))


def test_journal_article_sections(documents, built_site):
    doc = documents["china-asean-uhc-cooperation"]
    printed = [m.group(1).replace(".", "-") for line in doc.source_text.split("\n")
               if (m := re.match(r"^\s*(\d(?:\.\d)?)\s{2,}\S", line))]
    ids = ids_on(document_html_files(built_site, doc))
    assert printed and all(ids[f"sec_{n}"] == 1 for n in printed), printed
