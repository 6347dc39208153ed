"""Build benchmark: ``make bench`` (= ``.venv/bin/python -m bench.run``).

1. Builds the real corpus from a clean state (no site, empty cache) ``--runs`` times (default 5), each
   build in its own process, and reports median, min and max of wall time, CPU time and peak memory (RSS)
   for every pipeline stage (build_scripts/timing.py) and for the MkDocs step.
2. Builds the same generated Markdown (same navigation) with plain ``mkdocs build``: mkdocs.yml without
   our hook and template override, so Material's default search indexes every page; the whole build is
   compared with it (the cost our stages add).
3. Incremental rebuilds with the build cache (build_scripts/cache.py): no change, and one document changed.
4. Scale: synthetic corpora 10x and 100x the real one (bench/scale.py): build time, peak memory, site
   size and the search data a first visit loads, against corpus size. ``--full-scales`` (default 10,100)
   are built whole; any other of the ``--scales`` runs every stage except MkDocs and the checks of its output.

Writes bench/results/build-<date>.json and bench/results/latest.json, and regenerates docs/benchmark.md.
Takes about 40 minutes on 2 cores (25 of them the 100x build). ``--quick`` (1 run, scale 10 without MkDocs)
for a smoke test; ``--incremental-only`` measures step 3 again into latest.json (2 minutes).
Never part of the test suite.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from bench.mutation import mutation_section

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DOC = ROOT / "docs" / "benchmark.md"
WORKER_JS = ROOT / "docs" / "assets" / "search" / "worker.js"
FIRST_QUERIES = ["卫生", "健康覆盖", "WHO", "72/139", "universal health coverage"]  #: as bench/search_bench.py
BEFORE_MKDOCS = ("load", "cache", "parse", "extract", "link", "render", "akn", "search", "cache-save",
                 "anchors", "stage")
CHANGED_DOC = ("001_e0bca8b1696e5d07.txt", "卫生", "卫生卫生")  #: the one-document change: WHA report, first 卫生
NO_CHANGE_COMMANDS = 5  #: runs of the bare build command with no change (each a fresh process, as make site)


# -- the worker: one build in its own process ---------------------------------------------------------


def worker(spec: dict) -> dict:
    """Run one build as ``spec`` says and describe it (runs in a child process)."""
    import resource

    if spec.get("memory_limit"):
        resource.setrlimit(resource.RLIMIT_AS, (spec["memory_limit"], spec["memory_limit"]))
    from build_scripts import cache, pipeline, timing

    markdown: dict = {}
    real_mkdocs = pipeline.run_mkdocs

    def mkdocs(config: Path, docs: Path, out: Path, nav: list) -> str:
        files = [p for p in docs.rglob("*.md")]
        markdown.update(files=len(files), bytes=sum(p.stat().st_size for p in files))
        if spec.get("keep_docs"):
            shutil.copytree(docs, spec["keep_docs"])
            Path(spec["keep_docs"] + ".nav.json").write_text(json.dumps(nav, ensure_ascii=False), encoding="utf-8")
        if spec["mode"] == "build":
            return real_mkdocs(config, docs, out, nav)
        out.mkdir(parents=True)
        return "/"

    pipeline.run_mkdocs = mkdocs
    paths = pipeline.BuildPaths(corpus=Path(spec["corpus"]), site=Path(spec["site"]),
                                cache=Path(spec["cache"]) if spec.get("cache") else None)
    records = timing.enable()
    wall, cpu = time.perf_counter(), time.process_time()
    pipeline.build(paths)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    stages = merged([r.as_dict() for r in records if not (r.stage == "mkdocs" and spec["mode"] != "build")])
    if spec["mode"] != "build":  # no MkDocs output: the checks had nothing to check
        stages = [s for s in stages if s["stage"] in BEFORE_MKDOCS + ("search-write",)]
    site = Path(spec["site"])
    out = {
        "mode": spec["mode"], "build_wall": wall, "build_cpu": cpu,
        "peak_rss": max([s["peak_rss"] for s in stages] + [timing.peak_rss()]),
        "stages": stages, "cache": dict(cache.last_stats), "pages_rendered_list": len(cache.last_rendered),
        "markdown": markdown, "search": search_payload(site),
    }
    if spec["mode"] == "build":
        files = [p for p in site.rglob("*") if p.is_file()]
        out["site"] = {"files": len(files), "bytes": sum(p.stat().st_size for p in files),
                       "html": sum(1 for p in files if p.suffix == ".html")}
    return out


def merged(stages: list[dict]) -> list[dict]:
    """One record per stage name (a stage may run in several pieces, as ``stage`` does): times added, peak the highest."""
    out: dict[str, dict] = {}
    for s in stages:
        if s["stage"] in out:
            first = out[s["stage"]]
            first.update(wall=first["wall"] + s["wall"], cpu=first["cpu"] + s["cpu"],
                         peak_rss=max(first["peak_rss"], s["peak_rss"]))
        else:
            out[s["stage"]] = dict(s)
    return list(out.values())


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6, mtime=0))


def search_payload(site: Path) -> dict:
    """What the search worker loads (gzip -6): before the first query (worker.js, Material's config file,
    meta.json) and for each of FIRST_QUERIES (the term and doc shards it reads, alias.json for Latin words)."""
    from build_scripts.search.engine import Engine

    search = site / "search"
    if not (search / "meta.json").is_file():
        return {}
    files = {p.relative_to(search).as_posix(): p.read_bytes() for p in search.rglob("*") if p.is_file()}
    base = gz(WORKER_JS.read_bytes()) + gz(files["meta.json"]) + (
        gz(files["search_index.json"]) if "search_index.json" in files else 0)
    queries = {}
    for query in FIRST_QUERIES:
        engine = Engine(lambda rel: files[rel])
        engine.search(query)
        loaded = set(engine.loaded) - {"meta.json"}
        if re.search(r"[A-Za-z]", query) and "alias.json" in files:
            loaded.add("alias.json")
        queries[query] = base + sum(gz(files[f]) for f in loaded)
    index = [f for f in files if f != "search_index.json"]
    return {"before_first_query_gzip": base, "meta_json_bytes": len(files["meta.json"]),
            "meta_json_gzip": gz(files["meta.json"]), "first_query_gzip": queries,
            "index_files": len(index), "index_bytes": sum(len(files[f]) for f in index),
            "index_gzip": sum(gz(files[f]) for f in index)}


# -- the parent: run workers, time them, summarise -----------------------------------------------------


def run_worker(spec: dict, timeout: float | None) -> dict:
    """Run ``worker(spec)`` in a fresh interpreter; wall time as seen from outside, CPU from wait4."""
    spec_file = Path(spec["work"]) / f"spec-{time.monotonic_ns()}.json"
    spec_file.write_text(json.dumps(spec), encoding="utf-8")
    result_file = spec_file.with_suffix(".out.json")
    command = [sys.executable, "-m", "bench.run", "--worker", str(spec_file), str(result_file)]
    outcome = run_timed(command, timeout)
    if outcome.get("error"):
        return outcome
    result = json.loads(result_file.read_text(encoding="utf-8"))
    result.update(wall=outcome["wall"], cpu=outcome["cpu"])
    return result


def run_timed(command: list[str], timeout: float | None, cwd: Path = ROOT) -> dict:
    """Wall time, CPU time (user + system) and ru_maxrss of one child process."""
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=stderr)
        deadline = None if timeout is None else start + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if deadline and time.perf_counter() > deadline:
                process.kill()
                os.wait4(process.pid, 0)
                process.returncode = -9
                return {"error": f"timed out after {timeout:.0f} s"}
            time.sleep(0.05)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        message = stderr.read().decode(errors="replace")
    if process.returncode:
        return {"error": f"exit {process.returncode}: {message[-2000:]}"}
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_rss": usage.ru_maxrss * 1024}


def spread(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)} if values else {}


def summarise(runs: list[dict]) -> dict:
    """Median, min and max of every stage and of the totals over the runs that finished."""
    ok = [r for r in runs if not r.get("error")]
    if not ok:
        return {}
    names: list[str] = []
    for r in ok:
        names += [s["stage"] for s in r["stages"] if s["stage"] not in names]
    stages = {}
    for name in names:
        rows = [s for r in ok for s in r["stages"] if s["stage"] == name]
        stages[name] = {k: spread([s[k] for s in rows]) for k in ("wall", "cpu", "peak_rss")}
    def total(keep) -> dict:
        picked = [[s for s in r["stages"] if keep(s["stage"])] for r in ok]
        return {"wall": spread([sum(s["wall"] for s in p) for p in picked]),
                "cpu": spread([sum(s["cpu"] for s in p) for p in picked]),
                "peak_rss": spread([max(s["peak_rss"] for s in p) for p in picked])}

    return {
        "runs": len(ok), "stages": stages,
        "ours": total(lambda stage: stage != "mkdocs"),  # every stage but MkDocs
        "before_mkdocs": total(lambda stage: stage in BEFORE_MKDOCS),  # load .. stage (what a 100x run measures)
        "process": {k: spread([r[k] for r in ok]) for k in ("wall", "cpu", "peak_rss")},
    }


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    mem = next((int(line.split()[1]) * 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0) if Path("/proc/meminfo").exists() else 0
    os_name = platform.platform()
    release = Path("/etc/os-release")
    if release.exists():
        os_name = next((line.split("=", 1)[1].strip('"') for line in release.read_text().splitlines()
                        if line.startswith("PRETTY_NAME=")), os_name) + f" (Linux {platform.release()})"
    versions = {}
    for dist in ("mkdocs", "mkdocs-material", "Markdown", "jieba"):
        try:
            from importlib.metadata import version
            versions[dist] = version(dist)
        except Exception:  # noqa: BLE001
            pass
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_bytes": mem, "python": platform.python_version(),
            "os": os_name, "packages": versions}


def plain_mkdocs_config(docs: Path, nav: list, work: Path) -> Path:
    """mkdocs.yml for the same pages with the theme's defaults: no hook, no template override."""
    lines = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    out, skip = [], False
    for line in lines:
        if line.startswith("hooks:"):
            skip = True
            continue
        if skip and line.startswith("  "):
            continue
        skip = False
        if line.strip().startswith("custom_dir:"):
            continue
        if line.startswith("docs_dir:"):
            line = f"docs_dir: {json.dumps(str(docs))}"
        out.append(line)
    out.append("nav: " + json.dumps(nav, ensure_ascii=False))
    config = work / "mkdocs-plain.yml"
    config.write_text("\n".join(out) + "\n", encoding="utf-8")
    return config


