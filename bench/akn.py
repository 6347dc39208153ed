"""What the Akoma Ntoso export (build_scripts/render/akn.py, timed stage ``akn``) costs: its share of the build.

    .venv/bin/python -m bench.akn [--runs 3]

Builds the real corpus from a clean state (no site, no cache) ``--runs`` times, each in a fresh process, and
reports the export's wall and CPU time against the whole build's (median, min, max). The issue's budget is 10 %.
Writes bench/results/akn.json and the section of docs/benchmark.md between the AKN markers (bench/run.py keeps
that section when it regenerates the page). A benchmark, not a test: nothing here passes or fails.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from .docsection import with_section as put_section

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "akn.json"
DOC = ROOT / "docs" / "benchmark.md"
BEGIN, END = "<!-- akn: begin (bench/akn.py) -->", "<!-- akn: end -->"
BUDGET = 0.10  #: issue 17: the export stays within 10 % of the build time


def one_build(site: Path) -> dict:
    """One clean build in this process: the ``akn`` stage's wall and CPU time and the whole build's."""
    from build_scripts import timing
    from build_scripts.pipeline import BuildPaths, build

    records = timing.enable()
    wall, cpu = time.perf_counter(), time.process_time()
    build(BuildPaths(site=site))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    akn = [r for r in records if r.stage == "akn"]
    return {"akn_wall": sum(r.wall for r in akn), "akn_cpu": sum(r.cpu for r in akn), "files": len(akn),
            "build_wall": wall, "build_cpu": cpu}


def spread(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def summarise(runs: list[dict]) -> dict:
    keys = ("akn_wall", "akn_cpu", "build_wall", "build_cpu")
    out = {key: spread([r[key] for r in runs]) for key in keys}
    out["share_wall"] = spread([r["akn_wall"] / r["build_wall"] for r in runs])
    out["share_cpu"] = spread([r["akn_cpu"] / r["build_cpu"] for r in runs])
    out["runs"], out["files"] = len(runs), runs[0]["files"]
    return out


def section(summary: dict) -> str:
    """The docs/benchmark.md section (between the markers)."""
    def pct(x: dict) -> str:
        return f"{100 * x['median']:.1f} % ({100 * x['min']:.1f}–{100 * x['max']:.1f})"

    def sec(x: dict) -> str:
        return f"{x['median']:.2f} s ({x['min']:.2f}–{x['max']:.2f})"
    return "\n".join([
        BEGIN, "", "## Akoma Ntoso 导出 The Akoma Ntoso export", "",
        f"`.venv/bin/python -m bench.akn` ({summary['runs']} clean builds of the real corpus, each in a fresh "
        f"process; median (min–max)): making the {summary['files']} XML files (`data/akn/`, stage `akn`, "
        "`build_scripts/render/akn.py`) against the whole build. The budget is 10 % of the build. Load average "
        f"{summary['load'][0]} before, {summary['load'][1]} after on {os.cpu_count()} cores: other work on the "
        "machine stretches wall times; CPU times are the steadier figure.", "",
        "| | export (`akn`) | whole build | share |", "| --- | --- | --- | --- |",
        f"| wall | {sec(summary['akn_wall'])} | {sec(summary['build_wall'])} | {pct(summary['share_wall'])} |",
        f"| CPU | {sec(summary['akn_cpu'])} | {sec(summary['build_cpu'])} | {pct(summary['share_cpu'])} |",
        "", END])


def with_section(page: str, text: str) -> str:
    """``page`` with its AKN section replaced by ``text`` (appended when it has none)."""
    return put_section(page, BEGIN, END, text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.akn", description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # worker: one build into this folder
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one_build(args.one)))
        return 0
    runs, load_before = [], os.getloadavg()[0]
    for i in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="bench-akn-") as work:
            done = subprocess.run([sys.executable, "-m", "bench.akn", "--one", str(Path(work) / "site")],
                                  cwd=ROOT, check=True, capture_output=True, text=True)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(f"run {i + 1}/{args.runs}: export {runs[-1]['akn_wall']:.2f} s of {runs[-1]['build_wall']:.1f} s",
              file=sys.stderr)
    summary = summarise(runs)
    summary["load"] = [round(load_before, 1), round(os.getloadavg()[0], 1)]
    RESULTS.write_text(json.dumps({"runs": runs, "summary": summary}, indent=1) + "\n", encoding="utf-8")
    DOC.write_text(with_section(DOC.read_text(encoding="utf-8"), section(summary)), encoding="utf-8")
    print(section(summary))
    within = summary["share_wall"]["max"] <= BUDGET
    print(f"export share of the build: {100 * summary['share_wall']['median']:.1f} % (wall, median); "
          f"{'within' if within else 'OVER'} the 10 % budget")
    return 0


if __name__ == "__main__":
    sys.exit(main())
