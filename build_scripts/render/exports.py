"""Data exports in the built site (data/*.json and data/*.csv), and the page that documents their schema.

Staff reuse these: the registries and the whole mention graph, one row per mention, each with its permanent URL.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator

from ..glossary import Term
from ..link import Graph, printed_titles
from ..load import PUBLISHED
from ..model import Document
from ..registries import Registries
from ..sourcelines import LineMap
from ..symbols import parse_mandate
from ..urls import entity_url, url_of
from . import PageFile
from .akn import data_section
from .entities import ACTOR_REFERENCE, PROGRAMME_REFERENCE, SDG_REFERENCE, actor_bases, programme_basis
from .html import md_text
from .source_view import line_url

#: file stem -> (description, [(field, meaning)]); the data page is generated from this, so it cannot drift.
SCHEMA: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "documents": ("Every document and what is established about it (null = not established).", [
        ("slug", "stable id, the URL slug under documents/"), ("title_zh", "Chinese title or null"),
        ("title_en", "English title or null"), ("title_en_status", "verified / inferred / unknown"),
        ("symbol", "UN document symbol or null"), ("year", "year or null"), ("year_status", "verified / inferred / unknown"),
        ("publisher", "issuing body or null"), ("url", "official text or null"), ("source", "source file under sources/")]
        + [(f"{name}_basis", f"basis of {name} (see facts), or null when {name} is null")
           for name in ("title_zh", "title_en", "symbol", "year", "publisher", "url")]),
    "facts": ("Every published fact about a document (its metadata fields and notes), each with its basis: "
              "printed in the source, taken from a reference file, or inferred. Nothing without a basis is published.", [
        ("document", "document slug"), ("field", "metadata field (title_zh, year …) or note:LABEL"),
        ("value", "the fact as published"),
        ("basis", "printed (in the source text), reference (a file in the corpus) or inferred"),
        ("lines", "printed: the source lines that print it (7 or 7-9), else empty"),
        ("source", "printed: the source file under sources/, else empty"),
        ("place", "printed: the site-relative URL of the unit that shows the first of those lines (or of the "
                  "removed-furniture list for a running header or footer), else empty"),
        ("line_url", "printed: the site-relative URL of the first of those lines in the document's source view "
                     "(documents/<slug>/source/…#L<n>), else empty"),
        ("reference", "reference: the reference file, site-relative (published beside the sources), else empty"),
        ("reason", "inferred: why it is held to be true, else empty")]),
    "actors": ("Organisations and bodies the sources name.", [
        ("id", "ASCII id; page actors/<id>/"), ("zh", "Chinese full name"), ("aliases", "other forms the sources use, joined by |"),
        ("en", "English name"), ("abbr", "English abbreviation or empty"), ("kind", "kind of body"),
        ("mentions", "number of mentions"), ("url", "entity page, site-relative"),
        ("names_basis", "basis of the names: reference reference/organisations.yml (the reference list the registry "
                        "began from, each entry checked against the sources), or printed and the site-relative URL of "
                        "the first place the sources name a body the list missed"),
        ("zh_basis", "basis of zh, as the actor's page shows it: printed and the site-relative URL of the source line "
                     "that first prints the full name (documents/<slug>/source/…#L<n>), or reference FILE, or "
                     "inferred: WHY"),
        ("en_basis", "basis of en: reference reference/organisations.yml, or inferred: WHY (a body the reference "
                     "list lacks)")]),
    "sdgs": ("The 17 Sustainable Development Goals and the targets the sources cite.", [
        ("id", "goal number (3) or target id (3.c)"), ("zh", "Chinese short name (goals)"), ("en", "English short name or target text"),
        ("mentions", "number of mentions"), ("url", "entity page (targets: #target_3-c)"),
        ("names_basis", "basis of zh and en: reference reference/sdgs.yml (A/RES/70/1), or empty for a target "
                        "whose text the reference does not give")]),
    "programmes": ("The 28 programmes of A/71/6/Rev.1.", [
        ("number", "programme number"), ("zh", "Chinese title as printed"), ("en", "official English title"),
        ("url", "programme page, site-relative"),
        ("zh_basis", "printed and the site-relative URL of the source line that prints the programme's heading "
                     "(documents/<slug>/source/…#L<n>)"),
        ("en_basis", "reference reference/programmes.yml")]),
    "resolutions": ("Resolutions and decisions the sources cite.", [
        ("symbol", "canonical symbol (A/RES/72/139, S/RES/2167 (2014), WHA69(15)) or body:number for other bodies; "
                   "a text numbered only with a year is body:kind:year:k, the k-th distinct title of the year (csw:ac:1996:2)"),
        ("body", "GA, SC, ECOSOC, WHA or another body's actor id"), ("kind", "resolution, decision, agreed conclusions, …"),
        ("title_zh", "Chinese title as printed in the 立法授权 lists, or empty; where the lists print different titles for "
                     "one number, every title, joined by ' | '"),
        ("title_zh_basis", "printed, then for each title the site-relative URLs of the mandate entries that print it "
                           "(space-separated; titles in the order of title_zh, joined by ' | '), or empty"),
        ("title_zh_lines", "for each title, the site-relative URLs of the source lines that print it, one per entry "
                           "of title_zh_basis, in the source view (documents/<slug>/source/…#L<n>), or empty"),
        ("official_url", "undocs.org address where certain, else empty"),
        ("citations", "number of citing places"), ("url", "entity page, site-relative")]),
    "glossary": ("Glossary terms.", [
        ("key", "ASCII id; anchor on glossary/<initial>/"), ("zh", "Chinese term"), ("variants", "other Chinese forms, joined by |"),
        ("en", "English term"), ("abbr", "abbreviation or empty"), ("definition_zh", "definition (Chinese)"),
        ("definition_en", "definition (English)"), ("occurrences", "number of citable units it occurs in")]),
    "mentions": ("The mention graph: one row per mention of an entity in a citable unit.", [
        ("kind", "resolution, document, actor, goal, target, programme, subprogramme"),
        ("entity", "canonical id (symbol, actor id, goal number, target id, programme number)"),
        ("document", "document slug"), ("anchor", "id of the citing unit"),
        ("url", "permanent URL of the citing unit, site-relative (page + #anchor)"),
        ("start", "character offset of the mention in the unit's text, or in its printed number when in_num"),
        ("end", "end offset (exclusive)"),
        ("surface", "the text as printed"), ("in_num", "true when read from a mandate entry's printed symbol")]),
}


def _actor_basis(graph: Graph, actor: str, origin: str) -> str:  # (names_basis: the first place, any form)
    """An actor's names come from the reference list, or (a body it missed) from where the sources name it."""
    if origin == "reference":
        return f"reference {ACTOR_REFERENCE}"
    first = graph.by_entity.get(("actor", actor))
    if not first:
        return "inferred: added by the editors; not named in the sources"
    return "printed " + url_of(graph.place(first[0]).page) + "#" + first[0].anchor


