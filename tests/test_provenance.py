"""Provenance on every published fact: each document metadata field and note carries its basis — printed in the
source (lines), taken from a reference file in the corpus (named), or inferred (with the reason) — the loader
refuses a fact without one, and the header and the data exports show it.

Whole corpus: every documents/*.yml is read as YAML here (not through the loader), so a sixth document is
checked like the first five. Bad input: the small fixture corpus with one broken basis per field, every problem
reported at its line in one run.
"""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml

from build_scripts.__main__ import main
from build_scripts.load import PUBLISHED
from build_scripts.pipeline import BuildPaths, render
from build_scripts.registries import load_registries

from .conftest import CORPUS, document_slugs, wrapped

MINI = Path(__file__).parent / "fixtures" / "mini"
DIAGNOSTIC = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): error: (?P<message>.+)$")
BASIS = re.compile(r"printed (\d+)(?:-(\d+))?|reference (\S+)|inferred: \S.*")


def metadata(slug: str) -> dict:
    return yaml.safe_load((CORPUS / "documents" / f"{slug}.yml").read_text(encoding="utf-8"))


def facts(meta: dict) -> list[tuple[str, object, str | None]]:
    """(field or note:LABEL, value, basis as written) of every fact the metadata publishes."""
    out = [(name, meta[name], meta.get(f"{name}_basis")) for name in PUBLISHED if meta.get(name) is not None]
    out += [(f"note:{note[0]}", note[1], note[2] if len(note) > 2 else None) for note in meta.get("notes") or []]
    return out


def pieces(text: str) -> list[str]:
    """The runs of letters and digits of a text (NFKC): what must be printed, whatever the spacing and
    punctuation between them (a title printed over two lines, a colon the metadata adds)."""
    return re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", text))


@pytest.mark.parametrize("slug", document_slugs())
def test_every_published_fact_has_a_basis(slug):
    meta = metadata(slug)
    given = facts(meta)
    assert given, f"{slug} publishes no fact"
    missing = [name for name, _, basis in given if not (isinstance(basis, str) and BASIS.fullmatch(basis))]
    assert not missing, f"{slug}: no basis (printed LINES / reference FILE / inferred: WHY) for {missing}"


@pytest.mark.parametrize("slug", document_slugs())
def test_printed_bases_point_at_lines_that_print_the_value(slug):
    meta = metadata(slug)
    lines = (CORPUS / "sources" / meta["source"]).read_text(encoding="utf-8").split("\n")
    for name, value, basis in facts(meta):
        m = BASIS.fullmatch(basis)
        if m.group(1):
            first, last = int(m.group(1)), int(m.group(2) or m.group(1))
            printed = "".join(lines[first - 1:last]).replace(" ", "")
            assert first <= last <= len(lines), f"{slug} {name}: {basis} is not in the source"
            absent = [p for p in pieces(str(value)) if p not in unicodedata.normalize("NFKC", printed)]
            assert not absent, f"{slug} {name}: {value!r} is not printed on line(s) {first}-{last}: {absent}"
        elif m.group(3):
            assert (CORPUS / m.group(3)).is_file(), f"{slug} {name}: reference file {m.group(3)} is not in the corpus"


def test_reference_files_say_where_their_facts_come_from():
    """A reference file copied into the corpus says its origin in its opening comment."""
    named = {BASIS.fullmatch(basis).group(3) for slug in document_slugs() for _, _, basis in facts(metadata(slug))}
    for name in sorted(n for n in named if n):
        head = (CORPUS / name).read_text(encoding="utf-8").splitlines()[0]
        assert head.startswith("# Origin:"), f"{name} does not open with '# Origin: …'"


# -- what the site publishes ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages():
    _, rendered = render(BuildPaths())
    return {p.path: p.text for p in rendered.pages}


def test_header_shows_every_basis_and_exports_list_every_fact(pages):
    """The facts export has one row per published fact with its basis; the header a marker for each."""
    rows = json.loads(pages["data/facts.json"])
    by_doc: dict[str, list[dict]] = {}
    for row in rows:
        by_doc.setdefault(row["document"], []).append(row)
    for slug in document_slugs():
        meta = metadata(slug)
        given = facts(meta)
        assert sorted((r["field"], r["value"]) for r in by_doc[slug]) == sorted((n, str(v)) for n, v, _ in given)
        page = pages[f"documents/{slug}/index.md"]
        table = page[page.index('<table class="doc-meta">'):page.index("</table>")]
        for row in by_doc[slug]:
            kind = row["basis"]
            assert {"printed": row["lines"] and row["place"], "reference": row["reference"],
                    "inferred": row["reason"]}[kind], row
        markers = re.findall(r'<sup class="basis basis-(\w+)"', table)
        assert sorted(markers) == sorted(r["basis"] for r in by_doc[slug]), slug
    documents = {d["slug"]: d for d in json.loads(pages["data/documents.json"])}
    for slug in document_slugs():
        meta = metadata(slug)
        for name in ("title_zh", "title_en", "symbol", "year", "publisher", "url"):
            assert (documents[slug][f"{name}_basis"] is None) == (meta.get(name) is None), (slug, name)
    columns = next(csv.reader(io.StringIO(pages["data/facts.csv"])))
    assert all(f"`{field}`" in pages["data.md"] for field in columns), "the data page documents every column"


