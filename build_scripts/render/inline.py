"""Inline links in document text: an entity's first mention in a unit links to its entity page (one link per thing
per paragraph, item, footnote, cell or mandate entry), a glossary term's first occurrence on a page shows a tooltip;
later mentions stay plain text (calm reading). Search, the entity pages and the glossary read every mention and
occurrence from the graph, not from these links, so nothing is lost.
Both carry a bilingual tooltip text in ``data-tip`` (shown by one delegated listener in assets/corpus.js, not a
``title``: a theme feature that builds a tooltip per title cost seconds of script on long pages).

Spans never touch headings (the heading renderer takes no spans) and never replace the block's own id.
"""
from __future__ import annotations

from collections import defaultdict

from ..extract import ActorMatcher, Mention, mandate_basis
from ..glossary import Term
from ..link import Graph, TermHit, page_of
from ..model import Document, Unit
from ..registries import Registries
from ..symbols import BodyMandate
from ..urls import entity_url, relative
from .glossary_page import term_url
from .html import Span, attr, choose_spans, esc, marked_up


def entity_labels(registries: Registries) -> dict[tuple[str, str], tuple[str, str]]:
    """(kind, id) -> the Chinese and the English label of a registered entity (a mention link's tooltip shows both;
    the English one is also the Akoma Ntoso references' showAs)."""
    labels: dict[tuple[str, str], tuple[str, str]] = {}
    for a in registries.actors:
        labels[("actor", a.id)] = (a.zh, a.en + (f" ({a.abbr})" if a.abbr else ""))
    for g in registries.goals:
        labels[("goal", str(g.number))] = (f"可持续发展目标 {g.number}：{g.zh_short}", f"SDG {g.number}: {g.en_short}")
    for t in registries.targets:
        labels[("target", t.id)] = (f"具体目标 {t.id}", f"SDG target {t.id}" + (f": {t.en}" if t.en else ""))
    for p in registries.programmes:
        labels[("programme", str(p.number))] = (f"方案 {p.number}：{p.zh}", f"Programme {p.number}: {p.en}")
    return labels


def link_titles(registries: Registries) -> dict[tuple[str, str], str]:
    """(kind, id) -> the English title of a mention (the Akoma Ntoso references' showAs)."""
    return {key: en for key, (_, en) in entity_labels(registries).items()}


def link_tips(registries: Registries, mandate_titles: dict[str, str]) -> dict[tuple[str, str], str]:
    """(kind, id) -> a mention link's tooltip: the Chinese label, then the English one; a resolution its symbol and
    the title a mandate list prints."""
    tips = {key: f"{zh} · {en}" for key, (zh, en) in entity_labels(registries).items()}
    tips.update((("resolution", symbol), f"{symbol} {title}") for symbol, title in mandate_titles.items())
    return tips


def term_tip(term: Term) -> str:
    """A glossary term's tooltip: the term, its English equivalent and the Chinese definition."""
    return f"{term.zh} · {term.en}" + (f" ({term.abbr})" if term.abbr else "") + f" — {term.definition_zh}"


