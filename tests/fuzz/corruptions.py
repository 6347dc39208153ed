"""Corruptions of real corpus files, each a function ``(corpus, rng) -> Expect`` run on a copy of the corpus.

Every corruption is chosen so that the build must reject it (the test checks the exact file, and the exact
line where the corruption fixes one), except the few marked ``either``: changes to a source text (truncation,
duplicated, deleted or swapped blocks) that may still be a well-formed document. Those run on the small
fixture corpus and must either build (exit 0, site replaced) or fail cleanly; the suite reports how many did
which. Nothing here names a document: files are picked at random (seeded) from what the corpus holds.
"""
from __future__ import annotations

import os
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

ANY = -1  #: an expected diagnostic whose line is not fixed by the corruption (or a whole-file one)


@dataclass(frozen=True)
class Expect:
    """What the build must report: diagnostics naming ``(path relative to the corpus, line)``; line None is the
    file-only form (whole-file problems), ANY is either form at any line. ``only``: nothing else is reported.
    ``either``: the corruption may leave valid input, so exit 0 (site rebuilt) is also correct."""

    diagnostics: tuple[tuple[str, int | None], ...] = ()
    message: str = ""  #: a text every expected diagnostic contains
    only: bool = False
    either: bool = False
    source: str = ""  #: for ``either``: the edited source, which a successful build must publish as it now is


@dataclass(frozen=True)
class Case:
    name: str
    corrupt: Callable[[Path, random.Random], Expect]
    small: bool = False  #: run on the small fixture corpus (a full build is cheap there)


# -- helpers ---------------------------------------------------------------------------------------------------

REGISTRY_KINDS = ("actors.yml", "sdgs.yml", "programmes.yml", "glossary.yml")


def rel(corpus: Path, path: Path) -> str:
    return path.relative_to(corpus).as_posix()


def pick_meta(corpus: Path, rng: random.Random) -> Path:
    return rng.choice(sorted((corpus / "documents").glob("*.yml")))


def source_of(meta: Path) -> Path:
    return meta.parent.parent / "sources" / yaml.safe_load(meta.read_text(encoding="utf-8"))["source"]


def line_index(path: Path, prefix: str) -> int:
    """0-based index of the first line starting with ``prefix``."""
    return next(i for i, line in enumerate(read_lines(path)) if line.startswith(prefix))


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def write_lines(path: Path, lines: list[str]) -> None:
    path.write_text("".join(lines), encoding="utf-8")


def set_field(meta: Path, key: str, value: str) -> int:
    """Replace the top-level ``key:`` line of a metadata file; returns its 1-based line."""
    lines = read_lines(meta)
    i = line_index(meta, f"{key}:")
    lines[i] = f"{key}: {value}\n"
    write_lines(meta, lines)
    return i + 1


def line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def flip_ascii_byte(path: Path, rng: random.Random) -> int:
    """Set the high bit of a random ASCII byte: never valid UTF-8 (a lone continuation byte, or a lead byte
    followed by ASCII). Returns the line of the byte."""
    data = bytearray(path.read_bytes())
    offset = rng.choice([i for i, b in enumerate(data) if b < 0x80])
    data[offset] |= 0x80
    path.write_bytes(bytes(data))
    return line_of_offset(bytes(data), offset)


def block_starts(lines: list[str]) -> list[int]:
    """Indexes of lines that start a top-level key or a list item: a line inserted before one of them is
    outside every scalar and every flow collection."""
    return [i for i, line in enumerate(lines) if line[:1].isalpha() or line.lstrip(" ").startswith("- ")]


def break_yaml_at_random_line(path: Path, rng: random.Random) -> int:
    """Insert a line that is never valid YAML (``a: b: c``) before a random block start; returns its line."""
    lines = read_lines(path)
    i = rng.choice(block_starts(lines))
    lines.insert(i, "broken: value: here\n")
    write_lines(path, lines)
    return i + 1


