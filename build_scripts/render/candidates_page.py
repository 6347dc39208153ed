"""The candidates report for maintainers (about/candidates/, not in the navigation; linked from the maintainer's
guide) and its data exports (data/candidates.json, data/candidates-recall.json): recall and the precision proxy
per entity kind, then every unlinked string with the shape of a symbol or a name, grouped by reason and text, each
occurrence linked to its passage (build_scripts/candidates.py)."""
from __future__ import annotations

import json
from collections import defaultdict

from ..candidates import PRECISION_FLOOR, REASONS, RECALL_FLOOR, REVIEW_FILE, Candidate, Measure, Review, counts
from ..link import Graph
from ..urls import relative, url_of
from . import PageFile
from .html import attr, esc
from .paging import RUN, html_block, paged, runs

PAGE = "about/candidates.md"
DATA = "data/candidates.json"
RECALL_DATA = "data/candidates-recall.json"  #: recall per kind; apart, as every data/*.json is a list of like rows


def candidate_files(candidates: tuple[Candidate, ...], reviews: tuple[Review, ...], graph: Graph,
                    measures: tuple[Measure, ...] = ()) -> list[PageFile]:
    """The maintainers' page (and its continuation parts), the recall export and the candidates export (last)."""
    why = {review.text: review.why for review in reviews}
    return [*_pages(candidates, why, graph, measures), _recall_data(measures), _data(candidates, why, graph)]


def _place_url(c: Candidate, graph: Graph) -> str:
    return url_of(graph.places[(c.doc, c.part, c.anchor)].page) + "#" + c.anchor


def _recall_table(measures: tuple[Measure, ...]) -> list[str]:
    """Recall and the precision proxy per entity kind, with the counts they come from."""
    if not measures:
        return []
    return [
        f"<p>Recall = linked mentions / (linked + candidates that are real but unlinked: <em>unresolved</em>, and for "
        f"symbols <em>body not established</em>); the precision proxy = the share of linked mentions that the same "
        f"rules do not flag (a name a longer proper name runs into; a symbol read as a fiscal period or in a URL). "
        f"Targets: recall ≥ {RECALL_FLOOR}, precision ≥ {PRECISION_FLOOR}.</p>", "",
        '<table class="candidates-recall"><thead><tr><th scope="col">类型 Kind</th><th scope="col">已链接 Linked</th>'
        '<th scope="col">遗漏 Missed</th><th scope="col">召回率 Recall</th><th scope="col">标记 Flagged</th>'
        '<th scope="col">精确率代理 Precision proxy</th></tr></thead><tbody>',
        *(f"<tr><td>{esc(m.kind)}</td><td>{m.linked}</td><td>{m.missed}</td><td>{m.recall:.3f}</td>"
          f"<td>{m.flagged}</td><td>{m.precision_proxy:.3f}</td></tr>" for m in measures),
        "</tbody></table>", ""]


def _pages(candidates: tuple[Candidate, ...], why: dict[str, str], graph: Graph,
           measures: tuple[Measure, ...]) -> list[PageFile]:
    """The report, paged like the other long lists (render/paging.py): each reason's table in runs of rows."""
    table = counts(candidates)
    intro = "\n".join([
        "<p>For maintainers. Every string in the corpus with the shape of a citable symbol (72/139, S-30/1, "
        "928(XLVIII), 9-15/CP.19, 69/263 A-C …) or of an organisation's name (… 委员会, … 组织, … 大会 …) that no "
        "mention links, with the reason it stays unlinked. An <em>unresolved</em> candidate must be listed, with "
        f"why, in <code>corpus/{esc(REVIEW_FILE.as_posix())}</code>; the tests fail on any other. The same list is "
        f'in <a{attr("href", relative(PAGE, DATA))}>{esc(DATA)}</a>, the recall table in '
        f'<a{attr("href", relative(PAGE, RECALL_DATA))}>{esc(RECALL_DATA)}</a>. A text marked (reviewed) takes '
        "its reason from that list: the rules leave it unresolved.</p>", "", *_recall_table(measures),
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
        mark = " (reviewed)" if items[0].reviewed else ""
        rows.append(f"<tr><td><code>{esc(text)}</code>{mark}</td><td>{esc(items[0].shape)}</td><td>{len(items)}</td>"
                    f"<td>{links}</td>{note}</tr>")
    note_head = '<th scope="col">复核 Reviewed: why</th>' if reason == "unresolved" else ""
    return "\n".join(['<table class="candidates"><thead><tr><th scope="col">文本 Text</th><th scope="col">形状 Shape</th>'
                      f'<th scope="col">次数 Count</th><th scope="col">位置 Passages</th>{note_head}</tr></thead><tbody>',
                      *rows, "</tbody></table>", ""])


def _data(candidates: tuple[Candidate, ...], why: dict[str, str], graph: Graph) -> PageFile:
    """One row per candidate; ``reviewed`` is the reviewed list's why for an unresolved candidate, and
    ``reason_reviewed`` says the reason came from that list."""
    rows = [{"text": c.text, "shape": c.shape, "reason": c.reason, "reason_reviewed": c.reviewed, "document": c.doc,
             "anchor": c.anchor, "url": _place_url(c, graph), "start": c.start, "end": c.end, "in_num": c.in_num,
             "reviewed": why.get(c.text) if c.reason == "unresolved" else None} for c in candidates]
    return PageFile(DATA, json.dumps(rows, ensure_ascii=False, indent=1) + "\n")


def _recall_data(measures: tuple[Measure, ...]) -> PageFile:
    """One row per measured kind (a list of rows like every data/*.json file)."""
    rows = [{"kind": m.kind, "linked": m.linked, "missed": m.missed, "recall": round(m.recall, 4),
             "flagged": m.flagged, "precision_proxy": round(m.precision_proxy, 4)} for m in measures]
    return PageFile(RECALL_DATA, json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
