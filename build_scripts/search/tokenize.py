"""The one tokenizer of the site search, for the index (here) and for queries (here and, identically, in
``docs/assets/search/worker.js``; tests/search/test_parity.py runs both on the same queries).

Text is normalised character by character (NFKC, then lower case: full-width ``（２０１４）`` becomes
``(2014)``), then cut into runs, each giving tokens:

* symbols, first, so their parts are not read as words or numbers: ``A/RES/72/139`` and ``72/139`` both
  give ``sym:72/139``; ``S/RES/2167 (2014)`` and ``2167(2014)`` give ``sym:2167(2014)``; ``E/RES/2017/9``
  gives ``sym:2017/9``; ``WHA69(15)`` gives ``sym:wha69(15)``; ``WHA71.1`` gives ``sym:wha71.1``; another
  document symbol ``A/71/6/Rev.1`` gives ``sym:a/71/6/rev.1`` and also its base ``sym:a/71/6``;
* numbers: ``2.26`` gives ``num:2.26``, ``2030`` gives ``num:2030`` (paragraph numbers use the same form);
* Latin words: lower case, a small stop list dropped, then a light suffix stemmer (``vaccines`` →
  ``vaccin``, ``financing`` → ``financ``);
* Chinese (Han) runs: every character bigram; a one-character run gives the character itself. At index
  time (``index_tokens``) every single character and the jieba ``cut_for_search`` words of three or more
  characters (with the registry names as user dictionary) are added, so ``卫生`` is found inside
  ``世界卫生组织`` and a whole-name query ranks the whole-name token higher.

A query's tokens are all required (AND); a query's whole Han run, when three characters or longer, is
also looked up as an optional word token that only adds to the score (``query_plan``).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

#: Latin words too common to index (the same list is in worker.js). ``who``, ``us`` are not here.
STOP = frozenset("a an and are as at be by for from in into is it its of on or that the this to was were with".split())

# One master pattern, tried left to right at each position; the first alternative that matches wins.
# The same pattern (same order) is in worker.js.
_TOKEN = re.compile(
    r"(?P<ga>a/(?:res|dec)/(?P<gas>(?:e?s-)?[0-9]+)/(?P<gan>[0-9]+))"
    r"|(?P<sc>s/res/(?P<scn>[0-9]+) ?\((?P<scy>[0-9]{4})\))"
    r"|(?P<eco>e/(?:res|dec)/(?P<ecy>[0-9]{4})/(?P<ecn>[0-9]+))"
    r"|(?P<whad>wha(?P<whads>[0-9]+)\((?P<whadn>[0-9]+)\))"
    r"|(?P<whar>wha(?P<whars>[0-9]+)\.(?P<wharn>[0-9]+))"
    r"|(?P<doc>[a-z]{1,6}(?=(?:/[a-z0-9.\-]+)*?/[a-z0-9.\-]*[0-9])(?:/[a-z0-9](?:[a-z0-9.\-]*[a-z0-9])?)+)"
    r"|(?P<sess>(?<![a-z0-9/.])(?:e?s-)?[0-9]{1,4}/[0-9]{1,4}(?![a-z0-9/]))"
    r"|(?P<scb>(?<![a-z0-9/.])(?P<scbn>[0-9]{1,4}) ?\((?P<scby>(?:19[4-9]|20[0-9])[0-9])\))"
    r"|(?P<num>[0-9]+(?:\.[0-9]+)*)"
    r"|(?P<word>[a-z0-9]*[a-z][a-z0-9]*(?:'[a-z]+)?)"
    rf"|(?P<han>[{HAN}]+)"
)
_DOC_SUFFIX = re.compile(r"/(?:rev|add|corr|amend)\.[0-9]+$")


@lru_cache(maxsize=None)
def _norm_char(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch).lower()


def normalize(text: str) -> str:
    """NFKC then lower case, character by character (so offsets can be mapped back; see ``normalize_map``)."""
    return "".join(_norm_char(c) for c in text)


def normalize_map(text: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, the offset of the source character it came from."""
    out: list[str] = []
    where: list[int] = []
    for i, c in enumerate(text):
        n = _norm_char(c)
        out.append(n)
        where.extend([i] * len(n))
    return "".join(out), where


def stem(word: str) -> str:
    """A light English suffix stemmer (identical in worker.js). Not Porter: plural, -ing, -ed, -ly, final -e/-y."""
    w = word
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) <= 3:
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w.endswith("ing") and len(w) > 5:
        w = w[:-3]
        w = _undouble(w)
    elif w.endswith("ed") and len(w) > 4:
        w = w[:-2]
        w = _undouble(w)
    elif w.endswith("ly") and len(w) > 5:
        w = w[:-2]
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    elif w.endswith("y") and len(w) > 3:
        w = w[:-1] + "i"
    return w


def _undouble(w: str) -> str:
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeioulsz":
        return w[:-1]
    return w


@dataclass(frozen=True)
class Tok:
    """A token and where it came from in the normalised text (``start``, ``end``)."""

    token: str
    start: int
    end: int
    kind: str  #: ``sym``, ``num``, ``word``, ``han``


