"""Whole corpus: every printed number has exactly one anchor; missing numbers stay missing.

What each document prints is in tests/data/document_expectations.yml (``numbering``): the numbers are read from
the raw sources with plain regular expressions, independently of the parsers, and looked up on the built pages.
"""
from __future__ import annotations

import re
from collections import Counter

import pytest

from build_scripts.ids import num_token

from .conftest import document_slugs, expectations, expectations_table
from .sitetext import document_html_files

ID = re.compile(r'\bid="([^"]+)"')


def ids_on(paths) -> Counter[str]:
    out: Counter[str] = Counter()
    for path in paths:
        out.update(ID.findall(path.read_text(encoding="utf-8")))
    return out


def printed_numbers(text: str, pattern: str) -> list[str]:
    """Group 1 of ``pattern`` on every line of ``text`` it matches, as anchor numbers."""
    return [num_token(m.group(1)) for line in text.split("\n") if (m := re.match(pattern, line))]


def check_printed(doc, site, printed: str, anchor: str, expect: dict | None = None) -> str:
    numbers = printed_numbers(doc.source_text, printed)
    assert numbers, f"no line matches {printed!r}"
    ids = ids_on(document_html_files(site, doc))
    if expect:
        missing = {str(n) for n in expect.get("missing", ())}
        assert numbers == [str(n) for n in range(expect["from"], expect["to"] + 1) if str(n) not in missing]
        assert not [n for n in missing if anchor.format(n) in ids]
    wrong = {anchor.format(n): ids[anchor.format(n)] for n in numbers if ids[anchor.format(n)] != 1}
    assert not wrong, f"anchor -> times on the pages (expected once each): {wrong}"
    return f"{len(numbers)} printed {anchor.format('N')}"


def programme_paragraphs(text: str) -> dict[int, list[str]]:
    """"N.M  text" lines inside programme N (a wrapped line like "17.18 和 17.19 段" in programme 16 is a
    cross-reference, not a paragraph)."""
    out: dict[int, list[str]] = {}
    programme = 0
    for line in text.split("\n"):
        if m := re.fullmatch(r"\s*方案 (\d+)\s*", line):
            programme = int(m.group(1))
        elif (m := re.match(r"^\s*(\d+)\.(\d+)\s", line)) and int(m.group(1)) == programme:
            out.setdefault(programme, []).append(f"{m.group(1)}-{m.group(2)}")
    return out


def check_programme_paragraphs(doc, site, programmes: int, total: int) -> str:
    expected = programme_paragraphs(doc.source_text)
    assert sorted(expected) == list(range(1, programmes + 1))
    found = 0
    for path, part in zip(document_html_files(site, doc), doc.parts):
        if part.programme is None:
            continue
        ids = ids_on([path])
        numbers = expected[part.programme]
        found += len(numbers)
        assert len(numbers) == len(set(numbers))
        missing = [n for n in numbers if ids[f"para_{n}"] != 1]
        assert not missing, f"programme {part.programme}: {missing}"
        extra = sorted(i for i in ids if re.fullmatch(r"para_\d+-\d+", i) and i[5:] not in numbers)
        assert not extra, f"programme {part.programme}: anchors without a printed number {extra}"
    assert found == total
    return f"{found} numbered programme paragraphs in {programmes} programmes"


def check_page_ids(doc, site, page: int, ids: list[str]) -> str:
    on_page = ids_on([document_html_files(site, doc)[page]])
    assert all(on_page[i] == 1 for i in ids), {i: on_page[i] for i in ids}
    return f"{len(ids)} ids on page {page}"


CHECKS = {"printed": check_printed, "programme_paragraphs": check_programme_paragraphs, "page_ids": check_page_ids}


@pytest.mark.parametrize("slug", document_slugs())
def test_every_printed_number_has_one_anchor(slug, documents, built_site):
    numbering = expectations(slug)["numbering"]
    assert numbering or expectations(slug).get("why"), f"{slug}: no numbering expectations and no `why`"
    done = []
    for check in numbering:
        kind = next(k for k in CHECKS if k in check)
        args = check if kind == "printed" else check[kind]  # printed: {printed, anchor, expect}; others: kind: {args}
        done.append(CHECKS[kind](documents[slug], built_site, **args))
    print(f"\n{slug}: " + "; ".join(done))


def test_expectations_name_only_documents_of_the_corpus():
    stale = sorted(set(expectations_table()) - set(document_slugs()))
    assert not stale, f"tests/data/document_expectations.yml has entries for no document: {stale}"


def test_a_missing_printed_number_fails(documents, built_site):
    """The check is not vacuous: asking for a number one past the last printed one fails."""
    slug, check = next((slug, c) for slug in document_slugs() for c in expectations(slug)["numbering"]
                       if "expect" in c)
    wrong = dict(check["expect"], to=check["expect"]["to"] + 1)
    with pytest.raises(AssertionError):
        check_printed(documents[slug], built_site, check["printed"], check["anchor"], wrong)
