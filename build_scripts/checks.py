"""Post-build gates on the built HTML: ids unique per page, every internal link and #fragment resolves."""
from __future__ import annotations

import posixpath
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True)
class PageLinks:
    """What one built HTML page defines and points to."""

    ids: frozenset[str]
    duplicate_ids: tuple[str, ...]
    hrefs: tuple[str, ...]  #: href and src values of internal references


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: Counter[str] = Counter()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids[value] += 1
            elif (name == "href" and tag in ("a", "link")) or (name == "src" and tag in ("script", "img")):
                self.hrefs.append(value)


def scan(html: str) -> PageLinks:
    parser = _Collector()
    parser.feed(html)
    return PageLinks(frozenset(parser.ids), tuple(sorted(i for i, n in parser.ids.items() if n > 1)), tuple(parser.hrefs))


def site_pages(site: Path) -> dict[str, PageLinks]:
    """Every HTML page of a built site, keyed by its path relative to the site root."""
    return {str(p.relative_to(site)).replace("\\", "/"): scan(p.read_text(encoding="utf-8"))
            for p in sorted(site.rglob("*.html"))}


def resolve(page: str, href: str, base_path: str = "/") -> tuple[str, str] | None:
    """The (site file, fragment) an internal href points to; None for links to other hosts.

    Absolute paths (the 404 page uses them) are taken below ``base_path``, the path of the site URL.
    """
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    target = page
    if path.startswith(base_path):
        path, page = path[len(base_path):] or "./", "index.html"
    if path:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        if path.endswith("/"):
            target = "index.html" if target == "." else target + "/index.html"
    return target, unquote(parts.fragment)


def broken_links(site: Path, base_path: str = "/") -> list[str]:
    """One line per problem: duplicate ids, links to missing files, #fragments missing on their page.

    Pages are read one at a time and only their ids are kept, with the #fragment links that point at a page
    not read yet: the navigation repeats hundreds of links on every page, and a large site's links would not
    fit in memory. Problems come in page order, then in the order of the page's links."""
    files = sorted(str(p.relative_to(site)).replace("\\", "/") for p in site.rglob("*.html"))
    names = set(files)
    ids: dict[str, frozenset[str]] = {}
    waiting: dict[str, list[tuple[int, int, str, str]]] = {}  #: target page -> (page no., link no., href, fragment)
    problems: list[tuple[int, int, str]] = []
    for n, page in enumerate(files):
        links = scan((site / page).read_text(encoding="utf-8"))
        ids[page] = links.ids
        for m, k, href, fragment in waiting.pop(page, ()):
            if fragment not in links.ids:
                problems.append((m, k, f"{files[m]}: link to missing fragment {href!r}"))
        problems += [(n, -1, f"{page}: duplicate id {i!r}") for i in links.duplicate_ids]
        for k, href in enumerate(links.hrefs):
            resolved = resolve(page, href, base_path)
            if resolved is None:
                continue
            target, fragment = resolved
            if target not in names:  # a directory link without its trailing slash (MkDocs writes "../..")
                index = "index.html" if target == "." else target + "/index.html"
                target = index if index in names else target
            if target not in names:
                if not (site / target).is_file():
                    problems.append((n, k, f"{page}: link to missing {href!r}"))
            elif fragment and target not in ids:
                waiting.setdefault(target, []).append((n, k, href, fragment))
            elif fragment and fragment not in ids[target]:
                problems.append((n, k, f"{page}: link to missing fragment {href!r}"))
    return [message for *_, message in sorted(problems)]
