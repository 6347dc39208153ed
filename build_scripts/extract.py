"""Stage 4, extract: find every mention of an entity in the parsed documents.

``extract(documents, registries)`` walks every Part / Block / Unit (``Block.units()``) and every
legislative-mandate entry, and runs one small matcher per surface form over each unit's text. Each
matcher is a class with real examples from the sources in its docstring (the model is laws-africa
docpipe ``citations.py``). A ``Mention`` records what was found and where:

* ``start`` / ``end`` index the ORIGINAL ``unit.text`` (matchers work on a normalised copy: NFKC,
  so full-width brackets and digits are half-width; for names also dashes folded and spaces dropped;
  every normalised character remembers where it came from, so offsets map straight back).
* spans: a resolution's span is its printed symbol token (``72/139``, ``52/12 A``, then ``B`` for
  ``52/12 A 和 B``); a goal or target's span is keyword plus number for the first of a list
  (``可持续发展目标 3``, ``具体目标 3.c``) and the bare number for the rest (``11`` in ``目标 1、11``);
  an actor's span is the name as printed; a programme's is ``方案 13`` / ``次级方案 2`` (bare number
  for later list items; the members a range implies, 2-4 of ``1 至 5``, span the range).
  A printed range of resolutions is one mention per symbol in the same way (``928–935(XLVIII)``,
  ``9-15/CP.19``, ``69/263 A-C``: the first spans its number, the last from its number on, the ones
  between the range).
  Mentions of one kind may share a span only in those cases; actor mentions never overlap.
* mandate entries (立法授权): the symbol is printed in ``unit.num`` ("54/192", "56/255，第八节",
  "52/12 A 和 B", "671 A(XXV)", "2167(2014)"), not in the text, and the body comes from the group
  title (大会决议和决定 → GA, 安全理事会决议 → SC, 经济及社会理事会决议 → ECOSOC). Another body's list
  (人权理事会的决议和决定, 麻醉药品委员会决议和决定, 理事会决定 of programme 11, ECOSOC's agreed
  conclusions and communiqués …) yields that body's text as ``body:number`` (symbols.BodyMandate:
  ``hrc:5/1``, ``cnd:dec:58/2``; no UN symbol is made up), also of kind ``resolution`` so that it
  gets a resolution page. Such a mention has ``in_num=True``, ``start`` / ``end`` index ``unit.num`` and
  ``surface`` = the symbol token as printed in num (kind ``document`` when the number is a document symbol:
  ``S/PRST/2015/22``). Entries with no number, or of no resolutions (《联合国宪章》条款, 公约), yield
  nothing (``unresolved_mandates``). The entry's text (its title) is matched like any unit, with the
  group's body as the default body of citations.
* headings' printed numbers (``方案 13``, ``次级方案 1``) are the programmes' own headings, not
  references, and give no mention; the renderer knows them from ``Part.programme`` and the anchors.

Entity ids: resolutions by canonical symbol (``A/RES/72/139``, symbols.py) or, for other bodies'
numbered texts, by ``body:number`` (``hrc:5/1``, symbols.BodyMandate), documents by their
printed symbol without spaces (``A/72/684-E/2018/7``), actors by registry id (``who``), goals by
number (``3``), targets by id (``3.c``), programmes by number (``13``) and subprogrammes by
``programme.subprogramme`` (``13.2``).
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Literal

from .intervals import Claimed, claimed_from
from .model import Block, Document, MandateGroup, Unit
from .registries import Registries
from .symbols import BODY_MANDATE_KINDS, MAIN_BODY_ACTORS, BodyMandate, Symbol

Kind = Literal["resolution", "document", "actor", "goal", "target", "programme", "subprogramme"]
KINDS: tuple[str, ...] = ("resolution", "document", "actor", "goal", "target", "programme", "subprogramme")


@dataclass(frozen=True)
class Mention:
    """One mention of one entity in one unit."""

    kind: str  #: one of KINDS
    entity: str  #: canonical id (see the module docstring)
    doc: str  #: document slug
    part: str  #: part (page) slug within the document
    anchor: str  #: anchor of the unit
    start: int  #: start offset into ``unit.text`` (into ``unit.num`` when ``in_num``)
    end: int  #: end offset into ``unit.text`` (into ``unit.num`` when ``in_num``)
    surface: str  #: the text as printed (from ``unit.text``, or from ``unit.num`` when ``in_num``)
    in_num: bool = False  #: found in a mandate entry's printed number, not in its text
    matcher: str = ""  #: name of the matcher that found it (for tests and diagnostics)


@dataclass(frozen=True)
class Hit:
    """A matcher's raw result, with offsets into the text the matcher was given."""

    kind: str
    entity: str
    start: int
    end: int
    matcher: str
    implied: bool = False  #: a member of a printed range printed nowhere itself (its span is the range)


@dataclass(frozen=True)
class Context:
    """What a matcher may know about the unit besides its text."""

    doc: str = ""
    part: str = ""
    programme: int | None = None  #: the Part's programme number (A/71/6/Rev.1 programme pages)
    programme_document: bool = False  #: the unit belongs to the document whose programmes the registry lists
    default_body: str | None = None  #: body of the mandate group a unit belongs to (GA, SC, ECOSOC, other)
    default_issuer: str | None = None  #: actor id of that group's other body (mandate_issuer), when known


# -- normalisation with an offset map -----------------------------------------------------------

_DASHES = "–—―-"
_SPACE = re.compile(r"\s")


