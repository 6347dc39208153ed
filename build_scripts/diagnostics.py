"""Diagnostics that name a file and line, collected so one run reports every problem.

The one error format: ``file:line: error: message``, or ``file: error: message`` when the problem is the
whole file or folder (missing, empty, a directory, a symbolic link). A failed build prints one such line per
problem, then one summary line (``build failed: N problem(s); ...``), and exits 1. An unexpected exception
(a bug, never bad input) is one line ``<input>: error: internal error in stage <stage>: <type>: <message>``
naming the stage and the input it was working on (``working_on``), exit 2; ``--debug`` adds the traceback.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def working_on(stage: str | None = None, input: Path | str | None = None) -> Iterator[None]:  # noqa: A002
    """Mark an unexpected exception raised inside with the stage and the input being processed (the innermost
    marks win), so the command line can name them in its one-line report (``internal_error``)."""
    try:
        yield
    except BuildError:
        raise
    except Exception as exc:
        where = exc.__dict__.setdefault("build_where", {})
        if stage is not None:
            where.setdefault("stage", stage)
        if input is not None:
            where.setdefault("input", display_path(input))
        raise


def internal_error(exc: Exception, default_input: Path | str) -> str:
    """The one line reporting an unexpected exception (see the module docstring)."""
    where = getattr(exc, "build_where", {})
    message = " ".join(str(exc).split()) or "(no message)"
    return (f"{where.get('input', display_path(default_input))}: error: internal error in stage "
            f"{where.get('stage', 'build')}: {type(exc).__name__}: {message}")
