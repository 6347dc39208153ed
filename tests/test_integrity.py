"""Whole site: every id unique per page, every internal link and #fragment resolves."""
from __future__ import annotations

from build_scripts.checks import broken_links, site_pages


def test_no_broken_links_or_duplicate_ids(built_site):
    problems = broken_links(built_site)
    assert problems == []
    pages = site_pages(built_site)
    print(f"\n{len(pages)} pages, {sum(len(p.ids) for p in pages.values())} ids, "
          f"{sum(len(p.hrefs) for p in pages.values())} internal and external references checked")


def test_checker_finds_a_broken_fragment(tmp_path):
    (tmp_path / "index.html").write_text('<p id="a"></p><a href="#a">ok</a><a href="#b">bad</a>'
                                         '<a href="x/">missing page</a><i id="a"></i>', encoding="utf-8")
    assert broken_links(tmp_path) == [
        "index.html: duplicate id 'a'",
        "index.html: link to missing fragment '#b'",
        "index.html: link to missing 'x/'",
    ]


def test_how_to_cite_examples_resolve(documents, built_site):
    """Every example URL on the How-to-cite page points at an existing page and id, and every document has one."""
    from build_scripts.render.cite import examples

    pages = site_pages(built_site)
    shown = examples(tuple(documents.values()))
    assert {url.split("/")[1] for _, url in shown} == set(documents)
    cite = (built_site / "cite" / "index.html").read_text(encoding="utf-8")
    for _, url in shown:
        assert f"/{url}" in cite, url
        path, _, fragment = url.partition("#")
        page = path + "index.html"
        assert page in pages, url
        assert fragment in pages[page].ids, url


def test_about_page_states_the_measured_conservation_figures(documents, built_site):
    """The figures on the About page are those the conservation test measures on the built pages."""
    from build_scripts.render.about import conservation

    about = (built_site / "about" / "index.html").read_text(encoding="utf-8")
    for doc in documents.values():
        c = conservation(doc)
        assert f"<td align=\"right\">{c.total}</td>" in about or f">{c.total}<" in about
        assert c.in_place + c.links + c.relocated + c.furniture == c.total