def entry_lines(path: Path, prefix: str) -> list[int]:
    return [i for i, line in enumerate(read_lines(path)) if line.startswith(prefix)]


# -- inputs stay inside the corpus -----------------------------------------------------------------------------


def source_symlink_outside(corpus, rng):
    meta = pick_meta(corpus, rng)
    source = source_of(meta)
    source.unlink()
    source.symlink_to("/etc/passwd")
    return Expect(((rel(corpus, meta), line_index(meta, "source:") + 1),), "symbolic link", only=True)


def source_dotdot(corpus, rng):
    meta = pick_meta(corpus, rng)
    line = set_field(meta, "source", "../../../etc/passwd")
    return Expect(((rel(corpus, meta), line),), "..", only=True)


def source_dotdot_inside(corpus, rng):
    """Even a ``..`` that comes back into sources/ is refused: no path may climb."""
    meta = pick_meta(corpus, rng)
    line = set_field(meta, "source", f"../sources/{source_of(meta).name}")
    return Expect(((rel(corpus, meta), line),), "..", only=True)


def source_absolute(corpus, rng):
    meta = pick_meta(corpus, rng)
    line = set_field(meta, "source", "/etc/passwd")
    return Expect(((rel(corpus, meta), line),), "absolute", only=True)


def source_through_symlinked_folder(corpus, rng):
    meta = pick_meta(corpus, rng)
    (corpus / "sources" / "linked").symlink_to(corpus / "sources", target_is_directory=True)
    line = set_field(meta, "source", f"linked/{source_of(meta).name}")
    return Expect(((rel(corpus, meta), line),), "symbolic link", only=True)


def sources_folder_is_symlink(corpus, rng):
    elsewhere = corpus.parent / "elsewhere"
    shutil.move(corpus / "sources", elsewhere)
    (corpus / "sources").symlink_to(elsewhere, target_is_directory=True)
    metas = sorted((corpus / "documents").glob("*.yml"))
    return Expect(tuple((rel(corpus, m), line_index(m, "source:") + 1) for m in metas), "symbolic link", only=True)


def source_is_directory(corpus, rng):
    meta = pick_meta(corpus, rng)
    (corpus / "sources" / "folder.txt").mkdir()
    line = set_field(meta, "source", "folder.txt")
    return Expect(((rel(corpus, meta), line),), "is a directory", only=True)


def source_missing(corpus, rng):
    meta = pick_meta(corpus, rng)
    source_of(meta).unlink()
    return Expect(((rel(corpus, meta), line_index(meta, "source:") + 1),), "not found", only=True)


def url_case(url: str):
    def corrupt(corpus, rng):
        meta = pick_meta(corpus, rng)
        line = set_field(meta, "url", url)
        return Expect(((rel(corpus, meta), line),), "url:", only=True)
    corrupt.__name__ = f"url {url}"
    return corrupt


# -- no check switched off by data ------------------------------------------------------------------------------


def empty_file(name: str):
    def corrupt(corpus, rng):
        path = corpus / name if name != "documents" else pick_meta(corpus, rng)
        path.write_bytes(b"")
        return Expect(((rel(corpus, path), None),), "empty", only=True)
    return corrupt


def yaml_is_symlink(corpus, rng):
    path = corpus / rng.choice(REGISTRY_KINDS)
    path.rename(corpus.parent / path.name)
    path.symlink_to(corpus.parent / path.name)
    return Expect(((rel(corpus, path), None),), "symbolic link", only=True)


def yaml_is_pipe(corpus, rng):
    path = corpus / rng.choice(REGISTRY_KINDS)
    path.unlink()
    os.mkfifo(path)
    return Expect(((rel(corpus, path), None),), "not a regular file", only=True)


def metadata_is_directory(corpus, rng):
    path = corpus / "documents" / "folder.yml"
    path.mkdir()
    return Expect(((rel(corpus, path), None),), "is a directory", only=True)


