"""Inline links in document text: each mention links to its entity page, each glossary term to its glossary entry;
both carry a bilingual tooltip text in ``data-tip`` (shown by one delegated listener in assets/corpus.js, not a
``title``: a theme feature that builds a tooltip per title cost seconds of script on long pages).

Spans never touch headings (the heading renderer takes no spans) and never replace the block's own id.
"""
from __future__ import annotations

from collections import defaultdict

from ..extract import Mention
from ..glossary import Term
from ..link import Graph
from ..model import Unit
from ..registries import Registries
from ..urls import entity_url, relative
from .glossary_page import term_url
from .html import Span, attr, marked_up


def link_titles(registries: Registries) -> dict[tuple[str, str], str]:
    """(kind, id) -> the English title a mention link shows (also the Akoma Ntoso references' showAs)."""
    titles: dict[tuple[str, str], str] = {}
    for a in registries.actors:
        titles[("actor", a.id)] = a.en + (f" ({a.abbr})" if a.abbr else "")
    for g in registries.goals:
        titles[("goal", str(g.number))] = f"SDG {g.number}: {g.en_short}"
    for t in registries.targets:
        titles[("target", t.id)] = f"SDG target {t.id}" + (f": {t.en}" if t.en else "")
    for p in registries.programmes:
        titles[("programme", str(p.number))] = f"Programme {p.number}: {p.en}"
    return titles


def link_tips(registries: Registries, mandate_titles: dict[str, str]) -> dict[tuple[str, str], str]:
    """(kind, id) -> a mention link's tooltip: the Chinese name, then the English one."""
    tips: dict[tuple[str, str], str] = {}
    for a in registries.actors:
        tips[("actor", a.id)] = f"{a.zh} · {a.en}" + (f" ({a.abbr})" if a.abbr else "")
    for g in registries.goals:
        tips[("goal", str(g.number))] = f"可持续发展目标 {g.number}：{g.zh_short} · SDG {g.number}: {g.en_short}"
    for t in registries.targets:
        tips[("target", t.id)] = f"具体目标 {t.id} · SDG target {t.id}" + (f": {t.en}" if t.en else "")
    for p in registries.programmes:
        tips[("programme", str(p.number))] = f"方案 {p.number}：{p.zh} · Programme {p.number}: {p.en}"
    for symbol, title in mandate_titles.items():
        tips[("resolution", symbol)] = f"{symbol} {title}"
    return tips


def term_tip(term: Term) -> str:
    """A glossary term's tooltip: the term, its English equivalent and the Chinese definition."""
    return f"{term.zh} · {term.en}" + (f" ({term.abbr})" if term.abbr else "") + f" — {term.definition_zh}"


class InlineLinks:
    """Spans for a unit on a page: mention links (priority 5) and glossary-term tooltips (priority 1)."""

    def __init__(self, graph: Graph, registries: Registries, terms: tuple[Term, ...]):
        self.registries = registries
        self.terms = {t.key: t for t in terms}
        self.tips = link_tips(registries, graph.mandate_titles)
        self.by_page: dict[tuple[str, str], list] = defaultdict(list)
        self.in_num: dict[tuple[str, str], list[Mention]] = defaultdict(list)
        for key, mentions in graph.by_unit.items():
            page = graph.places[key].page
            self.by_page[(page, key[2])] += [m for m in mentions if not m.in_num]
            self.in_num[(page, key[2])] += [m for m in mentions if m.in_num]
        for key, hits in graph.terms_by_unit.items():
            self.by_page[(graph.places[key].page, key[2])] += list(hits)

    def __call__(self, page: str, unit: Unit) -> list[Span]:
        spans = []
        for item in self.by_page.get((page, unit.anchor), ()):
            if isinstance(item, Mention):
                href = relative(page, entity_url(item.kind, item.entity))
                tip = self.tips.get((item.kind, item.entity), item.entity)
                spans.append(Span(item.start, item.end, f'<a class="m m-{item.kind}"{attr("href", href)}{attr("data-tip", tip)}>',
                                  "</a>", 5))
            else:
                term = self.terms[item.term]
                href = relative(page, term_url(term))
                spans.append(Span(item.start, item.end, f'<a class="t"{attr("href", href)}{attr("data-tip", term_tip(term))}>',
                                  "</a>", 1))
        return spans

    def num_html(self, page: str, unit: Unit) -> str | None:
        """A mandate entry's printed symbol with each resolution in it linked to its page (None: no mentions)."""
        mentions = self.in_num.get((page, unit.anchor))
        if not mentions or not unit.num:
            return None
        spans, pos = [], 0
        for m in mentions:
            start = unit.num.find(m.surface, pos)
            if start < 0:
                continue
            pos = start + len(m.surface)
            href = relative(page, entity_url(m.kind, m.entity))
            spans.append(Span(start, pos, f'<a class="sym m m-resolution"{attr("href", href)}{attr("data-tip", self.tips.get((m.kind, m.entity), m.entity))}>',
                              "</a>", 5))
        return marked_up(unit.num, spans)
