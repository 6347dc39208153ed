"""YAML reading that remembers where each mapping starts, so validators can name file and line.

Every YAML file of the corpus is read here, so the same rules hold for all of them: the file must be a
readable UTF-8 file (a directory, an empty file or bad UTF-8 is one error naming it), a mapping may not
repeat a key (YAML would silently keep the last one), and a syntax error is reported at the line where
the broken construct starts (an unclosed quote is reported where it opens, not where the scanner gave up
at the end of the file). CRLF line endings and a UTF-8 byte order mark are accepted in YAML files: YAML
defines them as a line break and an encoding mark, so the data and the line numbers are the same as with LF.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Collector, at


class LineDict(dict):
    """A mapping from YAML that knows its 1-based line (``.line``) and each key's line (``.key_lines``)."""

    line: int = 0
    key_lines: dict[str, int]


class _Loader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    out = LineDict()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in out.key_lines:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first at line {out.key_lines[key]})", key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_text(path: Path, problems: Collector, what: str = "file") -> str | None:
    """A corpus file as UTF-8 text; a missing file, a symbolic link (it could point anywhere), a directory or bad
    UTF-8 is one diagnostic and None."""
    if path.is_symlink():
        problems.error(at(path), f"is a symbolic link; a {what} must be a regular file inside the corpus")
        return None
    if path.is_dir():
        problems.error(at(path), f"is a directory, not a {what}")
        return None
    if not path.exists():
        problems.error(at(path), f"{what} not found")
        return None
    if not path.is_file():
        problems.error(at(path), f"is not a regular file (a device or a pipe); a {what} must be one")
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.error(at(path), f"cannot be read: {exc.strerror or exc}")
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.error(at(path, line_of_byte(data, exc.start)), f"not valid UTF-8 (byte {exc.start}: {exc.reason})")
        return None


def load_yaml(path: Path, problems: Collector, what: str = "YAML file") -> Any:
    """Parse a YAML file; on a read, syntax or encoding error, or an empty file, record one diagnostic and
    return None."""
    text = read_text(path, problems, what)
    if text is None:
        return None
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        line, message = _where(exc)
        problems.error(at(path, line), f"invalid YAML: {message}")
        return None
    except yaml.YAMLError as exc:
        problems.error(at(path), f"invalid YAML: {exc}")
        return None
    if data is None:
        problems.error(at(path), "file is empty (no YAML content)")
    return data


def _where(exc: yaml.MarkedYAMLError) -> tuple[int | None, str]:
    """The line to report and the message. A token that is still open when the error is found (a quoted
    scalar, a simple key, a flow collection) is reported where it starts: that is where the mistake is."""
    problem, context = exc.problem or "", exc.context or ""
    problem_line = exc.problem_mark.line + 1 if exc.problem_mark else None
    context_line = exc.context_mark.line + 1 if exc.context_mark else None
    if context_line and (context.startswith("while scanning") or context.startswith("while parsing a flow")):
        return context_line, f"{context} starting here: {problem} (at line {problem_line})"
    if context_line and context:
        return problem_line or context_line, f"{problem} ({context} at line {context_line})"
    return problem_line, problem or context


def line_of_byte(data: bytes, offset: int) -> int:
    """The 1-based line of a byte offset."""
    return data.count(b"\n", 0, offset) + 1


def line_of(mapping: Any, key: str | None = None) -> int | None:
    """The line of a mapping (or of one of its keys) read by load_yaml, when known."""
    if isinstance(mapping, LineDict):
        return mapping.key_lines.get(key, mapping.line) if key else mapping.line
    return None
