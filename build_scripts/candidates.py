"""Stage 4b, candidates: every string that has the shape of a citable symbol or of an organisation's name and is
not linked, with the reason why (issue 14: recall you can see).

``find_candidates(documents, mentions, registries)`` reads every unit's text and every mandate entry's printed
number with two generic shape detectors and keeps what no mention covers:

* symbol shapes (``SYMBOL_SHAPE``): numbers with slashes (``72/139``, ``2015/216``, ``A/72/684``), special-session
  and treaty forms (``S-30/1``, ``ES-10/17``, ``SS.VII/1``, ``1/CP.16``, ``1/CMP.1``), Roman session numbers
  (``1514(XV)``, ``671 A(XXV)``), Security Council years (``2167(2014)``), ranges (``928–935(XLVIII)``,
  ``9-15/CP.19``) and letter lists (``69/263 A-C``);
* organisation-name shapes (``_SUFFIX``): a word that ends organisations' and meetings' names (extract.ORG_SUFFIXES:
  委员会, 组织, 署, 基金, 办事处, 方案, 联盟, 大会, 会议, 论坛, 小组 …) with the name characters before it, read back
  to the nearest particle, determiner, punctuation or joining 和 (``_READ_BREAK``).

Each candidate gets one reason (``REASONS``), decided by the rules of ``_reason_of_name`` / ``_reason_of_symbol``,
in this order: ``not an actor`` (inside a name the registry lists under not_actors), ``internal unit`` (an office,
group or committee word right after a body named: 世卫组织国家办事处; 第五委员会, a main committee),
``generic word`` (no name before the suffix word once determiners, scope words and leading verbs are set aside:
本委员会, 各组织, 次级方案; 部署 'deploy'), ``meeting`` (a 会议 / 大会 / 论坛 held: conferences and sessions; the
standing ones are registered actors and linked), ``programme of work`` (方案 / 基金 / 中心 with no proper-name head:
a plan or money), ``not a citation`` (a fiscal year 2015/16 年, a number inside a URL), ``body not established`` (a
mandate entry's number whose group heading and printed form name no issuing body, extract.mandate_basis: the page
says so and links nothing), or ``unresolved`` (none of
these: a body or a citation the extractor does not resolve). A candidate the rules leave ``unresolved`` takes the
reason its entry in the reviewed list ``corpus/review/candidates.yml`` gives when that is one of ``REVIEW_REASONS``
(``not a name``: a verb or clause before the suffix word; ``kind of body``: 青年组织, 区域组织 …; an internal unit, a
meeting, a plan the rules cannot tell): ``reviewed`` marks it. What stays ``unresolved`` is a real body or citation
that is not linked, and must be in the reviewed list with why (tests/extract/test_candidates.py).

``measure`` turns the report into recall per entity kind (issue 14's "done when"): linked mentions / (linked + real
but unlinked candidates), with a precision proxy: the share of linked mentions the report's own rules do not flag.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from .diagnostics import Collector, at
from .extract import ORG_SUFFIXES, ActorMatcher, Mention, _named_before, fold, mandate_basis
from .intervals import claimed_from
from .model import Document, Unit
from .registries import Registries
from .yamlio import line_of, load_yaml

#: in the order of the report's sections (#reason-N on its page: reasons added later come last, so N keeps its reason)
REASONS = ("generic word", "internal unit", "meeting", "programme of work", "not an actor", "not a citation",
           "body not established", "unresolved", "not a name", "kind of body")
#: the reasons a reviewed entry may give a candidate the rules leave unresolved (its ``why`` is then just the reason)
REVIEW_REASONS = ("internal unit", "meeting", "programme of work", "not a name", "kind of body")
REVIEW_FILE = Path("review") / "candidates.yml"  #: below the corpus root

#: a citable symbol's shape (NFKC text): optional series prefix, then number/number forms with their special-session,
#: treaty, range and letter-list variants, or number(Roman session) / number(year)
SYMBOL_SHAPE = re.compile(
    r"(?<![A-Za-z0-9/.\-])(?:"
    r"(?:[A-Z]{1,5}/)*(?:E?S-|SS\.)?(?:\d{1,4}|[IVXL]+)(?:\s?[-–]\s?\d{1,4})?/(?:C[MO]?P\.)?\d{1,4}"
    r"(?:/[A-Za-z0-9.]+)*(?:\s?[A-Z](?:\s?[-–]\s?[A-Z])?(?![A-Za-z]))?"
    r"|\d{1,4}(?:\s?[-–]\s?\d{1,4})?\s?[A-Z]?\s?\((?:E?S-)?[IVXL]+\)"
    r"|\d{1,4}\s?\((?:19|20)\d\d\)"
    r")")
_NAME_REACH = 20  #: the longest name read back from its suffix word
#: words that, with nothing else before the suffix, make it a generic word (a kind of body, not a name): determiners,
#: adjectives of scope, and the programme plan's own vocabulary (次级方案, 两年期方案 …)
_GENERIC = re.compile(
    r"(?:本|该|各|其他|其|此|这些|那些|所有|全|整个|有关|相关|上述|一个|两个|多个|个|项|次级|两年期|拟议|工作|年度|区域|"
    r"次区域|国家|国际|政府间|非政府|民间社会|民间|社区|地方|多边|双边|主要|特别|执行|高级别|专家|技术|咨询|联合|伙伴|参加|"
    r"客户|成员|会员|职司|常设|附属|理事|管理|监督|协调|支持|支助|合作|发展|援助|培训|能力建设|评价|改革|行动|解决|实施|"
    r"他|些|新|现有|现行|今后|未来|联合国系统|系统|全球|世界|专门|机构间|部门|组织)*")
#: a meeting, not a body: an ordinal session, a year, or a conference word before 会议 / 大会 / 论坛
_MEETING_WORDS = ("会议", "大会", "论坛")
#: words that end in a suffix word without being a name: 部署 'deploy', 签署 'sign', 有组织 'organised'
_NOT_NAMES = ("部署", "签署", "有组织")
_MAIN_COMMITTEE = re.compile(r"第[一二三四五六]")  #: 第一委员会 … 第六委员会
#: verbs and prepositions a name read back may start with (通过企业应用程序中心, 包括优化利用会议)
_LEAD = re.compile(r"^(?:他|它|更多|根据|帮助|强调|结束|延长|通过|包括|加强|支持|协助|提高|改进|调整|纳入|举办|利用|确保|制定|实施|执行|参与|出席|召开|设立|成立|建立|向|在|由|对|为|将)*")
#: words that end a plan's or a fund's name as well as a body's (方案: programme of work; 基金: money)
_WORK_WORDS = ("方案", "基金", "中心")
#: how the names of bodies open (联合国…, 国际…, a region): a 方案 / 基金 named so may be a body
_PROPER_HEAD = re.compile(r"联合国|国际|世界|全球|亚洲|非洲|欧洲|美洲|拉丁美洲|加勒比|阿拉伯|太平洋|东盟|东南亚|西亚|南亚|中国")
#: parts of an organisation: what follows a body's name when a unit of it is meant
_UNIT_WORDS = ("办事处", "办公室", "小组", "工作组", "中心", "方案", "基金", "委员会", "执行局")


@dataclass(frozen=True)
class Candidate:
    """A string with the shape of a symbol or a name that no mention covers."""

    doc: str
    part: str
    anchor: str
    start: int  #: offsets into the unit's text, or into its printed number when ``in_num``
    end: int
    text: str  #: as printed
    shape: str  #: "symbol" or "name"
    reason: str  #: one of REASONS
    in_num: bool = False
    reviewed: bool = False  #: the reason comes from the reviewed list (REVIEW_REASONS), not from the rules


def find_candidates(documents: Iterable[Document], mentions: Iterable[Mention], registries: Registries,
                    reviews: Iterable[Review] = ()) -> tuple[Candidate, ...]:
    """Every unlinked symbol- or name-shaped string of every unit and mandate number, in reading order; an
    unresolved one whose reviewed entry gives one of REVIEW_REASONS takes that reason."""
    by_unit: dict[tuple[str, str, str], list[Mention]] = {}
    for m in mentions:
        by_unit.setdefault((m.doc, m.part, m.anchor), []).append(m)
    not_actors = [fold(item.name, names=True).text for item in registries.not_actors]
    actors = ActorMatcher(registries)
    out: list[Candidate] = []
    for document in documents:
        for part in document.parts:
            for block in part.blocks():
                group_title = {id(e): g.title for g in block.groups for e in g.entries}
                for unit in block.units():
                    found = by_unit.get((document.meta.slug, part.slug, unit.anchor), [])
                    unestablished = id(unit) in group_title and mandate_basis(
                        unit.num or "", group_title[id(unit)], actors, part.programme) == "none"
                    out += _unit_candidates(document.meta.slug, part.slug, unit, found, not_actors, unestablished)
    given = {review.text: review.why for review in reviews if review.why in REVIEW_REASONS}
    return tuple(replace(c, reason=given[c.text], reviewed=True) if c.reason == "unresolved" and c.text in given
                 else c for c in out)


def _unit_candidates(doc: str, part: str, unit: Unit, mentions: list[Mention], not_actors: list[str],
                     body_unestablished: bool = False) -> Iterator[Candidate]:
    """``body_unestablished``: the unit is a mandate entry whose issuing body nothing establishes."""
    in_text = claimed_from((m.start, m.end) for m in mentions if not m.in_num)
    actors = sorted((m for m in mentions if not m.in_num and m.kind == "actor"), key=lambda m: m.start)
    for start, end, text in _symbol_shapes(unit.text):
        if not in_text.overlaps(start, end):
            yield Candidate(doc, part, unit.anchor, start, end, text, "symbol", _reason_of_symbol(unit.text, start, end))
    for start, end, name, suffix in _name_shapes(unit.text):
        if not in_text.overlaps(end - len(suffix), end):
            reason = _reason_of_name(unit.text, start, name, suffix, actors, not_actors)
            yield Candidate(doc, part, unit.anchor, start, end, unit.text[start:end], "name", reason)
    if unit.num:
        in_num = claimed_from((m.start, m.end) for m in mentions if m.in_num)
        for start, end, text in _symbol_shapes(unit.num):
            if not in_num.overlaps(start, end):
                reason = "body not established" if body_unestablished else _reason_of_symbol(unit.num, start, end)
                yield Candidate(doc, part, unit.anchor, start, end, text, "symbol", reason, in_num=True)


def _symbol_shapes(text: str) -> Iterator[tuple[int, int, str]]:
    folded = fold(text)
    for m in SYMBOL_SHAPE.finditer(folded.text):
        start, end = folded.span(*m.span())
        yield start, end, text[start:end]


#: where reading a name back stops: a non-CJK character, a particle or determiner, or 和 joining two names (not the
#: 和 of 和平 'peace'). Unlike the extractor's _NAME_BREAK, 经 and 使 do not stop it (经济委员会, 行使…权利委员会).
_READ_BREAK = re.compile(r"[^\u4e00-\u9fff]|[的各与及并在向对由为将请供以于把被是从给让了等该本其这此即或、]|和(?!平)")
_SUFFIX = re.compile("|".join(sorted(map(re.escape, ORG_SUFFIXES), key=len, reverse=True)))


def _name_shapes(text: str) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, name part, suffix word) of every suffix word, its name read back over name characters. Of
    suffix words that follow each other (委员会 inside 统计委员会会议) the last closes the name."""
    for m in _SUFFIX.finditer(text):
        follow = _SUFFIX.match(text, m.end())
        if follow:
            continue  # the name goes on: 工作组 … 会议 is read at 会议
        begin = m.start()
        while begin > max(0, m.start() - _NAME_REACH) and not _READ_BREAK.match(text, begin - 1):
            begin -= 1
        yield begin, m.end(), text[begin:m.start()], m.group(0)


