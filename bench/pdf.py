"""What the PDF editions (build_scripts/render/pdf.py, timed stage ``pdf``) cost, and what the cache saves.

    .venv/bin/python -m bench.pdf [--runs 2]

Each run, in fresh processes on a copy of the real corpus with its own empty build cache: a clean build, then a
rebuild after a change to a hand-written docs page (every page is built again by MkDocs, no document changed: every
PDF comes from the cache), then a rebuild after a change to one document's source text (only that document's PDF is
made again). Reports the ``pdf`` stage's wall and CPU time against the whole build's (median, min, max). Then what
tagging (PDF/UA-1, ``render.pdf.PDF_VARIANT``) costs: every edition of the clean build rendered untagged and tagged,
CPU time summed.
Writes bench/results/pdf.json and the section of docs/benchmark.md between the PDF markers (bench/run.py keeps it).
A benchmark, not a test: nothing here passes or fails.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from .docsection import with_section as put_section

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "pdf.json"
DOC = ROOT / "docs" / "benchmark.md"
BEGIN, END = "<!-- pdf: begin (bench/pdf.py) -->", "<!-- pdf: end -->"
BUILDS = ("clean", "docs page changed", "one document changed")


def one_build(corpus: Path, docs: Path, site: Path, cache: Path) -> dict:
    """One build in this process with the given cache: the ``pdf`` stage's times, the whole build's, the counts."""
    from build_scripts import cache as build_cache, timing
    from build_scripts.pipeline import BuildPaths, build

    records = timing.enable()
    wall, cpu = time.perf_counter(), time.process_time()
    build(BuildPaths(corpus=corpus, static_docs=docs, site=site, cache=cache))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    pdf = [r for r in records if r.stage == "pdf"]
    return {"pdf_wall": sum(r.wall for r in pdf), "pdf_cpu": sum(r.cpu for r in pdf), "build_wall": wall,
            "build_cpu": cpu, "made": build_cache.last_stats["pdf_made"], "reused": build_cache.last_stats["pdf_reused"]}


def tagging(corpus: Path, site: Path) -> dict:
    """CPU seconds to render every edition of a built site untagged and tagged (this process, no cache)."""
    from build_scripts import public_url
    from build_scripts.load import load_corpus
    from build_scripts.parse import layout_names
    from build_scripts.pipeline import BuildPaths
    from build_scripts.render.pdf import PDF_VARIANT, editions, edition_html, render_pdf

    loaded = load_corpus(corpus, layout_names(corpus))
    built = sorted(site.glob("documents/*/**/index.html"), key=lambda p: (len(p.parts), str(p)))  # first pages first
    pages = tuple(str(p.relative_to(site).parent) + ".md" for p in built)
    url = public_url.configured(BuildPaths.config).rstrip("/") + "/"
    out = {"untagged": 0.0, "tagged": 0.0}
    for edition in editions(tuple(s.meta for s in loaded.sources), pages):
        html = edition_html(edition, site, url)
        for key, variant in (("untagged", None), ("tagged", PDF_VARIANT)):
            cpu = time.process_time()
            render_pdf(html, variant)
            out[key] += time.process_time() - cpu
    return out


def worker(*args: Path, mode: str = "--one") -> dict:
    done = subprocess.run([sys.executable, "-m", "bench.pdf", mode, *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"a benchmark build failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def one_run(work: Path) -> list[dict]:
    """The three builds of one run (clean, docs page changed, one document changed)."""
    corpus, docs = work / "corpus", work / "docs"
    shutil.copytree(ROOT / "corpus", corpus, ignore=shutil.ignore_patterns("anchors"))  # (the edit would rightly
    # fail the anchor registry: the same as bench/run.py's incremental runs)
    shutil.copytree(ROOT / "docs", docs)
    paths = (corpus, docs, work / "site", work / "cache")
    out = [worker(*paths)]
    page = sorted(docs.glob("*.md"))[0]
    page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    out.append(worker(*paths))
    source = sorted((corpus / "sources").iterdir())[0]
    text = source.read_text(encoding="utf-8")
    first = next(i for i, ch in enumerate(text) if not ch.isspace() and not ch.isascii())
    source.write_text(text[: first + 1] + text[first:], encoding="utf-8")  # one character doubled
    out.append(worker(*paths))
    out.append(worker(corpus, work / "site", mode="--tagging"))
    return out


def spread(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def summarise(runs: list[list[dict]]) -> dict:
    out = {"tagging": {key: spread([run[len(BUILDS)][key] for run in runs]) for key in ("untagged", "tagged")}}
    for i, name in enumerate(BUILDS):
        rows = [run[i] for run in runs]
        out[name] = {key: spread([r[key] for r in rows]) for key in ("pdf_wall", "pdf_cpu", "build_wall", "build_cpu")}
        out[name]["share_cpu"] = spread([r["pdf_cpu"] / r["build_cpu"] for r in rows])
        out[name]["made"], out[name]["reused"] = rows[0]["made"], rows[0]["reused"]
    out["runs"] = len(runs)
    return out


def section(summary: dict) -> str:
    def sec(x: dict) -> str:
        return f"{x['median']:.1f} s ({x['min']:.1f}–{x['max']:.1f})"

    tags = summary["tagging"]
    added = tags["tagged"]["median"] / tags["untagged"]["median"] - 1
    rows = [f"| {name} | {s['made']} / {s['reused']} | {sec(s['pdf_wall'])} | {sec(s['pdf_cpu'])} | "
            f"{sec(s['build_wall'])} | {sec(s['build_cpu'])} | {100 * s['share_cpu']['median']:.0f} % |"
            for name, s in ((n, summary[n]) for n in BUILDS)]
    return "\n".join([
        BEGIN, "", "## PDF 版 The PDF editions", "",
        f"`.venv/bin/python -m bench.pdf` ({summary['runs']} run{'s' if summary['runs'] != 1 else ''}, each build in a fresh process on a copy of the "
        "real corpus with its own build cache; median (min–max)): the stage `pdf` (`build_scripts/render/pdf.py`, "
        "WeasyPrint, one PDF per document) against the whole build. A clean build makes every PDF; the cache "
        "(`build_scripts/cache.py`, keyed on each PDF's HTML) makes a PDF again only when its document's text "
        "changed: a clean build's PDFs cost more than a third of it, later builds almost nothing. Load average "
        f"{summary['load'][0]} before, {summary['load'][1]} after on {os.cpu_count()} cores: other work on the "
        "machine stretches wall times; CPU times are the steadier figure.", "",
        "| build | PDFs made / reused | `pdf` wall | `pdf` CPU | whole build wall | whole build CPU | PDF share (CPU) |",
        "| --- | --- | --- | --- | --- | --- | --- |", *rows, "",
        f"Tagging (PDF/UA-1, a structure tree for screen readers): every edition rendered untagged "
        f"{sec(tags['untagged'])} CPU, tagged {sec(tags['tagged'])} CPU: {100 * added:+.0f} % on the PDFs, paid "
        "only when a document changes (the cache).", "", END])


def with_section(page: str, text: str) -> str:
    """``page`` with its PDF section replaced by ``text`` (appended when it has none)."""
    return put_section(page, BEGIN, END, text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pdf", description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--one", type=Path, nargs=4, help=argparse.SUPPRESS)  # worker: corpus docs site cache
    parser.add_argument("--tagging", type=Path, nargs=2, help=argparse.SUPPRESS)  # worker: corpus site
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one_build(*args.one)))
        return 0
    if args.tagging:
        print(json.dumps(tagging(*args.tagging)))
        return 0
    runs, load_before = [], os.getloadavg()[0]
    for i in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="bench-pdf-") as work:
            runs.append(one_run(Path(work)))
        print(f"run {i + 1}/{args.runs}: " + ", ".join(f"{name} pdf {r['pdf_cpu']:.1f} s CPU of {r['build_cpu']:.1f} s"
                                                        for name, r in zip(BUILDS, runs[-1])), file=sys.stderr)
    summary = summarise(runs)
    summary["load"] = [round(load_before, 1), round(os.getloadavg()[0], 1)]
    RESULTS.write_text(json.dumps({"runs": runs, "summary": summary}, indent=1) + "\n", encoding="utf-8")
    DOC.write_text(with_section(DOC.read_text(encoding="utf-8"), section(summary)), encoding="utf-8")
    print(section(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
