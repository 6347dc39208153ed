"""Query forms beyond plain words, read the same way in docs/assets/search/worker.js (``parseQuery``):

* a quoted phrase (``"全民健康覆盖 东盟"``, ``“…”``, ``「…」``, ``『…』``; an unclosed quote runs to the end) must
  occur as written: its words adjacent in the text (``phrase_pattern``). Its words are required tokens like any
  others, so the index narrows the candidates, and each candidate's text is then checked;
* a bare number or number/number (``2167``, ``70/1``, full-width or with spaces) is also looked up as a
  ``bare:`` token: the resolutions and cited documents whose symbol ends in it (index.bare_form).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .tokenize import normalize, scan

QUOTES = {'"': '"', "\u201c": "\u201d", "\u300c": "\u300d", "\u300e": "\u300f"}
_BARE = re.compile(r"(?:(?:e?s-)?[0-9]{1,4}/)?[0-9]{1,4}")
_LATIN = re.compile(r"[a-z0-9]")
_SPACE = "[ \t\r\n]*"  #: what may stand between two words of a phrase in the text (written out: the same in JS)


@dataclass(frozen=True)
class Query:
    """A query as typed, read: its ``text`` without quote marks (tokenized as any query), its phrases
    (normalised, each a tuple of its space-separated words) and its ``bare:`` token ("" when it is not one)."""

    text: str
    phrases: tuple[tuple[str, ...], ...]
    bare: str


def parse_query(query: str) -> Query:
    text: list[str] = []
    phrases: list[tuple[str, ...]] = []
    i = 0
    while i < len(query):
        ch = query[i]
        close = QUOTES.get(normalize(ch))
        if close is None:
            text.append(ch)
            i += 1
            continue
        end = next((j for j in range(i + 1, len(query)) if normalize(query[j]) == close), len(query))
        inner = query[i + 1:end]
        words = tuple(normalize(inner).split())
        if words:
            phrases.append(words)
        text.append(" " + inner + " ")
        i = end + 1
    compact = "".join(normalize(query).split())
    bare = f"bare:{compact}" if not phrases and _BARE.fullmatch(compact) else ""
    return Query("".join(text), tuple(phrases), bare)


def phrase_pattern(words: tuple[str, ...]) -> str:
    """The regular expression (the same in Python and JS) a normalised text must match for a phrase: its words
    in order with only white space between them; a Latin letter or digit at either end may not continue a
    longer word (``"health"`` does not match ``healthy``)."""
    body = _SPACE.join(re.escape(w) for w in words)
    head = "(?<![a-z0-9])" if _LATIN.match(words[0][0]) else ""
    tail = "(?![a-z0-9])" if _LATIN.match(words[-1][-1]) else ""
    return head + body + tail


def has_phrases(text: str, phrases: tuple[tuple[str, ...], ...]) -> bool:
    norm = normalize(text)
    return all(re.search(phrase_pattern(p), norm) for p in phrases)


def symbol_query(symbol: str) -> str:
    """What a bare number that one symbol can mean is searched as: the symbol tokens' text of the symbol
    (``S/RES/2167 (2014)`` as it is; a commission's ``cnd:52/1`` as ``52/1``, the way its citations print it)."""
    norm = normalize(symbol)
    return " ".join(norm[t.start:t.end] for t in scan(norm) if t.kind == "sym")
