"""Layouts as data: read and validate ``build_scripts/layouts/<name>.yml`` (and a corpus's own ``layouts/``).

A layout says how a kind of source prints its text: the furniture to remove, its page-break and footnote
conventions, its numbering levels (pattern → anchor type, level, parent), its front matter and unnumbered
headings, and the printed lines that start like a number but continue a sentence. A document names its layout
(``layout: sg_note``) and may override rules (``layout_rules:``), e.g. a gap in its printed numbering.

The vocabulary is small and checked on load: an unknown key, a bad pattern or a reference to a numbering level
that does not exist is a ``file:line: error:``, every problem of the run at once.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..diagnostics import BuildError, Collector, at
from ..ids import TYPES
from ..yamlio import line_of, load_yaml

BUILT_IN = Path(__file__).resolve().parent.parent / "layouts"  #: the layouts shipped with the engine
#: How each engine reads a source: ``pdf_report`` is the rule engine (build_scripts/parse/engine.py);
#: ``strategic_framework`` is code behind the same interface, for what rules cannot yet describe (mandate lists).
ENGINES = ("pdf_report", "strategic_framework")
#: How the rule engine cuts a source into blocks: ``trailing_space`` (a PDF text layer with spacer lines, pages.py),
#: ``blank_lines`` (blocks separated by blank lines, in regions: regions.py) or ``sentence_end`` (a text layer
#: whose paragraphs end at sentence ends, with tables: sentences.py).
BLOCK_CONVENTIONS = ("trailing_space", "blank_lines", "sentence_end")
BLOCKS = ("heading", "paragraph", "item", "bullet")
RELOCATED_BLOCKS = ("milestone", "paragraph")
SEQUENCES = ("counted", "none")
FOOTNOTE_ANCHORS = ("document", "referencing_block")


@dataclass(frozen=True)
class Numbering:
    """One numbering level: a chunk (or line) opening with ``pattern`` is a numbered block of this level."""

    name: str  #: what the layout calls it: ``chapter``, ``paragraph``
    pattern: re.Pattern[str]  #: matched at the start of the text; group 1 is the printed number
    block: str  #: heading / paragraph / item
    type: str  #: anchor type (build_scripts/ids.py): ``chp``, ``para``
    level: int  #: heading level or item depth (0 for a paragraph)
    parent: str | None  #: the numbering level whose current anchor this one's anchor sits in
    requires_parent: bool  #: an error when no block of ``parent`` came before
    sequence: str  #: ``counted``: runs 1, 2, 3 (a, b, c) within its parent; ``none``: not checked
    within_region: bool = False  #: the anchor nests in the current region's (``blocks: blank_lines``)
    depth: str = ""  #: ``.``: the printed number is an outline (2.1: level 2), checked in outline order
    run_in: str = ""  #: a heading this deep ends at this separator, the rest of its line a paragraph
    run_in_depth: int = 2  #: the least depth of a run-in heading


@dataclass(frozen=True)
class Rule:
    """A pattern with what it means: furniture removed (``reason``), a continuation (``reason``)."""

    pattern: re.Pattern[str]
    reason: str
    line: int  #: where the rule is written (for messages)


@dataclass(frozen=True)
class Gap:
    """A number the source does not print, declared so the numbering check accepts it."""

    numbering: str
    number: str
    within: str  #: parent anchor ('' = any)
    reason: str


@dataclass(frozen=True)
class FrontPattern:
    """A short front-matter line that is a paragraph (a masthead line), not a title."""

    pattern: re.Pattern[str]
    next_too: bool  #: the chunk after it is a paragraph as well (the agenda title after ``议程项目 129``)


@dataclass(frozen=True)
class Region:
    """A part of a ``blank_lines`` source printed after the one before (cover, summary, introduction, agenda)."""

    name: str  #: what the layout calls it (used in messages: "unexpected block in the action agenda")
    anchor: str  #: the anchor its unnumbered blocks are counted in ('' = top level)
    label: str | None = None  #: a block whose first line is this text opens the region, as its heading
    heading_joiner: str = ""  #: joins the lines of that heading (title and subtitle) instead of wrapping them
    subtitle_repeats: str | None = None  #: the heading's last line printed again later is furniture, this reason
    title_first: bool = False  #: the document's first block is the region's heading (a cover title)
    own_line: re.Pattern[str] | None = None  #: blocks are units per line group; a line opening so is a unit
    split: re.Pattern[str] | None = None  #: such a line is cut into its non-empty groups (``#TAGTagline``)
    ends_at_furniture: bool = False  #: a furniture line (a page header) ends it: the next region opens
    numbered: bool = False  #: numbering levels ``within_region`` nest here (from an unnumbered region, go here)
    opens_unindented: bool = False  #: an unindented unnumbered block opens it, as its heading
    strict: bool = False  #: only numbered blocks, relocation labels, footnotes and its repeated subtitle


@dataclass(frozen=True)
class Relocation:
    """A labelled block printed in a run after several numbered blocks; the k-th belongs to the k-th of them."""

    label: str  #: a one-line block with this text labels the next block
    block: str  #: the kind of the moved block
    anchor: str  #: its anchor inside its owner (``area_1__milestone``)
    to: str  #: the numbering level that owns it
    reason: str  #: the Relocated record's reason; ``{k}`` (its place in the run), ``{run}`` (first-last number)


@dataclass(frozen=True)
class TextPart:
    """A labelled part (``blocks: sentence_end``): ``【摘    要】`` opens ``summary``, run in with its text."""

    pattern: re.Pattern[str]  #: matched at a line's start; group 1 is the label (its spaces dropped)
    anchor: str
    ends_at_wide_text: bool = False  #: a paragraph opening with a wide (CJK) character is past the part


@dataclass(frozen=True)
class Tables:
    """Flattened tables (``blocks: sentence_end``): a caption, its translation, a header row, rows."""

    caption: re.Pattern[str]  #: group 1 the printed number (``表 1``), group 2 the table number
    row: re.Pattern[str]  #: one group per column; the last column wraps, in paragraphs
    continued: tuple[re.Pattern[str], ...] = ()  #: a continued table's header lines (group 1: the table number)
    continued_reason: str = "continued table header"


@dataclass(frozen=True)
class Layout:
    """A validated layout, with the document's overrides already applied."""

    name: str
    path: Path
    engine: str
    blocks: str = "trailing_space"
    furniture: tuple[Rule, ...] = ()
    footnote_separator: Rule | None = None
    footnote_blank_separator: int = 0  #: a whitespace-only line at least this long before a footnote opens them
    footnote_start: re.Pattern[str] | None = None
    footnote_anchor: str = "document"
    footnote_marker: str = ""  #: ``blank_lines``: the marker's pattern, ``{label}`` standing for the footnote label
    numbering: tuple[Numbering, ...] = ()
    front_parent: str = "preface"
    front_parts: tuple[tuple[str, str], ...] = ()  #: (printed heading, anchor) that open a new front-matter part
    front_paragraphs: tuple[FrontPattern, ...] = ()
    heading_max_lines: int = 2
    heading_within: tuple[tuple[str, int], ...] = ()  #: (numbering level, heading level), innermost first
    continuations: tuple[Rule, ...] = ()
    split_entries: tuple[Rule, ...] = ()  #: a document's only: entries once published run into the entry before
    gaps: tuple[Gap, ...] = ()
    regions: tuple[Region, ...] = ()
    relocate: tuple[Relocation, ...] = ()
    paragraph_end: re.Pattern[str] | None = None  #: ``sentence_end``: searched in a line, it ends the paragraph
    full_width_continues: int = 0  #: a line of this many wide characters after a sentence end continues it
    paragraph_parent: str = ""  #: the anchor paragraphs outside any part or section are counted in
    parts: tuple[TextPart, ...] = ()
    tables: Tables | None = None


