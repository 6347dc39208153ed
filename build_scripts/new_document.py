"""``python -m build_scripts new-document SOURCE.txt --slug SLUG --title 中文标题 [--symbol S] [--layout NAME]``.

Adds a document to the corpus without Python: copies the source into ``corpus/sources/`` byte for byte, writes
``corpus/documents/SLUG.yml`` with the facts given and every other fact unknown, and reports what the layout
engine made of it: the layout (the one that explains the text best when none is given), counts of paragraphs,
items, footnotes, headings and furniture lines, each numbering sequence with its gaps, and every line it could
not place as ``file:line``. It refuses a slug already in the corpus and a source already in it (same bytes).
"""
from __future__ import annotations

import re
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import BuildError, Collector, Diagnostic, at, display_path
from .load import Source, letters, load_corpus
from .model import Block, Document, DocumentMeta
from .parse import layout_names, layout_of, parse_unchecked
from .parse.layout import Layout
from .parse.invariants import continuations, numbering_runs, violations

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
UNKNOWN_KIND = ("未确定", "not established")  #: what kind of document it is, until a maintainer says


@dataclass(frozen=True)
class Trial:
    """What one layout made of the new source."""

    layout: str
    rules: Layout | None  #: the layout read (None when it could not be)
    document: Document | None  #: None when the engine could not assemble it
    problems: tuple[Diagnostic, ...]
    placed: int  #: non-blank source lines in a block or removed as furniture
    numbered: int  #: of those, lines explained by the printed structure: numbered blocks, footnotes, furniture
    lines: int  #: non-blank source lines

    @property
    def score(self) -> tuple[int, int]:
        """Lines explained by printed numbers, less one for each problem; then lines placed.

        Any engine can call unknown text a paragraph, so lines placed alone prove little; a layout whose
        numbering finds the text's own numbers explains it better, even when it finds a problem too (the
        problem is then reported, rather than hidden by a layout that explains nothing)."""
        return (self.numbered - len(self.problems), self.placed)


def _blocks(document: Document) -> list[Block]:
    return [block for part in document.parts for block in part.blocks()]


def _covered(document: Document, numbered_only: bool = False) -> set[int]:
    """Source lines in a block (only numbered blocks and footnotes with ``numbered_only``) or removed."""
    blocks = [b for b in _blocks(document) if not numbered_only or b.unit.num or b.kind == "footnote"]
    lines = {n for block in blocks for n in range(block.lines[0], block.lines[1] + 1)}
    lines |= {link.line for block in blocks for link in block.links}  # URLs printed on lines of their own
    if not numbered_only:
        lines |= {n for moved in document.relocated for n in range(moved.first_line, moved.last_line + 1)}
    return lines | {r.line for r in document.removed}


def try_layout(source: Source, name: str) -> Trial:
    """Parse ``source`` with layout ``name`` and check the invariants, collecting every problem."""
    source = Source(DocumentMeta(**{**source.meta.__dict__, "layout": name}), source.text, source.path,
                    source.meta_path)
    nonblank = {n for n, raw in enumerate(source.text.split("\n"), start=1) if raw.strip()}
    layout = None
    try:
        layout = layout_of(source)
        document = parse_unchecked(source, layout)
    except BuildError as exc:
        return Trial(name, layout, None, tuple(exc.diagnostics), 0, 0, len(nonblank))
    found = violations(source.text, document, layout, _blocks(document))
    problems = tuple(Diagnostic(at(source.path, line), message) for line, message in found)
    return Trial(name, layout, document, problems, len(nonblank & _covered(document)),
                 len(nonblank & _covered(document, numbered_only=True)), len(nonblank))


def choose(source: Source, names: list[str]) -> tuple[Trial, list[Trial]]:
    """Every layout tried in name order; the best first (ties go to the first name)."""
    trials = [try_layout(source, name) for name in sorted(names)]
    best = max(trials, key=lambda t: t.score)
    return best, trials


