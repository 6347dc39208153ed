"""YAML reading that remembers where each mapping starts, so validators can name file and line."""
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
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path, problems: Collector) -> Any:
    """Parse a YAML file; on a syntax or encoding error record one diagnostic and return None."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.error(at(path, _line_of_byte(path.read_bytes(), exc.start)), f"not valid UTF-8 ({exc.reason})")
        return None
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problems.error(at(path, mark.line + 1 if mark else None), f"invalid YAML: {exc.problem or exc.context}")
    except yaml.YAMLError as exc:
        problems.error(at(path), f"invalid YAML: {exc}")
    return None


def _line_of_byte(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def line_of(mapping: Any, key: str | None = None) -> int | None:
    """The line of a mapping (or of one of its keys) read by load_yaml, when known."""
    if isinstance(mapping, LineDict):
        return mapping.key_lines.get(key, mapping.line) if key else mapping.line
    return None
