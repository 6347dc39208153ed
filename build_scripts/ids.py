"""Canonical anchors (HTML ids) in the Akoma Ntoso style: ``{type}_{num}`` joined by ``__``.

Examples: ``para_2-26``, ``para_15__point_a``, ``subprog_2__ea_b__ind_1``, ``fn_3``, ``chp_2__sec_a``.
An anchor parses and re-formats exactly; anything else raises ValueError.
The scheme is documented for readers on docs/cite.md.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

#: Element types an anchor may name, with what each means (rendered on the how-to-cite page).
TYPES: dict[str, str] = {
    "preface": "a document's front matter before its first numbered paragraph",
    "chp": "a chapter numbered 一. 二. … (mapped to 1, 2, …)",
    "sec": "a section lettered A. B. … or numbered 1, 2.1 in the journal article",
    "hdg": "an unnumbered heading, counted within its numbered parent",
    "para": "a numbered paragraph (1, 2.26) or an unnumbered paragraph counted within its parent",
    "point": "a lettered or numbered sub-item: (a) → a, ㈠ → 1",
    "list": "a bulleted list, counted within its parent",
    "item": "one bullet of a list",
    "fn": "a footnote, by its printed marker",
    "table": "a table, by its printed number or counted within its parent",
    "row": "a table row",
    "ea": "an expected accomplishment (秘书处预期成绩), by its letter",
    "ind": "an indicator of achievement (绩效指标), by its number ㈠ → 1",
    "objective": "the objective of the Organization (本组织的目标) of a subprogramme",
    "subprog": "a subprogramme (次级方案 k)",
    "mandates": "a legislative-mandates (立法授权) section",
    "group": "a group of mandates (大会决议, 安全理事会决议, …), counted within its parent",
    "entry": "one legislative mandate, counted within its group; one found after publication to have been read "
             "into the entry before it keeps the count of that entry with a letter (entry_1a), so no later id moves",
    "area": "an action area (行动领域 N) of the action agenda",
    "action": "a key action (bullet) of an action area",
    "milestone": "the milestone (里程碑) of an action area",
    "summary": "a summary (摘要 / Abstract)",
    "note": "a note, caption or other unnumbered text, counted within its parent",
    "target": "an SDG target (3.c → 3-c)",
    "prog": "a programme of A/71/6/Rev.1 (方案 N)",
    "abstract": "the English abstract of the journal article",
    "cover": "a cover page (title, tagline)",
    "intro": "an unnumbered introduction",
    "priorities": "the priorities for 2018-2019 (A/71/6/Rev.1)",
}

#: Types that occur at most once in their parent and so stand without a number (``preface``, ``mandates``).
SINGLETONS = frozenset({"preface", "summary", "mandates", "objective", "milestone", "abstract", "cover", "intro",
                        "priorities"})

_COMPONENT = re.compile(r"([a-z]+)(?:_([a-z0-9]+(?:-[a-z0-9]+)*))?")


@dataclass(frozen=True)
class Anchor:
    """A path of (type, num) components, most general first."""

    components: tuple[tuple[str, str], ...]

    @classmethod
    def parse(cls, text: str) -> "Anchor":
        parts = text.split("__")
        components = []
        for part in parts:
            m = _COMPONENT.fullmatch(part)
            if not m or m.group(1) not in TYPES or (m.group(2) is None) != (m.group(1) in SINGLETONS):
                raise ValueError(f"not a valid anchor: {text!r}")
            components.append((m.group(1), m.group(2) or ""))
        return cls(tuple(components))

    def __str__(self) -> str:
        return "__".join(f"{t}_{n}" if n else t for t, n in self.components)


def anchor(*pairs: tuple[str, str | int] | str) -> str:
    """Format an anchor from (type, printed number) pairs, validating it.

    ``anchor(("para", "2.26"))`` → ``para_2-26``; ``anchor("preface", ("para", "1."))`` → ``preface__para_1``.
    """
    text = "__".join(p if isinstance(p, str) else f"{p[0]}_{num_token(p[1])}" for p in pairs)
    return str(Anchor.parse(text))


def child(parent: str, *pairs: tuple[str, str | int] | str) -> str:
    """An anchor below ``parent`` (which may be empty): ``child("para_15", ("point", "(a)"))`` → ``para_15__point_a``."""
    tail = anchor(*pairs)
    return f"{parent}__{tail}" if parent else tail


_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_CIRCLED = {chr(0x3220 + i): i + 1 for i in range(10)}  # ㈠ … ㈩


def chinese_numeral(text: str) -> int:
    """一 → 1, 十二 → 12, 二十三 → 23. Raises ValueError on anything else."""
    if not text or any(ch not in _CN_DIGITS for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    if "十" not in text:
        if len(text) != 1:
            raise ValueError(f"not a Chinese numeral: {text!r}")
        return _CN_DIGITS[text]
    tens, _, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1 or units == "十":  # 二三十, 十二三, 十十: checked before the lookup
        raise ValueError(f"not a Chinese numeral: {text!r}")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def num_token(printed: str | int) -> str:
    """Map a printed number to the ASCII token used in anchors.

    ``2.26`` → ``2-26``; ``(a)`` / ``（a）`` → ``a``; ``㈢`` → ``3``; ``三`` → ``3``; ``A`` → ``a``; ``7`` → ``7``.
    """
    s = str(printed).strip()
    s = s.strip("()（）.。、 ")
    if len(s) == 1 and s in _CIRCLED:
        return str(_CIRCLED[s])
    if s and all(ch in _CN_DIGITS for ch in s):
        return str(chinese_numeral(s))
    token = s.lower().replace(".", "-")
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", token):
        raise ValueError(f"cannot make an anchor number from {printed!r}")
    return token
