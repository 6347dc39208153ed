"""Where each source line is shown, and which source line prints each part of a unit's text (run by the link stage).

The parse stage records the lines of each block (``Block.lines``), not of the units inside it (a table's cells,
a mandate list's entries) nor where inside a unit each line starts. This aligns them: within a block, the
non-whitespace characters of each source line are found, in order, among the non-whitespace characters of the
block's pieces (numbers, texts, table headers, group titles, URLs). The model keeps every source character
(the conservation invariant, checked on every build), so a line is usually found where the last one ended. Where
the parser keeps text in another order than print (a title printed after the next entry's number, a cell after
its neighbour), the line is the first occurrence of its characters not found yet; a line that ends one block and
starts the next (a heading run into its paragraph) is split between them; a line found in no block (two table
columns printed side by side) gets the narrowest block whose lines hold it. Nothing here reads a file: the
source text is the Document's.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .model import Block, Document
from .urls import doc_page

Place = tuple[str, str]  #: (page, anchor): the Markdown path of a page and the id of what shows a line on it


def source_lines(text: str) -> tuple[str, ...]:
    """The lines of a source file as the build numbers them (line n is ``text.split("\\n")[n - 1]``); the newline
    that ends the file ends its last line and opens no line of its own."""
    lines = text.split("\n")
    return tuple(lines[:-1] if text.endswith("\n") else lines)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: render caches what it derives from one
class LineMap:
    """One document's source lines and where the site shows each."""

    slug: str  #: the document
    lines: tuple[str, ...]  #: every source line, exactly as in the file (``source_lines``)
    removed: Mapping[int, str]  #: line -> why it is not shown (page furniture: model.Removed)
    #: line -> the smallest citable thing that shows it (a unit; a table row or the block when the line prints
    #: several units; a group heading): every line neither blank nor removed
    shown: Mapping[int, Place]
    #: (part slug, unit anchor) -> ((offset in the unit's text, line), …): from each offset on, printed on that line
    starts: Mapping[tuple[str, str], tuple[tuple[int, int], ...]]
    num_lines: Mapping[tuple[str, str], int]  #: (part slug, unit anchor) -> the line that prints the unit's number

    def line_of(self, part: str, anchor: str, offset: int = 0, in_num: bool = False) -> int | None:
        """The source line that prints ``offset`` of a unit's text (or its number), None when not known."""
        if in_num and (part, anchor) in self.num_lines:
            return self.num_lines[(part, anchor)]
        starts = self.starts.get((part, anchor))
        if not starts:
            return self.num_lines.get((part, anchor))
        k = bisect_right([offset_ for offset_, _ in starts], offset) - 1
        return starts[max(k, 0)][1]


@dataclass
class _Piece:
    owners: tuple[str, ...]  #: anchors from the finest to the block's
    unit: str | None  #: the unit anchor when the piece is a unit's text or number
    field: str  #: "text", "num", "url" (shown after the block, printed anywhere in it) or "other"
    positions: list[int]  #: offsets of its non-whitespace characters in its string
    start: int = 0  #: index of its first character in the block's string


class _BlockText:
    """A block's non-whitespace characters, in the order the parser keeps them, with the piece each comes from."""

    def __init__(self, part: str, page: str, block: Block):
        self.part, self.page, self.block = part, page, block
        self.width = block.lines[1] - block.lines[0]
        pieces: list[tuple[str, tuple[str, ...], str | None, str]] = []  # (string, owners, unit, field)

        def unit(u, *outer):
            pieces.append((u.num or "", (u.anchor, *outer), u.anchor, "num"))
            pieces.append((u.text, (u.anchor, *outer), u.anchor, "text"))

        if block.kind not in ("table", "mandates") or block.unit.text or block.unit.num:
            unit(block.unit, *(() if block.anchor == block.unit.anchor else (block.anchor,)))
        pieces += [(h, (block.anchor,), None, "other") for h in block.header]
        for row in block.rows:
            for column in row.columns:
                for u in column:
                    unit(u, row.anchor, block.anchor)
        for group in block.groups:
            pieces.append((group.title, (group.anchor, block.anchor), None, "other"))
            for entry in group.entries:
                unit(entry, group.anchor, block.anchor)
        pieces += [(link.url, (block.anchor,), None, "url") for link in block.links]
        chars: list[str] = []
        self.pieces: list[_Piece] = []
        for string, owners, anchor, field in pieces:
            positions = [i for i, ch in enumerate(string) if not ch.isspace()]
            if positions:
                self.pieces.append(_Piece(owners, anchor, field, positions, len(chars)))
                chars += [string[i] for i in positions]
        self.chars = "".join(chars)
        self.piece_starts = [p.start for p in self.pieces]
        self.taken = bytearray(len(self.chars))  #: 1 where a line was found already
        self.cursor = 0  #: where the last line found ends
        self.low = 0  #: the first character no line was found at yet

    def find(self, key: str) -> int:
        """Where a line's characters are: where the last line found ended (the usual case), else their first
        occurrence not found yet from the first character no line was found at (the parser showed the line
        elsewhere than in print order), else their first occurrence; -1: not in this block."""
        end = self.cursor + len(key)
        if self.chars.startswith(key, self.cursor) and self.taken.find(1, self.cursor, end) < 0:
            at = self.cursor
        else:
            at = self.chars.find(key, self.low)
            while at >= 0 and self.taken.find(1, at, at + len(key)) >= 0:
                at = self.chars.find(key, at + 1)
            if at < 0:
                at = self.chars.find(key)
        if at < 0:
            return at
        self.taken[at:at + len(key)] = b"\x01" * len(key)
        if self.pieces[bisect_right(self.piece_starts, at) - 1].field != "url":  # (a URL is shown after its block)
            self.cursor = at + len(key)
        low = self.taken.find(0, self.low)
        self.low = len(self.chars) if low < 0 else low
        return at

    def continued(self, key: str) -> int:
        """How many of a line's first characters go on where the last line found here ended (a line that prints
        the end of this block and the start of the next)."""
        k = 0
        while k < len(key) and self.cursor + k < len(self.chars) and self.chars[self.cursor + k] == key[k] \
                and not self.taken[self.cursor + k]:
            k += 1
        return k

    def pieces_in(self, start: int, end: int) -> list[tuple[_Piece, int]]:
        """The pieces the characters ``start:end`` fall in, each with the offset of the first one in its string."""
        k = bisect_right(self.piece_starts, start) - 1
        out = []
        while k < len(self.pieces) and self.pieces[k].start < end:
            piece = self.pieces[k]
            out.append((piece, piece.positions[max(start - piece.start, 0)]))
            k += 1
        return out