def corpus_info(corpus: Path) -> dict:
    from bench.scale import corpus_size

    return corpus_size(corpus)


def incremental(real: Path, work: Path, spec, timeout: float, log) -> dict:
    """A clean build, a no-change rebuild and a one-document rebuild of a copy of the corpus, one cache and one
    site folder (as ``make site`` keeps them); the no-change rebuild also as the bare command, several times."""
    log("incremental: clean build, no-change rebuild, one-document rebuild")
    load_before = os.getloadavg()
    copy = work / "corpus-copy"
    shutil.copytree(real, copy, ignore=shutil.ignore_patterns("anchors"))  # the edit would (rightly) fail the registry
    for p in copy.rglob("*"):
        p.chmod(p.stat().st_mode | 0o200)
    cache, site = work / "incremental-cache", work / "incremental-site"
    first = run_worker(spec("inc-0", copy, cache=cache, site=str(site)), timeout)
    no_change = run_worker(spec("inc-1", copy, cache=cache, site=str(site)), timeout)
    command = [sys.executable, "-m", "build_scripts", "build", "--corpus", str(copy), "--site", str(site),
               "--cache", str(cache)]
    commands = [run_timed(command, timeout) for _ in range(NO_CHANGE_COMMANDS)]
    name, old, new = CHANGED_DOC
    source = copy / "sources" / name
    source.write_text(source.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    one_doc = run_worker(spec("inc-2", copy, cache=cache, site=str(site)), timeout)
    ok = [c for c in commands if not c.get("error")]
    command_summary = {k: spread([c[k] for c in ok]) for k in ("wall", "cpu", "peak_rss")} if ok else {}
    log(f"  no change: {describe(no_change)}; command: {describe(ok[0]) if ok else commands[0]['error']}; "
        f"one document: {describe(one_doc)}")
    return {"clean": first, "no_change": no_change, "one_document": one_doc,
            "no_change_command": {"runs": commands, "summary": command_summary,
                                  "command": "python -m build_scripts build (no change)"},
            "changed": f"sources/{name}: first {old} -> {new}", "load_average": [load_before, os.getloadavg()],
            "date": datetime.now(timezone.utc).isoformat(timespec="seconds")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="clean builds of the real corpus (and plain MkDocs)")
    parser.add_argument("--scales", default="10,100", help="corpus factors for the scaling runs")
    parser.add_argument("--full-scales", default="10,100",
                        help="factors built whole, with MkDocs (others, and any that fails: our stages alone)")
    parser.add_argument("--scale-runs", type=int, default=1, help="runs per scaled corpus")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds allowed for one build")
    parser.add_argument("--memory-limit-gb", type=float, default=16, help="address-space limit of one build")
    parser.add_argument("--quick", action="store_true", help="1 run, scale 10 without MkDocs (smoke test)")
    parser.add_argument("--no-doc", action="store_true", help="do not rewrite docs/benchmark.md")
    parser.add_argument("--report-only", action="store_true",
                        help="only regenerate docs/benchmark.md from bench/results/latest.json")
    parser.add_argument("--incremental-only", action="store_true",
                        help="measure the incremental rebuilds again, into bench/results/latest.json and the docs")
    parser.add_argument("--worker", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        spec = json.loads(args.worker[0].read_text(encoding="utf-8"))
        args.worker[1].write_text(json.dumps(worker(spec)), encoding="utf-8")
        return 0
    if args.report_only:
        DOC.write_text(markdown(json.loads((RESULTS / "latest.json").read_text(encoding="utf-8"))), encoding="utf-8")
        return 0
    if args.quick:
        args.runs, args.scales, args.full_scales = 1, "10", ""
    scales = [int(x) for x in args.scales.split(",") if x]
    full = {int(x) for x in args.full_scales.split(",") if x}
    limit = int(args.memory_limit_gb * 2**30) if args.memory_limit_gb else 0
    started = datetime.now(timezone.utc)
    results: dict = {"date": started.isoformat(timespec="seconds"), "machine": machine(),
                     "load_average_before": os.getloadavg(), "runs": args.runs, "scales": scales,
                     "full_scales": sorted(full), "queries": FIRST_QUERIES}

    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)

        def spec(name: str, corpus: Path, mode: str = "build", cache: Path | None = None, **more) -> dict:
            site = work / name / "site"
            shutil.rmtree(work / name, ignore_errors=True)
            (work / name).mkdir(parents=True)
            return {"work": str(work), "corpus": str(corpus), "site": str(site), "mode": mode,
                    "cache": str(cache or work / name / "cache"), "memory_limit": limit, **more}

        def log(text: str) -> None:
            print(f"[{datetime.now():%H:%M:%S}] {text}", file=sys.stderr, flush=True)

        real = ROOT / "corpus"
        if args.incremental_only:
            results = json.loads((RESULTS / "latest.json").read_text(encoding="utf-8"))
            results["incremental"] = incremental(real, work, spec, args.timeout, log)
            (RESULTS / "latest.json").write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            DOC.write_text(markdown(results), encoding="utf-8")
            return 0

        # 1. the real corpus, clean builds
        runs = []
        for i in range(args.runs):
            log(f"clean build {i + 1}/{args.runs} of the real corpus")
            runs.append(run_worker(spec(f"real-{i}", real), args.timeout))
            log(f"  {describe(runs[-1])}")
        results["real"] = {"corpus": corpus_info(real), "runs": runs, "summary": summarise(runs)}

        # 2. plain MkDocs over the same Markdown
        log("staging the generated Markdown for plain mkdocs")
        staged = run_worker(spec("stage", real, mode="ours", keep_docs=str(work / "plain-docs")), args.timeout)
        plain = []
        if not staged.get("error"):
            nav = json.loads((work / "plain-docs.nav.json").read_text(encoding="utf-8"))
            config = plain_mkdocs_config(work / "plain-docs", nav, work)
            for i in range(args.runs):
                log(f"plain mkdocs build {i + 1}/{args.runs}")
                site = work / f"plain-site-{i}"
                plain.append(run_timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d",
                                        str(site)], args.timeout))
                plain[-1]["site_bytes"] = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
                shutil.rmtree(site, ignore_errors=True)
                log(f"  {describe(plain[-1])}")
        ok = [p for p in plain if not p.get("error")]
        results["plain_mkdocs"] = {"runs": plain, "summary": {k: spread([p[k] for p in ok]) for k in
                                                               ("wall", "cpu", "peak_rss")} if ok else {}}

        # 3. incremental rebuilds on a copy of the real corpus, with a warm cache
        results["incremental"] = incremental(real, work, spec, args.timeout, log)

        # 4. scale
        results["scale"] = [{"factor": 1, "corpus": results["real"]["corpus"], "mode": "build", "runs": runs,
                             "summary": results["real"]["summary"]}]
        for factor in scales:
            corpus = work / f"corpus-{factor}x"
            log(f"generating the {factor}x corpus")
            from bench.scale import make_corpus
            make_corpus(factor, corpus)
            mode = "build" if factor in full else "ours"
            scaled, failed = [], None
            for i in range(args.scale_runs):
                log(f"{factor}x corpus, {'whole build' if mode == 'build' else 'our stages'} {i + 1}/{args.scale_runs}")
                scaled.append(run_worker(spec(f"scale-{factor}-{i}", corpus, mode=mode), args.timeout))
                log(f"  {describe(scaled[-1])}")
                shutil.rmtree(work / f"scale-{factor}-{i}", ignore_errors=True)
                if scaled[-1].get("error") and mode == "build":  # too long or too big: our stages alone
                    failed, mode = scaled.pop()["error"], "ours"
                    log(f"{factor}x corpus, our stages {i + 1}/{args.scale_runs}")
                    scaled.append(run_worker(spec(f"scale-{factor}-{i}", corpus, mode=mode), args.timeout))
                    log(f"  {describe(scaled[-1])}")
                    shutil.rmtree(work / f"scale-{factor}-{i}", ignore_errors=True)
            results["scale"].append({"factor": factor, "corpus": corpus_info(corpus), "mode": mode, "runs": scaled,
                                     "summary": summarise(scaled), "whole_build_error": failed})
            shutil.rmtree(corpus, ignore_errors=True)

    results["load_average_after"] = os.getloadavg()
    results["minutes"] = (datetime.now(timezone.utc) - started).total_seconds() / 60
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, ensure_ascii=False, indent=1) + "\n"
    (RESULTS / f"build-{started:%Y%m%d-%H%M%S}.json").write_text(text, encoding="utf-8")
    (RESULTS / "latest.json").write_text(text, encoding="utf-8")
    if not args.no_doc:
        DOC.write_text(markdown(results), encoding="utf-8")
        print(f"wrote {DOC.relative_to(ROOT)}", file=sys.stderr)
    return 0