def _reason_of_name(text: str, start: int, name: str, suffix: str, actors: list[Mention],
                    not_actors: list[str]) -> str:
    whole = fold(name + suffix, names=True).text
    if any(whole in item for item in not_actors):
        return "not an actor"
    before = next((a for a in reversed(actors) if a.end <= start + len(name)), None)
    if before is not None and text[before.end:start] in ("的", "") and suffix in _UNIT_WORDS:
        return "internal unit"  # 世卫组织国家办事处, 欧洲经委会的 … 工作组: a part of the body named
    if _GENERIC.fullmatch(_LEAD.sub("", name)) or len(name) < 2 or (name + suffix).endswith(_NOT_NAMES):
        return "generic word"  # 本委员会, 各组织, 次级方案; 部署 'deploy', 有组织 'organised': no name
    if _MAIN_COMMITTEE.fullmatch(name):
        return "internal unit"  # 第五委员会: a main committee of the General Assembly
    if suffix in _MEETING_WORDS:
        return "meeting"  # a conference, session or forum held (standing ones are in the registry and linked)
    if suffix in _WORK_WORDS and not _PROPER_HEAD.search(name):
        return "programme of work"  # 培训方案, 信托基金: a plan or money, not a body
    return "unresolved"


_FISCAL = re.compile(r"(?:19|20)\d\d/\d\d(?:\s*年|\s*财政|\s*期间|\s*两年期)")


