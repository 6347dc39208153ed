"""Canonical symbols of resolutions and decisions, modelled on laws-africa cobalt's ``uri.py``.

A ``Symbol`` parses its canonical text and formats back to exactly the same text; anything else
raises ValueError. The canonical forms (and the printed forms the sources use) are:

=========================  ============================  ======================================
canonical                  printed in the sources        what it is
=========================  ============================  ======================================
``A/RES/72/139``           ``第 72/139 号决议``           GA resolution, session/number (31st session on)
``A/RES/52/12 A``          ``52/12 A 和 B``               a lettered part of a GA resolution
``A/RES/S-10/2``           ``第 S-10/2 号决议``           special (``S-``) / emergency special (``ES-``) session
``A/DEC/60/551``           ``60/551`` under 大会决定      GA decision: numbered 401 and up within a session
``A/RES/1472 A (XIV)``     ``第1472 A(XIV)号决议``        GA resolution of sessions I-XXX: number (roman session)
``S/RES/2167 (2014)``      ``第 2167(2014)号决议``        Security Council resolution: number (year)
``E/RES/2017/9``           ``第 2015/30 号决议``          ECOSOC resolution, year/number (1978 on)
``E/DEC/2013/247``         ``第 2013/247号决定``          ECOSOC decision: numbered 201 and up within a year
``E/RES/671 A (XXV)``      ``第 671 A(XXV)号决议``        ECOSOC resolution before 1978: number (roman session)
``WHA69(15)``              ``WHA69(15)``                  World Health Assembly decision: session(number)
``WHA71.1``                ``WHA71.1``                    World Health Assembly resolution: session.number
=========================  ============================  ======================================

Numbering rules used to tell resolutions from decisions (document symbols A/RES vs A/DEC):

* General Assembly: since the 31st session (1976) resolutions are ``session/number`` and decisions
  share the same ``session/number`` form but are numbered from 401 upward within a session
  (resolutions stay below 400). So ``60/551`` in a list of GA "决议和决定" is decision A/DEC/60/551.
* ECOSOC: since 1978 resolutions are ``year/number`` with small numbers and decisions are numbered
  from 201 upward within the year (``2015/216`` is E/DEC/2015/216).

``official_url()`` gives an undocs.org link only for forms whose undocs address is certain
(unlettered resolutions); decisions, lettered parts and WHA texts have none (None).

Other bodies' numbered texts (Human Rights Council, the functional and regional commissions, treaty
conferences, UNEP's and UN-Habitat's governing councils, ECOSOC's agreed conclusions …) are
``BodyMandate``s: ``body:number`` with the body's actor id and the number as printed (``hrc:5/1``,
``cnd:dec:58/2``), never a made-up document symbol. ``parse_mandate`` reads either kind of id and
``mandate_sort_key`` orders both.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

BODIES = ("GA", "SC", "ECOSOC", "WHA")  #: in sort order
_BODY_RANK = {b: i for i, b in enumerate(BODIES)}

GA_FIRST_MODERN_SESSION = 31  #: session/number numbering began with the 31st session (1976)
GA_FIRST_DECISION = 401  #: GA decisions are numbered 401 and up within a session
ECOSOC_FIRST_MODERN_YEAR = 1978  #: ECOSOC year/number numbering began in 1978
ECOSOC_FIRST_DECISION = 201  #: ECOSOC decisions are numbered 201 and up within a year

_ROMAN = (("L", 50), ("XL", 40), ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))


def roman_to_int(text: str) -> int:
    """``XXV`` → 25; only canonical numerals up to LXXXIX (anything else raises ValueError)."""
    rest, value = text, 0
    for numeral, amount in _ROMAN:
        while rest.startswith(numeral):
            rest, value = rest[len(numeral):], value + amount
    if rest or not text or int_to_roman(value) != text:
        raise ValueError(f"not a canonical roman numeral: {text!r}")
    return value


def int_to_roman(value: int) -> str:
    """25 → ``XXV``."""
    if not 0 < value < 90:
        raise ValueError(f"roman numeral out of range: {value}")
    out = ""
    for numeral, amount in _ROMAN:
        while value >= amount:
            out, value = out + numeral, value - amount
    return out


_N = r"[1-9]\d*"
_PART = r"(?: (?P<part>[A-Z]))?"
_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ga", re.compile(rf"A/(?P<doc>RES|DEC)/(?P<session>(?:E?S-)?{_N})/(?P<number>{_N}){_PART}")),
    ("ga_old", re.compile(rf"A/RES/(?P<number>{_N}){_PART} \((?P<session>(?:E?S-)?[IVXL]+)\)")),
    ("sc", re.compile(rf"S/RES/(?P<number>{_N}) \((?P<year>\d{{4}})\)")),
    ("ecosoc", re.compile(rf"E/(?P<doc>RES|DEC)/(?P<year>\d{{4}})/(?P<number>{_N})")),
    ("ecosoc_old", re.compile(rf"E/RES/(?P<number>{_N}){_PART} \((?P<session>[IVXL]+)\)")),
    ("wha_dec", re.compile(rf"WHA(?P<session>{_N})\((?P<number>{_N})\)")),
    ("wha_res", re.compile(rf"WHA(?P<session>{_N})\.(?P<number>{_N})")),
)


@dataclass(frozen=True)
class Symbol:
    """A resolution or decision of the GA, the Security Council, ECOSOC or the World Health Assembly."""

    body: str  #: GA, SC, ECOSOC or WHA
    kind: str  #: resolution or decision
    number: int  #: the number within its session or year
    session: str | None = None  #: ``72``, ``S-10``, ``ES-10``, roman ``XIV`` / ``ES-V`` (old style), WHA ``69``
    year: int | None = None  #: Security Council and modern ECOSOC
    part: str | None = None  #: lettered part ``A``, ``B`` …

    def __post_init__(self) -> None:
        self._check()

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def parse(cls, text: str) -> "Symbol":
        """Parse a canonical symbol; ``str(Symbol.parse(s)) == s`` for every valid ``s``."""
        for form, pattern in _FORMS:
            m = pattern.fullmatch(text)
            if m:
                symbol = _from_match(form, m)
                if str(symbol) != text:  # e.g. a lower-case roman numeral normalised away
                    break
                return symbol
        raise ValueError(f"not a canonical resolution or decision symbol: {text!r}")

    @classmethod
    def ga(cls, session: str, number: int, part: str | None = None) -> "Symbol":
        """A modern GA resolution or decision; which of the two follows from the number (401 and up: decision)."""
        kind = "decision" if number >= GA_FIRST_DECISION else "resolution"
        return cls("GA", kind, number, session=session, part=part)

    @classmethod
    def ecosoc(cls, year: int, number: int) -> "Symbol":
        """A modern ECOSOC resolution or decision; numbers 201 and up are decisions."""
        kind = "decision" if number >= ECOSOC_FIRST_DECISION else "resolution"
        return cls("ECOSOC", kind, number, year=year)

    # -- formatting ---------------------------------------------------------------------------

    def __str__(self) -> str:
        part = f" {self.part}" if self.part else ""
        if self.body == "GA":
            doc = "DEC" if self.kind == "decision" else "RES"
            if self.old_style:
                return f"A/RES/{self.number}{part} ({self.session})"
            return f"A/{doc}/{self.session}/{self.number}{part}"
        if self.body == "SC":
            return f"S/RES/{self.number} ({self.year})"
        if self.body == "ECOSOC":
            if self.old_style:
                return f"E/RES/{self.number}{part} ({self.session})"
            return f"E/{'DEC' if self.kind == 'decision' else 'RES'}/{self.year}/{self.number}"
        if self.kind == "decision":
            return f"WHA{self.session}({self.number})"
        return f"WHA{self.session}.{self.number}"

    def slug(self) -> str:
        """URL slug: ``a-res-71-6``, ``s-res-2167-2014``, ``e-res-671-a-xxv``, ``wha69-15``."""
        return "-".join(re.findall(r"[a-z0-9]+", str(self).lower()))

    def official_url(self) -> str | None:
        """The undocs.org address (Chinese) where it is certain, else None (decisions, parts, WHA)."""
        if self.body == "WHA" or self.kind == "decision" or self.part:
            return None
        return "https://undocs.org/zh/" + str(self).replace(" ", "")

    # -- properties ---------------------------------------------------------------------------

    @property
    def old_style(self) -> bool:
        """Numbered with a roman session, as before GA session 31 / ECOSOC 1978."""
        return self.body in ("GA", "ECOSOC") and self.session is not None and _is_roman_session(self.session)

    @property
    def session_number(self) -> int | None:
        """The session as a number (``S-10`` → 10, ``XXV`` → 25, ``ES-V`` → 5), or None."""
        if self.session is None:
            return None
        base = self.session.split("-")[-1]
        return roman_to_int(base) if _is_roman_session(self.session) else int(base)

    def sort_key(self) -> tuple:
        """Body, era (roman sessions first), session or year, regular before special sessions,
        resolutions before decisions, number (numerically: 71/6 before 71/243), then part."""
        special = {"S": 1, "ES": 2}.get(self.session.split("-")[0], 0) if self.session and "-" in self.session else 0
        time = self.year if self.year is not None else self.session_number or 0
        era = 0 if self.old_style else 1
        kind = 0 if self.kind == "resolution" else 1
        return (_BODY_RANK[self.body], era, time, special, kind, self.number, self.part or "")

    # -- validation ---------------------------------------------------------------------------

    def _check(self) -> None:
        problem = _problem(self)
        if problem:
            raise ValueError(f"invalid {self.body} {self.kind} symbol: {problem}")


def _is_roman_session(session: str) -> bool:
    return bool(re.fullmatch(r"(?:E?S-)?[IVXL]+", session))


def _problem(s: Symbol) -> str | None:
    """Why the fields do not make a valid symbol, or None."""
    if s.body not in BODIES:
        return f"unknown body {s.body!r}"
    if s.kind not in ("resolution", "decision"):
        return f"unknown kind {s.kind!r}"
    if not isinstance(s.number, int) or s.number < 1:
        return f"bad number {s.number!r}"
    if s.part is not None and not re.fullmatch(r"[A-Z]", s.part):
        return f"bad part {s.part!r}"
    if s.body == "SC":
        return _sc_problem(s)
    if s.body == "WHA":
        return _wha_problem(s)
    if s.body == "ECOSOC":
        return _ecosoc_problem(s)
    return _ga_problem(s)


def _ga_problem(s: Symbol) -> str | None:
    if s.year is not None or s.session is None:
        return "a GA symbol has a session and no year"
    if not re.fullmatch(r"(?:E?S-)?(?:[1-9]\d*|[IVXL]+)", s.session):
        return f"bad session {s.session!r}"
    try:
        session = s.session_number
    except ValueError as exc:
        return str(exc)
    if s.old_style:
        if s.kind != "resolution":
            return "old-style (roman session) symbols are resolutions"
        if "-" not in s.session and session >= GA_FIRST_MODERN_SESSION:
            return f"roman sessions end at XXX; session {session} uses session/number"
        return None
    if "-" not in s.session and session < GA_FIRST_MODERN_SESSION:
        return f"sessions before {GA_FIRST_MODERN_SESSION} number resolutions with a roman session"
    if (s.number >= GA_FIRST_DECISION) != (s.kind == "decision"):
        return f"GA decisions are numbered {GA_FIRST_DECISION} and up, resolutions below"
    return None


def _sc_problem(s: Symbol) -> str | None:
    if s.kind != "resolution" or s.year is None or s.session is not None or s.part is not None:
        return "a Security Council resolution has a number and a year only"
    if not 1946 <= s.year <= 2100:
        return f"bad year {s.year}"
    return None


def _ecosoc_problem(s: Symbol) -> str | None:
    if s.session is not None:
        if s.year is not None or not re.fullmatch(r"[IVXL]+", s.session):
            return "an old ECOSOC resolution has a roman session and no year"
        try:
            roman_to_int(s.session)
        except ValueError as exc:
            return str(exc)
        return None if s.kind == "resolution" else "old-style (roman session) symbols are resolutions"
    if s.year is None or not ECOSOC_FIRST_MODERN_YEAR <= s.year <= 2100 or s.part is not None:
        return f"a modern ECOSOC symbol has a year from {ECOSOC_FIRST_MODERN_YEAR} and no part"
    if (s.number >= ECOSOC_FIRST_DECISION) != (s.kind == "decision"):
        return f"ECOSOC decisions are numbered {ECOSOC_FIRST_DECISION} and up, resolutions below"
    return None


def _wha_problem(s: Symbol) -> str | None:
    if s.session is None or not re.fullmatch(_N, s.session) or s.year is not None or s.part is not None:
        return "a WHA symbol has a numeric session and a number only"
    return None


def _from_match(form: str, m: re.Match[str]) -> Symbol:
    number = int(m.group("number"))
    if form == "ga":
        symbol = Symbol.ga(m.group("session"), number, m.group("part"))
        if (m.group("doc") == "DEC") != (symbol.kind == "decision"):
            raise ValueError(f"A/{m.group('doc')} does not fit number {number} (decisions are {GA_FIRST_DECISION}+)")
        return symbol
    if form == "ga_old":
        return Symbol("GA", "resolution", number, session=m.group("session"), part=m.group("part"))
    if form == "sc":
        return Symbol("SC", "resolution", number, year=int(m.group("year")))
    if form == "ecosoc":
        symbol = Symbol.ecosoc(int(m.group("year")), number)
        if (m.group("doc") == "DEC") != (symbol.kind == "decision"):
            raise ValueError(f"E/{m.group('doc')} does not fit number {number} "
                             f"(decisions are {ECOSOC_FIRST_DECISION}+)")
        return symbol
    if form == "ecosoc_old":
        return Symbol("ECOSOC", "resolution", number, session=m.group("session"), part=m.group("part"))
    kind = "decision" if form == "wha_dec" else "resolution"
    return Symbol("WHA", kind, number, session=m.group("session"))


# -- numbered texts of other bodies ---------------------------------------------------------------

#: the registry (actors.yml) ids of the four bodies a ``Symbol`` covers
MAIN_BODY_ACTORS = {"GA": "ga", "SC": "sc", "ECOSOC": "ecosoc", "WHA": "wha"}
_MAIN_ACTOR_RANK = {actor: _BODY_RANK[body] for body, actor in MAIN_BODY_ACTORS.items()}

#: kind -> (tag in the canonical id, Chinese word as the sources print it); a resolution has no tag
BODY_MANDATE_KINDS: dict[str, tuple[str, str]] = {
    "resolution": ("", "决议"),
    "decision": ("dec", "决定"),
    "agreed conclusions": ("ac", "商定结论"),
    "presidential statement": ("prst", "主席声明"),
    "ministerial communiqué": ("comm", "部长级公报"),
}
_KIND_OF_TAG = {tag: kind for kind, (tag, _) in BODY_MANDATE_KINDS.items() if tag}
_KIND_RANK = {kind: i for i, kind in enumerate(BODY_MANDATE_KINDS)}
_ACTOR_ID = r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*"  # registries.ACTOR_ID
#: a number as printed, without spaces: 5/1, S-7/1, SS.XI/2, 928(XLVIII), A(64), 1/CP.21, 9-15/CP.19, 1996
_BODY_NUMBER = (r"(?:(?:S-)?[1-9]\d*(?:-[1-9]\d*)?|SS\.[IVXL]+)/(?:CP\.)?[1-9]\d*"  # 5/1 S-7/1 9-15/CP.19 SS.XI/2
                r"|[1-9]\d*\([IVXL]+\)|[1-9]\d*\([A-Z]+[1-9]\d*[A-Z]?\)"  # 928(XLVIII) 830(MFC1A)
                r"|[A-Z]\([1-9]\d*\)|(?:19|20)\d\d")  # A(64) 1996
_BODY_MANDATE = re.compile(rf"(?P<body>{_ACTOR_ID}):(?:(?P<tag>[a-z]+):)?(?P<number>{_BODY_NUMBER})"
                           r"(?::(?P<ordinal>[1-9]\d*))?")
_YEAR = re.compile(r"(?:19|20)\d\d")  #: a number that is only a year: it names no single text


@dataclass(frozen=True)
class BodyMandate:
    """A numbered resolution, decision or other text of a body other than those a ``Symbol`` covers.

    No UN document symbol is known for these, and none is made up: the canonical id is the issuing
    body's actor id (corpus/actors.yml), a kind tag unless it is a resolution, and the number as
    printed without spaces::

        hrc:5/1              人权理事会的决议和决定 5/1          Human Rights Council resolution 5/1
        hrc:dec:2/102        人权理事会的决议和决定 2/102        decision (numbered 101 and up)
        hrc:S-7/1            人权理事会特别会议通过的决议 S-7/1
        hrc:prst:8/1         人权理事会商定的主席声明 PRST/8/1   presidential statement
        cnd:dec:58/2         麻醉药品委员会 第 58/2 号决定        (cnd:58/2 is the resolution)
        unep_gc:dec:SS.XI/2  理事会决定 SS.XI/2 (programme 11)  UNEP Governing Council
        eca:928(XLVIII)      非洲经济委员会决议 928(XLVIII)
        eca:830(MFC1A)       非洲经济委员会决议 830(MFC 1 A)    (a meeting, not a session, in brackets)
        ece:dec:A(64)        欧洲经济委员会决定 A (64)
        unfccc_cop:dec:1/CP.21
        csw:ac:1996:2        妇女地位委员会的商定结论 1996 妇女与媒体   the 2nd text printed with the year 1996
        ecosoc:comm:2007:1   经济及社会理事会 … 部长级公报 2007 加强各级工作…

    A number that is only a year (``1996``) names no single text: the sources print three CSW agreed
    conclusions of 1996 (003 l.16520-16524) and two ECOSOC communiqués of 2007 (l.7284-7288). Each
    text printed with a year is then ``YEAR:k``, the k-th distinct title printed with that year
    (extract.year_texts numbers them in the corpus's reading order); the year alone (``csw:ac:1996``)
    stands for all of them (its page lists them) and for a citation that names only the year.

    ``parse`` and ``str`` round-trip exactly; anything else raises ValueError. A resolution or
    decision of the GA, Security Council, ECOSOC or WHA is a ``Symbol``, never a BodyMandate.
    """

    body: str  #: actor id of the issuing body (``hrc``, ``cnd``, ``unep_gc``)
    kind: str  #: a key of BODY_MANDATE_KINDS
    number: str  #: as printed, without spaces (``5/1``, ``928(XLVIII)``, ``A(64)``); PRST/ is the kind, not the number
    ordinal: int | None = None  #: for a number that is only a year: which of the year's printed texts (1, 2 …)

    def __post_init__(self) -> None:
        if not re.fullmatch(_ACTOR_ID, self.body):
            raise ValueError(f"not an actor id: {self.body!r}")
        if self.kind not in BODY_MANDATE_KINDS:
            raise ValueError(f"unknown kind {self.kind!r}")
        if not re.fullmatch(_BODY_NUMBER, self.number):
            raise ValueError(f"not a printed number: {self.number!r}")
        for numeral in re.findall(r"[IVXL]+", self.number):
            roman_to_int(numeral)  # ValueError unless canonical (928(XLVIII), not 928(XXXXVIII))
        if self.body in _MAIN_ACTOR_RANK and self.kind in ("resolution", "decision"):
            raise ValueError(f"a {self.body} {self.kind} has a document symbol (Symbol), not a body:number id")
        if self.ordinal is not None and (not self.year_only or not isinstance(self.ordinal, int) or self.ordinal < 1):
            raise ValueError(f"only a number that is a year has texts numbered 1, 2 …: {self.number!r}:{self.ordinal!r}")

    @classmethod
    def parse(cls, text: str) -> "BodyMandate":
        """Parse a canonical id; ``str(BodyMandate.parse(s)) == s`` for every valid ``s``."""
        m = _BODY_MANDATE.fullmatch(text)
        if not m or (m.group("tag") is not None and m.group("tag") not in _KIND_OF_TAG):
            raise ValueError(f"not a canonical body:number id: {text!r}")
        ordinal = int(m.group("ordinal")) if m.group("ordinal") else None
        return cls(m.group("body"), _KIND_OF_TAG[m.group("tag")] if m.group("tag") else "resolution", m.group("number"),
                   ordinal)

    def __str__(self) -> str:
        tag = BODY_MANDATE_KINDS[self.kind][0]
        ordinal = f":{self.ordinal}" if self.ordinal is not None else ""
        return f"{self.body}:{tag + ':' if tag else ''}{self.number}{ordinal}"

    def slug(self) -> str:
        """URL slug: ``hrc-5-1``, ``cnd-dec-58-2``, ``eca-928-xlviii``, ``unep-gc-dec-ss-xi-2``; a year's k-th text
        ``csw-ac-1996-text-2`` (``text`` keeps it apart from a number 1996/2: ``ecosoc-ac-1997-2``)."""
        base = "-".join(re.findall(r"[a-z0-9]+", f"{self.body}:{BODY_MANDATE_KINDS[self.kind][0]}:{self.number}".lower()))
        return base + (f"-text-{self.ordinal}" if self.ordinal is not None else "")

    @property
    def year_only(self) -> bool:
        """Whether the printed number is only a year (``1996``), which names no single text."""
        return bool(_YEAR.fullmatch(self.number))

    def year(self) -> "BodyMandate":
        """The year a year's k-th text was printed with (``csw:ac:1996:2`` → ``csw:ac:1996``)."""
        return BodyMandate(self.body, self.kind, self.number)

    def with_ordinal(self, ordinal: int) -> "BodyMandate":
        """The year's ``ordinal``-th text (``csw:ac:1996`` → ``csw:ac:1996:2``)."""
        return BodyMandate(self.body, self.kind, self.number, ordinal)

    @property
    def designation(self) -> str:
        """The number shown in labels: as printed, a year's k-th text with its place in brackets (``1996 [2]``)."""
        return self.printed + (f" [{self.ordinal}]" if self.ordinal is not None else "")

    @property
    def kind_zh(self) -> str:
        return BODY_MANDATE_KINDS[self.kind][1]

    @property
    def printed(self) -> str:
        """The number as the sources print it: ``PRST/8/1`` for a presidential statement, else the number."""
        return f"PRST/{self.number}" if self.kind == "presidential statement" else self.number

    def official_url(self) -> None:
        """No official address is established for these."""
        return None

    def sort_key(self) -> tuple:
        """Body id, kind (resolutions first), then the number part by part, numerically (5/2 before 5/10;
        regular sessions before S- and SS. special sessions), then a year's texts in order (the year first)."""
        return (self.body, _KIND_RANK[self.kind], _number_key(self.number), self.ordinal or 0)


def _number_key(number: str) -> tuple:
    parts = []
    for token in re.findall(r"\d+|[A-Z]+", number):
        if token.isdigit():
            parts.append((0, int(token), ""))
        elif re.fullmatch(r"[IVXL]+", token):
            try:
                parts.append((0, roman_to_int(token), ""))
            except ValueError:
                parts.append((1, 0, token))
        else:
            parts.append((1, 0, token))
    special = 1 if re.match(r"S-|SS\.", number) else 0
    return (special, tuple(parts))


def parse_mandate(text: str) -> Symbol | BodyMandate:
    """A resolution entity id: a ``Symbol`` (GA, SC, ECOSOC, WHA) or else a ``BodyMandate``; ValueError if neither."""
    try:
        return Symbol.parse(text)
    except ValueError:
        return BodyMandate.parse(text)


def mandate_sort_key(text: str) -> tuple:
    """One order for every resolution entity: GA, SC, ECOSOC (its symbols, then its other texts), WHA,
    then the other bodies by actor id (the resolutions index orders those by name itself)."""
    item = parse_mandate(text)
    if isinstance(item, Symbol):
        return (_BODY_RANK[item.body], "", item.sort_key())
    return (_MAIN_ACTOR_RANK.get(item.body, len(BODIES)), item.body, item.sort_key())
