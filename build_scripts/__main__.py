"""Command line: ``python -m build_scripts build [--corpus DIR] [--site DIR]``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .diagnostics import BuildError
from .pipeline import BuildPaths, build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_scripts", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="build the site (strict); the old site stays if anything fails")
    build_cmd.add_argument("--corpus", type=Path, default=BuildPaths.corpus, help="corpus folder (default: corpus/)")
    build_cmd.add_argument("--site", type=Path, default=BuildPaths.site, help="output folder (default: site/)")
    args = parser.parse_args(argv)
    try:
        build(BuildPaths(corpus=args.corpus.resolve(), site=args.site.resolve()))
    except BuildError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
        print(f"build failed: {len(exc.diagnostics)} problem(s); the previous site was left untouched", file=sys.stderr)
        return 1
    print(f"built {args.site}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