def registry_header_only(corpus, rng):
    path = corpus / "anchors" / "registry.tsv"
    path.write_text(read_lines(path)[0], encoding="utf-8")
    return Expect((("anchors/registry.tsv", 1),), "no entries", only=True)


def registry_is_directory(corpus, rng):
    path = corpus / "anchors" / "registry.tsv"
    path.unlink()
    path.mkdir()
    return Expect((("anchors/registry.tsv", None),), "directory", only=True)


def registry_deleted(corpus, rng):
    (corpus / "anchors" / "registry.tsv").unlink()
    return Expect((("anchors/registry.tsv", None),), "not found", only=True)


def registry_truncated_mid_row(corpus, rng):
    """Cut a random row inside its first three fields: the last row then has fewer than four."""
    path = corpus / "anchors" / "registry.tsv"
    data = path.read_bytes()
    starts = [0] + [i + 1 for i, b in enumerate(data) if b == 0x0A][:-1]
    start = rng.choice(starts[1:])
    third_tab = start + [i for i, b in enumerate(data[start:start + 4096]) if b == 0x09][2]
    cut = rng.randrange(start + 1, third_tab + 1)
    path.write_bytes(data[:cut])
    return Expect((("anchors/registry.tsv", line_of_offset(data, start)),), "4 tab-separated fields", only=True)


def registry_duplicated_row(corpus, rng):
    path = corpus / "anchors" / "registry.tsv"
    lines = read_lines(path)
    i = rng.randrange(1, len(lines))
    lines.insert(i + 1, lines[i])
    write_lines(path, lines)
    return Expect((("anchors/registry.tsv", i + 2),), "already registered", only=True)


def registry_list_emptied(name: str, key: str):
    def corrupt(corpus, rng):
        path = corpus / name
        lines = read_lines(path)
        start = line_index(path, f"{key}:")
        end = next((i for i in range(start + 1, len(lines)) if lines[i][:1].isalpha()), len(lines))
        write_lines(path, lines[:start] + [f"{key}: []\n"] + lines[end:])
        return Expect(((name, start + 1),), "must not be empty")
    return corrupt


def programmes_wrong_document(corpus, rng):
    line = set_field(corpus / "programmes.yml", "document", "no-such-document")
    return Expect((("programmes.yml", line),), "not a known document", only=True)


# -- syntax and encoding: every file, the right line -------------------------------------------------------------


def syntax_error_in_every_kind(corpus, rng):
    """One broken line in each of the six kinds of YAML at once: six errors, each at its line."""
    aliases = corpus / "anchors" / "aliases.yml"
    aliases.write_text("# moved ids\naliases:\n  - {from: 'old/#a', to: 'new/#a'}\n"
                       "  - {from: 'old/#b', to: 'new/#b'}\n", encoding="utf-8")
    paths = [pick_meta(corpus, rng), *(corpus / name for name in REGISTRY_KINDS), aliases]
    return Expect(tuple((rel(corpus, p), break_yaml_at_random_line(p, rng)) for p in paths), "invalid YAML", only=True)


def unclosed_quote(name: str | None):
    """An opening quote that nothing closes: reported where it opens, not at the end of the file."""
    def corrupt(corpus, rng):
        path = corpus / name if name else pick_meta(corpus, rng)
        lines = read_lines(path)
        candidates = []
        for i, line in enumerate(lines):
            rest = "".join(lines[i:])
            quote = next((q for q in "'\"" if q not in rest), None)
            if quote and line[:1].isalpha() and ": " in line:
                candidates.append((i, quote))
        i, quote = rng.choice(candidates)
        key, _, value = lines[i].partition(": ")
        lines[i] = f"{key}: {quote}{value}"
        write_lines(path, lines)
        return Expect(((rel(corpus, path), i + 1),), "invalid YAML", only=True)
    return corrupt