class InlineLinks:
    """Spans for a unit on a page: mention links (priority 5) and glossary-term tooltips (priority 1)."""

    def __init__(self, graph: Graph, registries: Registries, terms: tuple[Term, ...], documents: tuple[Document, ...]):
        self.registries = registries
        self.terms = {t.key: t for t in terms}
        self.tips = link_tips(registries, graph.mandate_titles)
        self.by_page: dict[tuple[str, str], list] = defaultdict(list)
        self.in_num: dict[tuple[str, str], list[Mention]] = defaultdict(list)
        self.actors = ActorMatcher(registries)
        self.programme = {(place.page, place.anchor): place.programme for place in graph.places.values()}
        self.units_on_page: dict[str, list[str]] = defaultdict(list)  #: page -> anchors of the units shown with spans
        for doc in documents:
            for part in doc.parts:
                self.units_on_page[page_of(doc, part.slug)] += [unit.anchor for block in part.blocks()
                                                               if block.kind != "heading" for unit in block.units()]
        self.marked_terms: dict[str, set[tuple[str, int]]] = {}
        for key, mentions in graph.by_unit.items():
            page = graph.places[key].page
            self.by_page[(page, key[2])] += [m for m in mentions if not m.in_num]
            self.in_num[(page, key[2])] += [m for m in mentions if m.in_num]
        for key, hits in graph.terms_by_unit.items():
            self.by_page[(graph.places[key].page, key[2])] += list(hits)

    def __call__(self, page: str, unit: Unit) -> list[Span]:
        marked = self.terms_marked_on(page)
        spans, hrefs = [], []
        for item, span, href in self.candidates(page, unit.anchor):
            if isinstance(item, TermHit) and (unit.anchor, item.start) not in marked:
                span = Span(span.start, span.end, "", "", span.priority)  # keeps its place: no shorter term inside
            spans.append(span)
            hrefs.append(href)
        in_num = {relative(page, entity_url(m.kind, m.entity)) for m in self.in_num.get((page, unit.anchor), ())}
        return first_links(spans, hrefs, in_num if unit.num else set())

    def candidates(self, page: str, anchor: str) -> list[tuple[Mention | TermHit, Span, str]]:
        """Every mention and term occurrence of a unit with the span and destination it would be linked with."""
        out = []
        for item in self.by_page.get((page, anchor), ()):
            if isinstance(item, Mention):
                href = relative(page, entity_url(item.kind, item.entity))
                tip = self.tips.get((item.kind, item.entity), item.entity)
                span = Span(item.start, item.end, f'<a class="m m-{item.kind}"{attr("href", href)}{attr("data-tip", tip)}>',
                            "</a>", 5)
            else:
                term = self.terms[item.term]
                href = relative(page, term_url(term))
                span = Span(item.start, item.end, f'<a class="t"{attr("href", href)}{attr("data-tip", term_tip(term))}>',
                            "</a>", 1)
            out.append((item, span, href))
        return out

    def terms_marked_on(self, page: str) -> set[tuple[str, int]]:
        """(unit anchor, start) of the occurrence of each glossary term that the page marks: its first one in reading
        order outside headings (they take no spans) that no entity link covers. Once a page is enough (a long programme page marked 350 occurrences of 32
        terms); the glossary lists every occurrence."""
        if page not in self.marked_terms:
            seen, marked = set(), set()
            for anchor in self.units_on_page.get(page, ()):
                candidates = self.candidates(page, anchor)
                chosen = {id(span) for span in choose_spans([span for _, span, _ in candidates])}
                for item, span, _ in candidates:
                    if isinstance(item, TermHit) and id(span) in chosen and item.term not in seen:
                        seen.add(item.term)
                        marked.add((anchor, item.start))
            self.marked_terms[page] = marked
        return self.marked_terms[page]

    def num_html(self, page: str, unit: Unit) -> str | None:
        """A mandate entry's printed symbol with each resolution in it linked to its page (None: no mentions).

        Each text is linked at its own span of the number (extract: in_num offsets). A member a printed range only
        implies (10/CP.19 … 14/CP.19 of ``9-15/CP.19``, B of ``69/263 A-C``: its span is the range, which holds the
        printed members' spans) has no text of its own: it is linked by its designation in an editorial list right
        after the number (``span.implied``), so every text of the number is linked once."""
        mentions = self.in_num.get((page, unit.anchor))
        if not mentions or not unit.num:
            return None
        spans, hrefs, implied = [], [], []
        for m in sorted(mentions, key=lambda m: (m.start, m.end)):
            if not (0 <= m.start < m.end <= len(unit.num)):
                continue
            href = relative(page, entity_url(m.kind, m.entity))
            if any(o is not m and m.start <= o.start and o.end <= m.end and (o.start, o.end) != (m.start, m.end)
                   for o in mentions):
                implied.append((href, m))
                continue
            spans.append(Span(m.start, m.end, f'<a class="sym m m-resolution"{attr("href", href)}{attr("data-tip", self.tips.get((m.kind, m.entity), m.entity))}>', "</a>", 5))
            hrefs.append(href)
        out = marked_up(unit.num, first_links(spans, hrefs))
        seen, extra = set(hrefs), []
        for href, m in implied:
            if href not in seen:
                seen.add(href)
                extra.append(f'<a class="sym m m-resolution"{attr("href", href)}{attr("data-tip", self.tips.get((m.kind, m.entity), m.entity))}>'
                             f'{esc(designation(m.entity))}</a>')
        if extra:
            out += f' <span class="implied" title="implied by the printed range">（含 incl. {"、".join(extra)}）</span>'
        return out

    def body_established(self, page: str, unit: Unit, group_title: str) -> bool:
        """Whether a mandate entry's heading or printed number names its issuing body (extract.mandate_basis)."""
        programme = self.programme.get((page, unit.anchor))
        return mandate_basis(unit.num or "", group_title, self.actors, programme) != "none"


def first_links(spans: list[Span], hrefs: list[str], linked: set = frozenset()) -> list[Span]:
    """The spans of a unit with each destination linked once, at its first place in reading order (``linked``:
    already linked from the unit's printed number). One destination is one entity page or glossary entry (the
    subprogrammes of a programme share its page: 次级方案 3 和 4 links once). A later mention keeps its place, so
    no shorter term inside it becomes a link, but shows as plain text."""
    href_of = {id(span): href for span, href in zip(spans, hrefs)}
    seen, out = set(linked), []
    for span in choose_spans(spans):
        href = href_of[id(span)]
        out.append(Span(span.start, span.end, "", "", span.priority) if href in seen else span)
        seen.add(href)
    return out


def designation(entity: str) -> str:
    """How an implied member of a printed range is shown: another body's text by its number (10/CP.19), a
    resolution or decision by its symbol (A/RES/69/263 B)."""
    try:
        return BodyMandate.parse(entity).designation
    except ValueError:
        return entity
