"""Synthetic corpora N times the size of the real one, for the scaling benchmark (bench/run.py).

    .venv/bin/python -m bench.scale 10 /tmp/corpus-10x      # writes the corpus, prints its size

A corpus at factor N holds the real documents and N - 1 copies of each: the same source text under a new
source file name and the same metadata under a new slug (``a-71-6-rev-1-copy-007``, source
``003_3d27bf8004ef5ae2-copy-007.txt``, ``order`` + 1000 × copy number, so the copies come after the
originals, copy by copy). The registries and the glossary are the real ones, so cross-references multiply
the way more documents would: the same actors, resolutions and SDGs get N times the mentions, the entity
pages list N times the places, the document pages and the search index grow N times. Copies of
A/71/6/Rev.1 are not the programme document (programmes.yml names the original), as another strategic
framework would not be.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "corpus"


def copy_name(name: str, k: int) -> str:
    """``a-71-6-rev-1`` -> ``a-71-6-rev-1-copy-007``; ``003_x.txt`` -> ``003_x-copy-007.txt``."""
    stem, dot, suffix = name.partition(".")
    return f"{stem}-copy-{k:03d}{dot}{suffix}"


def copy_metadata(text: str, k: int) -> str:
    """The metadata of copy ``k``: new source file name and a later ``order``; everything else the same."""
    text, n = re.subn(r"^source:\s*(\S+)\s*$", lambda m: f"source: {copy_name(m.group(1), k)}", text, count=1,
                      flags=re.M)
    if n != 1:
        raise ValueError("metadata without a one-line `source:` field")
    if re.search(r"^order:", text, flags=re.M):
        text = re.sub(r"^order:\s*(-?\d+)\s*$", lambda m: f"order: {int(m.group(1)) + 1000 * k}", text, count=1,
                      flags=re.M)
    else:
        text = f"order: {1000 * k}\n" + text
    return text


def make_corpus(factor: int, out: Path, source: Path = REAL) -> Path:
    """Write a corpus ``factor`` times the size of ``source`` into ``out`` (which must not exist)."""
    if factor < 1:
        raise ValueError("factor must be at least 1")
    out.mkdir(parents=True)
    for item in sorted(source.iterdir()):
        if item.name in ("documents", "sources", "anchors"):  # the copies publish new ids; no registry applies
            continue
        if item.is_dir():
            shutil.copytree(item, out / item.name)
        else:
            shutil.copyfile(item, out / item.name)
    (out / "documents").mkdir()
    (out / "sources").mkdir()
    for meta in sorted((source / "documents").glob("*.yml")):
        text = meta.read_text(encoding="utf-8")
        src_name = re.search(r"^source:\s*(\S+)\s*$", text, flags=re.M).group(1)
        for k in range(factor):
            slug, body, name = (meta.stem, text, src_name) if k == 0 else (
                copy_name(meta.stem, k), copy_metadata(text, k), copy_name(src_name, k))
            (out / "documents" / f"{slug}.yml").write_text(body, encoding="utf-8")
            _link_or_copy(source / "sources" / src_name, out / "sources" / name)
    return out


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)  # same bytes: a hard link is enough (the sources are read-only)
    except OSError:
        shutil.copyfile(src, dst)


def corpus_size(root: Path) -> dict:
    """Documents and bytes of source text."""
    sources = [p for p in (root / "sources").iterdir() if p.is_file()]
    return {"documents": len(list((root / "documents").glob("*.yml"))),
            "source_bytes": sum(p.stat().st_size for p in sources)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("factor", type=int)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    make_corpus(args.factor, args.out)
    size = corpus_size(args.out)
    print(f"{args.out}: {size['documents']} documents, {size['source_bytes'] / 1e6:.1f} MB of source text")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