def _common(owner_lists: list[tuple[str, ...]]) -> str:
    """The finest anchor that holds every piece a line prints (a cell; else its row; else the block)."""
    first = owner_lists[0]
    return next(a for a in first if all(a in owners for owners in owner_lists[1:]))


def _split(key: str, candidates: list[_BlockText]) -> list[tuple[_BlockText, int, int]] | None:
    """A line that ends one block and starts the next (a heading run into its paragraph): (block, where, how many
    characters) for each part, or None."""
    for first in sorted(candidates, key=lambda t: t.block.lines[0]):
        k = first.continued(key)
        if not 0 < k < len(key):
            continue
        rest = key[k:]
        for second in candidates:
            if second is not first and second.chars.startswith(rest, second.low) \
                    and second.taken.find(1, second.low, second.low + len(rest)) < 0:
                at, start = first.cursor, second.low
                first.find(key[:k]), second.find(rest)
                return [(first, at, k), (second, start, len(rest))]
    return None


def line_map(document: Document) -> LineMap:
    """Align every line of a document's source with the parsed model (see the module's docstring)."""
    lines = source_lines(document.source_text)
    removed = {r.line: r.reason for r in document.removed}
    covering: dict[int, list[_BlockText]] = {}
    slug = document.meta.slug
    for part in document.parts:
        page = doc_page(slug) if len(document.parts) == 1 else doc_page(slug, part.slug)
        for block in part.blocks():
            text = _BlockText(part.slug, page, block)
            # a URL printed on a line of its own (model.Link) may lie past the block's lines, and wrap once
            urls = {n for link in block.links for n in (link.line, link.line + 1)}
            for n in sorted(set(range(block.lines[0], block.lines[1] + 1)) | urls):
                covering.setdefault(n, []).append(text)
    relocated = {n: r.target for r in document.relocated for n in range(r.first_line, r.last_line + 1)}
    shown: dict[int, Place] = {}
    starts: dict[Place, list[tuple[int, int]]] = {}
    num_lines: dict[Place, int] = {}
    for n, raw in enumerate(lines, 1):
        key = "".join(ch for ch in raw if not ch.isspace())
        if not key or n in removed:
            continue
        candidates = sorted(covering.get(n, ()), key=lambda t: (t.width, t.block.lines[0]))
        found = next(([(text, at, len(key))] for text in candidates if (at := text.find(key)) >= 0), None) \
            or _split(key, candidates)
        for k, (text, at, length) in enumerate(found or ()):
            touched = text.pieces_in(at, at + length)
            if k == 0:
                shown[n] = (text.page, _common([piece.owners for piece, _ in touched]))
            for piece, offset in touched:
                if piece.field == "text":
                    starts.setdefault((text.part, piece.unit), []).append((offset, n))
                elif piece.field == "num":
                    num_lines.setdefault((text.part, piece.unit), n)
        if not found:
            if candidates:
                shown[n] = (candidates[0].page, candidates[0].block.anchor)
            elif n in relocated:
                shown[n] = next(((t.page, t.block.anchor) for ts in covering.values() for t in ts
                                 if t.block.anchor == relocated[n]), None)
    return LineMap(slug, lines, MappingProxyType(removed),
                   MappingProxyType({n: place for n, place in shown.items() if place}),
                   MappingProxyType({k: tuple(sorted(set(v))) for k, v in starts.items()}),
                   MappingProxyType(num_lines))