def bit_flip(name: str):
    def corrupt(corpus, rng):
        path = corpus / name if name != "documents" else pick_meta(corpus, rng)
        line = flip_ascii_byte(path, rng)
        return Expect(((rel(corpus, path), line),), "UTF-8", only=True)
    return corrupt


def source_bit_flip(corpus, rng):
    source = source_of(pick_meta(corpus, rng))
    line = flip_ascii_byte(source, rng)
    return Expect(((rel(corpus, source), line),), "UTF-8", only=True)


def source_bom(corpus, rng):
    source = source_of(pick_meta(corpus, rng))
    source.write_bytes(b"\xef\xbb\xbf" + source.read_bytes())
    return Expect(((rel(corpus, source), 1),), "byte order mark", only=True)


def source_crlf(corpus, rng):
    source = source_of(pick_meta(corpus, rng))
    source.write_bytes(source.read_bytes().replace(b"\n", b"\r\n"))
    return Expect(((rel(corpus, source), 1),), "CRLF", only=True)


def source_one_crlf_line(corpus, rng):
    source = source_of(pick_meta(corpus, rng))
    lines = source.read_bytes().split(b"\n")
    i = rng.randrange(len(lines) - 1)
    lines[i] += b"\r"
    source.write_bytes(b"\n".join(lines))
    return Expect(((rel(corpus, source), i + 1),), "CRLF", only=True)


def source_emptied(corpus, rng):
    source = source_of(pick_meta(corpus, rng))
    source.write_bytes(b"")
    return Expect(((rel(corpus, source), ANY),), "empty", only=True)


# -- truncation, duplicated, deleted and swapped blocks ------------------------------------------------------------


def truncate_metadata(corpus, rng):
    """Cut before the last of the required fields the schema names (source, layout, kind_zh, kind_en) starts."""
    meta = pick_meta(corpus, rng)
    data = meta.read_bytes()
    last = max(data.index(b"\n" + key.encode() + b":") + 1 for key in ("source", "layout", "kind_zh", "kind_en"))
    meta.write_bytes(data[:rng.randrange(0, last)])
    return Expect(((rel(corpus, meta), ANY),))


def truncate_inside_flow_mapping(name: str):
    def corrupt(corpus, rng):
        path = corpus / name
        lines = read_lines(path)
        i = rng.choice([i for i, line in enumerate(lines) if line.lstrip(" ").startswith("- {")])
        line = lines[i]
        cut = rng.randrange(line.index("{") + 1, line.rindex("}"))
        write_lines(path, lines[:i] + [line[:cut]])
        return Expect(((name, i + 1),), "invalid YAML", only=True)
    return corrupt


def truncate_glossary_term(corpus, rng):
    """Cut inside a random term before its last field line starts: the term lacks a field."""
    path = corpus / "glossary.yml"
    lines = read_lines(path)
    i = rng.choice(entry_lines(path, "  - key:"))
    last_field = i + next(k for k, line in enumerate(lines[i + 1:], 1) if not line.startswith("    ")) - 1
    text = "".join(lines[:i])
    cut = rng.randrange(len(text), len(text) + len("".join(lines[i:last_field])))
    path.write_text("".join(lines)[:cut], encoding="utf-8")
    return Expect((("glossary.yml", ANY),))


def truncate_sdgs(corpus, rng):
    path = corpus / "sdgs.yml"
    data = path.read_bytes()
    start = data.index(b"\ngoals:") + 1
    cut = rng.randrange(start, data.index(b"\ntargets:"))
    path.write_bytes(data[:cut])
    return Expect((("sdgs.yml", ANY),))


def duplicate_entry_line(name: str, prefix: str, message: str):
    def corrupt(corpus, rng):
        path = corpus / name
        lines = read_lines(path)
        i = rng.choice(entry_lines(path, prefix))
        lines.insert(i + 1, lines[i])
        write_lines(path, lines)
        return Expect(((name, i + 2),), message)
    return corrupt


