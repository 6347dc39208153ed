"""The new-document command, on the first pages of every real source the rule engine reads, in a temporary corpus."""
from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from build_scripts.clean import pdf_lines, read_lines
from build_scripts.load import load_corpus
from build_scripts.parse import layout_names, layout_of, parse

ROOT = Path(__file__).resolve().parents[2]
CORPUS = load_corpus(ROOT / "corpus", layout_names(ROOT / "corpus"))
PDF_REPORTS = [s for s in CORPUS.sources if layout_of(s).engine == "pdf_report"]
PAGES = 3


def first_pages(text: str, pages: int = PAGES) -> str:
    """The source up to its ``pages``-th page break, as extracted (a real excerpt, cut where a page ends)."""
    breaks = [line.number for line in pdf_lines(read_lines(text)) if line.page_break]
    cut = breaks[pages - 1] - 1 if len(breaks) >= pages else len(read_lines(text))
    return "\n".join(read_lines(text)[:cut]) + "\n"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "build_scripts", *args], cwd=ROOT, capture_output=True, text=True)


@pytest.fixture
def corpus(tmp_path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", root)
    return root


@pytest.mark.parametrize("source", PDF_REPORTS, ids=lambda s: s.meta.slug)
def test_a_real_excerpt_is_added_with_its_layout_and_reported(corpus, tmp_path, source):
    excerpt = tmp_path / "excerpt.txt"
    excerpt.write_bytes(first_pages(source.text).encode("utf-8"))
    result = run("new-document", str(excerpt), "--slug", "new-doc", "--title", "新文件", "--corpus", str(corpus))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (corpus / "sources" / "new-doc.txt").read_bytes() == excerpt.read_bytes()
    meta = yaml.safe_load((corpus / "documents" / "new-doc.yml").read_text(encoding="utf-8"))
    assert meta["title_zh"] == "新文件" and meta["source"] == "new-doc.txt"
    given = {"order", "source", "layout", "title_zh", "kind_zh", "kind_en"}
    given |= {f"{key}_basis" for key in given}  # every fact given has its basis
    assert all(value is None or key.endswith("_status") for key, value in meta.items() if key not in given)
    assert {meta[k] for k in ("title_en_status", "symbol_status", "year_status")} == {"unknown"}
    # the layout chosen explains the excerpt as well as the source's own layout does
    lines = result.stdout.splitlines()
    tried = {line.split()[1].rstrip(":"): line for line in lines if line.startswith("  tried ")}
    assert set(tried) == set(layout_names(corpus))
    assert meta["layout"] == source.meta.layout or f"{source.meta.layout}" in next(
        line for line in lines if "explain it equally well" in line)
    # what it printed is what the build will parse
    added = next(s for s in load_corpus(corpus, layout_names(corpus)).sources if s.meta.slug == "new-doc")
    kinds = Counter(b.kind for part in parse(added).parts for b in part.blocks())
    assert (f"paragraphs {kinds['paragraph']}, items {kinds['item'] + kinds['bullet']}, "
            f"footnotes {kinds['footnote']}, headings {kinds['heading']}, ") in result.stdout
    counted = [level for level in layout_of(source).numbering if level.sequence == "counted"]
    printed = [level.name for level in counted for line in excerpt.read_text(encoding="utf-8").split("\n")
               if level.pattern.match(line.strip())]  # 004's first pages (its abstracts) print no number
    assert all(any(line.startswith(f"numbering {name}") for line in lines) for name in printed)
    if "paragraph" in printed:
        assert any(line.startswith("numbering paragraph: 1–") for line in lines)


def test_it_reports_every_line_it_cannot_place_and_exits_1(corpus):
    """Issue 12's mis-parse given to the command: the lines swallowed by the footnote are named as file:line."""
    misparse = ROOT / "tests" / "fixtures" / "misparse" / "sources" / "footnote-swallows-text.txt"
    result = run("new-document", str(misparse), "--slug", "swallowed", "--title", "脚注", "--layout", "sg_note",
                 "--corpus", str(corpus))
    assert result.returncode == 1
    named = [line for line in result.stdout.splitlines() if "inside footnote fn_1" in line]
    printed = misparse.read_text(encoding="utf-8").split("\n")
    expected = [n for n, line in enumerate(printed, start=1) if line.startswith(("A. ", "20. "))]
    assert [int(line.split(":")[1]) for line in named] == expected
    assert all(line.split(":")[0].endswith("corpus/sources/swallowed.txt") for line in named)


def test_it_refuses_an_existing_slug_and_a_source_already_in_the_corpus(corpus, tmp_path):
    existing = next((corpus / "documents").glob("*.yml"))
    source_name = yaml.safe_load(existing.read_text(encoding="utf-8"))["source"]
    before = sorted(p.name for p in corpus.rglob("*"))
    same_slug = run("new-document", str(corpus / "sources" / source_name), "--slug", existing.stem,
                    "--title", "重复", "--corpus", str(corpus))
    assert same_slug.returncode == 1
    assert f"a document with slug {existing.stem!r} already exists" in same_slug.stderr
    assert "this source is already in the corpus" in same_slug.stderr
    copy = tmp_path / "renamed.txt"
    shutil.copyfile(corpus / "sources" / source_name, copy)
    same_bytes = run("new-document", str(copy), "--slug", "other-slug", "--title", "重复", "--corpus", str(corpus))
    assert same_bytes.returncode == 1
    assert f"sources/{source_name}: error: this source is already in the corpus" in same_bytes.stderr
    assert sorted(p.name for p in corpus.rglob("*")) == before


def test_the_make_target_runs_the_command():
    result = subprocess.run(["make", "-n", "new-document", "SOURCE=a b.txt", "SLUG=s", "TITLE=标题", "LAYOUT=sg_note",
                             "VENV=/nonexistent"], cwd=ROOT, capture_output=True, text=True)
    commands = result.stdout.replace("\\\n", " ").splitlines()  # the recipe is one command on two lines
    command = [line for line in commands if "new-document" in line]
    assert command and '"a b.txt" --slug "s" --title "标题"' in command[-1] and '--layout "sg_note"' in command[-1]