@dataclass(frozen=True)
class Folded:
    """A normalised copy of a text; ``origin[i]`` is the index in the original of character ``i``."""

    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the normalised span [start, end)."""
        return self.origin[start], self.origin[end - 1] + 1


def fold(text: str, names: bool = False) -> Folded:
    """NFKC character by character (full-width → half-width, NBSP → space), remembering origins.

    With ``names`` also fold dash variants to ``-`` and drop whitespace, so that ``中国 – 东盟``,
    ``中国—东盟`` and ``中国  – 东盟`` all read ``中国-东盟`` (the same key as clean.nfkc_key).
    """
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        for out in unicodedata.normalize("NFKC", ch):
            if names and _SPACE.match(out):
                continue
            chars.append("-" if names and out in _DASHES else out)
            origin.append(i)
    return Folded("".join(chars), tuple(origin))


# -- actors -------------------------------------------------------------------------------------


class ActorMatcher:
    """Actors by every registered name, longest match first, never inside a longer name.

    Examples from the sources::

        联合国儿童基金会(儿基会)、联合国开发计划署(开发署)            000 ¶27 → unicef, unicef, undp, undp
        第七十一届世界卫生大会                                      000 ¶13 → wha (not ga for 大会 inside)
        卫生大会 WHA69(15)和 WHA70(18)号决定                        001 ¶9  → wha
        中国 – 东盟卫生部长会议 / 中国  – 东盟卫生部长会议 / 中国—东盟   004    → ca_hmm, ca_hmm, asean
        联合国毒品和犯罪问题办\\n事处 (a name split by a line wrap)     001 ¶9  → unodc once joined
        联合国可持续发展大会                                         003    → nothing (a not_actors name)
        联合国预防犯罪和罪犯待遇大会 / 国际化学品管理大会              003    → no ga: a 大会 a proper name (联合国…,
                                                                    国际…) runs into is another body (_named_before)

    ``not_actors`` names take part in the longest-first contest but yield no mention, so the
    大会 inside 联合国可持续发展大会 is not the General Assembly. Latin names (ASEAN, H6) must not
    touch another Latin letter or digit in the original text.
    """

    name = "actor"

    def __init__(self, registries: Registries):
        self.owner: dict[str, str | None] = {}
        for actor in registries.actors:
            for name in actor.names:
                self.owner[fold(name, names=True).text] = actor.id
        for item in registries.not_actors:
            self.owner[fold(item.name, names=True).text] = None
        keys = sorted(self.owner, key=lambda k: (-len(k), k))
        self.by_first: dict[str, list[str]] = {}
        for key in keys:
            self.by_first.setdefault(key[0], []).append(key)
        # The lookahead finds every position where some name starts; all names starting there are
        # candidates, and overlaps are settled afterwards, longest first.
        self.pattern = re.compile("(?=(" + "|".join(map(re.escape, keys)) + "))")

    def find(self, text: str, markers: frozenset[int] = frozenset()) -> list[Hit]:
        """``markers``: offsets of footnote markers glued to the text (``全球卫生伙伴关系 H61的成员``)."""
        folded = fold(text, names=True)
        candidates = []
        for m in self.pattern.finditer(folded.text):
            start = m.start()
            for key in self.by_first[folded.text[start]]:
                if not folded.text.startswith(key, start):
                    continue
                end = start + len(key)
                if not _latin_glued(text, *folded.span(start, end), markers):  # ASEAN Summits: not ASEAN Summit
                    candidates.append((start, end))
        taken = Claimed(start for start, _ in candidates)
        hits: list[Hit] = []
        for start, end in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0])):
            if taken.overlaps(start, end):
                continue
            taken.claim(start, end)
            owner = self.owner[folded.text[start:end]]
            if owner is not None and folded.text[start:end] in ORG_SUFFIXES and _named_before(folded.text, start):
                continue  # 国际化学品管理大会: a 大会 a name runs into is another body, not the General Assembly
            if owner is not None:
                o_start, o_end = folded.span(start, end)
                hits.append(Hit("actor", owner, o_start, o_end, self.name))
        return sorted(hits, key=lambda h: h.start)


#: words that end the names of organisations and meetings (委员会, 大会 …); the candidates report reads names by them
ORG_SUFFIXES = ("委员会", "理事会", "组织", "署", "基金", "办事处", "办公室", "方案", "联盟", "大会", "会议", "论坛",
                "小组", "工作组", "中心", "执行局")
#: how a proper name opens: the UN, international, world or global bodies (联合国预防犯罪和罪犯待遇大会, 国际化学品管理大会)
_NAME_HEAD = re.compile(r"联合国|国际|世界|全球")
#: characters that end a name when reading back from its last word: particles, determiners, verbs of citing, punctuation
_NAME_BREAK = re.compile(r"[^\u4e00-\u9fff]|[的各与及并在向对由经为将请供以于把被是从给让使了等该本其这此即或、]")
_NAME_REACH = 16  #: the longest stretch read back for a name's head


def _named_before(text: str, start: int) -> bool:
    """Whether the bare word at ``start`` (大会) ends a longer name: read back over the characters of one name
    (no particle, determiner or punctuation) and find a head that opens proper names (联合国, 国际 …), with
    words between it and the bare word (联合国大会 itself is the registered name, not a longer one). A name
    that already ended on the way (世界卫生组织总干事根据大会, 世界首脑会议和大会) or a 和 / 及 right before
    (国际标准和大会: two things coordinated) leaves the bare word on its own."""
    if start == 0 or text[start - 1] in "和及":
        return False
    begin = start
    while begin > max(0, start - _NAME_REACH) and not _NAME_BREAK.match(text[begin - 1]):
        begin -= 1
    head = _NAME_HEAD.search(text, begin, start)
    if head is None or head.end() >= start:
        return False
    return not any(suffix in text[head.end():start] for suffix in ORG_SUFFIXES)


def _latin_glued(text: str, start: int, end: int, markers: frozenset[int] = frozenset()) -> bool:
    """A Latin name glued to another Latin letter or digit (``ASEANx``) is not that name; a footnote
    marker right after it (``H6`` + marker ``1``) does not count."""
    def alnum(i: int) -> bool:
        return 0 <= i < len(text) and i not in markers and text[i].isascii() and text[i].isalnum()
    return (alnum(start) and alnum(start - 1)) or (alnum(end - 1) and alnum(end))


# -- resolutions and decisions ------------------------------------------------------------------

# One printed symbol token, in NFKC text (half-width brackets). Named groups say which shape it is.
_SYM = re.compile(
    r"(?P<body>SS\.[IVXL]+/\d{1,4}|\d{1,4}(?:\s?[-–]\s?\d{1,4})?/CP\.\d{1,2})"  # only another body's: SS.VII/1, 9-15/CP.19
    r"|(?P<prefixed>(?:A|E)/(?:RES|DEC)/(?:E?S-)?\d{1,4}/\d{1,4}(?:\s?[A-Z](?![A-Za-z/]))?|S/RES/\d{1,4}\s?\(\d{4}\))"
    r"|(?P<sc>\d{1,4})\s?\((?P<sc_year>(?:19|20)\d\d)\)"
    r"|(?P<old>\d{1,4})(?:\s?[-–]\s?(?P<old_to>\d{1,4}))?\s?(?P<old_part>[A-Z])?\s?\((?P<old_session>(?:E?S-)?[IVXL]+)\)"
    r"|(?P<sess>(?:E?S-)?\d{1,4})/(?P<sess_n>\d{1,4})(?:\s?(?P<sess_part>[A-Z])(?![A-Za-z/\d]))?"
)
_MORE_PART = re.compile(r"\s*(?:(?P<list>和|、|及)|(?P<range>[-–]))\s*([A-Z])(?![A-Za-z/\d(])")  # 52/12 A 和 B, 69/263 A-C
#: 第 1514(XV)号和第 1541(XV)号; 1999 年第 53/242 号和 2012 年第 66/288 号 (a year may open each item)
_LIST_SEP = re.compile(r"\s*号?\s*(?:、|和|及|与|,|以及)\s*(?:(?:19|20)\d\d\s*年\s*)?第?\s*")
#: the word after 号 says what is cited: 决议 / 决定, another body's 主席声明 / 商定结论, or 文件 (大会第 69/313 号文件:
#: the resolution as a document)
_CITATION_END = re.compile(r"[\s|]*号\s*(决议|决定|主席声明|商定结论|文件)")
#: the kind of another body's text each word names (symbols.BODY_MANDATE_KINDS)
_WORD_KIND = {zh: kind for kind, (_, zh) in BODY_MANDATE_KINDS.items()}
_URL = re.compile(r"(?:https?://|www\.)\S+")

#: bodies whose resolutions we resolve; the registry ids of their names
_BODY_OF_ACTOR = {"ga": "GA", "sc": "SC", "ecosoc": "ECOSOC", "wha": "WHA"}
#: other actors that adopt numbered resolutions or decisions of their own; named right before a
#: citation they make it "other" (not resolved). Actors not listed (联合国, 世卫组织 …) are no cue.
_OTHER_ISSUERS = frozenset({
    "hrc", "unea", "unep", "unhabitat", "cnd", "ccpcj", "csw", "cpd", "csocd", "cdp", "unff", "escap", "eca",
    "eclac", "escwa", "ece", "cop", "pbc", "wto", "au", "unaids", "icsc", "ilc", "cpc",
    "unep_gc", "unhabitat_gc", "unwomen_eb", "untoc_cop", "uncac_cosp", "unfccc_cop", "statcom"})
#: bodies whose numbered texts get pages of their own (symbols.BodyMandate): the issuers of the other
#: bodies' 立法授权 lists in A/71/6/Rev.1 (ECOSOC for its agreed conclusions and communiqués)
BODY_ISSUERS = frozenset({
    "hrc", "cnd", "ccpcj", "csw", "cpd", "escap", "eca", "eclac", "escwa", "ece", "unea", "unep_gc", "unhabitat_gc",
    "unwomen_eb", "untoc_cop", "uncac_cosp", "unfccc_cop", "statcom"})
#: bare words for some other body; a citation right after one is not resolved (统计委员会第 41/112 号决定)
_OTHER_BODY = re.compile(r"委员会|理事会|缔约方会议|缔约国会议|执行局|董事会")
_CUE_WINDOW = 60  #: how far before 第 to look for the body (大会在其题为“…”的第 58/269 号决议)
_BARE_CUE_WINDOW = 10  #: how far before 第 a bare 委员会 / 理事会 counts (理事会在其第 19/1 号决定)


@dataclass(frozen=True)
class Token:
    """One printed symbol token: its span and its shape (from _SYM)."""

    start: int
    end: int
    shape: str  #: prefixed / sc / old / sess / part (a further lettered part of the previous token)
    groups: dict


def read_tokens(text: str, pos: int) -> tuple[list[Token], int]:
    """Symbol tokens from ``pos`` separated by list separators; returns (tokens, end of last token).

    ``57/300 号、第 66/233 号、第 68/251 号和第 70/9`` → four tokens; ``52/12 A 和 B`` → two (the second
    of shape ``part``); ``48/218 B、54/244`` → two. A range is one token per symbol it stands for:
    ``69/263 A-C`` → 69/263 A, B, C; ``928–935(XLVIII)`` → 928 … 935; ``9-15/CP.19`` → 9/CP.19 … 15/CP.19.
    The members a range implies are printed nowhere: their span is the whole range (as subprogrammes ``1 至 5``).
    """
    tokens: list[Token] = []
    m = _SYM.match(text, pos)
    while m:
        shape = next(k for k in ("body", "prefixed", "sc", "old", "sess") if m.group(k))
        tokens += _range_tokens(m, shape)
        end = m.end()
        part = _MORE_PART.match(text, end) if shape == "sess" and m.group("sess_part") else None
        while part:
            letter = part.group(3)
            if part.group("range"):
                previous = tokens[-1].groups["part"] if tokens[-1].shape == "part" else m.group("sess_part")
                range_start = tokens[-1].end - 1
                tokens += [Token(range_start, part.end(3), "part", {"part": chr(implied), "implied": True})
                           for implied in range(ord(previous) + 1, ord(letter))]
            tokens.append(Token(part.start(3), part.end(3), "part", {"part": letter}))
            end = part.end()
            part = _MORE_PART.match(text, end)
        sep = _LIST_SEP.match(text, end)
        m = _SYM.match(text, sep.end()) if sep else None
    return tokens, (max(token.end for token in tokens) if tokens else pos)


_RANGE = re.compile(r"(\d+)\s?[-–]\s?(\d+)")
_RANGE_LIMIT = 30  #: a printed range spans a few texts; a longer "range" is no range (2014-2024)


def _range_tokens(m: re.Match[str], shape: str) -> list[Token]:
    """One token, or one per member of a printed range (``928–935(XLVIII)``, ``9-15/CP.19``): the first
    spans its own number, the last from its number to the end, the implied ones the whole range."""
    groups = m.groupdict()
    numbers = _RANGE.match(m.group(0)) if (shape == "old" and groups["old_to"]) or shape == "body" else None
    if numbers is None:
        return [Token(m.start(), m.end(), shape, groups)]
    first, last = int(numbers.group(1)), int(numbers.group(2))
    if not 0 < last - first <= _RANGE_LIMIT:
        return []
    rest = m.group(0)[numbers.end():]  # (XLVIII), /CP.19
    tokens = []
    for number in range(first, last + 1):
        start = m.start() + numbers.start(2) if number == last else m.start()
        end = m.start() + numbers.end(1) if number == first else m.end()
        member = dict(groups, old_to=None, implied=first < number < last)
        member[shape] = str(number) if shape == "old" else f"{number}{rest}"
        tokens.append(Token(start, end, shape, member))
    return tokens


def symbols_for(tokens: list[Token], body: str | None, word: str | None) -> list[tuple[Token, Symbol]]:
    """Canonical symbols for tokens read under ``body`` (GA / SC / ECOSOC / WHA, "other" or None).

    ``word`` is 决议 or 决定 when the text says which; a number that contradicts it (a GA "决定" below
    401) means the body guess is wrong, so nothing is resolved. Invalid symbols are dropped.
    """
    out: list[tuple[Token, Symbol]] = []
    previous: Symbol | None = None
    for token in tokens:
        try:
            symbol = _symbol(token, body, previous)
        except ValueError:
            symbol = None
        previous = symbol if token.shape != "part" else previous
        if symbol is None:
            continue
        if word in ("主席声明", "商定结论"):
            continue  # another body's texts; the Security Council's statements are documents (S/PRST/…)
        if word in ("决议", "决定") and symbol.body in ("GA", "ECOSOC") and (symbol.kind == "decision") != (word == "决定"):
            continue
        out.append((token, symbol))
    return out


def cited(tokens: list[Token], body: str | None, issuer: str | None, word: str,
          last_issuer: Callable[[], str | None]) -> list[tuple[Token, Symbol | BodyMandate]]:
    """What a citation's tokens stand for under ``body`` (GA / SC / ECOSOC / WHA, "other" with ``issuer``, or None):
    Symbols, another body's BodyMandates, and, when no body is established, for tokens no default reading
    accepts (929(XLVIII): the GA had no 48th session of that numbering) the issuer named last before them."""
    found: list[tuple[Token, Symbol | BodyMandate]] = list(symbols_for(tokens, body, word))  # 2167(2014): the SC's
    if body == "other":
        return found + body_symbols_for(tokens, issuer, word)
    if body in ("GA", "ECOSOC", "WHA") and word in ("商定结论", "主席声明"):
        # 经社理事会…的第 1997/2 号商定结论: the body's own texts of another kind (ecosoc:ac:1997/2); the Security
        # Council's presidential statements are documents (S/PRST/…), read by the document matcher
        return found + body_symbols_for(tokens, MAIN_BODY_ACTORS[body], word)
    if body is None:
        unread = [token for token in tokens if _no_reading(token)]
        if unread:
            found += body_symbols_for(unread, last_issuer(), word)
    return found


def _no_reading(token: Token) -> bool:
    """A token no GA / SC / ECOSOC rule reads (its shape, not the word after it, rules it out)."""
    if token.shape == "part":
        return False
    try:
        return _symbol(token, None, None) is None
    except ValueError:
        return True


def body_symbols_for(tokens: list[Token], issuer: str | None, word: str) -> list[tuple[Token, BodyMandate]]:
    """Another body's texts (symbols.BodyMandate) for tokens cited under ``issuer`` (an actor id of BODY_ISSUERS,
    or None when the body is not established); ``word`` (决议, 决定, 主席声明, 商定结论) says the kind.

    ``1/CP.16`` is a decision of the UNFCCC Conference of the Parties whatever the text names (the designation
    says it); ``SS.VII/1``, ``25/4``, ``928(XLVIII)`` are the issuer's. A lettered part (``52/12 A``) or a
    number(year) has no BodyMandate form and gives nothing.
    """
    out = []
    for token in tokens:
        g = token.groups
        body, kind = issuer, _WORD_KIND.get(word)
        if token.shape == "body" and _CP.fullmatch(re.sub(r"\s+", "", g["body"])):
            body, kind = "unfccc_cop", "decision"
        number = {"body": lambda: g["body"], "old": lambda: f"{g['old']}({g['old_session']})" if not g["old_part"] else "",
                  "sess": lambda: f"{g['sess']}/{g['sess_n']}" if not g["sess_part"] else ""}.get(token.shape, lambda: "")()
        if body is None or kind is None or not number:
            continue
        try:
            out.append((token, BodyMandate(body, kind, re.sub(r"\s+", "", number))))
        except ValueError:
            continue
    return out


def _symbol(token: Token, body: str | None, previous: Symbol | None) -> Symbol | None:
    g = token.groups
    if token.shape == "body":
        return None  # another body's designation (BodyMandate), never a Symbol
    if token.shape == "prefixed":
        return Symbol.parse(_canonical_prefixed(g["prefixed"]))
    if token.shape == "part":
        if previous is None or previous.part is None:
            return None
        return Symbol(previous.body, previous.kind, previous.number, previous.session, previous.year, g["part"])
    if token.shape == "sc":
        return Symbol("SC", "resolution", int(g["sc"]), year=int(g["sc_year"]))
    if body == "other":
        return None
    if token.shape == "old":
        old_body = "ECOSOC" if body == "ECOSOC" else "GA"
        return Symbol(old_body, "resolution", int(g["old"]), session=g["old_session"], part=g["old_part"])
    first, number = g["sess"], int(g["sess_n"])
    if re.fullmatch(r"(?:19|20)\d\d", first):  # year/number: ECOSOC's numbering since 1978
        return Symbol.ecosoc(int(first), number) if not g["sess_part"] else None
    return Symbol.ga(first, number, g["sess_part"])


def _canonical_prefixed(text: str) -> str:
    """``A/RES/70/1`` stays; ``S/RES/2167(2014)`` → ``S/RES/2167 (2014)``; ``A/RES/57/283B`` → ``… B``."""
    text = re.sub(r"\s*\(", " (", text)
    return re.sub(r"(\d)\s?([A-Z])$", r"\1 \2", text)


class CitationMatcher:
    """Resolutions and decisions cited as ``第 … 号决议 / 号决定``, alone or in a list.

    Examples from the sources::

        大会第 72/139 号决议                                   000 ¶1    → A/RES/72/139
        联大关于…的第 71/243 号决议                              001 ¶11   → A/RES/71/243
        第 57/300 号、第 66/233 号、第 68/251 号和第 70/9 号决议     003 1.x   → four GA resolutions
        会议委员会根据大会第 43/222 B 号决议                       003 1.x   → A/RES/43/222 B
        大会第 70/93 A 和 B 号决议                              003 24.x  → A/RES/70/93 A, A/RES/70/93 B
        安全理事会第 2167(2014)和 2033(2012)号决议                003 9.x   → S/RES/2167 (2014), S/RES/2033 (2012)
        经济及社会理事会第 671 A(XXV)号决议                       003 15.4  → E/RES/671 A (XXV)
        大会第 2252(ES-V)号决议                                003 22.x  → A/RES/2252 (ES-V)
        根据大会 ES-10/17 号决议 (no 第)                         003 2.x   → A/RES/ES-10/17
        见经济及社会理事会第 2001/321 号决定                      003 fn    → E/DEC/2001/321
        大会第 69/313 号文件，附件                              003 9.5   → A/RES/69/313 (the resolution as a document)
        经社理事会关于…的第 1997/2 号商定结论                      003 15.x  → ecosoc:ac:1997/2
        见 S-30/1 号决议 (no 第, no body)                        003 13.x  → A/RES/S-30/1
        实施 1/CP.16 号决定第 70 段                              003 11.x  → unfccc_cop:dec:1/CP.16
        统计委员会第 41/112 号决定                                003 17.x  → statcom:dec:41/112
        联合国环境大会的两项决议，即…的第 1/5 号决议                003 11.30 → unea:1/5
        人居署将根据理事会 2015 年 4 月 23 日第 25/4 号决议          003 12.8  → unhabitat_gc:25/4 (理事会 of 人居署)
        非洲经委会第四十八届会议通过的决议…的第 929(XLVIII)号决议     003 15.5  → eca:929(XLVIII)
        第 8/1 号主席声明 (in 人权理事会商定的主席声明)               003 20.x  → hrc:prst:8/1

    The body is the nearest body named before ``第`` in the same sentence (大会, 安全理事会 / 安理会,
    经济及社会理事会 / 经社理事会, 卫生大会); without one the shape decides: number(year) → SC,
    year/number → ECOSOC, session/number and number(roman) → GA. ``号决定`` / ``号决议`` must agree with
    the numbering rules (GA decisions 401+, ECOSOC decisions 201+), else the citation is not resolved.
    Another body's texts are BodyMandates of that body (BODY_ISSUERS): named, or a bare 委员会 / 理事会 /
    执行局 right before (dates aside) that stands for the governing body of the actor named before it
    (人居署 … 理事会: the actor whose name is 人居署's full name + 理事会) or for that actor itself when
    its name ends so (非洲经委会 … 委员会). A citation no body establishes, whose numbers no default
    reading accepts (929(XLVIII) is no GA session), is the last body issuer named earlier in the unit.
    Where no body is established nothing is resolved.
    """

    name = "citation"

    def __init__(self, governing: dict[tuple[str, str], str] | None = None,
                 full_names: dict[str, str] | None = None):
        """``governing``: (actor id, bare word) → the actor id of its governing body (unhabitat, 理事会 →
        unhabitat_gc); ``full_names``: actor id → full Chinese name."""
        self.governing = governing or {}
        self.full_names = full_names or {}

    def find(self, text: str, actors: list[Hit], default_body: str | None = None,
             default_issuer: str | None = None) -> list[Hit]:
        """``default_body`` / ``default_issuer``: the body (and other body's actor id) when the text names none
        (a mandate entry's group)."""
        folded = fold(text)
        bodies = _BodyCues(text, actors, self.governing, self.full_names)
        lists = _TokenLists(folded.text)
        read_from: dict[tuple[int, str | None, str | None], int] = {}  #: (list, body, issuer) -> first token read so
        hits: list[Hit] = []
        for start, cue_end in self._starts(folded, actors):
            number, tokens, first, end = lists.at(start)
            close = _CITATION_END.match(folded.text, end) if first < len(tokens) else None
            if not close:
                continue
            body, issuer = bodies.before(cue_end)
            if body is None:
                body, issuer = default_body, default_issuer
            # every 第 of a list starts a read of the rest of it: under a body already read from an earlier
            # token the same symbols come out again (and lose to the first), so each list is read once per body (and issuer)
            upto = read_from.get((number, body, issuer), len(tokens))
            if first >= upto:
                continue
            read_from[(number, body, issuer)] = first
            found = cited(tokens[first:upto], body, issuer, close.group(1), lambda: bodies.last_issuer(cue_end))
            for token, symbol in found:
                hits.append(Hit("resolution", str(symbol), *folded.span(token.start, token.end), self.name,
                                bool(token.groups.get("implied"))))
        return hits

    @staticmethod
    def _starts(folded: Folded, actors: list[Hit]) -> Iterator[tuple[int, int]]:
        """Where a list of symbols may start (folded offset), with the original offset to look back from:
        after ``第``, and straight after a body's name (``根据大会 ES-10/17 号决议``, 003 programme 2)."""
        for m in re.finditer(r"第\s*", folded.text):
            yield m.end(), folded.origin[m.start()]
        for hit in actors:
            if hit.entity in _BODY_OF_ACTOR:
                at = bisect_left(folded.origin, hit.end)
                yield re.compile(r"\s*").match(folded.text, at).end(), hit.end
        for m in _BARE_START.finditer(folded.text):  # 见 S-30/1 号决议: a symbol no 第 or body opens
            yield m.start(), folded.origin[m.start()]


class _TokenLists:
    """The symbol lists of one text, each read once (read_tokens): a read from a token inside a list (the
    second 第 of ``第 57/300 号、第 66/233 号``) is the rest of that list, as reading goes by position only."""

    def __init__(self, text: str):
        self.text = text
        self.lists: list[tuple[list[Token], int]] = []  #: (tokens, end of the last one)
        self.token_at: dict[int, tuple[int, int]] = {}  #: start of a token -> (list, index in it)

    def at(self, pos: int) -> tuple[int, list[Token], int, int]:
        """(list number, its tokens, index of the token at ``pos``, end of the list) for a read from ``pos``."""
        if pos not in self.token_at:
            tokens, end = read_tokens(self.text, pos)
            self.lists.append((tokens, end))
            if not tokens:
                return len(self.lists) - 1, tokens, 0, end
            for i, token in enumerate(tokens):
                if token.shape != "part":  # (a part letter alone, ``B``, starts no read)
                    self.token_at.setdefault(token.start, (len(self.lists) - 1, i))
        number, index = self.token_at[pos]
        tokens, end = self.lists[number]
        return number, tokens, index, end


_BARE_START = re.compile(r"(?<![\w/.\-])(?=(?:E?S-|SS\.)?[0-9IVXL]+(?:-\d+)?/(?:CP\.)?\d)")
#: a date between a bare body word and its citation: 理事会 2015 年 4 月 23 日第 25/4 号决议
_DATE = re.compile(r"(?:19|20)\d\d\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?")
_BARE_WORDS = ("委员会", "理事会", "执行局")  #: bare words that may stand for a body named before


class _BodyCues:
    """The bodies named in one text, found by position: every citation looks back only _CUE_WINDOW characters,
    so a paragraph with thousands of citations costs O(log n) each, not a pass over all its actors."""

    def __init__(self, text: str, actors: list[Hit], governing: dict[tuple[str, str], str],
                 full_names: dict[str, str]):
        self.text = text
        self.bodies = sorted((h for h in actors if h.entity in _BODY_OF_ACTOR or h.entity in _OTHER_ISSUERS),
                             key=lambda h: h.start)
        self.starts = [h.start for h in self.bodies]
        self.actors = sorted(actors, key=lambda h: h.start)
        self.actor_starts = [h.start for h in self.actors]
        self.names = claimed_from((h.start, h.end) for h in actors)
        self.governing, self.full_names = governing, full_names
        self.issuers = [h for h in self.actors if h.entity in BODY_ISSUERS]
        self.issuer_starts = [h.start for h in self.issuers]

    def before(self, pos: int) -> tuple[str | None, str | None]:
        """(GA / SC / ECOSOC / WHA, "other" or None; the other body's actor id when known): the nearest body
        named before ``pos`` in its sentence."""
        text, window = self.text, max(pos - _CUE_WINDOW, 0)  # (a sentence end before the window changes nothing)
        floor = max(text.rfind("。", window, pos) + 1, text.rfind("；", window, pos) + 1, window)
        # 关于 X 的第 N 号决议 is "resolution N on X": a body named after 关于 is the topic, not the issuer
        # (经济及社会理事会关于设立西亚经社会的第1818(LV)号决议 is ECOSOC's).
        topic_from = text.rfind("关于", floor, pos)
        cues: list[tuple[int, str, str | None]] = []
        for hit in self.bodies[bisect_left(self.starts, floor):bisect_left(self.starts, pos)]:
            if hit.end <= pos and (topic_from < 0 or hit.start < topic_from):
                cues.append((hit.end, _BODY_OF_ACTOR.get(hit.entity, "other"),
                             hit.entity if hit.entity in BODY_ISSUERS else None))
        # a bare 委员会 / 理事会 counts only right before the citation (统计委员会第 41/112 号决定; a date may come
        # between), not as a distant subject (…国际委员会及其提供商论坛的执行秘书处(第 61/111 号… is the GA's)
        for m in _OTHER_BODY.finditer(text, floor, pos):
            if not self.names.covers(m.start()) and len(_DATE.sub("", text[m.end():pos]).strip()) <= _BARE_CUE_WINDOW - 3:
                cues.append((m.end(), "other", self._anaphor(m.group(0), m.start())))
        if not cues:
            return None, None
        _, body, issuer = max(cues, key=lambda cue: cue[0])
        return body, issuer

    def _anaphor(self, word: str, pos: int) -> str | None:
        """The body a bare word stands for: the governing body (word) of the nearest actor named before, or that
        actor when it is a body issuer whose full name ends with the word."""
        for hit in reversed(self.actors[:bisect_left(self.actor_starts, pos)]):
            if (hit.entity, word) in self.governing:
                return self.governing[(hit.entity, word)]
            if hit.entity in BODY_ISSUERS and self.full_names.get(hit.entity, "").endswith(word):
                return hit.entity
        return None

    def last_issuer(self, pos: int) -> str | None:
        """The body issuer (BODY_ISSUERS) named last before ``pos`` anywhere in the text."""
        at = bisect_left(self.issuer_starts, pos)
        return self.issuers[at - 1].entity if at else None


class SymbolMatcher:
    """Resolution symbols printed in full in running text.

    Examples: ``2015 年 9 月，大会通过了第 A/RES/70/1 号决议`` (003) → A/RES/70/1;
    ``S/RES/2167(2014)`` → S/RES/2167 (2014). Text inside URLs is skipped (links are not citations).
    """

    name = "symbol"
    pattern = re.compile(r"(?<![A-Za-z0-9/])(?:(?:A|E)/(?:RES|DEC)/(?:E?S-)?\d{1,4}/\d{1,4}(?:\s?[A-Z](?![A-Za-z/]))?"
                         r"|S/RES/\d{1,4}\s?\(\d{4}\))")

    def find(self, text: str) -> list[Hit]:
        folded = fold(text)
        urls = claimed_from(m.span() for m in _URL.finditer(folded.text))
        hits = []
        for m in self.pattern.finditer(folded.text):
            if urls.covers(m.start()):
                continue
            try:
                symbol = Symbol.parse(_canonical_prefixed(m.group(0)))
            except ValueError:
                continue
            hits.append(Hit("resolution", str(symbol), *folded.span(*m.span()), self.name))
        return hits


class WhaMatcher:
    """World Health Assembly decisions ``WHA69(15)`` and resolutions ``WHA71.1``.

    Example: ``卫生大会 WHA69(15)和 WHA70(18)号决定`` (001 ¶9) → WHA69(15), WHA70(18).
    """

    name = "wha"
    pattern = re.compile(r"(?<![A-Za-z0-9])WHA\s?(\d{1,2})(?:\s?\((\d{1,2})\)|\.(\d{1,2}))(?![\d])")

    def find(self, text: str) -> list[Hit]:
        folded = fold(text)
        hits = []
        for m in self.pattern.finditer(folded.text):
            if m.group(2):
                symbol = Symbol("WHA", "decision", int(m.group(2)), session=m.group(1))
            else:
                symbol = Symbol("WHA", "resolution", int(m.group(3)), session=m.group(1))
            start, end = folded.span(*m.span())
            hits.append(Hit("resolution", str(symbol), start, end, self.name))
        return hits


#: another body's number as printed in running text or a mandate entry (spaces allowed, checked by BodyMandate)
_BODY_NUM = (r"(?:S-|SS\.)?[0-9IVXL]+(?:-\d+)?/(?:CP\.)?\d+|\d+\s?\([IVXL]+\)|\d+\s?\([A-Z]+\s?\d+\s?[A-Z]?\)"  # 830(MFC 1 A)
             r"|[A-Z]\s?\(\d+\)|(?:19|20)\d\d")
_BODY_NUM_RE = re.compile(_BODY_NUM)
_BODY_CITATION = re.compile(rf"\s*(?:在其)?\s*第\s*(?P<list>(?:{_BODY_NUM})(?:\s*号?\s*(?:、|和|及|与|,)\s*第?\s*(?:{_BODY_NUM}))*)"
                            r"\s*号\s*(?P<word>决议|决定)")


class BodyCitationMatcher:
    """Resolutions and decisions of the other bodies (BODY_ISSUERS) cited with the body named right before 第.

    Examples from the sources (A/71/6/Rev.1)::

        人权理事会第 5/1 号决议的后续行动                         programme 20, entry 6/102 → hrc:5/1
        对人权理事会第 16/21 号决议普遍定期审议…                   programme 20, entry 17/119 → hrc:16/21
        (人口与发展委员会第 2014/1 号决议：《国际人口与发展会议…    programme 7               → cpd:2014/1
        环境署理事会在其第 19/1 号决定中进一步阐明环境署的任务       programme 11              → unep_gc:dec:19/1
        统计委员会第 41/112 号决定                                programme 7               → nothing (统计委员会
                                                                  is no registered issuer)

    The body must be named immediately before (``在其`` may come between); ``关于人权理事会…`` names
    a topic, not the issuer, and gives nothing. The number is checked by ``BodyMandate``; the kind is
    the word 决议 / 决定 as printed.
    """

    name = "body_citation"

    def find(self, text: str, actors: list[Hit]) -> list[Hit]:
        folded = fold(text)
        hits: list[Hit] = []
        for actor in actors:
            if actor.entity not in BODY_ISSUERS or text[max(0, actor.start - 2):actor.start] == "关于":
                continue
            at = bisect_left(folded.origin, actor.end)
            m = _BODY_CITATION.match(folded.text, at)
            if not m:
                continue
            kind = "decision" if m.group("word") == "决定" else "resolution"
            for number in _BODY_NUM_RE.finditer(folded.text, m.start("list"), m.end("list")):
                try:
                    entity = BodyMandate(actor.entity, kind, re.sub(r"\s+", "", number.group(0)))
                except ValueError:
                    continue
                hits.append(Hit("resolution", str(entity), *folded.span(*number.span()), self.name))
        return hits


class DocumentMatcher:
    """UN document symbols that are not resolutions: reports, notes, presidential statements.

    Examples: ``文件 A/72/684-E/2018/7`` (001 fn) → one document (a joint symbol stays whole);
    ``A/72/124- E/2018/3`` wrapped in 001 is joined by the parser; ``(A/70/357-S/2015/682)`` (003)
    → A/70/357-S/2015/682 (the closing bracket is not part of it); ``A/59/6/Rev.1``, ``S/PRST/2015/22``.
    A/RES and A/DEC symbols belong to the resolution matchers; URLs are skipped.
    """

    name = "document"
    _one = r"(?:A|S|E|ST|TD|CD|ECE|CEP|WT)(?:/[A-Za-z0-9.()\-]+)+"
    # a joint symbol wrapped after its hyphen keeps a space in some texts: A/72/124- E/2018/3
    pattern = re.compile(rf"(?<![A-Za-z0-9/.\-]){_one}(?:(?<=-)\s+{_one})*")

    def find(self, text: str) -> list[Hit]:
        folded = fold(text)
        urls = claimed_from(m.span() for m in _URL.finditer(folded.text))
        hits = []
        for m in self.pattern.finditer(folded.text):
            printed = _trim_symbol(m.group(0))
            symbol = re.sub(r"\s+", "", printed)
            if re.match(r"[AES]/(?:RES|DEC)/", symbol) or not re.search(r"\d", symbol) or \
                    urls.covers(m.start()) or _CITATION_END.match(folded.text, m.end()):
                continue  # 大会 1997 年 S/19-2 号决议: a misprinted resolution, not a document
            start, end = folded.span(m.start(), m.start() + len(printed))
            hits.append(Hit("document", symbol, start, end, self.name))
        return hits


def _trim_symbol(symbol: str) -> str:
    """Drop trailing punctuation and unbalanced brackets: ``A/62/16)`` → ``A/62/16``;
    ``A/71/6(Part one)`` (a space inside) → ``A/71/6``."""
    if symbol.count("(") > symbol.count(")"):
        symbol = symbol[:symbol.rindex("(")]
    opening, closing = symbol.count("("), symbol.count(")")  # counted once: a symbol may be a whole paragraph long
    end = len(symbol)
    while end and (symbol[end - 1] in ".-/" or (symbol[end - 1] == ")" and closing > opening)):
        closing -= symbol[end - 1] == ")"
        end -= 1
    return symbol[:end]


# -- SDGs ---------------------------------------------------------------------------------------

_GOAL_NUMBER = r"(1[0-7]|[1-9])(?![\d.%年个届])"
_PAREN = r"(?:\s*\([^()]{0,80}\))?"  # 目标 17(加强执行手段，…)
_GOAL_MORE = re.compile(_PAREN + r"\s*(?:、|,|和|及|以及|与)\s*" + _GOAL_NUMBER)


def _goal_list(folded: Folded, m: re.Match[str], matcher: str) -> list[Hit]:
    """The goal at ``m`` (group 1) and any further goals listed after it (``目标 1、11、13、16 和 17``)."""
    hits = [Hit("goal", m.group(1), *folded.span(m.start(), m.end()), matcher)]
    more = _GOAL_MORE.match(folded.text, m.end())
    while more:
        hits.append(Hit("goal", more.group(1), *folded.span(more.start(1), more.end(1)), matcher))
        more = _GOAL_MORE.match(folded.text, more.end())
    return hits


class TargetMatcher:
    """SDG targets cited by number.

    Examples: ``可持续发展目标的具体目标3.c`` (002) → 3.c; ``可持续发展目标具体目标 3.5`` (003 13.x) → 3.5;
    ``包括其中的目标 3.5(呼吁努力加强…)`` (003 13.22) → 3.5 (a dotted number after 目标 is a target).
    The targets of a goal are also cited as its paragraphs: ``可持续发展目标 17 关于数据、监测和问责制的第17.18
    和 17.19 段`` (003 16.44) → 17.18, 17.19 (numbers of the goal just named, in the same clause).
    Targets not in the registry are not reported.
    """

    name = "target"
    pattern = re.compile(r"(?:具体)?目标\s*(1[0-7]|[1-9])\.([a-z]|\d{1,2})(?![\da-z])")
    _ID = r"(?:[a-z]|\d{1,2})(?![\da-z])"
    paragraphs = re.compile(r"可持续发展目标\s*(1[0-7]|[1-9])(?![\d.])[^。；]{0,40}?第\s*"
                            r"(?P<list>\1\." + _ID + r"(?:\s*(?:和|、|及|与)\s*\1\." + _ID + r")*)\s*段")

    def __init__(self, registries: Registries):
        self.known = {t.id for t in registries.targets}

    def find(self, text: str) -> list[Hit]:
        folded = fold(text)
        hits = []
        for m in self.pattern.finditer(folded.text):
            target = f"{m.group(1)}.{m.group(2)}"
            if target in self.known:
                hits.append(Hit("target", target, *folded.span(*m.span()), self.name))
        for m in self.paragraphs.finditer(folded.text):
            for number in re.finditer(re.escape(m.group(1)) + r"\." + self._ID, folded.text[:m.end("list")]):
                if number.start() >= m.start("list") and number.group(0) in self.known:
                    hits.append(Hit("target", number.group(0), *folded.span(*number.span()), self.name))
        return sorted(hits, key=lambda h: h.start)


class SdgGoalMatcher:
    """SDG goals named as such, alone or in a list.

    Examples::

        可持续发展目标 3以及与健康相关的其他目标                       000 ¶4     → 3
        可持续发展目标 17(加强执行手段，重振可持续发展全球伙伴关系)      000 summary → 17
        可持续发展目标 1、2、4、5、8、9、10、11、12、13、16 和 17       003        → twelve goals
        可持续发展目标之目标11 / 可持续发展目标的目标 16                003        → 11 / 16
        可持续发展目标 5 和 2063 年议程                             003        → 5 only
        按照可持续发展目标的具体目标3监测                           002 l.254  → 3 (the target's number is
                                                                    lost in the source; the goal is certain)
    """

    name = "sdg_goal"
    pattern = re.compile(r"可持续发展目标\s*(?:(?:之|的)\s*(?:具体)?目标\s*)?" + _GOAL_NUMBER)

    def find(self, text: str) -> list[Hit]:
        folded = fold(text)
        hits: list[Hit] = []
        for m in self.pattern.finditer(folded.text):
            hits += _goal_list(folded, m, self.name)
        return hits


class BareGoalMatcher:
    """``目标 N`` alone, taken as an SDG only where the unit speaks of the SDGs.

    ``目标 N`` is ambiguous (千年发展目标 1 is a Millennium Development Goal; a programme has
    objectives). It counts when N is 1-17, it is not preceded by 千年发展 / 可持续发展 (handled by
    SdgGoalMatcher) / 具体, and the unit has an SDG cue: 可持续发展, 2030 or 特别是目标 (003's
    footnotes "特别是目标 5(…)、目标 15(…)" list SDGs). Examples: ``努力实现目标 3以及与健康相关的其他
    目标`` (000 summary) → 3; ``特别是目标 3、4、6、11、12、13、16 和 17`` (003 17.9) → eight goals;
    ``实现千年发展目标 1(在全世界消除…)`` (003 16.x) → nothing.
    """

    name = "bare_goal"
    pattern = re.compile(r"(?<!千年发展)(?<!具体)目标\s*" + _GOAL_NUMBER)
    cue = re.compile(r"可持续发展|2030|特别是目标")

    def find(self, text: str) -> list[Hit]:
        folded = fold(text)
        if not self.cue.search(folded.text):
            return []
        hits: list[Hit] = []
        for m in self.pattern.finditer(folded.text):
            hits += _goal_list(folded, m, self.name)  # 可持续发展目标 3 itself: SdgGoalMatcher wins the span
        return hits


# -- programmes ---------------------------------------------------------------------------------


class ProgrammeMatcher:
    """``方案 N`` in the programme plan (A/71/6/Rev.1) refers to its programme N.

    Examples: heading ``方案 13`` → 13; ``2018-2019年期间战略框架方案 17“欧洲经济发展”`` → 17.
    ``方案 25A 节`` (003 fn 12: section 25A of the budget, a part of programme 25) → 25.
    Not ``次级方案 2`` (SubprogrammeMatcher), not
    ``改革方案57/300`` (a title running into a symbol), and only in the document the programme
    registry names (other documents' 方案 are not these programmes).
    """

    name = "programme"
    pattern = re.compile(r"(?<!次级)方案\s*(\d{1,2})(?:[A-Z](?=\s*节))?(?![\d/A-Za-z.])")

    def __init__(self, registries: Registries):
        self.known = {str(p.number) for p in registries.programmes}

    def find(self, text: str, context: Context) -> list[Hit]:
        if not context.programme_document:
            return []
        folded = fold(text)
        return [Hit("programme", m.group(1), *folded.span(*m.span()), self.name)
                for m in self.pattern.finditer(folded.text) if m.group(1) in self.known]


class SubprogrammeMatcher:
    """``次级方案 k`` on a programme page refers to subprogramme k of that page's programme.

    Examples: ``12.11 次级方案 2(城市规划和设计)`` (programme 12) → 12.2; ``与次级方案 3 和 4 协调``
    → two; ``(次级方案 1、2、3、4 和 7)`` → five; ``贸发会议负责次级方案 1 至 5`` → 1 … 5 (a range;
    2, 3 and 4 are printed nowhere, so their span is the range ``1 至 5``).
    ``本次级方案`` has no number and is not a mention. Outside a programme page nothing is reported.
    """

    name = "subprogramme"
    pattern = re.compile(r"次级方案\s*(\d{1,2})(?![\d/.])")
    more = re.compile(r"\s*(、|,|和|及|至|到|-)\s*(\d{1,2})(?![\d/.])")

    def find(self, text: str, context: Context) -> list[Hit]:
        if not context.programme_document or context.programme is None:
            return []
        folded = fold(text)
        hits = []
        for m in self.pattern.finditer(folded.text):
            numbers = [(int(m.group(1)), m.start(), m.end())]
            more = self.more.match(folded.text, m.end())
            while more:
                k = int(more.group(2))
                if more.group(1) in "至到-" and k > numbers[-1][0]:
                    # the numbers a range implies are printed nowhere: they span the range ("1 至 5")
                    first, first_start = numbers[-1][0], numbers[-1][2] - len(str(numbers[-1][0]))
                    numbers += [(j, first_start, more.end(2)) for j in range(first + 1, k)]
                    numbers.append((k, more.start(2), more.end(2)))
                else:
                    numbers.append((k, more.start(2), more.end(2)))
                more = self.more.match(folded.text, more.end())
            for k, start, end in numbers:
                hits.append(Hit("subprogramme", f"{context.programme}.{k}", *folded.span(start, end), self.name))
        return hits


# -- mandate entries ----------------------------------------------------------------------------


def mandate_body(title: str, actors: ActorMatcher) -> str | None:
    """The body of a mandate group from its title: 大会决议和决定 → GA, 安理会决议 → SC, … ,
    "other" for another body (人权理事会的决议和决定) or a list of no resolutions or decisions,
    None when there is no title (the numbers' shape decides)."""
    if title and "决议" not in title and "决定" not in title:
        # a list of something else: agreed conclusions (经济及社会理事会的商定结论 1995/1), ministerial
        # communiqués (…部长级公报 2003), conventions — their years and numbers are not resolutions
        return "other"
    hit = _heading_body(title, actors)
    if hit is None:
        return "other" if _OTHER_BODY.search(title) else None  # 理事会决定: whose council is not said
    return _BODY_OF_ACTOR.get(hit.entity, "other")


#: what follows the issuer's name in a heading that names it last: ``…缔约国会议的决议`` (003 l.7990)
_KIND_AFTER_BODY = re.compile(r"\s*的?\s*(?:决议|决定|商定结论|主席声明)")


def _heading_body(title: str, actors: ActorMatcher):
    """The actor a group heading names as the issuer: the name it opens with (大会决议和决定), or the name
    right before the kind of text (…举行的第四届《联合国反腐败公约》缔约国会议的决议); None when it names none."""
    hits = actors.find(title)
    if not hits:
        return None
    if hits[0].start <= 2:
        return hits[0]
    last = hits[-1]
    return last if _KIND_AFTER_BODY.match(title, last.end) else None


#: printed forms that name their body by themselves: a prefixed symbol (A/RES/…, E/DEC/…, S/RES/…) and the
#: Security Council's number (year); a session/number or an old number (Roman session) does not
SELF_NAMING_SHAPES = frozenset({"prefixed", "sc"})


#: a body word after a name (贸易和发展理事会决议和报告): the heading names a body the registry may not know;
#: a bare 理事会决定 names none
_NAMED_BODY = re.compile(rf"[^\W\d_](?:{_OTHER_BODY.pattern})")


def mandate_basis(num: str, title: str, actors: ActorMatcher, programme: int | None = None) -> str:
    """Where a mandate entry's issuing body comes from: ``heading`` (its group heading names the body),
    ``symbol`` (the printed number names it: A/RES/70/1, 2167(2014), 1/CP.21) or ``none``."""
    if (_heading_body(title, actors) is not None or mandate_issuer(title, actors, programme) is not None
            or _NAMED_BODY.search(title)):
        return "heading"
    folded = fold(num.strip())
    start = re.match(r"\s*第?\s*", folded.text).end()
    tokens, _ = read_tokens(folded.text, start)
    if tokens and tokens[0].shape in SELF_NAMING_SHAPES or _CP.search(folded.text):
        return "symbol"
    return "none"


def mandate_hits(num: str, body: str | None) -> list[tuple[str, str]]:
    """(surface, canonical symbol) for a mandate entry's printed number.

    ``54/192`` → A/RES/54/192 under GA; ``56/255，第八节`` → A/RES/56/255 (the section is ignored);
    ``52/12 A 和 B`` → A/RES/52/12 A and A/RES/52/12 B; ``671 A(XXV)`` → E/RES/671 A (XXV) under
    ECOSOC; ``2167(2014)`` → S/RES/2167 (2014); ``60/551`` → A/DEC/60/551 (401 and up).
    A group of another body yields nothing.
    """
    return [(num[start:end], entity) for start, end, entity in mandate_spans(num, body)]


def mandate_spans(num: str, body: str | None) -> list[tuple[int, int, str]]:
    """mandate_hits with the (start, end) of each symbol in ``num`` instead of its surface (``69/263 A-C``:
    A spans ``69/263 A``, the implied B the range ``A-C``, C its letter)."""
    if body in ("other", "WHA"):
        return []
    folded = fold(num)
    start = re.match(r"\s*第?\s*", folded.text).end()
    tokens, _ = read_tokens(folded.text, start)
    if body is None:  # no heading names the body: only a number that names its own body is resolved
        tokens = _self_naming(tokens)
    return [(*folded.span(token.start, token.end), str(symbol)) for token, symbol in symbols_for(tokens, body, None)]


def _self_naming(tokens: list[Token]) -> list[Token]:
    """The tokens whose printed form names their body, with the lettered parts that follow them."""
    kept, named = [], False
    for token in tokens:
        if token.shape != "part":
            named = token.shape in SELF_NAMING_SHAPES
        if named:
            kept.append(token)
    return kept


#: a group titled with a bare 理事会 / 执行局 lists the texts of the governing body of the programme's
#: own entity: programme 11 (environment; its text: 环境署理事会在其第 19/1 号决定, and SS.* numbers are the
#: Governing Council's special sessions), programme 12 (human settlements; 理事会 2013 年 4 月 19 日第 24/2 号决议
#: under 人居署), programme 14 (gender equality: 大会、经济及社会理事会和执行局为业务活动提供指导, UN-Women's Board)
_BARE_ISSUER = {("理事会", 11): "unep_gc", ("理事会", 12): "unhabitat_gc", ("执行局", 14): "unwomen_eb"}
#: bodies that number decisions apart from resolutions within a session, as the GA does from 401:
#: the Human Rights Council's decisions are numbered from 101 (2/102, 17/119 in its lists)
_FIRST_DECISION = {"hrc": 101}
_CP = re.compile(r"(?:\d+-)?\d+/CP\.\d+")  #: 1/CP.21: the designation of a decision of the UNFCCC COP
_ENTRY_NUM = re.compile(r"(?:第\s*)?(?P<number>.+?)(?:\s*号\s*(?P<word>决议|决定))?")


def mandate_issuer(title: str, actors: ActorMatcher, programme: int | None = None) -> str | None:
    """The actor id of the body whose numbered texts a group lists, when they are not GA / SC / ECOSOC /
    WHA resolutions or decisions (those are Symbols): 人权理事会的决议和决定 → hrc, 经济及社会理事会的商定结论
    → ecosoc, 理事会决定 in programme 11 → unep_gc (_BARE_ISSUER). None for the four bodies' own
    resolution lists and for lists of no body (《联合国宪章》条款, 公约)."""
    if mandate_body(title, actors) in _BODY_OF_ACTOR.values():
        return None
    hit = _heading_body(title, actors)
    if hit is not None and (hit.entity in BODY_ISSUERS or hit.entity == "ecosoc"):
        return hit.entity
    bare = re.match(r"(理事会|执行局)", title)
    return _BARE_ISSUER.get((bare.group(1), programme)) if bare and programme is not None else None


def _group_kind(title: str) -> str | None:
    """What a group lists, from its title: a kind of symbols.BODY_MANDATE_KINDS, "mixed" (决议和决定), or None."""
    for word, kind in (("商定结论", "agreed conclusions"), ("主席声明", "presidential statement"),
                       ("部长级公报", "ministerial communiqué")):
        if word in title:
            return kind
    if "决议" in title and "决定" in title:
        return "mixed"
    return "resolution" if "决议" in title else "decision" if "决定" in title else None


def body_mandate_hits(num: str, title: str, issuer: str | None) -> list[tuple[str, str]]:
    """(surface, canonical id) for an entry of another body's list (``symbols.BodyMandate``).

    ``5/1`` under 人权理事会的决议和决定 → hrc:5/1; ``2/102`` there → hrc:dec:2/102 (_FIRST_DECISION);
    ``第 58/2 号决定`` under 麻醉药品委员会决议和决定 → cnd:dec:58/2 (a bare ``58/2`` there is resolution
    cnd:58/2); ``PRST/8/1`` → hrc:prst:8/1; ``690 (XXXV)`` under 拉丁美洲和加勒比经济委员会决议 → eclac:690(XXXV);
    ``A (64)`` under 欧洲经济委员会决定 → ece:dec:A(64); ``1996`` under 妇女地位委员会的商定结论 → csw:ac:1996;
    ``1/CP.21`` under any title → unfccc_cop:dec:1/CP.21. An empty number, or one that is not a number
    (``2015/L.5``, ``4/3`` in an ECOSOC resolution list: no issuer), gives nothing.
    """
    return [(num[start:end], entity) for start, end, entity in body_mandate_spans(num, title, issuer)]


def body_mandate_spans(num: str, title: str, issuer: str | None) -> list[tuple[int, int, str]]:
    """body_mandate_hits with the (start, end) of each number in ``num``; a range is one text per member
    (``9-15/CP.19`` → 9/CP.19 … 15/CP.19, spanned as read_tokens spans ranges)."""
    folded = fold(num)
    m = _ENTRY_NUM.fullmatch(folded.text.strip())
    if not m:
        return []
    lead = len(folded.text) - len(folded.text.lstrip())
    printed, word = m.group("number"), m.group("word")
    kind = _group_kind(title)
    if _CP.fullmatch(printed):
        issuer, kind = "unfccc_cop", "decision"
    elif printed.startswith("PRST/"):
        printed, kind = printed[len("PRST/"):], "presidential statement"
    if issuer is None or kind is None:
        return []
    if word:
        kind = "decision" if word == "决定" else "resolution"
    elif kind == "mixed":
        serial = re.search(r"/(\d+)$", printed)
        first = _FIRST_DECISION.get(issuer)
        kind = "decision" if first and serial and int(serial.group(1)) >= first else "resolution"
    printed = re.sub(r"\s+", "", printed)
    numbers = _RANGE.match(printed) if _CP.fullmatch(printed) else None
    members = [f"{n}{printed[numbers.end():]}" for n in range(int(numbers.group(1)), int(numbers.group(2)) + 1)] \
        if numbers and 0 < int(numbers.group(2)) - int(numbers.group(1)) <= _RANGE_LIMIT else [printed]
    try:
        entities = [BodyMandate(issuer, kind, member) for member in members]
    except ValueError:
        return []
    start, end = lead + m.start("number"), lead + m.end("number")
    if len(entities) == 1:
        return [(*folded.span(start, end), str(entities[0]))]
    tokens = _range_tokens(_SYM.match(folded.text, start), "body")
    return [(*folded.span(token.start, token.end), str(entity)) for token, entity in zip(tokens, entities)]


# -- the stage ----------------------------------------------------------------------------------


class Extractor:
    """All matchers, built once from the registries; ``unit_hits`` runs them over one text."""

    def __init__(self, registries: Registries):
        self.registries = registries
        self.actors = ActorMatcher(registries)
        self.citations = CitationMatcher(governing_bodies(registries), {a.id: a.zh for a in registries.actors})
        self.symbols = SymbolMatcher()
        self.wha = WhaMatcher()
        self.body_citations = BodyCitationMatcher()
        self.documents = DocumentMatcher()
        self.targets = TargetMatcher(registries)
        self.goals = SdgGoalMatcher()
        self.bare_goals = BareGoalMatcher()
        self.programmes = ProgrammeMatcher(registries)
        self.subprogrammes = SubprogrammeMatcher()

    def unit_hits(self, text: str, context: Context = Context(), markers: frozenset[int] = frozenset()) -> list[Hit]:
        """Every hit in one text, in text order; one entity per span and kind. ``markers``: offsets of
        footnote markers inside the text (Unit.footnote_refs)."""
        if not text:
            return []
        actors = self.actors.find(text, markers)
        resolutions = _first_claims(self.citations.find(text, actors, context.default_body,
                                                                           context.default_issuer) + self.symbols.find(text)
                                    + self.wha.find(text) + self.body_citations.find(text, actors))
        claimed = claimed_from((r.start, r.end) for r in resolutions)
        documents = [d for d in self.documents.find(text) if not claimed.overlaps(d.start, d.end)]
        goals = _first_claims(self.targets.find(text) + self.goals.find(text) + self.bare_goals.find(text))
        programmes = self.programmes.find(text, context) + self.subprogrammes.find(text, context)
        return sorted(actors + resolutions + documents + goals + programmes, key=lambda h: (h.start, h.end, h.kind))


def governing_bodies(registries: Registries) -> dict[tuple[str, str], str]:
    """(actor id, bare word) → actor id of the body whose full name is the actor's full name + that word
    (联合国人类住区规划署 + 理事会 = 联合国人类住区规划署理事会: unhabitat, 理事会 → unhabitat_gc), from the registry."""
    by_name = {actor.zh: actor.id for actor in registries.actors}
    return {(actor.id, word): by_name[actor.zh + word] for actor in registries.actors for word in _BARE_WORDS
            if actor.zh + word in by_name}


def _first_claims(hits: list[Hit]) -> list[Hit]:
    """Drop hits overlapping an earlier matcher's hit (the first matcher listed wins the span). The members a range
    implies (10 … 14 of ``9-15/CP.19``, spanning the range) stand or fall with the hit before them, and claim nothing."""
    kept: list[Hit] = []
    claimed = Claimed(hit.start for hit in hits)  # O(log n) per hit: a paragraph may hold thousands
    previous_kept = False
    for hit in hits:
        if hit.implied:
            if previous_kept:
                kept.append(hit)
            continue
        previous_kept = not claimed.overlaps(hit.start, hit.end)
        if previous_kept:
            claimed.claim(hit.start, hit.end)
            kept.append(hit)
    return kept


def extract(documents: Iterable[Document], registries: Registries) -> tuple[Mention, ...]:
    """Every mention in every unit and mandate entry of ``documents``, in reading order."""
    extractor = Extractor(registries)
    out: list[Mention] = []
    titles: dict[tuple[str, str, str], str] = {}  #: mandate entry titles, for the texts a year names (year_texts)
    for document in documents:
        for part in document.parts:
            context = Context(document.meta.slug, part.slug, part.programme,
                              document.meta.slug == registries.programme_document)
            for block in part.blocks():
                out += _block_mentions(extractor, block, context)
                titles.update(((context.doc, context.part, entry.anchor), entry.text)
                              for group in block.groups for entry in group.entries)
    return tuple(year_texts(out, titles))


#: a bracketed note after a mandate's title: the subprogrammes it serves, where it is printed (003 l.7270
#: ``…的贡献(所有次级方案)``, l.16464 ``(见 A/52/3/Rev.1，第四章 A 部分)``); not part of the text's title
_TITLE_NOTE = re.compile(r"[(（][^()（）]*[)）]$")


def title_key(title: str) -> str:
    """What makes two printed titles one text's: the same characters (NFKC), spaces and a trailing bracketed
    note aside. ``包括保健和教育在内的各领域人力资源开发对发展进程的贡献(所有次级方案)`` (003 l.7270) and the
    same words without the note (l.7460) are one title."""
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", title))
    return _TITLE_NOTE.sub("", folded) or folded


def year_texts(mentions: Iterable[Mention], titles: dict[tuple[str, str, str], str]) -> list[Mention]:
    """Give each text a mandate list numbers with only a year its own entity (symbols.BodyMandate ``YEAR:k``).

    A year names no single text: 妇女地位委员会的商定结论 prints three of 1996 (003 l.16520-16524). Entries of
    one body, kind and year are one text when their titles are one (title_key); the distinct titles are numbered
    in the order the corpus first prints them (reading order): ``csw:ac:1996:1`` … ``:3``. A title printed
    differently (another translation) is another text: the print does not establish that the two are one, and
    the year's page lists both. A citation in running text that names only the year keeps the year's id."""
    numbered: dict[str, dict[str, int]] = {}
    out = []
    for m in mentions:
        item = _year_only(m)
        if item is None:
            out.append(m)
            continue
        texts = numbered.setdefault(m.entity, {})
        k = texts.setdefault(title_key(titles[(m.doc, m.part, m.anchor)]), len(texts) + 1)
        out.append(replace(m, entity=str(item.with_ordinal(k))))
    return out


def _year_only(m: Mention) -> BodyMandate | None:
    """The year of a mandate entry's number that is only a year (``1996``), else None."""
    if not (m.in_num and m.kind == "resolution"):
        return None
    try:
        item = BodyMandate.parse(m.entity)
    except ValueError:  # a UN symbol (A/RES/70/1)
        return None
    return item if item.year_only and item.ordinal is None else None


def _block_mentions(extractor: Extractor, block: Block, context: Context) -> Iterator[Mention]:
    entries = {id(entry): group for group in block.groups for entry in group.entries}
    for unit in block.units():
        group = entries.get(id(unit))
        unit_context = context
        if group is not None:
            # an entry's own text cites without naming the body: 第 58/2 号决定 in 麻醉药品委员会's list
            unit_context = replace(context, default_body=mandate_body(group.title, extractor.actors),
                                   default_issuer=mandate_issuer(group.title, extractor.actors, context.programme))
            if unit.num:
                yield from _num_mentions(extractor, unit, group, context)
        markers = frozenset(i for ref in unit.footnote_refs for i in range(ref.offset, ref.offset + len(ref.label)))
        for hit in extractor.unit_hits(unit.text, unit_context, markers):
            if markers.intersection(range(hit.start, hit.end)):
                continue  # 可持续发展目标9 in 13.14: the 9 is footnote 9's marker, not SDG 9
            yield Mention(hit.kind, hit.entity, context.doc, context.part, unit.anchor, hit.start, hit.end,
                          unit.text[hit.start:hit.end], matcher=hit.matcher)


def _num_mentions(extractor: Extractor, unit: Unit, group: MandateGroup, context: Context) -> Iterator[Mention]:
    body = mandate_body(group.title, extractor.actors)
    issuer = mandate_issuer(group.title, extractor.actors, context.programme)
    num = unit.num or ""
    for kind, start, end, entity in num_spans(num, body, extractor.documents, group.title, issuer):
        yield Mention(kind, entity, context.doc, context.part, unit.anchor, start, end, num[start:end], in_num=True,
                      matcher="mandate")


def num_hits(num: str, body: str | None, documents: DocumentMatcher, title: str = "",
             issuer: str | None = None) -> list[tuple[str, str, str]]:
    """(kind, surface, entity) for a mandate entry's printed number: resolutions (mandate_hits), or
    another body's numbered text (body_mandate_hits, kind ``resolution`` too: it has a resolution
    page), or else a document symbol (``S/PRST/2015/22`` in 安全理事会决议/主席声明及其他文件)."""
    return [(kind, num[start:end], entity) for kind, start, end, entity in num_spans(num, body, documents, title, issuer)]


def num_spans(num: str, body: str | None, documents: DocumentMatcher, title: str = "",
              issuer: str | None = None) -> list[tuple[str, int, int, str]]:
    """num_hits with the (start, end) of each symbol in ``num`` instead of its surface."""
    found = [("resolution", *span) for span in mandate_spans(num, body)]
    if not found:
        found = [("resolution", *span) for span in body_mandate_spans(num, title, issuer)]
    if not found:
        found = [("document", h.start, h.end, h.entity) for h in documents.find(num)]
    return found


def unresolved_mandates(documents: Iterable[Document], registries: Registries) -> list[tuple[str, str, str]]:
    """(document, group title, printed number) of mandate entries that yield no mention: texts that are
    no resolution or decision (Charter articles, conventions, entries with no printed number) and
    numbers no rule reads, for reports and tests."""
    actors, symbols = ActorMatcher(registries), DocumentMatcher()
    out = []
    for document in documents:
        for part in document.parts:
            for block in part.blocks():
                for group in block.groups:
                    body = mandate_body(group.title, actors)
                    issuer = mandate_issuer(group.title, actors, part.programme)
                    for entry in group.entries:
                        if not num_hits(entry.num or "", body, symbols, group.title, issuer):
                            out.append((document.meta.slug, group.title, entry.num or ""))
    return out


def counts(mentions: Iterable[Mention]) -> dict[str, Counter[str]]:
    """Mention counts per document slug and kind: ``counts(m)[slug]["actor"]``."""
    out: dict[str, Counter[str]] = {}
    for mention in mentions:
        out.setdefault(mention.doc, Counter())[mention.kind] += 1
    return out
