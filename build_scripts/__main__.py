"""Command line: ``python -m build_scripts build [--corpus DIR] [--site DIR] [--debug]`` (and ``register-anchors``,
``new-document``, ``check-public-url``: see ``--help``).

Exit status: 0 built; 1 bad input (one ``file:line: error: message`` per problem, every problem of the run,
then a summary line); 2 an internal error (a bug: one line naming the stage and the input, the traceback only
with ``--debug``); 130 interrupted (Ctrl-C). On any failure the previous site is left untouched and the
staging folder is removed.
"""
from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from . import public_url
from .diagnostics import BuildError, internal_error
from .new_document import add_document
from .pipeline import ROOT, BuildPaths, build, register_anchors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_scripts", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="build the site (strict); the old site stays if anything fails")
    build_cmd.add_argument("--corpus", type=Path, default=BuildPaths.corpus, help="corpus folder (default: corpus/)")
    build_cmd.add_argument("--site", type=Path, default=BuildPaths.site, help="output folder (default: site/)")
    build_cmd.add_argument("--cache", type=Path, default=ROOT / ".build-cache",
                           help="build cache folder (default: .build-cache/; see build_scripts/cache.py)")
    build_cmd.add_argument("--no-cache", action="store_true", help="build everything from scratch, no cache")
    register_cmd = commands.add_parser("register-anchors", help="record every published URL and id (at release)")
    register_cmd.add_argument("--corpus", type=Path, default=BuildPaths.corpus, help="corpus folder (default: corpus/)")
    register_cmd.add_argument("--accept-changed-text", action="store_true",
                              help="also record ids that now stand for other text (citations to them change meaning)")
    new_cmd = commands.add_parser("new-document", help="add a document: copy its source, write its metadata, report")
    new_cmd.add_argument("source", type=Path, help="the source text (UTF-8), copied byte for byte")
    new_cmd.add_argument("--slug", required=True, help="URL slug, e.g. wha72-uhc-report")
    new_cmd.add_argument("--title", required=True, help="the Chinese title, as printed")
    new_cmd.add_argument("--symbol", help="the UN document symbol, when established")
    new_cmd.add_argument("--layout", help="the layout it is printed in (default: the one that explains it best)")
    new_cmd.add_argument("--corpus", type=Path, default=BuildPaths.corpus, help="corpus folder (default: corpus/)")
    url_cmd = commands.add_parser("check-public-url", help="exit 1 unless the site URL is a public address "
                                  "(run before publishing; see build_scripts/public_url.py)")
    url_cmd.add_argument("url", nargs="?", help=f"the URL to check (default: mkdocs.yml's site_url, from ${public_url.SETTING})")
    url_cmd.add_argument("--config", type=Path, default=BuildPaths.config, help="MkDocs configuration (default: mkdocs.yml)")
    for command in (build_cmd, register_cmd, new_cmd, url_cmd):
        command.add_argument("--debug", action="store_true", help="print the traceback of an internal error")
    args = parser.parse_args(argv)
    if args.command == "check-public-url":
        return check_public_url(args.url, args.config)
    try:
        if args.command == "new-document":
            lines, placed = add_document(args.corpus.resolve(), args.source, args.slug, args.title, args.symbol,
                                         args.layout)
            print("\n".join(lines))
            return 0 if placed else 1
        if args.command == "build":
            cache = None if args.no_cache else args.cache.resolve()
            build(BuildPaths(corpus=args.corpus.resolve(), site=args.site.resolve(), cache=cache))
            print(f"built {args.site}")
        else:
            total, added = register_anchors(BuildPaths(corpus=args.corpus.resolve()), args.accept_changed_text)
            print(f"registered {total} published ids ({added} new) in {args.corpus / 'anchors' / 'registry.tsv'}")
    except BuildError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
        outcome = "nothing was added" if args.command == "new-document" else "the previous site was left untouched"
        print(f"{args.command} failed: {len(exc.diagnostics)} problem(s); {outcome}",
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{args.command} interrupted; the previous site was left untouched", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug, not bad input: one line, the traceback only when asked for
        if args.debug:
            traceback.print_exc()
        print(internal_error(exc, args.corpus), file=sys.stderr)
        return 2
    return 0


def check_public_url(url: str | None, config: Path) -> int:
    """0 when the URL the site would be published under is public; else one ``file: error:`` line and 1."""
    where = "command line" if url else str(config)
    url = url if url is not None else public_url.configured(config)
    problem = public_url.not_public(url)
    if problem:
        print(f"{where}: error: not a public URL: {problem}; set {public_url.SETTING}=https://<where the site is "
              "published>/ (README: Public URL)", file=sys.stderr)
        return 1
    print(f"public URL: {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
