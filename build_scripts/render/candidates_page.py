"""The candidates report for maintainers (about/candidates/, not in the navigation; linked from the maintainer's
guide) and its data export (data/candidates.json): every unlinked string with the shape of a symbol or a name,
grouped by reason and text, each occurrence linked to its passage (build_scripts/candidates.py)."""
from __future__ import annotations

import json
from collections import defaultdict

from ..candidates import REASONS, REVIEW_FILE, Candidate, Review, counts
from ..link import Graph
from ..urls import relative, url_of
from . import PageFile
from .html import attr, esc
from .paging import RUN, html_block, paged, runs

PAGE = "about/candidates.md"
DATA = "data/candidates.json"


def candidate_files(candidates: tuple[Candidate, ...], reviews: tuple[Review, ...], graph: Graph) -> list[PageFile]:
    """The maintainers' page (and its continuation parts) and the JSON export (last)."""
    why = {review.text: review.why for review in reviews}
    return [*_pages(candidates, why, graph), _data(candidates, why, graph)]


def _place_url(c: Candidate, graph: Graph) -> str:
    return url_of(graph.places[(c.doc, c.part, c.anchor)].page) + "#" + c.anchor


def _pages(candidates: tuple[Candidate, ...], why: dict[str, str], graph: Graph) -> list[PageFile]:
    """The report, paged like the other long lists (render/paging.py): each reason's table in runs of rows."""
    table = counts(candidates)
    intro = "\n".join([
        "<p>For maintainers. Every string in the corpus with the shape of a citable symbol (72/139, S-30/1, "
        "928(XLVIII), 9-15/CP.19, 69/263 A-C …) or of an organisation's name (… 委员会, … 组织, … 大会 …) that no "
        "mention links, with the reason it stays unlinked. An <em>unresolved</em> candidate must be listed, with "
        f"why, in <code>corpus/{esc(REVIEW_FILE.as_posix())}</code>; the tests fail on any other. The same list is "
        f'in <a{attr("href", relative(PAGE, DATA))}>{esc(DATA)}</a>.</p>', "",
        '<table class="candidates-counts"><thead><tr><th scope="col">原因 Reason</th>'
        '<th scope="col">候选 Candidates</th></tr></thead><tbody>',
        *(f"<tr><td>{esc(reason)}</td><td>{table[reason]}</td></tr>" for reason in REASONS),
        "</tbody></table>", ""])
    grouped: dict[str, dict[str, list[Candidate]]] = defaultdict(lambda: defaultdict(list))
    for c in candidates:
        grouped[c.reason][c.text].append(c)
    blocks = []
    for number, reason in enumerate(REASONS, 1):
        heading = f"## {esc(reason)} {{#reason-{number}}}\n\n"
        if not grouped[reason]:
            blocks.append(html_block(lambda page, heading=heading: heading + "<p>无 None.</p>\n"))
            continue
        items = sorted(grouped[reason].items(), key=lambda kv: (-len(kv[1]), kv[0]))
        for k, run in enumerate(runs(items, RUN // 3)):  # a row holds many links: smaller runs
            blocks.append(html_block(lambda page, run=run, reason=reason, head=heading if k == 0 else "":
                                     head + _table(page, run, reason, why, graph)))
    title = "候选引用报告 Candidates report"
    return list(paged(PAGE, title, f"# {title}", blocks, intro=intro))


def _table(page: str, run: list[tuple[str, list[Candidate]]], reason: str, why: dict[str, str], graph: Graph) -> str:
    rows = []
    for text, items in run:
        links = " ".join(f'<a{attr("href", relative(page, _place_url(c, graph)))}>{i}</a>'
                         for i, c in enumerate(items, 1))
        note = f"<td>{esc(why.get(text, ''))}</td>" if reason == "unresolved" else ""
        rows.append(f"<tr><td><code>{esc(text)}</code></td><td>{esc(items[0].shape)}</td><td>{len(items)}</td>"
                    f"<td>{links}</td>{note}</tr>")
    note_head = '<th scope="col">复核 Reviewed: why</th>' if reason == "unresolved" else ""
    return "\n".join(['<table class="candidates"><thead><tr><th scope="col">文本 Text</th><th scope="col">形状 Shape</th>'
                      f'<th scope="col">次数 Count</th><th scope="col">位置 Passages</th>{note_head}</tr></thead><tbody>',
                      *rows, "</tbody></table>", ""])


def _data(candidates: tuple[Candidate, ...], why: dict[str, str], graph: Graph) -> PageFile:
    rows = [{"text": c.text, "shape": c.shape, "reason": c.reason, "document": c.doc, "anchor": c.anchor,
             "url": _place_url(c, graph), "start": c.start, "end": c.end, "in_num": c.in_num,
             "reviewed": why.get(c.text) if c.reason == "unresolved" else None} for c in candidates]
    return PageFile(DATA, json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