#: the basis of the placeholder kind new-document writes (every published fact has one, load.PUBLISHED)
PLACEHOLDER_BASIS = "inferred: a placeholder written by new-document until a maintainer establishes the kind"


def given_basis(value: str, text: str) -> str:
    """The basis of a fact given on the command line: the first source line (or two) that prints it, else
    inferred, saying it was given and not found (the maintainer replaces it with ``reference FILE``)."""
    lines = text.split("\n")
    wanted = letters(value)
    for n in range(1, len(lines) + 1):
        for last in (n, n + 1, n + 2):  # a title may wrap onto the next line (a blank line between)
            if wanted and wanted in letters("".join(lines[n - 1:last])):
                return f"printed {n}" + (f"-{last}" if last > n else "")
    return "inferred: given to new-document and not found in the source; name the file that establishes it " \
           "(reference FILE) or give the line that prints it (printed LINE)"


def _meta_yaml(slug: str, source_name: str, layout: str, title: str, symbol: str | None, order: int,
               text: str = "") -> str:
    """The new metadata file: the facts given, each with its basis, every other fact null / unknown."""
    def q(text: str | None) -> str:
        return "null" if text is None else '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    return "\n".join([
        "# Added by `python -m build_scripts new-document`: only the facts given are set; null = not established.",
        "# Every fact given has a basis: printed LINES (in the source), reference FILE (in the corpus) or inferred: WHY.",
        f"order: {order}",
        f"source: {q(source_name)}",
        f"layout: {layout}",
        f"kind_zh: {q(UNKNOWN_KIND[0])}",
        f"kind_zh_basis: {q(PLACEHOLDER_BASIS)}",
        f"kind_en: {q(UNKNOWN_KIND[1])}",
        f"kind_en_basis: {q(PLACEHOLDER_BASIS)}",
        f"title_zh: {q(title)}",
        f"title_zh_basis: {q(given_basis(title, text))}",
        "title_en: null",
        "title_en_status: unknown",
        f"symbol: {q(symbol)}",
        *([f"symbol_basis: {q(given_basis(symbol, text))}"] if symbol else []),
        f"symbol_status: {'verified' if symbol else 'unknown'}",
        "year: null",
        "year_status: unknown",
        "publisher: null",
        "url: null",
        "",
    ])


def _refusals(corpus: Path, source: Path, slug: str, title: str) -> list[Diagnostic]:
    problems = Collector()
    if not _SLUG.fullmatch(slug):
        problems.error(at(source), f"--slug {slug!r} is not a valid slug (lower-case ASCII words joined by -)")
    if (corpus / "documents" / f"{slug}.yml").exists():
        problems.error(at(corpus / "documents" / f"{slug}.yml"), f"a document with slug {slug!r} already exists")
    if (corpus / "sources" / f"{slug}.txt").exists():
        problems.error(at(corpus / "sources" / f"{slug}.txt"), "a source with this name already exists")
    if not title.strip():
        problems.error(at(source), "--title must not be empty")
    if not source.is_file():
        problems.error(at(source), "source file not found")
        return problems.items
    data = source.read_bytes()
    for existing in sorted((corpus / "sources").glob("*")):
        if existing.is_file() and existing.read_bytes() == data:
            problems.error(at(existing), f"this source is already in the corpus (same bytes as {source.name})")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.error(at(source, data.count(b"\n", 0, exc.start) + 1), f"not valid UTF-8 ({exc.reason})")
    return problems.items


def _ranges(run: list[tuple[int, str, int]]) -> str:
    """``1.-46., 48.-49.`` from the printed numbers of a run, cut where a number is skipped or repeats."""
    pieces, start = [], 0
    for i in range(1, len(run) + 1):
        if i == len(run) or run[i][0] != run[i - 1][0] + 1:
            first, last = run[start][1], run[i - 1][1]
            pieces.append(first.rstrip(".") if start == i - 1 else f"{first.rstrip('.')}–{last.rstrip('.')}")
            start = i
    return ", ".join(pieces)


