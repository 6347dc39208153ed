"""Every entry of every 立法授权 (legislative mandates) list (A/71/6/Rev.1 has them) is reachable from its programme:

(a) a resolution, decision or other numbered text with a page of its own (GA / SC / ECOSOC / WHA symbols,
    other bodies' ``body:number`` texts, cited documents such as S/PRST/2015/22) whose "cited in" list links
    back to the entry's anchor on the programme's page, or
(b) listed under 其他立法授权 Other mandates on the programme's entity page, with a link to the entry.

Run with -s to see the counts per body. Also: the string-level rules for other bodies' entries and the
in-text citations of their resolutions (extract.body_mandate_hits, mandate_issuer, BodyCitationMatcher).
"""
from __future__ import annotations

import re
from collections import Counter

import pytest

from build_scripts.extract import (ActorMatcher, Mention, body_mandate_hits, mandate_basis, mandate_body, mandate_hits,
                                   mandate_issuer, title_key, unresolved_mandates, year_texts)
from build_scripts.link import page_of
from build_scripts.parse import layout_of
from build_scripts.pipeline import ROOT, BuildPaths, render
from build_scripts.render.html import esc
from build_scripts.symbols import BodyMandate, Symbol, parse_mandate
from build_scripts.urls import entity_page, entity_url, relative, url_of

from ..conftest import document_slugs, expectations


@pytest.fixture(scope="module")
def pages():
    """Markdown path -> text of every page the build renders."""
    _, rendered = render(BuildPaths())
    return {p.path: p.text for p in rendered.pages}


def _section(text: str, anchor: str) -> str:
    """The part of a page from the heading with ``{#anchor}`` up to the next heading of level 2."""
    start = text.find(f"{{#{anchor}}}")
    if start < 0:
        return ""
    end = text.find("\n## ", start)
    return text[start:end if end >= 0 else len(text)]


def _entries(documents):
    for document in documents:
        for part in document.parts:
            for block in part.blocks():
                for group in block.groups:
                    for entry in group.entries:
                        yield document, part, group, entry


def _body(kind: str, entity: str) -> str:
    if kind == "document":
        return "document"
    item = parse_mandate(entity)
    return item.body if isinstance(item, Symbol) else f"{item.body} ({item.kind})"


