"""Deterministic sort keys for the bilingual indexes (glossary, and any other list sorted by term).

Chinese index order — ``zh_key(term, id)`` and ``zh_initial(term)``
--------------------------------------------------------------------
Terms are sorted by pinyin, not by code point (code point order is radical/stroke-ish and meaningless
to readers: 中 U+4E2D < 卫 U+536B < 安 U+5B89, but the index reads 安全 an, 卫生 wei, 中国 zhong).

1. **Group.** A term's group is its index letter, ``zh_initial``: the first letter of the pinyin of its
   first Chinese character, or its first Latin letter, upper-cased (A–Z); ``#`` when it starts with a
   digit or has no letter at all. Leading punctuation (“ 《 ( …) is skipped. ``#`` comes first,
   then A to Z. Latin and Chinese terms share the letter groups: "COVID" and 初级卫生保健 are both
   under C.
2. **Pinyin, syllable by syllable, without tones.** Each Chinese character contributes its pinyin
   syllable (pypinyin, ``Style.TONE3``, ``heteronym=False``), read phrase by phrase so that a
   polyphonic character takes its reading in the word: 重庆 is chong-qing (C), 银行 is yin-hang.
   ü is written ``v`` and so sorts after u. A run of Latin letters is one unit, case-folded;
   a run of ASCII digits is one unit compared by its numeric value and sorts before any letters
   (2019冠状病毒病 is under #). Punctuation and spaces are ignored at this level. Units are
   compared in order, so 西安 (xi, an) sorts before 先 (xian): a shorter syllable sequence that is a
   prefix comes first.
3. **Tones.** If the toneless pinyin is the same, the tones decide, syllable by syllable: 1, 2, 3, 4,
   then 5 for the neutral tone (为生 wei2 before 卫生 wei4). Latin and digit units count as tone 0,
   so a Latin unit comes before a Chinese syllable spelled the same way.
4. **Code points.** If pinyin and tones are the same (homophones such as 公事 / 公式), the term's
   characters are compared by Unicode code point, the whole string including punctuation. This is
   a stable, stroke-order-free tie breaker, not a meaningful order.
5. **Id.** Identical strings are ordered by the caller-supplied id (e.g. the glossary key), so the
   order never depends on input order.

Text is NFKC-normalised before analysis (full-width letters and digits count as ASCII); the
code-point tie breaker uses the original string.

English index order — ``en_key(term, id)`` and ``en_initial(term)``
-------------------------------------------------------------------
1. **Group.** ``en_initial``: the first letter A–Z of the term once a leading article and leading
   punctuation are set aside; ``#`` for a digit or anything else. ``#`` sorts first.
2. **Folded text.** The term with a leading article ("the ", "a ", "an ") removed, accents removed
   and case-folded: "the most vulnerable" sorts as "most vulnerable", under M.
3. **Original text**, by code point (so "Member States" and "member states" have a fixed order).
4. **Id**, as above.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pypinyin import Style, pinyin

__all__ = ["zh_key", "zh_initial", "en_key", "en_initial", "pinyin_syllables"]

_NON_HAN = "\x00"  # marks a chunk pypinyin could not read (not Chinese)
_SYLLABLE = re.compile(r"^([a-zv]+)([1-5])$")
_CHUNK = re.compile(r"[0-9]+|[a-z]+", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:the|an|a)\s+(?=\S)", re.IGNORECASE)
_LETTER_GROUPS = "#ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _not_han(chunk: str) -> str:
    return _NON_HAN + chunk


@lru_cache(maxsize=8192)
def _units(term: str) -> tuple[tuple[tuple[int, int | str], ...], tuple[int, ...]]:
    """The primary units ((0, number) or (1, text)) and the tone of each unit (0 for non-Chinese)."""
    text = unicodedata.normalize("NFKC", term)
    readings = pinyin(text, style=Style.TONE3, heteronym=False, neutral_tone_with_five=True, errors=_not_han)
    units: list[tuple[int, int | str]] = []
    tones: list[int] = []
    for (reading, *_rest) in readings:
        m = _SYLLABLE.match(reading) if not reading.startswith(_NON_HAN) else None
        if m:
            units.append((1, m.group(1)))
            tones.append(int(m.group(2)))
            continue
        chunk = reading.removeprefix(_NON_HAN)
        chunk = "".join(c for c in unicodedata.normalize("NFKD", chunk) if not unicodedata.combining(c))
        for part in _CHUNK.findall(chunk):
            units.append((0, int(part)) if part.isdigit() else (1, part.casefold()))
            tones.append(0)
    return tuple(units), tuple(tones)


def pinyin_syllables(term: str) -> tuple[str, ...]:
    """The toneless pinyin (and Latin / digit) units of a term, as used for sorting: 重庆 -> ('chong', 'qing')."""
    return tuple(str(value) for _, value in _units(term)[0])


def zh_initial(term: str) -> str:
    """The index letter of a Chinese term: 'A'-'Z', or '#' for a leading digit or no letter at all."""
    units = _units(term)[0]
    if not units or units[0][0] == 0:
        return "#"
    first = str(units[0][1])[0].upper()
    return first if first in _LETTER_GROUPS else "#"


def zh_key(term: str, id: str = "") -> tuple:
    """Sort key for the Chinese index: (group, pinyin units, tones, code points, id). See the module docstring."""
    units, tones = _units(term)
    return (_LETTER_GROUPS.index(zh_initial(term)), units, tones, tuple(map(ord, term)), id)


def _en_fold(term: str) -> str:
    stripped = _ARTICLE.sub("", term.strip())
    decomposed = unicodedata.normalize("NFKD", stripped)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def en_initial(term: str) -> str:
    """The index letter of an English term: 'A'-'Z' (leading article and punctuation skipped), else '#'."""
    for c in _en_fold(term):
        if c.isalnum():
            return c.upper() if "a" <= c <= "z" else "#"
    return "#"


def en_key(term: str, id: str = "") -> tuple:
    """Sort key for the English index: (group, folded text without leading article, original, id)."""
    return (_LETTER_GROUPS.index(en_initial(term)), _en_fold(term), term, id)
