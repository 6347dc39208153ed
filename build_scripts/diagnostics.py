"""Diagnostics that name a file and line, collected so one run reports every problem."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """Where a problem is: a file, and a 1-based line when one is known."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class Diagnostic:
    """One problem, printed as one line: ``file:line: error: message``."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: error: {self.message}"


class BuildError(Exception):
    """Raised at the end of a stage that found problems; carries all of them."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics, key=lambda d: (d.location.path, d.location.line or 0, d.message))
        super().__init__("\n".join(map(str, self.diagnostics)))


def display_path(path: Path | str) -> str:
    """A path as the user knows it: relative to the working directory when it lies below it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


def at(path: Path | str, line: int | None = None) -> Location:
    """The shared helper every stage uses to format a location."""
    return Location(display_path(path), line)


class Collector:
    """Gathers diagnostics across a stage; ``raise_if_any`` fails once with all of them."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def error(self, location: Location, message: str) -> None:
        self.items.append(Diagnostic(location, message))

    def raise_if_any(self) -> None:
        if self.items:
            raise BuildError(self.items)