# -- docs/benchmark.md ---------------------------------------------------------------------------------

INTRO = """\
---
title: "构建性能 Build benchmark"
---

# 构建性能 Build benchmark

<!-- Generated by `make bench` (bench/run.py) from bench/results/latest.json; do not edit by hand. -->

`make bench` (`.venv/bin/python -m bench.run`, about 45 minutes on 2 cores) builds the site from a clean
state (no `site/`, an empty build cache) several times, each build in a fresh process, and times every
stage of the pipeline (`build_scripts/timing.py`: wall time, CPU time of the process, and the peak
resident memory while the stage ran, which includes what earlier stages still hold). It compares the whole
build with a plain `mkdocs build` of the same generated Markdown and navigation with the theme's default
search (Material's lunr index with jieba; no hook, no template override), measures incremental rebuilds
with the build cache, and builds synthetic corpora 10× and 100× the size of the real one
(`bench/scale.py`: copies of every document under new slugs, so the same actors and resolutions get 10×
and 100× the mentions). Raw numbers: `bench/results/latest.json` (and one `build-<date>.json` per run).
Timings are not part of the test suite.
"""


def _s(x: dict, unit: str = "s", scale: float = 1.0, digits: int = 1) -> str:
    if not x:
        return "—"
    f = f"{{:.{digits}f}}"
    med, lo, hi = (f.format(x[k] / scale) for k in ("median", "min", "max"))
    return f"{med} {unit} ({lo}–{hi})" if lo != hi else f"{med} {unit}"


