"""The document model every stage after ``parse`` reads. All frozen; relations live in side tables."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

BlockKind = Literal[
    "heading",    # a heading at ``level`` (1 = chapter / programme, 2 = section, 3 = subsection …)
    "paragraph",  # a paragraph, numbered (``num``) or not
    "item",       # a lettered / numbered sub-item of a paragraph: (a), ㈠
    "bullet",     # one bullet point (•, or a lost bullet shown by a leading space)
    "footnote",   # a footnote; ``num`` is its printed marker
    "table",      # a table: ``header`` + ``rows``
    "mandates",   # a legislative-mandates list (立法授权): ``groups``
    "milestone",  # a milestone (里程碑) attached to its action area
]


@dataclass(frozen=True)
class Basis:
    """Where a published fact comes from: printed in the source (its lines), taken from a reference file in the
    corpus (named), or inferred (with the reason). Written in the metadata as ``printed 7-9``,
    ``reference reference/documents.yml`` or ``inferred: REASON``; ``str()`` gives that form back."""

    kind: Literal["printed", "reference", "inferred"]
    lines: tuple[int, int] | None = None  #: printed: first and last source line that print the value
    file: str | None = None  #: reference: the file, relative to the corpus folder
    reason: str | None = None  #: inferred: why the fact is held to be true

    def __str__(self) -> str:
        if self.kind == "printed":
            first, last = self.lines
            return f"printed {first}" + (f"-{last}" if last != first else "")
        return f"reference {self.file}" if self.kind == "reference" else f"inferred: {self.reason}"


@dataclass(frozen=True)
class DocumentMeta:
    """What a document is, from ``corpus/documents/<slug>.yml``; None means not established."""

    slug: str  #: stable URL slug, ASCII: the name of the metadata file (``documents/<slug>.yml``)
    source: str  #: file name of the source text under ``corpus/sources/``
    layout: str  #: the layout its source is printed in (build_scripts/layouts/, or the corpus's layouts/)
    kind_zh: str  #: what kind of document it is, in Chinese
    kind_en: str  #: what kind of document it is, in English
    title_zh: str | None  #: Chinese title, None when not established
    title_en: str | None  #: English title, None when not established
    title_en_status: str  #: verified / inferred / unknown
    symbol: str | None  #: UN document symbol, None when not established
    symbol_status: str  #: verified / inferred / unknown
    year: int | None  #: year of issue
    year_status: str  #: verified / inferred / unknown
    publisher: str | None  #: issuing body
    url: str | None  #: where the official text lives, None when not established
    label_zh: str | None = None  #: a description shown where no title is established (never presented as the title)
    label_en: str | None = None  #: the same in English
    notes: tuple[tuple[str, str], ...] = ()  #: further established facts (label, value), e.g. agenda item
    order: int = 0  #: position in navigation and listings
    #: the basis of every published fact: (field, Basis) for each field given, ("note:LABEL", Basis) per note
    bases: tuple[tuple[str, Basis], ...] = ()
    #: rules the document adds to its layout (a declared gap in its numbering …), as read; see parse/layout.py
    layout_rules: Any = field(default=None, compare=False, repr=False)

    def basis(self, name: str) -> Basis | None:
        """The basis of a field (``title_zh``) or of a note (``note:Agenda``); None for a fact not given."""
        return next((basis for key, basis in self.bases if key == name), None)


@dataclass(frozen=True)
class Line:
    """One physical source line, after the PDF layer's blank spacer lines are dropped."""

    number: int  #: 1-based line number in the source file
    raw: str  #: the line exactly as in the file (without its newline)
    text: str  #: the line with leading and trailing whitespace removed
    ends_block: bool  #: a trailing space: the PDF's end-of-paragraph (or end-of-heading) marker
    page_break: bool  #: started with a space straight after a text line: the first line of a new page
    indented: bool  #: started with a space (after a blank line): often a heading, item or lost bullet


@dataclass(frozen=True)
class Removed:
    """Source text deliberately not rendered (page furniture), listed on the site and checked by tests."""

    line: int  #: 1-based source line
    text: str  #: the text removed, exactly
    reason: str  #: e.g. ``page header``, ``page footer``, ``footnote separator``


