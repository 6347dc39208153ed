"""How many links a reader meets in running text: entity links and glossary-term links per 100 characters, per
document, read from a built site.

    .venv/bin/python -m bench.link_density [SITE ...] [--labels before after] [--write]

Counts, on every page of each document (``documents/<slug>/``), the links inside citable blocks (paragraphs, items,
footnotes, table cells, mandate entries; headings carry no links): entity links (``a.m``) and glossary terms
(``a.t``), against the characters of those blocks' text (whitespace not counted). Given two sites (e.g. one built
before a change, one after) it prints both side by side. ``--write`` puts the table into docs/benchmark.md between
the link-density markers. A benchmark, not a test: nothing here passes or fails.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from bs4 import BeautifulSoup
from .docsection import with_section as put_section

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmark.md"
BEGIN, END = "<!-- link-density: begin (bench/link_density.py) -->", "<!-- link-density: end -->"
_SPACE = re.compile(r"\s+")


def density(site: Path) -> dict[str, tuple[int, int, int]]:
    """slug -> (characters, entity links, term links) over the document's pages."""
    out = {}
    for folder in sorted(p for p in (site / "documents").iterdir() if p.is_dir()):
        chars = entities = terms = 0
        for page in sorted(folder.rglob("index.html")):
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            for block in soup.select("article .blk"):
                if block.find_parent(class_="blk"):
                    continue  # nested blocks are counted with their parent
                chars += len(_SPACE.sub("", block.get_text()))
                entities += len(block.select("a.m"))
                terms += len(block.select("a.t"))
        out[folder.name] = (chars, entities, terms)
    return out


def per_100(links: int, chars: int) -> str:
    return f"{100 * links / chars:.2f}" if chars else "—"


def table(sites: list[Path], labels: list[str]) -> str:
    measured = [density(site) for site in sites]
    head = "| document | characters | " + " | ".join(
        f"{label}: entity links | {label}: term links | {label}: links / 100 chars" for label in labels) + " |"
    rows = [head, "| --- | ---: |" + " ---: | ---: | ---: |" * len(labels)]
    for slug in sorted(measured[0]):
        cells = []
        for result in measured:
            chars, entities, terms = result.get(slug, (0, 0, 0))
            cells += [str(entities), str(terms), per_100(entities + terms, chars)]
        rows.append(f"| {slug} | {measured[0][slug][0]} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def write_section(text: str, command: str) -> None:
    section = (f"{BEGIN}\n\n## 链接密度 Link density\n\n`{command}`: links a reader meets in the running text of each "
               "document (paragraphs, items, footnotes, table cells, mandate entries; headings carry none), entity links "
               "and glossary-term links, per 100 characters of that text (whitespace not counted). *before*: every "
               "mention a link; *after*: each entity page or glossary entry linked once per unit, at its first mention."
               f"\n\n{text}\n\n{END}")
    page = DOC.read_text(encoding="utf-8")
    DOC.write_text(put_section(page, BEGIN, END, section), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.link_density", description=__doc__.split("\n")[0])
    parser.add_argument("sites", nargs="*", type=Path, default=[ROOT / "site"])
    parser.add_argument("--labels", nargs="*")
    parser.add_argument("--write", action="store_true", help="put the table into docs/benchmark.md")
    args = parser.parse_args(argv)
    labels = args.labels or [site.name for site in args.sites]
    if len(labels) != len(args.sites):
        parser.error("give one label per site")
    text = table(args.sites, labels)
    print(text)
    if args.write:
        write_section(text, "python -m bench.link_density " + " ".join(
            a for a in (argv if argv is not None else sys.argv[1:]) if a != "--write"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
