"""MkDocs hook (mkdocs.yml ``hooks:``): keep Material's search plugin for its UI only.

Material's plugin would segment every page with jieba and write a multi-megabyte lunr index that every
visitor downloads; our worker does not read it. This hook empties the plugin's per-page indexing, so the
plugin writes ``search/search_index.json`` with its ``config`` (the page highlighter's separator) and
``docs: []``. bench/search_bench.py builds without this hook to measure Material's own search.
"""
from __future__ import annotations


def on_config(config):
    plugin = config.plugins.get("material/search")
    index = getattr(plugin, "search_index", None)
    if index is not None:
        index.add_entry_from_context = lambda page: None
    return config