def _fact_rows(document: Document, lines: LineMap) -> Iterator[dict]:
    """One row per published fact of a document, with its basis (model.Basis)."""
    meta = document.meta
    values = {name: getattr(meta, name) for name in PUBLISHED} | {f"note:{label}": v for label, v in meta.notes}
    for name, basis in meta.bases:
        row = {"document": meta.slug, "field": name, "value": str(values[name]), "basis": basis.kind,
               "lines": "", "source": "", "place": "", "line_url": "", "reference": "", "reason": ""}
        if basis.kind == "printed":
            where = lines.shown.get(basis.lines[0])
            row |= {"lines": str(basis).removeprefix("printed "), "source": f"sources/{meta.source}",
                    "place": url_of(where[0]) + "#" + where[1] if where else f"about/removed/#{meta.slug}",
                    "line_url": line_url(lines, basis.lines[0])}
        elif basis.kind == "reference":
            row["reference"] = basis.file
        else:
            row["reason"] = basis.reason
        yield row


def _printed_titles(graph: Graph, entity: str) -> dict[str, str]:
    """A resolution's distinct printed titles and, for each, the mandate entries that print it and their lines."""
    titles = printed_titles(graph, entity)

    def line(place) -> str:
        lines = graph.sources.get(place.doc)
        n = lines.line_of(place.part, place.anchor) if lines else None
        return line_url(lines, n) if n else ""

    return {"title_zh": " | ".join(titles),
            "title_zh_basis": "printed " + " | ".join(" ".join(url_of(p.page) + "#" + p.anchor for p in places)
                                                      for places in titles.values()) if titles else "",
            "title_zh_lines": " | ".join(" ".join(line(p) for p in places) for places in titles.values())}


