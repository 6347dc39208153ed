"""Nothing is tuned to the documents of today: no build script names a document, and nothing counts the
documents by hand (the count on the pages comes from the data; tests enumerate corpus/documents)."""
from __future__ import annotations

import re
from pathlib import Path

from .conftest import ROOT, document_slugs

#: "five documents", "five source texts", "五份文献", "5 份来源"… : a count of documents written out.
HAND_COUNT = re.compile(r"(?<!第)[二两三四五六七八九十]\s*份|\d+\s*份(?:中文)?(?:文献|来源|源文本)"
                        r"|\b(?:two|three|four|five|six|seven|eight|nine|ten)\s+(?:[\w-]+\s+){0,3}"
                        r"(?:documents|sources|source texts)\b", re.I)


def lines(paths) -> list[tuple[str, int, str]]:
    return [(path.relative_to(ROOT).as_posix(), n, line) for path in paths
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)]


def test_no_build_script_names_a_document():
    slugs = re.compile("|".join(re.escape(s) for s in document_slugs()))
    named = [f"{path}:{n}: {line.strip()}" for path, n, line in lines(sorted((ROOT / "build_scripts").rglob("*.py")))
             if slugs.search(line)]
    assert not named, "build scripts name a document (say it in corpus/ data instead):\n" + "\n".join(named)


def test_nothing_counts_the_documents_by_hand():
    written = (sorted((ROOT / "build_scripts").rglob("*.py")) + sorted((ROOT / "tests").rglob("*.py"))
               + sorted((ROOT / "docs").rglob("*.md")) + sorted((ROOT / "corpus").rglob("*.yml"))
               + [ROOT / "README.md", ROOT / "mkdocs.yml", ROOT / "pyproject.toml"])
    counted = [f"{path}:{n}: {line.strip()}" for path, n, line in lines(p for p in written if p != Path(__file__))
               if HAND_COUNT.search(line)]
    assert not counted, "the number of documents is written by hand:\n" + "\n".join(counted)


def test_the_hand_count_pattern_finds_what_it_should():
    found = ["本站收录五份关于全球卫生治理的中文文献", "an edition of five global-health governance documents",
             "generated from five source texts", "全部五份文献"]
    assert all(HAND_COUNT.search(text) for text in found)
    assert not any(HAND_COUNT.search(text) for text in ["本站收录 {n} 份", "the 17 Sustainable Development Goals",
                                                         "builds the site five times"])