def _sym_tokens(m: re.Match[str]) -> list[str]:
    g = m.group
    if g("ga"):
        return [f"sym:{g('gas')}/{g('gan')}"]
    if g("sc"):
        return [f"sym:{g('scn')}({g('scy')})"]
    if g("eco"):
        return [f"sym:{g('ecy')}/{g('ecn')}"]
    if g("whad"):
        return [f"sym:wha{g('whads')}({g('whadn')})"]
    if g("whar"):
        return [f"sym:wha{g('whars')}.{g('wharn')}"]
    if g("doc"):
        doc = g("doc")
        out = [f"sym:{doc}"]
        base = _DOC_SUFFIX.sub("", doc)
        if base != doc:
            out.append(f"sym:{base}")
        return out
    if g("sess"):
        return [f"sym:{g('sess')}"]
    if g("scb"):
        return [f"sym:{g('scbn')}({g('scby')})"]
    return []


def scan(norm: str) -> list[Tok]:
    """Runs of an already normalised text; Han runs are returned whole (kind ``han``)."""
    out: list[Tok] = []
    for m in _TOKEN.finditer(norm):
        kind = m.lastgroup
        s, e = m.start(), m.end()
        if kind == "num":
            out.append(Tok("num:" + m.group("num"), s, e, "num"))
        elif kind == "word":
            word = m.group("word")
            if word not in STOP:
                out.append(Tok(stem(word), s, e, "word"))
        elif kind == "han":
            out.append(Tok(m.group("han"), s, e, "han"))
        else:
            for t in _sym_tokens(m):
                out.append(Tok(t, s, e, "sym"))
    return out


def han_grams(run: str) -> list[str]:
    """The bigrams of a Han run; the run itself when it is one character."""
    if len(run) == 1:
        return [run]
    return [run[i:i + 2] for i in range(len(run) - 1)]


@dataclass(frozen=True)
class QueryPlan:
    """What a query looks up: every ``required`` token must match; ``optional`` ones only add to the score."""

    required: tuple[str, ...]
    optional: tuple[str, ...]
    highlights: tuple[str, ...]  #: normalised query words (Han runs, Latin words as typed, symbols) for marking


def name_token(text: str) -> str:
    """The exact-name token: ``=`` and the whole normalised text, runs of spaces made one space."""
    return "=" + " ".join(normalize(text).split())


def query_plan(query: str) -> QueryPlan:
    """Tokens of a query, in first-seen order, duplicates dropped.

    The optional tokens are the query's Han runs of three or more characters (whole words) and, last, the
    exact-name token of the whole query (an entity whose name is exactly the query ranks first).
    """
    required: list[str] = []
    optional: list[str] = []
    highlights: list[str] = []
    norm = normalize(query)
    for tok in scan(norm):
        raw = norm[tok.start:tok.end]
        if tok.kind == "han":
            for g in han_grams(tok.token):
                if g not in required:
                    required.append(g)
            if len(tok.token) >= 3 and tok.token not in optional:
                optional.append(tok.token)
        elif tok.token not in required:
            required.append(tok.token)
        if raw not in highlights:
            highlights.append(raw)
    if required:
        optional.append(name_token(query))
    return QueryPlan(tuple(required), tuple(optional), tuple(highlights))


def query_tokens(query: str) -> list[str]:
    """The required tokens of a query (the parity test compares these and the optional ones with worker.js)."""
    return list(query_plan(query).required)


class IndexTokenizer:
    """Index-side tokenizer: query tokens plus every Han character and jieba words (3+ characters)."""

    def __init__(self, user_words: list[str] | tuple[str, ...] = ()):
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()
        self._jieba.initialize()
        for word in sorted(set(user_words)):
            if len(word) >= 2:
                self._jieba.add_word(word, 2000)
        self._cache: dict[str, tuple[str, ...]] = {}
        self._alias: dict[str, tuple[str, ...]] = {}

    def words(self, run: str) -> tuple[str, ...]:
        """jieba search-mode words of a Han run, three characters or longer (shorter ones are bigrams already),
        and the dictionary words of four or more characters inside a longer word: search mode cuts out only
        the two- and three-character ones, so 性别平等 (a glossary term) would not be a word of 性别平等和增强
        妇女权能 (a programme's name), and a query for it would not find the title as a whole word."""
        hit = self._cache.get(run)
        if hit is None:
            found: list[str] = []
            for word in self._jieba.cut_for_search(run, HMM=False):
                if len(word) >= 3:
                    found.append(word)
                    found += self._inner_words(word)
            hit = self._cache[run] = tuple(found)
        return hit

    def _inner_words(self, word: str) -> list[str]:
        freq = self._jieba.FREQ
        return [word[i:j] for i in range(len(word)) for j in range(i + 4, len(word) + (i > 0))
                if freq.get(word[i:j])]

    def alias_tokens(self, name: str) -> tuple[str, ...]:
        """Distinct tokens of an alias name (no single characters), cached: the same names recur often."""
        hit = self._alias.get(name)
        if hit is None:
            hit = self._alias[name] = tuple(dict.fromkeys(self.tokens(name, chars=False)))
        return hit

    def tokens(self, text: str, chars: bool = True) -> list[str]:
        """Every token of ``text`` in order, duplicates kept (term frequency)."""
        out: list[str] = []
        for tok in scan(normalize(text)):
            if tok.kind != "han":
                out.append(tok.token)
                continue
            run = tok.token
            if len(run) > 1:
                out += han_grams(run)
            if chars or len(run) == 1:
                out += list(run)
            out += self.words(run)
        return out