# -- bad input --------------------------------------------------------------------------------------------------


@pytest.fixture
def corpus(tmp_path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(MINI, root)
    return root


def build_errors(corpus: Path, tmp_path: Path, capsys) -> dict[int, str]:
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    (site / "index.html").write_text("previous build", encoding="utf-8")
    code = main(["build", "--corpus", str(corpus), "--site", str(site)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and err[-1].startswith("build failed:"), err
    assert (site / "index.html").read_text(encoding="utf-8") == "previous build"
    problems = [DIAGNOSTIC.match(line) for line in err[:-1] if "error:" in line]
    assert all(problems) and all(Path(p["path"]).name == "mini-note.yml" for p in problems), err
    return {int(p["line"]): p["message"] for p in problems}


def line_of(path: Path, start: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if line.startswith(start))


def rewrite(path: Path, edits: dict[str, str]) -> None:
    """Replace whole lines by their start (a value of "" deletes the line)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for start, new in edits.items():
        k = next(i for i, line in enumerate(lines) if line.startswith(start))
        lines[k:k + 1] = [new] if new else []
    path.write_text("\n".join(lines), encoding="utf-8")


def test_facts_without_a_basis_or_with_a_bad_one_are_each_named(corpus, tmp_path, capsys):
    meta = corpus / "documents" / "mini-note.yml"
    rewrite(meta, {
        "title_zh_basis:": "",  # a published field without a basis
        "kind_en_basis:": "kind_en_basis: seen somewhere",  # no known form
        "year: null": "year: 2018",
        "year_status:": "year_status: verified",
        "publisher: null": "publisher: null\npublisher_basis: printed 1",  # a basis for a fact not given
        "url: null": 'url: null\nyear_basis: "inferred: looks like 2018"\nnotes:\n  - [Agenda, "73rd session"]',
    })
    errors = build_errors(corpus, tmp_path, capsys)
    expected = {
        line_of(meta, "title_zh:"): "title_zh: published without a basis",
        line_of(meta, "kind_en_basis:"): "kind_en_basis: 'seen somewhere' is not a basis",
        line_of(meta, "publisher_basis:"): "publisher_basis: a basis for publisher, which is not given",
        line_of(meta, "year_basis:"): "year_basis: inferred, but year_status says verified",
        line_of(meta, "notes:"): "notes: must be a list of [label, value, basis]",
    }
    for line, start in expected.items():
        assert errors.get(line, "").startswith(start), (line, start, errors)
    assert len(errors) == len(expected), errors


def test_bases_that_do_not_stand_are_each_named(corpus, tmp_path, capsys):
    meta = corpus / "documents" / "mini-note.yml"
    source = (corpus / "sources" / "mini-note.txt").read_text(encoding="utf-8").split("\n")
    printed = next(n for n, line in enumerate(source, 1) if line.strip())
    rewrite(meta, {
        "title_zh_basis:": f"title_zh_basis: printed {printed}",  # that line prints something else
        "kind_zh_basis:": "kind_zh_basis: reference reference/none.yml",  # no such file in the corpus
        "kind_en_basis:": f"kind_en_basis: printed {len(source) + 5}",  # past the end of the source
    })
    errors = build_errors(corpus, tmp_path, capsys)
    expected = {
        line_of(meta, "title_zh_basis:"): f"title_zh_basis: printed {printed}: source line {printed} does not contain",
        line_of(meta, "kind_zh_basis:"): "kind_zh_basis: reference file reference/none.yml not found in the corpus",
        line_of(meta, "kind_en_basis:"): f"kind_en_basis: printed {len(source) + 5}: the source has",
    }
    for line, start in expected.items():
        assert errors.get(line, "").startswith(start), (line, start, errors)
    assert len(errors) == len(expected), errors


def test_a_printed_basis_over_several_lines_and_a_reference_file_are_accepted(corpus, tmp_path, capsys):
    """The value may be printed over several lines with spaces and punctuation between its pieces."""
    source = (corpus / "sources" / "mini-note.txt").read_text(encoding="utf-8").split("\n")
    first = next(n for n, line in enumerate(source, 1) if len(line.strip()) > 8)
    title = source[first - 1].strip()[:4] + "：" + source[first - 1].strip()[4:]
    (corpus / "reference").mkdir()
    (corpus / "reference" / "kinds.yml").write_text("# Origin: this test\nkind: test fixture\n", encoding="utf-8")
    meta = corpus / "documents" / "mini-note.yml"
    rewrite(meta, {"title_zh:": f'title_zh: "{title}"', "title_zh_basis:": f"title_zh_basis: printed {first}-{first + 1}",
                   "kind_en_basis:": "kind_en_basis: reference reference/kinds.yml"})
    site = tmp_path / "site"
    assert main(["build", "--corpus", str(corpus), "--site", str(site)]) == 0, capsys.readouterr().err
    html = (site / "documents" / "mini-note" / "index.html").read_text(encoding="utf-8")
    assert 'class="basis basis-printed"' in html and 'class="basis basis-reference"' in html
    assert (site / "reference" / "kinds.yml").is_file(), "a reference file named by a basis is published"


# -- entity names ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_registries():
    return load_registries(CORPUS)


def test_every_entity_name_has_a_basis_that_stands(pages, documents, corpus_registries):
    """Actors, SDGs, programmes and resolutions in the exports: every name has its basis; a printed one points at
    a place that shows the name, a reference one at a file of the corpus that says its origin."""
    units = {}
    for document in documents.values():
        for part in document.parts:
            # a document of one part is one page, documents/<slug>/; else each part is documents/<slug>/<part>/
            page = f"documents/{document.meta.slug}/" + ("" if len(document.parts) == 1 else f"{part.slug}/")
            for block in part.blocks():
                for unit in block.units():
                    units[(page, unit.anchor)] = unit.text

    def place_text(url: str, length: int = 0) -> str:
        """The text of the unit a URL names, or of the source line it names in a source view (with the lines after
        it that a text of ``length`` characters could run into: a name may wrap)."""
        page, _, anchor = url.partition("#")
        line = re.fullmatch(r"documents/([a-z0-9-]+)/source/(?:\d+/)?", page) and re.fullmatch(r"L(\d+)", anchor)
        if line:
            n = int(line.group(1))
            source = (CORPUS / "sources" / metadata(page.split("/")[1])["source"]).read_text(encoding="utf-8")
            return wrapped(source.split("\n"), n - 1, length)
        return units.get((page, anchor), "")

    def squeezed(text: str) -> str:  # (a source may space a name with NBSP where the registry has a space)
        return re.sub(r"\s", "", text)

    def check(basis: str, names: list[str], what: str) -> None:
        m = re.fullmatch(r"printed (\S+#\S+)|reference (\S+)|inferred: \S.*", basis)
        assert m, f"{what}: no basis ({basis!r})"
        if m.group(1):
            assert any(squeezed(n) in squeezed(place_text(m.group(1), max(map(len, names)))) for n in names), \
                f"{what}: {m.group(1)} does not print {names}"
        elif m.group(2):
            assert (CORPUS / m.group(2)).read_text(encoding="utf-8").startswith("# Origin:"), what

    actors = {a.id: a for a in corpus_registries.actors}
    for row in json.loads(pages["data/actors.json"]):
        check(row["names_basis"], list(actors[row["id"]].names), f"actor {row['id']}")
        check(row["zh_basis"], [row["zh"]], f"actor {row['id']} zh")
        check(row["en_basis"], [row["en"]], f"actor {row['id']} en")
    for row in json.loads(pages["data/sdgs.json"]):
        if row["en"]:
            check(row["names_basis"], [row["en"]], f"SDG {row['id']}")
    for row in json.loads(pages["data/programmes.json"]):
        check(row["zh_basis"], [row["zh"]], f"programme {row['number']} zh")
        check(row["en_basis"], [row["en"]], f"programme {row['number']} en")
    for row in json.loads(pages["data/resolutions.json"]):
        titles = row["title_zh"].split(" | ") if row["title_zh"] else []
        places = row["title_zh_basis"].removeprefix("printed ").split(" | ") if titles else []
        assert len(places) == len(titles), row["symbol"]
        for title, urls in zip(titles, places):
            for url in urls.split(" "):
                assert place_text(url) == title, f"{row['symbol']}: {url} does not print {title!r}"
