"""Mention-heavy benchmark: one paragraph of N characters packed with mentions, time per stage.

    /work/main/.venv/bin/python -m bench.mention_heavy                      # 24k, 96k and 1 MB characters
    /work/main/.venv/bin/python -m bench.mention_heavy --chars 1000000 --timeout 60
    /work/main/.venv/bin/python -m bench.mention_heavy --shape list    # one citation list of N characters

For each size it copies the real corpus (bench/scale.py at factor 1) and grows one paragraph of one document to
about N characters of mention text: every name in actors.yml (not_actors too), every SDG goal and target in
sdgs.yml, every programme of programmes.yml as ``方案 N`` / ``次级方案 N``, and resolution citations in each
shape the matchers read (``大会第 41/101 号决议``, ``A/RES/41/1``, ``WHA51.1``, ``安全理事会第 2001(1991)号决议``),
cycled in a fixed order and joined by list separators. With ``--shape list`` the paragraph is one list of GA
resolutions instead (``大会第 70/1 号、第 70/2 号、…号决议``: every 第 starts a read of the rest of the list).
The paragraph grown is the longest line of the programme document's source (the one document where every
matcher runs; ``--document`` picks another). Then it runs our stages (load … render, search; not MkDocs, which
a long page costs no more than others) in a fresh process and prints wall and CPU time per stage. A build that
takes longer than ``--timeout`` seconds is stopped and reported as such.

The whole-corpus stages cost about 12 s of the total at any size; what grows is the time spent on the one
paragraph. Writes bench/results/mention_heavy-<shape>.json. Never part of the test suite.
"""
from __future__ import annotations

import argparse
import itertools
import json
import shutil
import sys
import tempfile
from pathlib import Path

from bench.run import RESULTS, describe, machine, run_worker
from bench.scale import make_corpus
from build_scripts.load import load_corpus
from build_scripts.parse import layout_names, parse
from build_scripts.registries import load_registries

ROOT = Path(__file__).resolve().parent.parent
SIZES = (24_000, 96_000, 1_000_000)
#: stages that run before MkDocs, in pipeline order (the worker's "ours" mode stops there)
STAGES = ("load", "cache", "parse", "extract", "link", "render", "search", "cache-save", "anchors",
          "stage")


def mention_strings(corpus: Path) -> list[str]:
    """Every mention form the registries give, and resolution citations in each shape a matcher reads."""
    registries = load_registries(corpus)
    names = [name for actor in registries.actors for name in actor.names]
    names += [item.name for item in registries.not_actors]
    goals = [f"可持续发展目标 {goal.number}" for goal in registries.goals]
    targets = [f"具体目标 {target.id}" for target in registries.targets]
    programmes = [form for p in registries.programmes for form in (f"方案 {p.number}", f"次级方案 {p.number}")]
    citations = [form for n in range(1, 30) for form in
                 (f"大会第 {40 + n}/{100 + n} 号决议", f"A/RES/{40 + n}/{n}", f"WHA{50 + n}.{n}",
                  f"安全理事会第 {2000 + n}({1990 + n % 30})号决议")]
    kinds = [names, goals, targets, programmes, citations]
    longest = max(len(kind) for kind in kinds)
    # interleave the kinds so that every stretch of the paragraph holds every kind of mention
    return [kind[i % len(kind)] for i in range(longest) for kind in kinds]


def heavy_text(strings: list[str], chars: int) -> str:
    """About ``chars`` characters of the strings, cycled, joined by list separators, a sentence end now and then."""
    out: list[str] = []
    size = 0
    for i, string in enumerate(itertools.cycle(strings)):
        piece = string + ("。" if i % 20 == 19 else "、" if i % 3 else "和")
        out.append(piece)
        size += len(piece)
        if size >= chars:
            return "".join(out)
    raise AssertionError("unreachable")


def citation_list(chars: int) -> str:
    """One list of GA resolutions, ``大会第 70/1 号、第 70/2 号、…、第 … 号决议``, of about ``chars`` characters."""
    out, size, i = ["大会"], 2, 0
    while size < chars:
        piece = f"第 70/{i % 300 + 1} 号、"  # 300 resolutions (401 and up would be decisions), cited again and again
        out.append(piece)
        size += len(piece)
        i += 1
    out[-1] = out[-1].replace("号、", "号决议")
    return "".join(out)


def programme_document(corpus: Path) -> str:
    return load_registries(corpus).programme_document


def grow_paragraph(corpus: Path, slug: str, text: str) -> int:
    """Insert ``text`` in the middle of the longest line of document ``slug``'s source; returns that line's number."""
    loaded = load_corpus(corpus, layout_names(corpus))
    source = next(s for s in loaded.sources if s.meta.slug == slug)
    lines = source.text.splitlines(keepends=True)
    index = max(range(len(lines)), key=lambda i: len(lines[i].strip()))
    line = lines[index]
    middle = len(line.rstrip()) // 2
    lines[index] = line[:middle] + text + line[middle:]
    source.path.unlink()  # a hard link to the real source (bench/scale.py): never write through it
    source.path.write_text("".join(lines), encoding="utf-8")
    return index + 1


def longest_unit(corpus: Path, slug: str) -> int:
    """Characters of the longest unit the parser makes of the grown document (the paragraph really is one unit)."""
    loaded = load_corpus(corpus, layout_names(corpus))
    document = parse(next(s for s in loaded.sources if s.meta.slug == slug))
    return max(len(unit.text) for part in document.parts for block in part.blocks() for unit in block.units())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", default=",".join(map(str, SIZES)), help="paragraph sizes in characters")
    parser.add_argument("--shape", choices=("mixed", "list"), default="mixed",
                        help="mixed: every kind of mention; list: one list of resolution citations")
    parser.add_argument("--document", help="slug of the document to grow (default: the programme document)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds allowed for one build")
    args = parser.parse_args(argv)
    results: dict = {"machine": machine(), "runs": []}
    with tempfile.TemporaryDirectory(prefix="bench-heavy-") as tmp:
        work = Path(tmp)
        for chars in (int(x) for x in args.chars.split(",") if x):
            corpus = work / f"corpus-{chars}"
            make_corpus(1, corpus)
            slug = args.document or programme_document(corpus)
            text = heavy_text(mention_strings(corpus), chars) if args.shape == "mixed" else citation_list(chars)
            line = grow_paragraph(corpus, slug, text)
            unit = longest_unit(corpus, slug)
            spec = {"work": str(work), "corpus": str(corpus), "site": str(work / f"site-{chars}"), "mode": "ours",
                    "cache": None, "memory_limit": 0}
            run = run_worker(spec, args.timeout)
            results["runs"].append({"chars": len(text), "shape": args.shape, "document": slug, "line": line, "longest_unit": unit,
                                    **run})
            print(f"{len(text):,} characters inserted in {slug} line {line} (longest unit {unit:,} characters): "
                  f"{describe(run)}", flush=True)
            stages = {s["stage"]: s for s in run.get("stages", [])}
            for name in (name for name in STAGES if name in stages):
                print(f"  {name:<11} {stages[name]['wall']:8.2f} s wall {stages[name]['cpu']:8.2f} s CPU", flush=True)
            shutil.rmtree(corpus, ignore_errors=True)
            shutil.rmtree(work / f"site-{chars}", ignore_errors=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"mention_heavy-{args.shape}.json").write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n",
                                                encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