def test_every_mandate_entry_links_back(parsed, mentions, pages):
    by_unit: dict = {}
    for m in mentions:
        if m.in_num:
            by_unit.setdefault((m.doc, m.part, m.anchor), []).append(m)
    with_page, other, problems, entries_with_page = Counter(), Counter(), [], 0
    entries = list(_entries(parsed.values()))
    assert entries, "no document has a mandate list"
    for document, part, group, entry in entries:
        where = f"{document.meta.slug} programme {part.programme} {entry.anchor} [{group.title}] {entry.num!r}"
        target = url_of(page_of(document, part.slug)) + "#" + entry.anchor
        found = by_unit.get((document.meta.slug, part.slug, entry.anchor), [])
        if found:  # (a): each thing its number names has a page that cites this entry
            for m in found:
                page = entity_page(m.kind, m.entity)
                if page not in pages:
                    problems.append(f"{where}: no page {page} for {m.entity}")
                elif f'href="{esc(relative(page, target))}"' not in _section(pages[page], "cited-in"):
                    problems.append(f"{where}: {page} does not link back to {target}")
            with_page.update({_body(m.kind, m.entity) for m in found})
            entries_with_page += 1
            continue
        programme = entity_page("programme", str(part.programme))  # (b): listed on the programme's page
        if f'href="{esc(relative(programme, target))}"' in _section(pages.get(programme, ""), "other-mandates"):
            other[group.title or "(no group title)"] += 1
        else:
            problems.append(f"{where}: neither a page of its own nor listed under Other mandates on {programme}")
    print(f"\nmandate entries: {len(entries)}; "
          f"(a) with a page: {entries_with_page}; "
          f"(b) other mandates: {sum(other.values())}")
    print("(a) by body:")
    for body, n in sorted(with_page.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {body:40} {n:5}")
    print("(b) by group title:")
    for title, n in sorted(other.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {title:40} {n:5}")
    assert not problems, f"{len(problems)} mandate entries not reachable:\n" + "\n".join(problems[:50])


@pytest.mark.parametrize("slug", document_slugs())
def test_only_entries_without_a_number_are_unresolved(slug, parsed, registries):
    """What yields no mention is a text that is no resolution or decision (no printed number: Charter
    articles, conventions, declarations), an entry whose heading and number establish no body, or one of the
    numbers tests/data/document_expectations.yml lists for the document, in ECOSOC lists that name no ECOSOC
    resolution (a draft, a typo) — never another body's list."""
    actors = ActorMatcher(registries)
    left = [(title, num) for _, title, num in unresolved_mandates([parsed[slug]], registries)
            if num and mandate_basis(num, title, actors) != "none"]  # no body established: nothing to resolve
    assert sorted(num for _, num in left) == sorted(expectations(slug)["unresolved_mandates"]), left


# -- string-level rules ---------------------------------------------------------------------------


@pytest.mark.parametrize("title,programme,issuer", [
    ("人权理事会的决议和决定", 20, "hrc"),
    ("人权理事会特别会议通过的决议", 20, "hrc"),
    ("麻醉药品委员会决议和决定", 13, "cnd"),
    ("拉丁美洲和加勒比经济委员会决议：", 18, "eclac"),
    ("西亚经济及社会委员会决议", 19, "escwa"),
    ("联合国打击跨国有组织犯罪公约缔约方会议决定和决议", 13, "untoc_cop"),
    ("联合国打击反腐败公约缔约国会议决定和决议", 13, "uncac_cosp"),  # 打击 as printed in the title
    ("经济及社会理事会的商定结论", 7, "ecosoc"),
    ("理事会决定", 11, "unep_gc"),  # the council depends on the programme
    ("理事会决议", 12, "unhabitat_gc"),
    ("执行局的决定", 14, "unwomen_eb"),
    ("理事会决定", 3, None),  # a bare council nobody has established
    ("大会决议和决定", 2, None),  # the four bodies' resolutions are Symbols
    ("经济及社会理事会的决议和决定", 7, None),
    ("《联合国宪章》条款", 6, None),
    ("公约", 13, None),
])
def test_mandate_issuer(registries, title, programme, issuer):
    assert mandate_issuer(title, ActorMatcher(registries), programme) == issuer


@pytest.mark.parametrize("num,title,issuer,expect", [
    ("5/1", "人权理事会的决议和决定", "hrc", [("5/1", "hrc:5/1")]),
    ("2/102", "人权理事会的决议和决定", "hrc", [("2/102", "hrc:dec:2/102")]),  # decisions from 101
    ("2/102", "人权理事会决议", "hrc", [("2/102", "hrc:2/102")]),  # the title says resolutions
    ("S-7/1", "人权理事会特别会议通过的决议", "hrc", [("S-7/1", "hrc:S-7/1")]),
    ("PRST/8/1", "人权理事会商定的主席声明", "hrc", [("PRST/8/1", "hrc:prst:8/1")]),
    ("58/2", "麻醉药品委员会决议和决定", "cnd", [("58/2", "cnd:58/2")]),
    ("第 58/2 号决定", "麻醉药品委员会决议和决定", "cnd", [("58/2", "cnd:dec:58/2")]),
    ("690 (XXXV)", "拉丁美洲和加勒比经济委员会决议", "eclac", [("690 (XXXV)", "eclac:690(XXXV)")]),
    ("A (64)", "欧洲经济委员会决定", "ece", [("A (64)", "ece:dec:A(64)")]),
    ("SS.XI/2", "理事会决定", "unep_gc", [("SS.XI/2", "unep_gc:dec:SS.XI/2")]),
    ("1996", "妇女地位委员会的商定结论", "csw", [("1996", "csw:ac:1996")]),
    ("2007", "经济及社会理事会实质性会议高级别部分的部长级公报", "ecosoc", [("2007", "ecosoc:comm:2007")]),
    ("1/CP.21", "《联合国气候变化框架公约》决定", None, [("1/CP.21", "unfccc_cop:dec:1/CP.21")]),
    ("9-15/CP.19", "联合国气候变化框架公约缔约方大会的决定", "unfccc_cop",  # a range: one decision per number
     [("9", "unfccc_cop:dec:9/CP.19")] + [("9-15/CP.19", f"unfccc_cop:dec:{n}/CP.19") for n in range(10, 15)]
     + [("15/CP.19", "unfccc_cop:dec:15/CP.19")]),
    ("", "经济及社会理事会部长级宣言", "ecosoc", []),  # no number printed
    ("2015/L.5", "经济及社会理事会的决议和决定", None, []),  # a draft
    ("1997/2", "经济及社会理事会的决议和决定", "ecosoc", []),  # ECOSOC's resolutions are Symbols
])
def test_body_mandate_hits(num, title, issuer, expect):
    assert body_mandate_hits(num, title, issuer) == expect


def test_body_citation_needs_the_body_right_before(extractor):
    """关于 X 的 / 关于 X 第 N 号决议 names X as the topic: the citation is not X's (here the GA's)."""
    text = "大会关于人权理事会第 60/251 号决议"
    found = [h.entity for h in extractor.unit_hits(text) if h.kind == "resolution"]
    assert found == ["A/RES/60/251"]
    text = "人权理事会第 5/1 号和第 5/2 号决议"
    assert [h.entity for h in extractor.unit_hits(text) if h.kind == "resolution"] == ["hrc:5/1", "hrc:5/2"]


def test_body_mandate_pages_have_no_symbol_and_no_link(pages):
    page = pages.get(entity_page("resolution", "hrc:5/1"))
    assert page is not None, "no page for hrc:5/1"
    assert "联合国人权理事会的体制建设" in page and "undocs.org" not in page and "A/RES/5/1" not in page
    assert BodyMandate.parse("hrc:5/1").official_url() is None


# -- mandate lists as printed (issue 14) ------------------------------------------------------------------------

#: how a heading that names the issuing body ends: the body, then what it adopted (…缔约国会议的决议)
_ADOPTED_BY = re.compile(r"(?:会议|委员会|理事会|大会|执行局|论坛)的?(?:决议|决定)(?:和(?:决议|决定))?[：:]?$")


def test_no_entry_title_takes_in_a_group_heading(parsed, registries):
    """A title read on after a break (the parser joins it with a space) never ends in what is a group heading
    by its words — a body's name alone, or a body and what it adopted — nor in the heading of another group."""
    names = {n for a in registries.actors for n in (a.zh, *a.aliases)}
    problems, continued = [], 0
    for document, part, group, entry in _entries(parsed.values()):
        headings = {g.title.replace(" ", "") for b in part.blocks() for g in b.groups if len(g.title) >= 6}
        tails = [entry.text[m.end():].replace(" ", "") for m in re.finditer(r"\s+", entry.text)]
        continued += bool(tails)
        for tail in tails:
            if tail in names or _ADOPTED_BY.search(tail) or any(tail.endswith(h) for h in headings):
                problems.append(f"{part.slug} {entry.anchor} {entry.num!r}: …{tail}")
    print(f"\nentries whose title goes on after a break: {continued}")
    assert not problems, "entry titles ending in a group heading:\n" + "\n".join(problems)


def _rendered_entry(page: str, anchor: str) -> str:
    """The HTML of one mandate entry on its document page (its list item)."""
    start = page.find(f'id="{anchor}"')
    assert start >= 0, anchor
    return page[start:page.find("</li>", start)]


def test_every_entry_body_has_a_basis_and_no_link_without_one(parsed, mentions, registries, pages):
    """heading / symbol / none for every entry; an entry whose heading and printed number establish no body
    yields no resolution (no page, no official-document link) and its page says so."""
    actors = ActorMatcher(registries)
    in_num = Counter((m.doc, m.part, m.anchor) for m in mentions if m.in_num)
    bases, unlinked = Counter(), Counter()
    for document, part, group, entry in _entries(parsed.values()):
        basis = mandate_basis(entry.num or "", group.title, actors, part.programme)
        assert basis in ("heading", "symbol", "none")
        bases[basis] += 1
        if basis == "none" and entry.num:
            assert not in_num[(document.meta.slug, part.slug, entry.anchor)], \
                f"{part.slug} {entry.anchor} {entry.num!r}: linked although no body is established"
            shown = _rendered_entry(pages[page_of(document, part.slug)], entry.anchor)
            assert "未确定发文机构 · body not established" in shown and "undocs.org" not in shown \
                and "resolutions/" not in shown, f"{part.slug} {entry.anchor}: {shown}"
            unlinked[page_of(document, part.slug)] += 1
            if part.programme is not None:
                unlinked[entity_page("programme", str(part.programme))] += 1
    print(f"\nbody basis of mandate entries: {dict(bases)}")
    for page, n in unlinked.items():  # the document page and the programme's list of other mandates say it
        assert pages[page].count("未确定发文机构 · body not established") == n, page
    official = [m for m in mentions if m.in_num and m.kind == "resolution" and isinstance(parse_mandate(m.entity), Symbol)
                and parse_mandate(m.entity).official_url()]
    entries = {(d.meta.slug, p.slug, e.anchor): (g, e, p) for d, p, g, e in _entries(parsed.values())}
    for m in official:
        group, entry, part = entries[(m.doc, m.part, m.anchor)]
        assert mandate_basis(entry.num or "", group.title, actors, part.programme) != "none", m


def test_distinct_printed_titles_of_one_number_are_all_shown_with_their_places(parsed, mentions, pages):
    """Where the lists print different titles for one resolution, its page shows each, linked to its entries."""
    texts = {(d.meta.slug, p.slug, e.anchor): e.text for d, p, g, e in _entries(parsed.values())}
    titles: dict[str, dict[str, list]] = {}
    for m in mentions:
        if m.in_num and m.kind == "resolution" and texts.get((m.doc, m.part, m.anchor)):
            titles.setdefault(m.entity, {}).setdefault(texts[(m.doc, m.part, m.anchor)], []).append(m)
    several = {entity: by_title for entity, by_title in titles.items() if len(by_title) > 1}
    print(f"\nresolutions with several printed titles: {len(several)}")
    for entity, by_title in several.items():
        page = entity_page("resolution", entity)
        text = pages[page]
        for title, found in by_title.items():
            assert esc(title) in text, f"{page}: title {title!r} not shown"
            for m in found:
                target = relative(page, url_of(page_of(parsed[m.doc], m.part)) + "#" + m.anchor)
                assert f'href="{esc(target)}"' in text, f"{page}: no link to {target} for {title!r}"
        assert f"源文本为此编号印有 {len(by_title)} 个不同标题" in text, page


@pytest.mark.parametrize("num,title,programme,basis,linked", [
    ("57/2", "", 15, "none", []),  # a list with no heading: the session/number form names no body
    ("928(XLVIII)", "", 15, "none", []),
    ("A/RES/70/1", "", 15, "symbol", ["A/RES/70/1"]),  # the prefixed symbol names its body
    ("2167(2014)", "", 9, "symbol", ["S/RES/2167 (2014)"]),  # the Security Council's number (year)
    ("52/12 A 和 B", "", 1, "none", []),  # lettered parts of an unnamed body's number: nothing either
    ("52/12 A 和 B", "大会决议", 1, "heading", ["A/RES/52/12 A", "A/RES/52/12 B"]),
    ("1/CP.21", "", 11, "symbol", []),  # a COP decision: another body's text, not a resolution symbol
    ("57/2", "大会决议", 15, "heading", ["A/RES/57/2"]),
    ("4/3", "2011年10月24日至28日在摩洛哥马拉喀什举行的第四届《联合国反腐败公约》缔约国会议的决议", 7, "heading", []),
    ("58/1", "贸易和发展理事会决议和报告", 10, "heading", []),  # a body the registry does not know
    ("19/1", "理事会决定", 3, "none", []),  # a bare council nobody has established
])
def test_mandate_basis_and_links_without_a_heading(registries, num, title, programme, basis, linked):
    actors = ActorMatcher(registries)
    assert mandate_basis(num, title, actors, programme) == basis
    assert [symbol for _, symbol in mandate_hits(num, mandate_body(title, actors))] == linked

def test_ranges_and_letter_lists_are_one_entity_per_symbol(extractor):
    """A printed range or letter list stands for every symbol in it (issue 14): in a mandate entry's number and in
    running text; the members printed nowhere span the range."""
    from build_scripts.extract import Context, mandate_hits
    assert mandate_hits("69/263 A-C", "GA") == [("69/263 A", "A/RES/69/263 A"), ("A-C", "A/RES/69/263 B"),
                                                ("C", "A/RES/69/263 C")]
    text = "非洲经委会第四十八届会议通过的第 928–931(XLVIII)号决议"
    hits = [(h.entity, text[h.start:h.end]) for h in extractor.unit_hits(text, Context()) if h.kind == "resolution"]
    assert hits == [("eca:928(XLVIII)", "928"), ("eca:929(XLVIII)", "928–931(XLVIII)"),
                    ("eca:930(XLVIII)", "928–931(XLVIII)"), ("eca:931(XLVIII)", "931(XLVIII)")]


# -- every entry as printed: its own lines, nothing swallowed, one text per printed title (issue 14) -------------


def _source_lines(document) -> list[str]:
    return document.source_text.split("\n")


def _entries_with_lines(documents):
    for document in documents:
        lines = _source_lines(document)
        for part in document.parts:
            for block in part.blocks():
                for group in block.groups:
                    assert len(group.entry_lines) == len(group.entries), group.anchor
                    for entry, numbers in zip(group.entries, group.entry_lines):
                        yield document, part, group, entry, [(n, lines[n - 1]) for n in numbers]


def test_every_entry_is_exactly_its_own_source_lines(parsed):
    """Conservation, entry by entry: the printed number and title of every mandate entry are the text of the source
    lines it is printed on (spaces aside): no entry publishes a title its lines do not print, or loses a word."""
    checked, problems = 0, []
    for document, part, group, entry, lines in _entries_with_lines(parsed.values()):
        printed = re.sub(r"\s+", "", "".join(text for _, text in lines))
        published = re.sub(r"\s+", "", (entry.num or "") + entry.text)
        checked += 1
        if not lines or printed != published:
            problems.append(f"{part.slug} {entry.anchor} (l.{','.join(str(n) for n, _ in lines)}): "
                            f"{published!r} != {printed!r}")
    assert checked, "no document has a mandate list"
    assert not problems, f"{len(problems)} entries differ from their lines:\n" + "\n".join(problems[:20])


#: how a mandate entry starts a line: a printed number (digits, slashes, a bracketed session or meeting that may hold
#: words: ``830(MFC 1 A)``, l.18754), then a space and the title's first word. Read independently of the parser, so
#: a start the parser misses is still seen. Not a start: a number a sentence goes on after (2015 年, 62/208 号决议),
#: or a short bare number (``——`` / ``20 全球行动路线图``, l.22114-22116: entry numbers have a slash, a bracket or
#: three digits or more).
_ENTRY_START = re.compile(r"(?:第\s*)?(?P<number>(?:[A-Z]{1,8}[-./])*\d[\w/.\-]*(?:\s?[(（][^()（）\s][^()（）]{0,14}[)）])?)"
                          r"\s+(?![年号条月日至和及、个次届项])[\u4e00-\u9fff《“]")


def _starts_an_entry(text: str) -> bool:
    m = _ENTRY_START.match(text.strip())
    return bool(m and re.search(r"[/(（]|^\D*\d{3}", m.group("number")))


def test_entry_start_shape_is_read_independently():
    assert _starts_an_entry("830(MFC 1 A) 区域委员会的改革：非洲经济委员会、联合国各机构以及非洲区")  # l.18754
    assert _starts_an_entry("2167(2014) 联合国维持和平行动") and _starts_an_entry("S-19/2 进一步执行 21 世纪议程方案")
    assert _starts_an_entry("SS.VIII/1 …的执行情况") is False and _starts_an_entry("SS.VIII/1 执行情况")
    assert not _starts_an_entry("2015 年后发展议程")
    assert not _starts_an_entry("62/208 号决议的进展情况")
    assert not _starts_an_entry("域和次区域组织之间的关系(部长级后续委员会第一次会议通过")
    assert not _starts_an_entry("20 全球行动路线图")  # l.22116: ``2012-2020 年…——`` wrapped


def test_no_entry_swallows_the_start_of_another(parsed):
    """No line after an entry's first one opens like an entry (a number, a space, a title): such a line is an entry
    the parser ran into the one before it (830(MFC 1 A) into 828(XXXII), programme 15, until it was fixed)."""
    problems, multi = [], 0
    for document, part, group, entry, lines in _entries_with_lines(parsed.values()):
        multi += len(lines) > 1
        own_title = re.sub(r"\s+", "", entry.text)
        for number, text in lines[1:]:  # a title that starts with a number (2016-2017 两年期…, l.4838) is its own
            if _starts_an_entry(text) and not own_title.startswith(re.sub(r"\s+", "", text)):
                problems.append(f"{part.slug} {entry.anchor} {entry.num!r}: l.{number} {text.strip()!r}")
    print(f"\nentries printed on several lines: {multi}")
    assert multi and not problems, "entries holding another entry's start:\n" + "\n".join(problems)


def test_split_entries_move_no_published_entry(parsed, corpus):
    """An entry split out after publication (split_entries: 830(MFC 1 A), once inside 828(XXXII)) is numbered with a
    letter after the entry it was read into, so every registered entry id keeps its printed number; and every
    lettered entry is one a rule of its document names (its first line)."""
    registry = ROOT / "corpus" / "anchors" / "registry.tsv"
    rows = [line.split("\t") for line in registry.read_text(encoding="utf-8").splitlines()[1:]]
    registered = {(url, anchor): num for url, anchor, num, _ in rows if "__entry_" in anchor}
    rules = {source.meta.slug: layout_of(source).split_entries for source in corpus.sources}
    current, lettered = {}, []
    for document, part, group, entry, lines in _entries_with_lines(parsed.values()):
        current[(url_of(page_of(document, part.slug)), entry.anchor)] = entry.num or ""
        if entry.anchor[-1].isalpha():
            lettered.append(entry.anchor)
            assert any(rule.pattern.fullmatch(lines[0][1].strip()) for rule in rules[document.meta.slug]), entry.anchor
    assert registered
    moved = [f"{url}#{anchor}: {num!r} -> {current.get((url, anchor))!r}" for (url, anchor), num in registered.items()
             if current.get((url, anchor), num) != num]
    assert not moved, "\n".join(moved[:20])


def test_texts_numbered_only_with_a_year_are_distinct(parsed, mentions, pages):
    """A number that is only a year names no single text (妇女地位委员会的商定结论 prints three of 1996): each distinct
    printed title of a year is its own entity (YEAR:k), one title is one entity wherever it is printed, and the
    year's page (its URL published before) lists every text of the year."""
    texts = {(d.meta.slug, p.slug, e.anchor): e.text for d, p, g, e in _entries(parsed.values())}
    by_entity: dict[str, set[str]] = {}
    by_year: dict[str, dict[str, str]] = {}
    for m in mentions:
        if not (m.in_num and m.kind == "resolution") or isinstance(parse_mandate(m.entity), Symbol):
            continue
        item = BodyMandate.parse(m.entity)
        assert not (item.year_only and item.ordinal is None), f"{m.anchor}: {m.entity} names a year, not a text"
        if item.ordinal is None:
            continue
        key = title_key(texts[(m.doc, m.part, m.anchor)])
        by_entity.setdefault(m.entity, set()).add(key)
        other = by_year.setdefault(str(item.year()), {}).setdefault(key, m.entity)
        assert other == m.entity, f"one title, two entities: {other}, {m.entity}"
    assert by_entity, "no text numbered only with a year"
    assert all(len(keys) == 1 for keys in by_entity.values())
    several = {year: ts for year, ts in by_year.items() if len(ts) > 1}
    print(f"\ntexts numbered only with a year: {len(by_entity)}, in {len(by_year)} years; "
          f"years of several texts: {len(several)}")
    assert several  # 1996: three CSW agreed conclusions (l.16520-16524)
    for year, titles in by_year.items():
        page = pages[entity_page("resolution", year)]
        assert f"源文本以此年份印有 {len(titles)} 项不同案文" in page, year
        for entity in titles.values():
            assert f'href="{esc(relative(entity_page("resolution", year), entity_url("resolution", entity)))}"' in page


@pytest.mark.parametrize("titles,ids", [
    (["妇女与媒体", "妇女与环境", "妇女与媒体"], [1, 2, 1]),  # a title printed twice is one text
    (["人力资源开发的贡献(所有次级方案)", "人力资源开发的 贡献"], [1, 1]),  # a trailing note and spaces aside
    (["通过伙伴关系加强消除贫穷的工作", "年度部长级审查，主题：“通过伙伴关系加强消除贫穷的工作”"], [1, 2]),
])
def test_year_texts_numbers_distinct_titles_in_reading_order(titles, ids):
    found = [Mention("resolution", "csw:ac:1996", "d", "p", f"e{k}", 0, 4, "1996", in_num=True)
             for k in range(len(titles))]
    found.append(Mention("resolution", "csw:ac:1996", "d", "p", "para_1", 0, 4, "1996"))  # running text: the year
    numbered = year_texts(found, {("d", "p", f"e{k}"): t for k, t in enumerate(titles)})
    assert [m.entity for m in numbered] == [f"csw:ac:1996:{k}" for k in ids] + ["csw:ac:1996"]