_TOP_KEYS = {"engine", "blocks", "description", "furniture", "footnotes", "numbering", "front_matter", "headings",
             "continuations", "gaps", "regions", "relocate",
             "paragraphs", "parts", "tables"}
_OVERRIDABLE = {"continuations", "gaps", "furniture", "split_entries"}  #: what a document's ``layout_rules`` may add to


def layout_files(corpus_root: Path | None) -> dict[str, Path]:
    """name → file of every known layout: the built-in ones, then the corpus's own ``layouts/`` folder."""
    files = {p.stem: p for p in sorted(BUILT_IN.glob("*.yml"))}
    local = corpus_root / "layouts" if corpus_root else None
    if local and local.is_dir():
        files.update({p.stem: p for p in sorted(local.glob("*.yml"))})
    return files


def load_layout(path: Path, overrides: Mapping[str, Any] | None = None, overrides_path: Path | None = None) -> Layout:
    """Read and validate one layout, then apply a document's ``layout_rules``; BuildError lists every problem."""
    problems = Collector()
    data = _read(path)
    if data is None:
        load_yaml(path, problems)  # reports the syntax error again, into this run's problems
        problems.raise_if_any()
    layout = _Reader(path, problems).layout(data)
    if overrides:
        layout = _Reader(overrides_path or path, problems).override(layout, overrides)
    problems.raise_if_any()
    return layout