def _resolution_fields(symbol: str) -> tuple[str, str, str]:
    item = parse_mandate(symbol)  # a UN symbol, or another body's text (no official address is established)
    return item.body, item.kind, item.official_url() or ""


def _rows(documents: tuple[Document, ...], graph: Graph, registries: Registries | None, terms: tuple[Term, ...]
          ) -> dict[str, Callable[[], Iterable[dict]]]:
    """Each table's rows, made afresh on each call (the JSON and the CSV file each read them once)."""
    count = lambda kind, entity: len(graph.by_entity.get((kind, entity), ()))  # noqa: E731
    rows: dict[str, Callable[[], Iterable[dict]]] = {"documents": lambda: (
        {"slug": d.meta.slug, "title_zh": d.meta.title_zh, "title_en": d.meta.title_en,
         "title_en_status": d.meta.title_en_status, "symbol": d.meta.symbol, "year": d.meta.year,
         "year_status": d.meta.year_status, "publisher": d.meta.publisher, "url": d.meta.url,
         "source": f"sources/{d.meta.source}"}
        | {f"{name}_basis": str(d.meta.basis(name)) if d.meta.basis(name) else None
           for name in ("title_zh", "title_en", "symbol", "year", "publisher", "url")} for d in documents),
        "facts": lambda: (row for d in documents for row in _fact_rows(d, graph.sources[d.meta.slug]))}
    if registries:
        docs = {d.meta.slug: d for d in documents}
        rows["actors"] = lambda: (
            {"id": a.id, "zh": a.zh, "aliases": "|".join(a.aliases), "en": a.en, "abbr": a.abbr or "",
             "kind": a.kind, "mentions": count("actor", a.id), "url": entity_url("actor", a.id),
             "names_basis": _actor_basis(graph, a.id, a.origin)}
            | dict(zip(("zh_basis", "en_basis"), map(str, actor_bases(graph, docs, registries, a))))
            for a in registries.actors)
        rows["sdgs"] = lambda: [
            {"id": str(g.number), "zh": g.zh_short, "en": g.en_short, "mentions": count("goal", str(g.number)),
             "url": entity_url("goal", str(g.number)), "names_basis": f"reference {SDG_REFERENCE}"}
            for g in registries.goals] + [
            {"id": t.id, "zh": "", "en": t.en or "", "mentions": count("target", t.id), "url": entity_url("target", t.id),
             "names_basis": f"reference {SDG_REFERENCE}" if t.en else ""}
            for t in registries.targets]
        rows["programmes"] = lambda: (
            {"number": p.number, "zh": p.zh, "en": p.en, "url": entity_url("programme", str(p.number)),
             "zh_basis": str(programme_basis(graph, docs, registries.programme_document, p.number) or ""),
             "en_basis": f"reference {PROGRAMME_REFERENCE}"}
            for p in registries.programmes)
    symbols = sorted({m.entity for m in graph.mentions if m.kind == "resolution"})
    rows["resolutions"] = lambda: (
        dict(zip(("body", "kind", "official_url"), _resolution_fields(s)), symbol=s,
             **_printed_titles(graph, s), citations=count("resolution", s),
             url=entity_url("resolution", s)) for s in symbols)
    rows["glossary"] = lambda: (
        {"key": t.key, "zh": t.zh, "variants": "|".join(t.variants), "en": t.en, "abbr": t.abbr or "",
         "definition_zh": t.definition_zh, "definition_en": t.definition_en,
         "occurrences": len({(h.doc, h.part, h.anchor) for h in graph.terms_by_key.get(t.key, ())})}
        for t in terms)
    rows["mentions"] = lambda: (
        {"kind": m.kind, "entity": m.entity, "document": m.doc, "anchor": m.anchor,
         "url": url_of(graph.place(m).page) + "#" + m.anchor, "start": m.start, "end": m.end,
         "surface": m.surface, "in_num": m.in_num} for m in graph.mentions)
    return rows


