"""Escaping and inline markup. Text from corpus/ (sources and YAML) is always escaped here; nothing from it is
injected as HTML or Markdown. Which helper depends on where the text lands:

- ``esc``: raw HTML (element content, attribute values) in a block Markdown leaves alone (``<p>``, ``<table>``…);
- ``md_text``: a slot Markdown reads (``#`` headings, ``|`` table cells, ``*`` list items), where ``*``, ``_``,
  ``[..](..)``, backticks and ``{: attr}`` would otherwise be markup;
- ``front_matter`` and ``theme_nav``: page titles and navigation titles, which the theme (MkDocs' Jinja has no
  autoescape) writes unescaped into ``<title>``, the header and the navigation, so they are handed over as HTML.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass

from ..intervals import Claimed

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


@dataclass(frozen=True)
class Span:
    """Markup around ``text[start:end]``: an inline link, a footnote reference, a term tooltip."""

    start: int
    end: int
    open: str  #: opening markup, already escaped by its maker
    close: str  #: closing markup
    priority: int = 0  #: when spans overlap, the higher priority wins (footnote refs beat mentions)


def esc(text: str) -> str:
    """Escape text for HTML element content and attribute values."""
    return html.escape(text, quote=True)


def md_text(text: str) -> str:
    """Escape text for a slot Markdown reads (heading, table cell, list item): Markdown punctuation
    backslash-escaped, then HTML-escaped; a line break becomes a character reference, so it cannot end the slot."""
    return html.escape(_MD_SPECIAL.sub(r"\\\1", text), quote=False).replace("\r", "&#13;").replace("\n", "&#10;")


def md_link(href: str, text: str) -> str:
    """An <a> element in a slot Markdown reads (see ``link`` for raw HTML)."""
    return f"<a{attr('href', href)}>{md_text(text)}</a>"


#: Characters YAML reads as line breaks or refuses in a stream; written as \u escapes in a front matter string.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def front_matter(title: str) -> str:
    """A generated page's front matter. The title is HTML for the theme (its <title> and header print it as is),
    written as a YAML double-quoted string (JSON's escapes are YAML's), so no character can end or change it."""
    quoted = _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(esc(title), ensure_ascii=False))
    return f"---\ntitle: {quoted}\n---\n\n"


def theme_nav(nav: list) -> list:
    """The navigation with every title escaped: the theme prints navigation titles as HTML."""
    def entry(item):
        if isinstance(item, dict):
            return {esc(title): entry(value) for title, value in item.items()}
        if isinstance(item, list):
            return [entry(value) for value in item]
        return item
    return entry(nav)


def attr(name: str, value: str) -> str:
    return f' {name}="{esc(value)}"'


def link(href: str, text: str, cls: str | None = None, title: str | None = None) -> str:
    """An <a> element with escaped text and attributes."""
    return f"<a{attr('href', href)}{attr('class', cls) if cls else ''}{attr('title', title) if title else ''}>{esc(text)}</a>"


def safe_url(url: str | None) -> str | None:
    """The one gate for URLs from corpus/: only http(s) URLs become links (None: show the text, never a link)."""
    # fullmatch, not match + $ ($ would let a final newline through); no whitespace, quote, angle bracket,
    # backslash or control character anywhere (NUL, DEL and C1 controls are not \s)
    return url if url and re.fullmatch(r"https?://[^\s<>\"'`\\\x00-\x1f\x7f-\x9f]+", url) else None


def choose_spans(spans: list[Span]) -> list[Span]:
    """Drop spans that overlap a higher-priority (then earlier, then longer) span; keep the rest in order."""
    chosen: list[Span] = []
    claimed = Claimed(span.start for span in spans)  # O(log n) per span: a paragraph may hold thousands
    for span in sorted(spans, key=lambda s: (-s.priority, s.start, -(s.end - s.start))):
        if span.end > span.start and not claimed.overlaps(span.start, span.end):
            claimed.claim(span.start, span.end)
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


def marked_up(text: str, spans: list[Span]) -> str:
    """Escape ``text`` and wrap the chosen spans in their markup."""
    out: list[str] = []
    pos = 0
    for span in choose_spans(spans):
        out.append(esc(text[pos:span.start]))
        out.append(span.open + esc(text[span.start:span.end]) + span.close)
        pos = span.end
    out.append(esc(text[pos:]))
    return "".join(out)
