"""MkDocs hook (mkdocs.yml ``hooks:``): the list pages' tables leave the build in the box Material would put them in.

Material's script wraps every table without a class (``table:not([class])``, what Markdown tables are) in a
scrolling box at ``DOMContentLoaded``; moving a table lays it out again, one long task on a phone for a list
page such as ``actors/`` (Lighthouse: TBT ~280 ms of the page's ~300). Here each such table is wrapped as
Material wraps it (``div.md-typeset__scrollwrap > div.md-typeset__table``) and given the class ``list-table``,
which Material's script leaves alone; ``docs/assets/corpus.css`` gives ``table.list-table`` the theme's styles
of ``table:not([class])`` (``tests/test_tables.py`` keeps the two in step).
"""
from __future__ import annotations

import re

#: A Markdown table: no attributes; Markdown makes no nested tables.
MARKDOWN_TABLE = re.compile(r"<table>(.*?)</table>", re.S)
WRAPPED = ('<div class="md-typeset__scrollwrap"><div class="md-typeset__table"><table class="list-table">'
           r"\1</table></div></div>")


def on_page_content(html, page, config, files):
    return MARKDOWN_TABLE.sub(WRAPPED, html)