@lru_cache(maxsize=64)
def _read_cached(path: Path, mtime_ns: int) -> Any:
    return load_yaml(path, Collector())


def _read(path: Path) -> Any:
    return _read_cached(path, path.stat().st_mtime_ns)


class _Reader:
    """Turns YAML data into a Layout, recording each problem at its line."""

    def __init__(self, path: Path, problems: Collector) -> None:
        self.path, self.problems = path, problems

    def error(self, where: Any, key: str | None, message: str) -> None:
        self.problems.error(at(self.path, line_of(where, key) or 1), message)

    def mapping(self, data: Any, allowed: set[str], what: str, where: Any = None, key: str | None = None) -> dict:
        if not isinstance(data, dict):
            self.error(where if where is not None else data, key, f"{what} must be a mapping")
            return {}
        for unknown in sorted(set(data) - allowed):
            self.error(data, unknown, f"{what}: unknown rule {unknown!r} (known: {', '.join(sorted(allowed))})")
        return data

    def items(self, data: Any, key: str) -> list:
        value = data.get(key, [])
        if not isinstance(value, list):
            self.error(data, key, f"{key} must be a list")
            return []
        return value

    def pattern(self, data: Any, key: str, required: bool = True) -> re.Pattern[str] | None:
        text = data.get(key) if isinstance(data, dict) else None
        if text is None and not required:
            return None
        if not isinstance(text, str) or not text:
            self.error(data, key, f"{key}: a regular expression is required")
            return None
        try:
            return re.compile(text)
        except re.error as exc:
            self.error(data, key, f"{key}: not a valid regular expression ({exc})")
            return None

    def text(self, data: Any, key: str, choices: tuple[str, ...] | None = None, default: str | None = None) -> str:
        value = data.get(key, default) if isinstance(data, dict) else default
        if not isinstance(value, str) or not value.strip():
            self.error(data, key, f"{key}: text is required")
            return default or ""
        if choices and value not in choices:
            self.error(data, key, f"{key}: must be one of {', '.join(choices)}, not {value!r}")
            return default or choices[0]
        return value

    def integer(self, data: Any, key: str, default: int) -> int:
        value = data.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            self.error(data, key, f"{key}: must be a whole number ≥ 0")
            return default
        return value

    def layout(self, data: Any) -> Layout:
        data = self.mapping(data, _TOP_KEYS, "layout", data)
        engine = self.text(data, "engine", ENGINES, "pdf_report")
        numbering = self.numbering(data)
        names = {n.name for n in numbering}
        fields: dict[str, Any] = dict(name=self.path.stem, path=self.path, engine=engine, numbering=numbering,
                                      furniture=self.rules(data, "furniture"),
                                      continuations=self.rules(data, "continuations"), gaps=self.gaps(data, names))
        fields["blocks"] = blocks = self.text(data, "blocks", BLOCK_CONVENTIONS, "trailing_space")
        fields.update(self.footnotes(data.get("footnotes"), data) if "footnotes" in data else {})
        fields.update(self.front_matter(data.get("front_matter"), data) if "front_matter" in data else {})
        fields.update(self.headings(data.get("headings"), data, names) if "headings" in data else {})
        fields["regions"], fields["relocate"] = self.regions(data), self.relocations(data, names)
        fields.update(self.sentence_rules(data))
        needed = {"trailing_space": ("footnotes", "numbering", "front_matter", "headings"),
                  "blank_lines": ("numbering", "regions"),
                  "sentence_end": ("numbering", "paragraphs")}[blocks] if engine == "pdf_report" else ()
        for key in needed:
            if key not in data:
                self.error(data, None, f"layout: the pdf_report engine with blocks: {blocks} needs {key!r}")
        if engine == "pdf_report" and blocks == "blank_lines":
            self.blank_lines_checks(data, fields)
        return Layout(**fields)

    def blank_lines_checks(self, data: dict, fields: dict[str, Any]) -> None:
        """What ``blocks: blank_lines`` reads must be there: a numbered region, footnote markers when footnotes."""
        if not fields["regions"]:
            self.error(data, "regions" if "regions" in data else None, "regions: blocks: blank_lines needs at least one")
        elif not any(r.numbered for r in fields["regions"]) and any(
                n.within_region for n in fields["numbering"]):
            self.error(data, "regions", "regions: a numbering level is within_region but no region is numbered")
        if isinstance(data.get("footnotes"), dict) and "marker" not in data["footnotes"]:
            self.error(data, "footnotes", "footnotes: blocks: blank_lines needs a marker pattern")

    def regions(self, data: dict) -> tuple[Region, ...]:
        allowed = {"name", "anchor", "label", "heading_joiner", "subtitle_repeats", "title_first", "own_line", "split",
                   "ends_at_furniture", "numbered", "opens_unindented", "strict"}
        out = []
        for item in self.items(data, "regions"):
            item = self.mapping(item, allowed, "regions", data, "regions")
            if not item:
                continue
            anchor_ = item.get("anchor", "")
            if not isinstance(anchor_, str):
                self.error(item, "anchor", "anchor: text is required ('' for the top level)")
                anchor_ = ""
            flags = {key: item.get(key) is True for key in
                     ("title_first", "ends_at_furniture", "numbered", "opens_unindented", "strict")}
            out.append(Region(self.text(item, "name"), anchor_, self.optional_text(item, "label"),
                              item.get("heading_joiner") or "", self.optional_text(item, "subtitle_repeats"),
                              own_line=self.pattern(item, "own_line", required=False),
                              split=self.pattern(item, "split", required=False), **flags))
        if out and out[-1].ends_at_furniture:
            self.error(data, "regions", "regions: the last region cannot end at furniture (no region follows)")
        return tuple(out)

    def sentence_rules(self, data: dict) -> dict[str, Any]:
        """``paragraphs``, ``parts`` and ``tables`` of a ``sentence_end`` layout."""
        out: dict[str, Any] = {}
        if "paragraphs" in data:
            item = self.mapping(data["paragraphs"], {"end", "full_width_continues", "parent"}, "paragraphs", data,
                                "paragraphs")
            out.update(paragraph_end=self.pattern(item, "end"),
                       full_width_continues=self.integer(item, "full_width_continues", 0),
                       paragraph_parent=self.text(item, "parent") if item else "")
        parts = []
        for item in self.items(data, "parts"):
            item = self.mapping(item, {"pattern", "anchor", "ends_at_wide_text"}, "parts", data, "parts")
            pattern = self.pattern(item, "pattern") if item else None
            if pattern is not None and pattern.groups < 1:
                self.error(item, "pattern", "pattern: group 1 must capture the printed label")
            elif pattern is not None:
                parts.append(TextPart(pattern, self.text(item, "anchor"), item.get("ends_at_wide_text") is True))
        out["parts"] = tuple(parts)
        if "tables" in data:
            out["tables"] = self.tables(data["tables"], data)
        return out

    def tables(self, data: Any, parent: dict) -> Tables | None:
        item = self.mapping(data, {"caption", "row", "continued", "continued_reason"}, "tables", parent, "tables")
        caption, row = self.pattern(item, "caption"), self.pattern(item, "row")
        if caption is not None and caption.groups < 2:
            self.error(item, "caption", "caption: group 1 must capture the printed number, group 2 the table's")
        if row is not None and row.groups < 1:
            self.error(item, "row", "row: one group per column is required")
        continued = []
        for index, text in enumerate(self.items(item, "continued")):
            try:
                continued.append(re.compile(text))
            except (re.error, TypeError) as exc:
                self.error(item, "continued", f"continued: line {index + 1} is not a valid regular expression ({exc})")
        if continued and continued[0].groups < 1:
            self.error(item, "continued", "continued: the first pattern's group 1 must capture the table number")
        if caption is None or row is None or caption.groups < 2 or row.groups < 1:
            return None
        return Tables(caption, row, tuple(continued),
                      self.text(item, "continued_reason", default="continued table header"))

    def raw_text(self, data: dict, key: str) -> str:
        """A separator (``.``, U+3000), whitespace included; '' when absent."""
        value = data.get(key, "")
        if not isinstance(value, str):
            self.error(data, key, f"{key}: text is required")
            return ""
        return value

    def optional_text(self, data: dict, key: str) -> str | None:
        return self.text(data, key) if key in data else None

    def relocations(self, data: dict, names: set[str]) -> tuple[Relocation, ...]:
        out = []
        for item in self.items(data, "relocate"):
            item = self.mapping(item, {"label", "block", "anchor", "to", "reason"}, "relocate", data, "relocate")
            if not item:
                continue
            to = self.text(item, "to")
            if to not in names:
                self.error(item, "to", f"to: no numbering level {to!r} in this layout")
            out.append(Relocation(self.text(item, "label"), self.text(item, "block", RELOCATED_BLOCKS),
                                  self.text(item, "anchor"), to, self.text(item, "reason")))
        return tuple(out)

    def rules(self, data: dict, key: str) -> tuple[Rule, ...]:
        out = []
        for item in self.items(data, key):
            item = self.mapping(item, {"pattern", "reason"}, key, data, key)
            pattern = self.pattern(item, "pattern") if item else None
            reason = self.text(item, "reason") if item else ""
            if pattern is not None and reason:
                out.append(Rule(pattern, reason, line_of(item) or 0))
        return tuple(out)

    def numbering(self, data: dict) -> tuple[Numbering, ...]:
        out: list[Numbering] = []
        allowed = {"name", "pattern", "block", "type", "level", "parent", "requires_parent", "sequence",
                   "within_region", "depth", "run_in", "run_in_depth"}
        for item in self.items(data, "numbering"):
            item = self.mapping(item, allowed, "numbering", data, "numbering")
            if not item:
                continue
            pattern = self.pattern(item, "pattern")
            if pattern is not None and pattern.groups < 1 and item.get("sequence") != "none":
                self.error(item, "pattern", "pattern: group 1 must capture the printed number (or sequence: none, "
                                            "numbered by count: action_1, action_2)")
            name, type_ = self.text(item, "name"), self.text(item, "type")
            if type_ and type_ not in TYPES:
                self.error(item, "type", f"type: {type_!r} is not an anchor type of build_scripts/ids.py")
            parent = item.get("parent")
            if parent is not None and parent not in {n.name for n in out}:
                self.error(item, "parent", f"parent: {parent!r} is not a numbering level named before this one")
            if pattern is not None:
                out.append(Numbering(name, pattern, self.text(item, "block", BLOCKS, "paragraph"), type_,
                                     self.integer(item, "level", 0), parent, item.get("requires_parent") is True,
                                     self.text(item, "sequence", SEQUENCES, "counted"),
                                     item.get("within_region") is True, self.raw_text(item, "depth"),
                                     self.raw_text(item, "run_in"), self.integer(item, "run_in_depth", 2)))
        return tuple(out)

    def gaps(self, data: dict, names: set[str]) -> tuple[Gap, ...]:
        out = []
        for item in self.items(data, "gaps"):
            item = self.mapping(item, {"numbering", "number", "within", "reason"}, "gaps", data, "gaps")
            if not item:
                continue
            numbering = self.text(item, "numbering")
            if names and numbering not in names:
                self.error(item, "numbering", f"numbering: no numbering level {numbering!r} in this layout")
            number = item.get("number")
            if not isinstance(number, (str, int)):
                self.error(item, "number", "number: the printed number that is missing is required")
                continue
            out.append(Gap(numbering, str(number), str(item.get("within") or ""), self.text(item, "reason")))
        return tuple(out)

    def footnotes(self, data: Any, parent: dict) -> dict[str, Any]:
        allowed = {"separator", "separator_reason", "blank_separator_min", "start", "anchor", "marker"}
        data = self.mapping(data, allowed, "footnotes", parent, "footnotes")
        separator = self.pattern(data, "separator", required=False)
        return dict(
            footnote_separator=Rule(separator, self.text(data, "separator_reason", default="footnote separator"),
                                    line_of(data, "separator") or 0) if separator else None,
            footnote_blank_separator=self.integer(data, "blank_separator_min", 0),
            footnote_start=self.pattern(data, "start"),
            footnote_anchor=self.text(data, "anchor", FOOTNOTE_ANCHORS, "document"),
            footnote_marker=self.marker(data))

    def marker(self, data: dict) -> str:
        """``(?<=[\u4e00-\u9fff]){label}(?=[。，；、])``: a pattern once ``{label}`` stands for a footnote's label."""
        if "marker" not in data:
            return ""
        text = data.get("marker")
        if not isinstance(text, str) or "{label}" not in text:
            self.error(data, "marker", "marker: a regular expression with {label} where the footnote label goes")
            return ""
        try:
            re.compile(text.replace("{label}", "1"))
        except re.error as exc:
            self.error(data, "marker", f"marker: not a valid regular expression ({exc})")
            return ""
        return text

    def front_matter(self, data: Any, parent: dict) -> dict[str, Any]:
        data = self.mapping(data, {"parent", "parts", "paragraphs"}, "front_matter", parent, "front_matter")
        parts, paragraphs = [], []
        for item in self.items(data, "parts"):
            item = self.mapping(item, {"text", "anchor"}, "front_matter.parts", data, "parts")
            parts.append((self.text(item, "text"), self.text(item, "anchor")))
        for item in self.items(data, "paragraphs"):
            item = self.mapping(item, {"pattern", "next_too", "reason"}, "front_matter.paragraphs", data, "paragraphs")
            pattern = self.pattern(item, "pattern")
            if pattern is not None:
                paragraphs.append(FrontPattern(pattern, item.get("next_too") is True))
        return dict(front_parent=self.text(data, "parent", default="preface"), front_parts=tuple(parts),
                    front_paragraphs=tuple(paragraphs))

    def headings(self, data: Any, parent: dict, names: set[str]) -> dict[str, Any]:
        data = self.mapping(data, {"max_lines", "within"}, "headings", parent, "headings")
        within = []
        for item in self.items(data, "within"):
            item = self.mapping(item, {"numbering", "level"}, "headings.within", data, "within")
            name = self.text(item, "numbering")
            if name not in names:
                self.error(item, "numbering", f"numbering: no numbering level {name!r} in this layout")
            within.append((name, self.integer(item, "level", 1)))
        return dict(heading_max_lines=self.integer(data, "max_lines", 2), heading_within=tuple(within))

    def override(self, layout: Layout, data: Any) -> Layout:
        """A document's ``layout_rules`` add continuations, gaps or furniture to its layout's, and may list
        ``split_entries``: the mandate entries its published ids once ran into the entry before (a fixed mis-parse;
        their ids must not move the entries after them, see parse/strategic_framework.py)."""
        data = self.mapping(data, _OVERRIDABLE, "layout_rules", data)
        names = {n.name for n in layout.numbering}
        return Layout(**{**layout.__dict__,
                         "furniture": layout.furniture + self.rules(data, "furniture"),
                         "continuations": layout.continuations + self.rules(data, "continuations"),
                         "gaps": layout.gaps + self.gaps(data, names),
                         "split_entries": layout.split_entries + self.rules(data, "split_entries")})


def check_layout_file(path: Path) -> list[str]:
    """Every problem of one layout file, as printed diagnostics (empty when it is valid)."""
    try:
        load_layout(path)
    except BuildError as exc:
        return [str(d) for d in exc.diagnostics]
    return []
