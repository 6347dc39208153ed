"""MkDocs hook (mkdocs.yml ``hooks:``): pages outside the navigation sit under their list page.

Entity pages (``actors/who/``, ``resolutions/<slug>/``...), the continuation pages of a paged list and the glossary
and index pages of one initial are not in the navigation: thousands of them would be inlined in every page of
their section. For the time its template renders, such a page is placed under the navigation page whose URL is
the longest prefix of its own (``actors/``): its tab is active, the sidebar shows that section with the list page
marked, and the breadcrumb (Material's ``navigation.path``) reads 首页 › 实体与索引 › 行为体. Undone after the page
is rendered, as MkDocs does for ``active``.
"""
from __future__ import annotations

_placed: dict[str, object] = {}  #: page URL -> the list page it was placed under, while it renders


def list_page(url: str, pages) -> object | None:
    """The navigation page whose URL is the longest proper prefix of ``url`` (None: none but the home page)."""
    best = None
    for candidate in pages:
        if candidate.url and url != candidate.url and url.startswith(candidate.url):
            if best is None or len(candidate.url) > len(best.url):
                best = candidate
    return best


def on_page_context(context, page, config, nav):
    if page.parent is not None or page in nav.pages or page.is_homepage:
        return context
    parent = list_page(page.url, nav.pages)
    if parent is not None:
        page.parent = parent
        parent.active = True  # MkDocs sets a page's ancestors active with it: the tab and the sidebar follow
        _placed[page.url] = parent
    return context


def on_post_page(output, page, config):
    parent = _placed.pop(page.url, None)
    if parent is not None:
        parent.active = False
        page.parent = None
    return output