def report(trial: Trial, trials: list[Trial], chosen_by_user: bool, source: Path) -> list[str]:
    """The lines the command prints."""
    out = [f"layout: {trial.layout}" + (" (given)" if chosen_by_user else " (explains the text best)")]
    if not chosen_by_user:
        for t in trials:
            out.append(f"  tried {t.layout}: {t.placed} of {t.lines} lines placed, {t.numbered} of them by printed "
                       f"numbers, footnotes or furniture; {len(t.problems)} problem(s)")
        ties = [t.layout for t in trials if t.score == trial.score]
        if len(ties) > 1:
            out.append(f"  {', '.join(ties)} explain it equally well: check the result, or pass --layout")
    document = trial.document
    if document is not None and trial.rules is not None:
        kinds = Counter(block.kind for block in _blocks(document))
        out.append(f"paragraphs {kinds['paragraph']}, items {kinds['item'] + kinds['bullet']}, "
                   f"footnotes {kinds['footnote']}, headings {kinds['heading']}, "
                   f"furniture lines {len(document.removed)}")
        for (name, parent, _prefix), run in sorted(numbering_runs(trial.rules, _blocks(document)).items()):
            starts = [(0, "", 0)] + run  # a run should start at 1 (a)
            missing = [v for a, b in zip(starts, run) for v in range(a[0] + 1, b[0])]
            within = f" in {parent}" if parent else ""
            gaps = f" (gaps: {', '.join(map(str, missing))} not printed)" if missing else ""
            out.append(f"numbering {name}{within}: {_ranges(run)}{gaps}")
        for n, reason in continuations(document.source_text, trial.rules):
            out.append(f"{at(source, n)}: continues a sentence: {reason}")
        covered = _covered(document)
        for n, raw in enumerate(document.source_text.split("\n"), start=1):
            if raw.strip() and n not in covered:
                out.append(f"{at(source, n)}: not placed: {raw.strip()[:40]!r}")
    out += [str(problem) for problem in trial.problems]
    return out


def add_document(corpus: Path, source: Path, slug: str, title: str, symbol: str | None = None,
                 layout: str | None = None) -> tuple[list[str], bool]:
    """Add the document; (lines to print, whether everything was placed). Raises BuildError on a refusal."""
    known = sorted(layout_names(corpus))
    refusals = _refusals(corpus, source, slug, title)
    if layout is not None and layout not in known:
        refusals.append(Diagnostic(at(source), f"--layout {layout!r} is not a layout (known: {', '.join(known)})"))
    if refusals:
        raise BuildError(refusals)
    existing = load_corpus(corpus, frozenset(known)).sources
    order = max((s.meta.order for s in existing), default=0) + 1
    target, meta_path = corpus / "sources" / f"{slug}.txt", corpus / "documents" / f"{slug}.yml"
    shutil.copyfile(source, target)  # byte for byte
    text = target.read_bytes().decode("utf-8")
    meta = DocumentMeta(slug=slug, source=target.name, layout=layout or known[0], kind_zh=UNKNOWN_KIND[0],
                        kind_en=UNKNOWN_KIND[1], title_zh=title, title_en=None, title_en_status="unknown",
                        symbol=symbol, symbol_status="verified" if symbol else "unknown", year=None,
                        year_status="unknown", publisher=None, url=None, order=order)
    candidate = Source(meta, text, target, meta_path)
    best, trials = choose(candidate, [layout] if layout else known)
    meta_path.write_text(_meta_yaml(slug, target.name, best.layout, title, symbol, order, text), encoding="utf-8")
    lines = [f"added {display_path(meta_path)} and {display_path(target)}"]
    lines += report(best, trials, layout is not None, target)
    placed = not best.problems and best.document is not None and best.placed == best.lines
    lines.append("every line placed: run `make site` to build it" if placed else
                 "not every line is placed: fix the lines above (see the maintainer's guide), then `make site`")
    return lines, placed
