"""Render every generated page and put together the navigation."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from ..candidates import Candidate, Measure, Review
from ..load import Corpus
from ..model import Document
from . import PageFile, PageInfo
from .about import about_page
from .akn import akn_files
from .candidates_page import candidate_files
from .cite import cite_page
from ..glossary import Term
from ..link import Graph
from ..registries import Registries
from .documents import NoSpans, document_title, pages_for, short_label
from .entities import EntityRenderer
from .exports import export_files
from .general_index import index_pages
from .glossary_page import glossary_pages
from .home import documents_index, entities_index, home_page
from .inline import InlineLinks
from .html import esc, md_text, theme_nav
from .source_view import source_pages
from ..urls import download_file


@dataclass(frozen=True)
class Rendered:
    """What the site stage needs: the pages (as ``emit`` kept them), files to copy, and the navigation."""

    pages: tuple[PageFile | PageInfo, ...]
    extra_files: dict[str, Path]  #: docs-relative path -> file to copy (the source texts, byte for byte)
    nav: list


def keep(page: PageFile) -> PageFile:
    return page


def render_all(corpus: Corpus, documents: tuple[Document, ...], graph: Graph, registries: Registries | None,
               terms: tuple[Term, ...], memo=None, emit: Callable[[PageFile], PageFile | PageInfo] = keep,
               candidates: tuple[tuple[Candidate, ...], tuple[Review, ...], tuple[Measure, ...]] = ((), (), ())
               ) -> Rendered:
    """Every generated page, each handed to ``emit`` as soon as it is made (site.PageWriter writes it and keeps
    only its PageInfo). ``memo`` (build_scripts/cache.py PageMemo) reuses document and entity pages whose inputs
    did not change. ``candidates``: the unlinked candidates, the reviewed list and recall per kind, for the
    maintainers' report."""
    pages: list[PageFile | PageInfo] = []
    doc_nav: list = []
    spans = InlineLinks(graph, registries, terms, documents) if registries else NoSpans()
    titles_en = {f"prog-{p.number}": p.en for p in registries.programmes} if registries else {}
    for doc in documents:
        lines = graph.sources[doc.meta.slug]
        made = (lambda: pages_for(doc, spans, titles_en, lines) + source_pages(doc, lines))
        all_pages = [emit(page) for page in (memo.document_pages(doc, made) if memo else made())]
        pages += all_pages
        doc_pages = [page for page in all_pages if page.nav_title]  # (the source view is not in the navigation)
        if len(doc_pages) == 1:
            doc_nav.append({short_label(doc.meta): doc_pages[0].path})
        else:
            doc_nav.append({short_label(doc.meta): [{p.nav_title: p.path} for p in doc_pages]})
    pages += [emit(page) for page in akn_files(documents, graph, registries)]
    pages += [emit(documents_index(documents)), emit(about_page(documents)), emit(removed_page(documents)),
              emit(cite_page(documents)), emit(home_page(documents, graph, registries, terms))]
    found, reviews, measures = candidates
    pages += [emit(page) for page in candidate_files(found, reviews, graph, measures)]  # for maintainers, not in the nav
    entity_renderer = memo.entity_renderer if memo else EntityRenderer
    entity_pages = [emit(page) for page in chain(
        entity_renderer(documents, graph, registries).pages() if registries else (),
        glossary_pages(terms, graph, documents) if terms else (),
        index_pages(graph, registries, terms, documents),
        export_files(documents, graph, registries, terms))]
    entity_nav = [{p.nav_title: p.path} for p in entity_pages if p.nav_title]
    pages += entity_pages + ([emit(entities_index(entity_nav))] if entity_nav else [])
    nav = [  # a tab's first page, its own index page, is the tab's section index (navigation.indexes)
        {"首页 Home": "index.md"},
        {"文献 Documents": ["documents/index.md"] + doc_nav},
        {"实体与索引 Entities & index": (["entities/index.md"] if entity_nav else []) + entity_nav},
        {"如何引用 How to cite": "cite.md"},
        {"关于 About": ["about/index.md", "about/design.md", "about/removed.md", "maintain.md"]},
    ]
    extra = {f"sources/{s.path.name}": s.path for s in corpus.sources}  # (the first published URL, kept)
    extra |= {download_file(s.meta.slug, "txt"): s.path for s in corpus.sources}
    # the reference files facts and entity names are taken from are published beside the sources (参 links there)
    extra |= {b.file: corpus.root / b.file for s in corpus.sources for _, b in s.meta.bases if b.kind == "reference"}
    extra |= {f"reference/{p.name}": p for p in sorted((corpus.root / "reference").glob("*.yml"))}
    return Rendered(tuple(pages), extra, theme_nav(nav))


def removed_page(documents: tuple[Document, ...]) -> PageFile:
    """Every piece of source text not rendered as content (page furniture), with its line and reason."""
    out = ["---", 'title: "删除的版面元素 Removed page furniture"', "---", "",
           "# 删除的版面元素 Removed page furniture", "",
           "以下源文本行是 PDF 版面元素（页眉、页脚、脚注分隔线等），未作为正文呈现。"
           "These source lines are page furniture (running headers and footers, footnote separators…) and are not "
           "rendered as text. Everything else in the sources is on the document pages.", ""]
    for doc in documents:
        out += [f"## {md_text(document_title(doc.meta))} {{#{doc.meta.slug}}}", ""]
        if not doc.removed:
            out += ["<p>无 None.</p>", ""]
            continue
        rows = "\n".join(f"<tr><td>{r.line}</td><td><code>{esc(r.text)}</code></td><td>{esc(r.reason)}</td></tr>"
                         for r in doc.removed)
        out += [f'<table class="removed"><thead><tr><th scope="col">行 Line</th><th scope="col">文本 Text</th>'
                f'<th scope="col">原因 Reason</th></tr></thead><tbody>\n{rows}\n</tbody></table>', ""]
    return PageFile("about/removed.md", "\n".join(out) + "\n", "删除的版面元素 Removed furniture")