def _reason_of_symbol(text: str, start: int, end: int) -> str:
    """``not a citation`` for a fiscal period (2015/16 年) or a number inside a URL; else ``unresolved``."""
    chunk = re.search(r"\S*$", text[max(0, start - 200):start]).group(0)
    if _FISCAL.match(text, start) or re.match(r"https?://|www\.", chunk):
        return "not a citation"
    return "unresolved"


def counts(candidates: Iterable[Candidate]) -> Counter[str]:
    """Candidates per reason, every reason present (0 when none)."""
    out = Counter({reason: 0 for reason in REASONS})
    out.update(c.reason for c in candidates)
    return out


#: per entity kind: the candidate shape that counts as its misses, and the reasons that mean "real but unlinked"
#: (a mandate entry's number whose body is not established is a real citation the site deliberately leaves unlinked)
MEASURED = (("actor", "name", ("unresolved",)), ("resolution", "symbol", ("unresolved", "body not established")))
RECALL_FLOOR = 0.97  #: issue 14's "done when", for recall; the precision proxy's floor is PRECISION_FLOOR
PRECISION_FLOOR = 0.99


@dataclass(frozen=True)
class Measure:
    """Recall of one entity kind on the whole corpus, from the candidates report."""

    kind: str  #: the mentions' kind: ``actor`` or ``resolution``
    linked: int  #: mentions of that kind
    missed: int  #: candidates of its shape that are real but unlinked (MEASURED)
    flagged: int  #: linked mentions the report's rules flag as perhaps wrong (``_flagged``)

    @property
    def recall(self) -> float:
        return self.linked / (self.linked + self.missed) if self.linked + self.missed else 1.0

    @property
    def precision_proxy(self) -> float:
        """The share of linked mentions no rule flags: a lower bound on precision if every flag were an error."""
        return 1 - self.flagged / self.linked if self.linked else 1.0


