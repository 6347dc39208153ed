"""Undo PDF-extraction artefacts at the line level, keeping a record of everything removed.

The parsers (build_scripts/parse/) call these helpers; they hold no document-specific knowledge except
what a caller passes in (furniture patterns). See docs/sources.md for the artefacts and the rules.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from .model import Line, Removed

_WS = " \t\u00a0\u3000"


def read_lines(text: str) -> list[str]:
    """Split a source into physical lines (no newline characters), keeping every line."""
    return text.split("\n")


def pdf_lines(raw_lines: Sequence[str], first: int = 1, last: int | None = None) -> list[Line]:
    """Turn a PDF text layer into Line records, dropping the empty spacer lines.

    In 000, 001, 003 and 004 every physical line is followed by an empty line, so empty lines carry no
    meaning. A line that starts with a space straight after a text line (no empty line between) is the
    first line of a new page (``page_break``); a trailing space marks the end of a paragraph or heading
    (``ends_block``). Example, 000 l.121-122::

        糖尿病或癌症，只是死于这些疾病的风险自 2000年以来已有下降。在许多国家，
         吸烟、肥胖与喝酒等导致非传染性疾病的风险因素正在增加。…

    A whitespace-only line (003 l.26 " ") is kept as a Line with empty ``text`` and ``ends_block`` set.
    """
    last = len(raw_lines) if last is None else last
    out: list[Line] = []
    previous_empty = True
    for number in range(first, last + 1):
        raw = raw_lines[number - 1]
        if raw == "":
            previous_empty = True
            continue
        starts_with_space = raw[0] in _WS
        text = raw.strip(_WS + "\r")
        out.append(Line(
            number=number,
            raw=raw,
            text=text,
            ends_block=raw[-1] in _WS or text == "",
            page_break=starts_with_space and not previous_empty,
            indented=starts_with_space,
        ))
        previous_empty = False
    return out


def remove_furniture(lines: Iterable[Line], rules: Sequence[tuple[re.Pattern[str], str]]) -> tuple[list[Line], list[Removed]]:
    """Drop lines that match a furniture rule (pattern, reason), returning (kept, removed).

    A rule's pattern is matched against the whole raw line, e.g. 003's running header
    ``^\\s*A/71/6/Rev\\.1\\s*$`` and footer ``^\\s*(\\d+/457 17-03372 \\(C\\)|17-03372 \\(C\\) \\d+/457)\\s*$``.
    """
    kept: list[Line] = []
    removed: list[Removed] = []
    for line in lines:
        for pattern, reason in rules:
            if pattern.fullmatch(line.raw):
                removed.append(Removed(line.number, line.raw, reason))
                break
        else:
            kept.append(line)
    return kept, removed


_LEFT_LATIN = re.compile(r"[A-Za-z0-9,.;:)%’'\"]$")
_RIGHT_LATIN = re.compile(r"^[A-Za-z0-9(‘'\"]")


def needs_space(left: str, right: str) -> bool:
    """Whether joining two wrapped lines needs a space: only between Latin words.

    ``…the health-related`` + ``targets of…`` → space; ``可持`` + ``续发展`` → none;
    ``A/72/124-`` + ``E/2018/3`` → none (a hyphen at the end of a line joins).
    """
    return bool(_LEFT_LATIN.search(left) and _RIGHT_LATIN.search(right))


def join_lines(parts: Iterable[str]) -> str:
    """Join the stripped texts of wrapped lines into one paragraph's text."""
    out = ""
    for part in parts:
        if not part:
            continue
        if out and needs_space(out, part):
            out += " "
        out += part
    return out


def collapse_spaces(text: str) -> str:
    """Collapse runs of spaces, NBSP (U+00A0) and tabs to one space (004's English abstract, l.10-17)."""
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()


def nfkc_key(text: str) -> str:
    """A comparison key: NFKC plus dash and space variants folded (中国 – 东盟 = 中国—东盟)."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\s*[–—―-]\s*", "-", text)
    return re.sub(r"\s+", "", text)