def export_files(documents, graph: Graph, registries: Registries | None, terms) -> Iterator[PageFile]:
    """Each table as JSON (an array of objects, ``indent=1``) and CSV, given out one file at a time and each
    made from rows read one at a time: the mention graph is the largest data in the build (a JSON file and a
    CSV file of it in memory together took 1 GB at 100 times the corpus)."""
    paths = []
    for stem, rows in _rows(documents, graph, registries, terms).items():
        fields = [f for f, _ in SCHEMA[stem][1]]
        paths += [f"data/{stem}.json", f"data/{stem}.csv"]
        yield PageFile(paths[-2], json_array(rows(), fields))
        yield PageFile(paths[-1], csv_table(rows(), fields))
    yield data_page(paths, documents)


def json_array(rows: Iterable[dict], fields: list[str]) -> str:
    """The same text as json.dumps(list of rows, ensure_ascii=False, indent=1), one row at a time (values hold
    no raw newline)."""
    records = [" " + json.dumps({f: row[f] for f in fields}, ensure_ascii=False, indent=1).replace("\n", "\n ")
               for row in rows]
    return ("[\n" + ",\n".join(records) + "\n]" if records else "[]") + "\n"


def csv_table(rows: Iterable[dict], fields: list[str]) -> str:
    """UTF-8 CSV with a header row; true/false for booleans, empty for null."""
    lines: list[str] = []
    writer = csv.DictWriter(_Lines(lines), fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({f: ("true" if row[f] is True else "false" if row[f] is False else "" if row[f] is None
                             else row[f]) for f in fields})
    return "".join(lines)


class _Lines:
    """A file for csv.writer that keeps each written line (a StringIO would hold 4 bytes per character)."""

    def __init__(self, lines: list[str]):
        self.write = lines.append


def data_page(paths: list[str], documents: Iterable[Document] = ()) -> PageFile:
    out = ["---", 'title: "数据下载 Data"', "---", "", "# 数据下载 Data", "",
           "注册表和提及关系图以 JSON 和 CSV 格式提供，可自由再利用。The registries and the mention graph as JSON (an array "
           "of objects) and CSV (UTF-8, a header row), with the same fields. URLs are site-relative; prepend the site's "
           "address. Fields that are not established are null in JSON and empty in CSV.", ""]
    for stem, (description, fields) in SCHEMA.items():
        if f"data/{stem}.json" not in paths:
            continue
        out += [f"## {stem} {{#{stem}}}", "", description, "",
                f'<p><a href="../data/{stem}.json">{stem}.json</a> · <a href="../data/{stem}.csv">{stem}.csv</a></p>', "",
                "| field | meaning |", "| --- | --- |"] + [f"| `{f}` | {md_text(m)} |" for f, m in fields] + [""]
    out += data_section(documents)
    return PageFile("data.md", "\n".join(out) + "\n", "数据下载 Data")