def duplicate_metadata_field(corpus, rng):
    meta = pick_meta(corpus, rng)
    lines = read_lines(meta)
    i = rng.choice([i for i, line in enumerate(lines) if line[:1].isalpha()])
    lines.insert(i + 1, lines[i])
    write_lines(meta, lines)
    return Expect(((rel(corpus, meta), i + 2),), "duplicate key", only=True)


def duplicate_glossary_term(corpus, rng):
    path = corpus / "glossary.yml"
    lines = read_lines(path)
    i = rng.choice(entry_lines(path, "  - key:"))
    end = i + next(k for k, line in enumerate(lines[i + 1:], 1) if not line.startswith("    "))
    write_lines(path, lines[:end] + lines[i:end] + lines[end:])
    return Expect((("glossary.yml", end + 1),), "duplicate key")


def delete_goal(corpus, rng):
    path = corpus / "sdgs.yml"
    lines = read_lines(path)
    del lines[rng.choice(entry_lines(path, "  - {number:"))]
    write_lines(path, lines)
    return Expect((("sdgs.yml", line_index(path, "goals:") + 1),), "17 goals", only=True)


def delete_glossary_field(corpus, rng):
    path = corpus / "glossary.yml"
    lines = read_lines(path)
    i = rng.choice(entry_lines(path, "  - key:"))
    field = rng.randrange(i + 1, i + next(k for k, line in enumerate(lines[i + 1:], 1) if not line.startswith("    ")))
    name = lines[field].split(":")[0].strip()
    del lines[field]
    write_lines(path, lines)
    return Expect((("glossary.yml", i + 1),), f"{name}: required field is missing", only=True)


def delete_metadata_field(corpus, rng):
    meta = pick_meta(corpus, rng)
    lines = read_lines(meta)
    key = rng.choice(["source", "layout", "kind_zh", "kind_en", "title_en_status", "symbol_status", "year_status"])
    del lines[line_index(meta, f"{key}:")]
    write_lines(meta, lines)
    return Expect(((rel(corpus, meta), ANY),), key)


def swap_block_opener(name: str):
    """Swap a top-level ``key:`` that opens a block with the line after it: the block loses its key."""
    def corrupt(corpus, rng):
        path = corpus / name
        lines = read_lines(path)
        openers = [i for i, line in enumerate(lines[:-1]) if line[:1].isalpha() and line.rstrip().endswith(":")
                   and lines[i + 1].strip() and not lines[i + 1].lstrip().startswith("#")]
        i = rng.choice(openers)
        lines[i], lines[i + 1] = lines[i + 1], lines[i]
        write_lines(path, lines)
        return Expect(((name, ANY),))
    return corrupt


def swap_term_key_line(corpus, rng):
    path = corpus / "glossary.yml"
    lines = read_lines(path)
    i = rng.choice(entry_lines(path, "  - key:"))
    lines[i], lines[i + 1] = lines[i + 1], lines[i]
    write_lines(path, lines)
    return Expect((("glossary.yml", ANY),))


# -- source texts: may stay well-formed (small corpus, exit 0 or clean errors) -----------------------------------


def source_edit(edit: Callable[[list[bytes], random.Random], list[bytes]]):
    def corrupt(corpus, rng):
        source = source_of(pick_meta(corpus, rng))
        lines = source.read_bytes().split(b"\n")
        source.write_bytes(b"\n".join(edit(lines, rng)))
        return Expect(either=True, source=rel(corpus, source))
    corrupt.__name__ = edit.__name__
    return corrupt


