"""Stage 6, render: write every generated page as Markdown (with escaped raw-HTML blocks) and data exports."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Citable:
    """An id a page publishes, with what it stands for (for the anchor registry)."""

    anchor: str  #: the HTML id
    num: str  #: the printed number, or ""
    text: str  #: the text the id stands for (hashed in the registry)


@dataclass(frozen=True)
class PageFile:
    """A generated file below the docs folder."""

    path: str  #: path below docs/, e.g. ``documents/a-71-6-rev-1/prog-2.md``
    text: str  #: full file content
    nav_title: str | None = None  #: title in navigation (None: not listed)
    citables: tuple[Citable, ...] = ()  #: ids this page publishes that the anchor registry guards
