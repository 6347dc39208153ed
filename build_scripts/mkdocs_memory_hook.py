"""MkDocs hook (mkdocs.yml ``hooks:``): hold each page's HTML compressed while MkDocs builds the others.

MkDocs renders the Markdown of every page first and only then puts each page into the theme's template, so
the HTML of the whole site is in memory at once (about 4 GB of Python strings at 100 times the corpus, see
docs/benchmark.md). This hook compresses a page's HTML as soon as it is rendered (``on_page_content``),
empties its Markdown (nothing reads it afterwards: Material's search is emptied by search/mkdocs_hook.py), and
gives the HTML back just before the page's template needs it (``on_page_context``), letting go of it again
once the page is written (``on_post_page``). The output is the same byte for byte.
"""
from __future__ import annotations

import zlib

_held: dict[str, bytes] = {}  #: page source path -> its compressed HTML


def on_pre_build(config):
    _held.clear()


def on_page_content(html, page, config, files):
    _held[page.file.src_uri] = zlib.compress(html.encode("utf-8"), 1)
    page.markdown = ""  # not None: Page.title reads None as "no page"
    return ""  # page.content stays empty until on_page_context


def on_page_context(context, page, config, nav):
    page.content = zlib.decompress(_held.pop(page.file.src_uri)).decode("utf-8")
    return context


def on_post_page(output, page, config):
    page.content = None
    return output