@dataclass(frozen=True)
class Relocated:
    """Source lines rendered away from their source position (e.g. milestones moved to their action area)."""

    first_line: int  #: first source line moved
    last_line: int  #: last source line moved
    target: str  #: anchor of the block they are rendered in
    reason: str  #: why they moved


@dataclass(frozen=True)
class FootnoteRef:
    """A footnote marker inside a text unit."""

    offset: int  #: character offset of the marker in the unit's text
    label: str  #: the printed marker (``1``, ``a``)
    target: str  #: anchor of the footnote block


@dataclass(frozen=True)
class Link:
    """A URL the source printed on a line of its own, attached to the block it belongs to."""

    url: str  #: the URL exactly as printed (defects kept: trailing ``)``, truncation)
    line: int  #: source line


@dataclass(frozen=True)
class Unit:
    """The smallest citable piece of text: a paragraph, a table cell, a mandate entry.

    Mentions (extract stage) point at a unit's anchor and at offsets into its ``text``.
    """

    anchor: str  #: HTML id, see ids.py
    text: str  #: cleaned text, lines joined (no stray spaces in Chinese)
    num: str | None = None  #: printed number / marker, as printed (``2.26``, ``(a)``, ``㈠``)
    footnote_refs: tuple[FootnoteRef, ...] = ()  #: markers inside ``text``


@dataclass(frozen=True)
class Row:
    """A table row: each column holds one or more units (an accomplishment has several indicators)."""

    anchor: str  #: HTML id of the row
    columns: tuple[tuple[Unit, ...], ...]  #: the cells, column by column


@dataclass(frozen=True)
class MandateGroup:
    """A group within a mandate list: ``大会决议和决定``, ``安全理事会决议`` …"""

    anchor: str  #: HTML id of the group heading
    title: str  #: the group heading as printed (may be empty when a list has no group headings)
    entries: tuple[Unit, ...]  #: one unit per mandate: ``num`` = symbol as printed (``56/255，第八节``), ``text`` = title
    entry_lines: tuple[tuple[int, ...], ...] = ()  #: the source lines each entry is printed on (its number, its title)


@dataclass(frozen=True)
class Block:
    """One block of a document, in reading order."""

    kind: BlockKind
    unit: Unit  #: the block's own anchor and text (for a table: its caption; mandates: its heading)
    lines: tuple[int, int]  #: first and last source line
    level: int = 0  #: heading level (1 = top) or sub-item depth
    links: tuple[Link, ...] = ()  #: URLs printed on lines of their own after / inside this block
    header: tuple[str, ...] = ()  #: table column headings
    rows: tuple[Row, ...] = ()  #: table rows
    groups: tuple[MandateGroup, ...] = ()  #: mandate-list groups

    @property
    def anchor(self) -> str:
        return self.unit.anchor

    def units(self) -> tuple[Unit, ...]:
        """Every citable unit in the block, in reading order (the block's own first)."""
        out = [self.unit] if self.unit.text or self.kind not in ("table", "mandates") else []
        for row in self.rows:
            for column in row.columns:
                out.extend(column)
        for group in self.groups:
            out.extend(group.entries)
        return tuple(out)


@dataclass(frozen=True)
class Section:
    """A heading and the blocks under it up to the next heading (``heading`` is None before the first)."""

    heading: Block | None
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Part:
    """One page of a document: the whole document, or one programme of A/71/6/Rev.1."""

    slug: str  #: page slug within the document (``index`` for a single-page document, ``prog-2`` …)
    title_zh: str
    title_en: str | None
    sections: tuple[Section, ...]
    programme: int | None = None  #: programme number for the programme pages of A/71/6/Rev.1

    def blocks(self) -> tuple[Block, ...]:
        out: list[Block] = []
        for section in self.sections:
            if section.heading is not None:
                out.append(section.heading)
            out.extend(section.blocks)
        return tuple(out)


@dataclass(frozen=True)
class Document:
    """A parsed source: its metadata, its pages, and what was removed or moved on the way."""

    meta: DocumentMeta
    parts: tuple[Part, ...]
    removed: tuple[Removed, ...] = ()
    relocated: tuple[Relocated, ...] = ()
    source_text: str = field(default="", repr=False)  #: the source exactly as read (for conservation checks)