def truncated(lines, rng):
    text = b"\n".join(lines).decode("utf-8")
    return text[:rng.randrange(len(text) // 4, len(text))].encode("utf-8").split(b"\n")


def duplicated_block(lines, rng):
    i = rng.randrange(len(lines))
    j = rng.randrange(i + 1, min(i + 12, len(lines)) + 1)
    return lines[:j] + lines[i:j] + lines[j:]


def deleted_block(lines, rng):
    i = rng.randrange(len(lines))
    return lines[:i] + lines[min(i + rng.randrange(1, 12), len(lines)):]


def swapped_lines(lines, rng):
    i, j = sorted(rng.sample(range(len(lines)), 2))
    lines[i], lines[j] = lines[j], lines[i]
    return lines


CASES = [
    Case("source symlink to /etc/passwd", source_symlink_outside),
    Case("source ../../../etc/passwd", source_dotdot),
    Case("source ../sources/<itself>", source_dotdot_inside),
    Case("source /etc/passwd", source_absolute),
    Case("source through a symlinked folder", source_through_symlinked_folder),
    Case("sources/ is a symlink", sources_folder_is_symlink),
    Case("source is a directory", source_is_directory),
    Case("source file missing", source_missing),
    *(Case(f"url {u}", url_case(u)) for u in ("javascript:alert(1)", "file:///etc/passwd",
                                                "data:text/html,<script>alert(1)</script>", "https:///no-host",
                                                "//example.org/no-scheme", "www.example.org")),
    *(Case(f"empty {n}", empty_file(n)) for n in ("anchors/registry.tsv", *REGISTRY_KINDS, "documents")),
    Case("a registry YAML is a symlink", yaml_is_symlink),
    Case("a registry YAML is a pipe", yaml_is_pipe),
    Case("documents/*.yml is a directory", metadata_is_directory),
    Case("registry header only", registry_header_only),
    Case("registry is a directory", registry_is_directory),
    Case("registry deleted", registry_deleted),
    Case("registry truncated mid-row", registry_truncated_mid_row),
    Case("registry duplicated row", registry_duplicated_row),
    Case("actors: []", registry_list_emptied("actors.yml", "actors")),
    Case("programmes: []", registry_list_emptied("programmes.yml", "programmes")),
    Case("programmes.yml wrong document", programmes_wrong_document),
    Case("syntax error in every YAML kind", syntax_error_in_every_kind),
    Case("unclosed quote in metadata", unclosed_quote(None)),
    *(Case(f"bit flip in {n}", bit_flip(n)) for n in ("documents", *REGISTRY_KINDS, "anchors/registry.tsv")),
    Case("bit flip in a source", source_bit_flip),
    Case("source with BOM", source_bom),
    Case("source with CRLF", source_crlf),
    Case("source with one CRLF line", source_one_crlf_line),
    Case("source emptied", source_emptied),
    Case("metadata truncated", truncate_metadata),
    Case("actors.yml truncated in an entry", truncate_inside_flow_mapping("actors.yml")),
    Case("programmes.yml truncated in an entry", truncate_inside_flow_mapping("programmes.yml")),
    Case("sdgs.yml truncated", truncate_sdgs),
    Case("glossary.yml truncated in a term", truncate_glossary_term),
    Case("actor duplicated", duplicate_entry_line("actors.yml", "  - {id:", "duplicate id")),
    Case("goal duplicated", duplicate_entry_line("sdgs.yml", "  - {number:", "duplicate")),
    Case("programme duplicated", duplicate_entry_line("programmes.yml", "  - {number:", "duplicate")),
    Case("metadata field duplicated", duplicate_metadata_field),
    Case("glossary term duplicated", duplicate_glossary_term),
    Case("goal deleted", delete_goal),
    Case("glossary field deleted", delete_glossary_field),
    Case("metadata field deleted", delete_metadata_field),
    Case("sdgs.yml block key swapped", swap_block_opener("sdgs.yml")),
    Case("programmes.yml block key swapped", swap_block_opener("programmes.yml")),
    Case("glossary key line swapped", swap_term_key_line),
    *(Case(f"source {e.__name__.replace('_', ' ')}", source_edit(e), small=True)
      for e in (truncated, duplicated_block, deleted_block, swapped_lines)),
]

SEED = int(os.environ.get("FUZZ_SEED", "13"))  #: FUZZ_SEED=<n> reruns every case with other random choices
