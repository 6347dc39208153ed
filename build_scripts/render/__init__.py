"""Stage 6, render: write every generated page as Markdown (with escaped raw-HTML blocks) and data exports."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageFile:
    """A generated file below the docs folder."""

    path: str  #: path below docs/, e.g. ``documents/a-71-6-rev-1/prog-2.md``
    text: str  #: full file content
    nav_title: str | None = None  #: title in navigation (None: not listed)