def _mb(x: dict) -> str:
    return _s(x, "MB", 2**20, 0)


def _one(run: dict, key: str, default=None):
    return run.get(key, default) if run and not run.get("error") else default


def _stage_sum(run: dict, keep) -> tuple[float, float, int]:
    stages = [s for s in run.get("stages", []) if keep(s["stage"])]
    return (sum(s["wall"] for s in stages), sum(s["cpu"] for s in stages),
            max((s["peak_rss"] for s in stages), default=0))


def markdown(results: dict) -> str:
    m = results["machine"]
    out = [INTRO, "## 机器 Machine", "",
           f"{m['cpu']}, {m['cores']} cores, {m['ram_bytes'] / 2**30:.0f} GiB RAM; Python {m['python']}; {m['os']}; "
           + ", ".join(f"{k} {v}" for k, v in m["packages"].items()) + ". "
           f"Measured {results['date'][:10]} in {results.get('minutes', 0):.0f} minutes; load average "
           f"{results['load_average_before'][0]:.1f} before, {results['load_average_after'][0]:.1f} after "
           "(other work on the machine makes wall times vary; CPU times are steadier).", ""]

    real, plain = results["real"]["summary"], results["plain_mkdocs"]["summary"]
    out += [f"## 真实语料 The real corpus ({results['real']['corpus']['documents']} documents, "
            f"{results['real']['corpus']['source_bytes'] / 1e6:.1f} MB of source text)", "",
            f"{real.get('runs', 0)} clean builds; median (min–max).", "",
            "| stage | wall | CPU | peak RSS |", "| --- | --- | --- | --- |"]
    for name, st in real.get("stages", {}).items():
        out.append(f"| {name} | {_s(st['wall'], digits=2)} | {_s(st['cpu'], digits=2)} | {_mb(st['peak_rss'])} |")
    if real:
        out += [f"| **our stages** (all but MkDocs) | {_s(real['ours']['wall'])} | {_s(real['ours']['cpu'])} | "
                f"{_mb(real['ours']['peak_rss'])} |",
                f"| **MkDocs** | {_s(real['stages']['mkdocs']['wall'])} | {_s(real['stages']['mkdocs']['cpu'])} | "
                f"{_mb(real['stages']['mkdocs']['peak_rss'])} |",
                f"| **whole build** (`python -m build_scripts build`, process) | {_s(real['process']['wall'])} | "
                f"{_s(real['process']['cpu'])} | {_mb(real['process']['peak_rss'])} |"]
    if plain:
        out.append(f"| plain `mkdocs build`, default search (process) | {_s(plain['wall'])} | {_s(plain['cpu'])} | "
                   f"{_mb(plain['peak_rss'])} |")
    out.append("")
    if real and plain:
        wall = real["process"]["wall"]["median"] / plain["wall"]["median"]
        cpu = real["process"]["cpu"]["median"] / plain["cpu"]["median"]
        out += [f"**Whole build / plain MkDocs build: {wall:.2f}× wall time, {cpu:.2f}× CPU time** (medians). "
                "The plain build indexes every page for Material's search; ours replaces that with our own "
                "index (stage `search`) and adds parsing, extraction, linking, rendering, the anchor registry "
                "check (`anchors`) and the link check of the built HTML (`check`). `stage`, `swap` and "
                "`cleanup` are file-system work: writing the generated Markdown, swapping the new site into "
                "place, deleting the old site and the staging folder.", ""]

    inc = results.get("incremental", {})
    if inc:
        out += ["## 增量构建 Incremental rebuilds", "",
                "With the build cache (`.build-cache/`, `build_scripts/cache.py`) on a copy of the real corpus and "
                "one site folder: a clean build, a rebuild with no change, then a rebuild after one change in one "
                f"document ({inc['changed']}). With no change to any input the site is kept as it is and nothing "
                "runs, MkDocs included; after a change MkDocs rebuilds the whole site."
                + (f" Measured {inc['date'][:10]}, load average {inc['load_average'][0][0]:.1f} before and "
                   f"{inc['load_average'][1][0]:.1f} after (on {m['cores']} cores: other work slows wall times; "
                   "CPU times are steadier)." if inc.get("load_average") else ""), "",
                "| build | our stages (load … anchors) | writing the Markdown (`stage`) | pages rendered / reused | "
                "documents parsed / reused | MkDocs | whole build (process) |",
                "| --- | --- | --- | --- | --- | --- | --- |"]
        for label, key in (("clean (empty cache)", "clean"), ("no change", "no_change"),
                           ("one document changed", "one_document")):
            run = inc[key]
            if run.get("error"):
                out.append(f"| {label} | {run['error'].splitlines()[0]} | | | | | |")
                continue
            ours, _, _ = _stage_sum(run, lambda s: s in BEFORE_MKDOCS and s != "stage")
            stage, _, _ = _stage_sum(run, lambda s: s == "stage")
            mkdocs, _, _ = _stage_sum(run, lambda s: s == "mkdocs")
            c = run["cache"]
            out.append(f"| {label} | {ours:.2f} s | {stage:.2f} s | {c.get('pages_rendered', 0)} / "
                       f"{c.get('pages_reused', 0)} | {c.get('parsed', 0)} / {c.get('parse_reused', 0)} | "
                       f"{mkdocs:.1f} s | {run['wall']:.1f} s |")
        command = inc.get("no_change_command", {}).get("summary")
        if command:
            wall, cpu = command["wall"], command["cpu"]
            out += ["", f"**No change, the whole command** (`python -m build_scripts build`, what `make site` runs; "
                    f"{len(inc['no_change_command']['runs'])} runs, each a fresh process): {_s(wall, digits=2)} wall, "
                    f"{_s(cpu, digits=2)} CPU, median (min–max). It hashes every input (corpus, docs, theme "
                    "overrides, mkdocs.yml, code, installed packages) and compares the site folder with the "
                    "list of files, sizes and times the last build recorded; `make site` adds only make's "
                    "check of `.venv/.installed`."]
        out.append("")

    out += ["## 规模 Scale", "",
            "Our stages before MkDocs are load … stage (writing the Markdown); the whole build adds MkDocs, "
            "the link check of its output and the swap. Corpora marked *our stages* were not built with MkDocs "
            "(too long for this machine: see below), so they have no site size. First-visit search data: "
            "gzip -6 of what the search worker fetches: before the first query (worker.js, Material's config "
            "file, `search/meta.json`), and with the first query (median and max over "
            + ", ".join(f"`{q}`" for q in results["queries"]) + ").", "",
            "| corpus | documents | source text | generated Markdown | our stages before MkDocs: wall / CPU "
            "(CPU ÷ 1×) | peak RSS, our stages | whole build: wall / peak RSS | site | search index, gzip | "
            "first visit: before query / with first query |", "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    base_cpu = None
    for entry in results["scale"]:
        summ = entry["summary"]
        if not summ:
            err = next((r["error"] for r in entry["runs"] if r.get("error")), "failed")
            out.append(f"| {entry['factor']}× | {entry['corpus']['documents']} | | | {err.splitlines()[0]} | | | | | |")
            continue
        run = next(r for r in entry["runs"] if not r.get("error"))
        before = summ["before_mkdocs"]
        if entry["factor"] == 1:
            base_cpu = before["cpu"]["median"]
        ratio = f" ({before['cpu']['median'] / base_cpu:.1f}×)" if base_cpu else ""
        md = run.get("markdown", {})
        search = run.get("search", {})
        q = list(search.get("first_query_gzip", {}).values())
        whole = (f"{summ['process']['wall']['median']:.0f} s / {max(s['peak_rss'] for s in run['stages']) / 2**20:.0f} MB"
                 if entry["mode"] == "build" else "*our stages only*" + (
                     f" (whole build: {entry['whole_build_error'].splitlines()[0]})" if entry.get("whole_build_error")
                     else ""))
        site = (f"{run['site']['bytes'] / 1e6:.0f} MB, {run['site']['files']} files" if run.get("site") else "—")
        out.append(
            f"| {entry['factor']}× | {entry['corpus']['documents']} | {entry['corpus']['source_bytes'] / 1e6:.1f} MB | "
            f"{md.get('bytes', 0) / 1e6:.0f} MB, {md.get('files', 0)} files | "
            f"{before['wall']['median']:.1f} s / {before['cpu']['median']:.1f} s{ratio} | "
            f"{before['peak_rss']['median'] / 2**20:.0f} MB | {whole} | {site} | "
            f"{search.get('index_gzip', 0) / 1e6:.1f} MB, {search.get('index_files', 0)} files | "
            f"{search.get('before_first_query_gzip', 0) / 1024:.0f} KB / "
            + (f"{statistics.median(q) / 1024:.0f} KB ({max(q) / 1024:.0f} KB)" if q else "—") + " |")
    out.append("")
    names = [n for n in BEFORE_MKDOCS if any(n in e["summary"].get("stages", {}) for e in results["scale"])]
    factors = [e for e in results["scale"] if e["summary"]]
    if len(factors) > 1:
        out += ["CPU time per stage against corpus size (seconds; last column: largest ÷ 1×):", "",
                "| stage | " + " | ".join(f"{e['factor']}×" for e in factors) + " | ratio |",
                "| --- |" + " --- |" * (len(factors) + 1)]
        for name in names:
            cells = [e["summary"]["stages"].get(name, {}).get("cpu", {}).get("median") for e in factors]
            ratio = f"{cells[-1] / cells[0]:.0f}×" if cells[0] and cells[-1] and cells[0] > 0.05 else "—"
            out.append(f"| {name} | " + " | ".join("—" if c is None else f"{c:.2f}" for c in cells) + f" | {ratio} |")
        out += ["", "Peak RSS per stage (MB):", "",
                "| stage | " + " | ".join(f"{e['factor']}×" for e in factors) + " |", "| --- |" + " --- |" * len(factors)]
        for name in names:
            cells = [e["summary"]["stages"].get(name, {}).get("peak_rss", {}).get("median") for e in factors]
            out.append(f"| {name} | " + " | ".join("—" if c is None else f"{c / 2**20:.0f}" for c in cells) + " |")
        out.append("")
    out.append(NOTES)
    return kept_akn_section("\n".join(out).rstrip() + "\n" + mutation_section())  # all kept


def kept_akn_section(page: str) -> str:
    """``page`` with the export's section (written by bench/akn.py) and the Lighthouse section (bench/lighthouse.py)
    kept from the current docs/benchmark.md."""
    from .akn import BEGIN, END, with_section
    from . import lighthouse
    current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    if BEGIN in current and END in current:
        page = with_section(page, current[current.index(BEGIN): current.index(END) + len(END)])
    if lighthouse.BEGIN in current and lighthouse.END in current:
        kept = current[current.index(lighthouse.BEGIN): current.index(lighthouse.END) + len(lighthouse.END)]
        page = page.rstrip("\n") + "\n\n" + kept + "\n"
    return page


NOTES = """\
## 说明 Notes

**Build cache.** `make site` keeps `.build-cache/` (`build_scripts/cache.py`, one SQLite file of pickled values
under SHA-256 keys; every key includes the build code, so a code change invalidates everything). The keys:

* whole build: every file below `corpus/` (path and bytes) and the corpus folder. A hit skips every stage after
  load: a rebuild with no change only loads the corpus, hashes it and reads the stored pages and search files.
* parse and extract, per document: its metadata and source text, plus every corpus file that belongs to no one
  document (everything outside `documents/` and `sources/`: the registries, the glossary, the anchor registry
  and aliases, and any folder added later).
* document pages: the document's key (which includes those shared files). Everything the pipeline derives from a
  document (units, mentions, glossary hits, places) depends only on these, so they also stand for the mentions
  in its pages and the link targets and tooltips they get.
* entity pages (a resolution or another body's text, an actor, an SDG with its targets): the entity, the key of
  every document that mentions it (its mentions and the texts of the places that mention it), the documents'
  reading order, the set of entities that have a page, the registries; actor pages also their co-mention counts.
* everything else depends on the whole graph and is rendered again on any change: home, the tabs' index
  pages (`documents/`, `entities/`), about, how to cite,
  removed furniture, glossary, general index, the list pages, programme pages (they gather every document's
  subprogrammes and mandate lists), cited-document pages, the data exports, and the search index.

* the whole site: every input of the build, MkDocs' included (every file below `corpus/`, `docs/` and the theme's
  `custom_dir`, `mkdocs.yml` and the hooks it names, the environment variables it reads with `!ENV`, the code and
  the installed packages). When none changed and `site/` still holds the files the last build wrote (same
  names, sizes and modification times), the build keeps it and runs nothing.

Otherwise MkDocs, the link check of its output and the swap always run: MkDocs' dirty builds cannot be trusted
when navigation or neighbouring pages change. `tests/test_incremental.py` builds, changes one document, rebuilds
with the cache and compares the site with a clean build of the change, byte for byte; it also checks that a
rebuild with no change renders no page and runs no MkDocs, and that a tampered site is built again.
`tests/test_cache_inputs.py` changes each kind of input file in turn and compares the incremental build with a
clean one.

**Linearity.** Each of our stages grows linearly with the corpus (CPU time per stage in the table above;
cProfile found no quadratic step in our code as documents are added; within one paragraph, see *Mention-heavy
paragraphs* below). The 1× build has fixed costs (the registries, about 2,900 entity pages that exist at any
size), so 100× takes well under 100 times the 1× time.

**Mention-heavy paragraphs** (2026-12-04; `python -m bench.mention_heavy`, `bench/mention_heavy.py`). The scale
runs above add paragraphs; one paragraph with many mentions was quadratic in its mentions. Every mention, link
span and glossary term was compared with every one kept before it (extract's `_first_claims` and the actors'
longest-first contest, link's glossary terms inside actor names, `render/html.py` `choose_spans`); the look-back
for the body of a citation went through all the paragraph's actors and scanned the text back to its last 。; and
every 第 of a citation list (`第 57/300 号、第 66/233 号…号决议`) read the rest of the list again. Now overlap tests
go through `build_scripts/intervals.py` (a Fenwick tree of the largest end claimed at each start: O(log n) a
test), the look-back reads only the 60 characters it uses, and a list is read once per body. The output is the
same byte for byte (golden files; every page and search file of the real corpus and of the 96k corpus below
hash the same; property tests against the old code in `tests/test_intervals.py` and
`tests/extract/test_linear_time.py`).

The benchmark copies the real corpus, grows the longest paragraph of the programme document to N characters and
runs our stages (no MkDocs) in a fresh process. *Mixed*: every actor name, SDG goal and target, programme, and
resolution citations of every shape, cycled; *list*: one list of GA resolutions, `大会第 70/1 号、第 70/2 号、…号决议`.
CPU seconds of the stages that grow (the rest, about 7 s, stays), and of the whole process. The machine was
shared: wall time was close to CPU time for the first runs and up to 7 times it for the later ones; with the
machine quiet the 1 MB mixed paragraph took 26 s wall (25 s CPU).

| paragraph | before: extract / link / render | before: process | after: extract / link / render | after: process |
| --- | --- | --- | --- | --- |
| 24k characters, mixed | 1.77 / 0.48 / 2.29 | 11.4 s | 1.60 / 0.44 / 2.21 | 10.7 s |
| 96k characters, mixed | 2.86 / 0.99 / 8.28 | 20.0 s | 1.95 / 0.43 / 2.72 | 11.8 s |
| 1 MB, mixed | stopped after 660 s wall | — | 6.59 / 1.36 / 9.69 | 27.7 s |
| 24k characters, list | 13.88 / 0.43 / 2.54 | 24.7 s | 1.58 / 0.44 / 2.23 | 9.9 s |
| 96k characters, list | not run | — | 1.95 / 0.40 / 2.75 | 12.5 s |
| 1 MB, list | not run | — | 6.73 / 1.00 / 7.89 | 24.8 s |

`tests/test_intervals.py` and `tests/extract/test_linear_time.py` also count comparisons and symbol tokens read
(no timing): the old code makes 8.8 times the comparisons allowed for 1,000 spans and reads 125,250 tokens for a
list of 500 citations.

**What grew faster than linearly, and what was done** (2026-11-22):

* Navigation. With `navigation.sections` every document with several pages was an expanded section, so every
  document page's sidebar listed the pages of *all* documents: 81 links per page at 1×, about 3,700 at 100×,
  and the site grew with the square of the corpus (10× → 100×: site 300 MB → 6.3 GB, link check 26 s →
  642 s). Now `navigation.sections` is off and each tab has its own index page, so with `navigation.prune` a
  page lists the documents and the pages of its own document only. (The list of documents itself is still on
  every document page: at 500 documents that is 500 links, about 150 KB of each document page's HTML; a
  corpus that size would want its documents grouped by series or year.)
* Memory. Peak memory at 100× was 9.6 GB. Four places held everything at once: the render stage kept every
  page text until the site stage wrote it (3.4 GB at 100×); the search index kept every posting as a Python
  tuple (4.5 GB); MkDocs renders every page's HTML before it writes any; the link check kept every link of
  every page. Now pages are written to the staging folder as they are rendered and only a `PageInfo` is kept
  (`site.PageWriter`); postings are packed arrays and the index files are encoded one shard at a time
  (`search/index.py`); MkDocs holds each page's HTML zlib-compressed until its template needs it
  (`build_scripts/mkdocs_memory_hook.py`); the link check reads one page at a time and keeps ids and the
  #fragment links it cannot check yet (`checks.py`).
* Data exports (`render/exports.py`) are written row by row; the build cache stores non-ASCII strings as UTF-8
  bytes (plain `pickle` makes CPython keep a UTF-8 copy inside every string it pickles).

**Still growing with the corpus, by design:** single pages that list every mention of something:
`actors/un/` (0.5 MB of Markdown at 1×, 5 MB at 10×), the glossary page (0.8 MB, 7.7 MB), `general-index/a/`
(0.6 MB, 4.1 MB), `data/mentions.json` (2.3 MB, 24 MB). At 100× they are ten times that again: they would need
paging. Parse is about 15 % above linear at 100× from Python's cyclic garbage collector walking a larger heap.

**Search payload.** What a first visit loads before the first query grows slowly with the corpus
(`search/meta.json` lists the first doc of every doc shard and every page's run of docs); with the first query
it stays near 100 KB, because term and doc shards are split by size, though the posting list of a common term
grows with the corpus.
"""


def describe(run: dict) -> str:
    if run.get("error"):
        return run["error"].splitlines()[0]
    return f"{run['wall']:.1f} s wall, {run['cpu']:.1f} s CPU, peak {run.get('peak_rss', 0) / 2**20:.0f} MB"


if __name__ == "__main__":
    raise SystemExit(main())
