"""Reading built pages back: which HTML files make up a document, and their visible text."""
from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from build_scripts.model import Document
from build_scripts.urls import doc_page, url_of


def document_html_files(site: Path, doc: Document) -> list[Path]:
    """The built pages of a document, in reading order."""
    if len(doc.parts) == 1:
        return [site / url_of(doc_page(doc.meta.slug)) / "index.html"]
    return [site / url_of(doc_page(doc.meta.slug, part.slug)) / "index.html" for part in doc.parts]


def article(path: Path) -> BeautifulSoup:
    """The content area of a built page (MkDocs Material's <article>)."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return soup.select_one("article")


def visible(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace())
