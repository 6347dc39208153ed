"""Stage 6, render: write every generated page as Markdown (with escaped raw-HTML blocks) and data exports."""
from __future__ import annotations

import hashlib
from html import unescape  # (not `import html`: the submodule render.html takes that name)
import json
import re
from dataclasses import dataclass


def text_hash(num: str, text: str) -> str:
    """What the anchor registry records of the text an id stands for."""
    return hashlib.sha256(f"{num}\n{text}".encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Citable:
    """An id a page publishes, with what it stands for (for the anchor registry)."""

    anchor: str  #: the HTML id
    num: str  #: the printed number, or ""
    text: str  #: the text the id stands for (hashed in the registry)

    @property
    def sha(self) -> str:
        return text_hash(self.num, self.text)


@dataclass(frozen=True, slots=True)  # slots: a large corpus keeps a million of these
class CitableId:
    """What the anchor registry needs of a Citable once its page is written: its text only as a hash."""

    anchor: str
    num: str
    sha: str


_TITLE = re.compile(r'^title: "((?:[^"\\]|\\.)*)"', re.M)


@dataclass(frozen=True)
class PageFile:
    """A generated file below the docs folder."""

    path: str  #: path below docs/, e.g. ``documents/<slug>/prog-2.md``
    text: str  #: full file content
    nav_title: str | None = None  #: title in navigation (None: not listed)
    citables: tuple[Citable, ...] = ()  #: ids this page publishes that the anchor registry guards

    @property
    def title(self) -> str | None:
        """The title in the page's front matter as plain text (None for a page or file without one); the front
        matter holds it as HTML for the theme (render.html.front_matter)."""
        end = self.text.find("\n---", 3) if self.text.startswith("---\n") else -1
        m = _TITLE.search(self.text, 4, end) if end > 0 else None
        return unescape(json.loads(f'"{m.group(1)}"')) if m else None


@dataclass(frozen=True, slots=True)
class PageInfo:
    """What the stages after render keep of a page that has been written to disk (see site.PageWriter):
    everything but its text, so a build never holds every page text at once."""

    path: str
    title: str | None
    nav_title: str | None
    citables: tuple[CitableId, ...]

    @classmethod
    def of(cls, page: PageFile) -> PageInfo:
        return cls(page.path, page.title, page.nav_title,
                   tuple(CitableId(c.anchor, c.num, c.sha) for c in page.citables))
