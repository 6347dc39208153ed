"""Escaping and inline markup. Source text is always escaped here; nothing from a source is injected as HTML."""
from __future__ import annotations

import html
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


def md_heading_text(text: str) -> str:
    """Escape text for a Markdown heading: Markdown punctuation backslash-escaped, then HTML-escaped."""
    return html.escape(_MD_SPECIAL.sub(r"\\\1", text), quote=False)


def attr(name: str, value: str) -> str:
    return f' {name}="{esc(value)}"'


def link(href: str, text: str, cls: str | None = None, title: str | None = None) -> str:
    """An <a> element with escaped text and attributes."""
    return f"<a{attr('href', href)}{attr('class', cls) if cls else ''}{attr('title', title) if title else ''}>{esc(text)}</a>"


def safe_url(url: str) -> str | None:
    """Only http(s) URLs become links; anything else stays text."""
    return url if re.match(r"https?://[^\s<>\"']+$", url) else None


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