def measure(documents: Iterable[Document], mentions: Iterable[Mention],
            candidates: Iterable[Candidate]) -> tuple[Measure, ...]:
    """Recall and the precision proxy per measured kind (MEASURED)."""
    mentions = tuple(mentions)
    texts = {(d.meta.slug, p.slug, u.anchor): u.text for d in documents for p in d.parts for b in p.blocks()
             for u in b.units()}
    candidates = tuple(candidates)
    out = []
    for kind, shape, real in MEASURED:
        mine = [m for m in mentions if m.kind == kind]
        missed = sum(1 for c in candidates if c.shape == shape and c.reason in real)
        flagged = sum(1 for m in mine if not m.in_num and _flagged(kind, texts[(m.doc, m.part, m.anchor)], m))
        out.append(Measure(kind, len(mine), missed, flagged))
    return tuple(out)


def _flagged(kind: str, text: str, m: Mention) -> bool:
    """The candidates' rules applied to a linked mention: a name ending in a suffix word that a proper name runs
    into (the 大会 of 国际化学品管理大会 class: the extractor's own test for bare words, here for every name), or a
    symbol that reads as a fiscal period or sits in a URL."""
    if kind == "actor":
        return text[m.start:m.end].endswith(ORG_SUFFIXES) and _named_before(text, m.start)
    return _reason_of_symbol(text, m.start, m.end) == "not a citation"


def summary(candidates: tuple[Candidate, ...], reviews: tuple[Review, ...], measures: tuple[Measure, ...] = ()) -> str:
    """The build's one line: unlinked candidates per reason, how many unresolved ones the reviewed list covers, how
    many reasons it gives, and recall / precision proxy per measured kind."""
    table = counts(candidates)
    reviewed = {review.text for review in reviews}
    covered = sum(1 for c in candidates if c.reason == "unresolved" and c.text in reviewed)
    given = sum(1 for c in candidates if c.reviewed)
    recall = "; ".join(f"{m.kind} recall {m.recall:.3f} ({m.linked} linked, {m.missed} missed), precision proxy "
                       f"{m.precision_proxy:.3f} ({m.flagged} flagged)" for m in measures)
    return "candidates: " + ", ".join(f"{reason} {table[reason]}" for reason in REASONS) + \
        f" (total {sum(table.values())}; unresolved reviewed in corpus/{REVIEW_FILE.as_posix()}: {covered}; " \
        f"reasons given by the review: {given})" + (f"; {recall}" if recall else "")


@dataclass(frozen=True)
class Review:
    """A reviewed unresolved candidate: the text as printed and why it stays unlinked."""

    text: str
    why: str
    line: int = 0


def load_review(corpus_root: Path) -> tuple[Review, ...]:
    """The reviewed list (corpus/review/candidates.yml); no file is an empty list. Bad entries fail with file:line."""
    path = corpus_root / REVIEW_FILE
    if not path.exists():
        return ()
    problems = Collector()
    data = load_yaml(path, problems, "reviewed candidates file")
    out = []
    if data is not None and not (isinstance(data, dict) and isinstance(data.get("reviewed"), list)):
        problems.error(at(path, 1), "expected a mapping with a list 'reviewed' of {text, why}")
    elif data is not None:
        for item in data["reviewed"]:
            if not (isinstance(item, dict) and isinstance(item.get("text"), str) and item["text"]
                    and isinstance(item.get("why"), str) and item["why"].strip()):
                problems.error(at(path, line_of(item) or 1), "each reviewed candidate needs text fields 'text' and 'why'")
                continue
            out.append(Review(item["text"], item["why"], line_of(item) or 0))
    problems.raise_if_any()
    return tuple(out)
