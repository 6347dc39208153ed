"""The one way a benchmark puts its generated section into a docs page: between its own markers
(``<!-- NAME: begin (script) -->`` … ``<!-- NAME: end -->``), or at the end of a page that has none yet."""
from __future__ import annotations


def with_section(page: str, begin: str, end: str, text: str) -> str:
    """``page`` with the text between ``begin`` and ``end`` (markers included) replaced by ``text``."""
    if begin in page and end in page:
        return page[: page.index(begin)] + text + page[page.index(end) + len(end):]
    return page.rstrip("\n") + "\n\n" + text + "\n"
