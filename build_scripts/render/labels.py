"""Human labels for places: an anchor read back as "第 2.26 段", and where a unit sits in its document."""
from __future__ import annotations

from ..ids import Anchor
from ..link import Place
from ..registries import Registries
from ..symbols import Symbol, parse_mandate

ZH = {
    "para": "第 {n} 段", "point": "({n}) 项", "item": "第 {n} 项", "fn": "脚注 {n}", "sec": "第 {n} 节",
    "chp": "第 {n} 章", "subprog": "次级方案 {n}", "ea": "预期成绩 ({n})", "ind": "绩效指标 {n}", "area": "行动领域 {n}",
    "action": "重点行动 {n}", "milestone": "里程碑", "table": "表 {n}", "row": "第 {n} 行", "entry": "第 {n} 项",
    "group": "第 {n} 组", "mandates": "立法授权", "objective": "本组织的目标", "summary": "摘要", "abstract": "英文摘要",
    "preface": "前言", "priorities": "优先事项", "hdg": "标题 {n}", "note": "附注 {n}", "cover": "封面", "intro": "导言",
    "prog": "方案 {n}", "list": "列表 {n}", "target": "具体目标 {n}",
}
_DOTTED = {"para", "sec", "target"}


def counted(n: int, noun: str) -> str:
    """``5 source texts``, ``1 source text``: counts in page text come from the data, never typed in."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def anchor_label(anchor: str) -> str:
    """``para_15__point_a`` → ``第 15 段 (a) 项``; ``sec_2-1__para_3`` → ``第 2.1 节 第 3 段``."""
    parts = []
    for type_, num in Anchor.parse(anchor).components:
        shown = num.replace("-", ".") if type_ in _DOTTED else num
        parts.append(ZH[type_].replace("{n}", shown))
    return " ".join(parts)


def place_label(place: Place, doc_label: str) -> str:
    """``A/71/6/Rev.1 · 方案 2 · 次级方案 1 · 第 2.26 段``."""
    bits = [doc_label] if doc_label else []
    if place.programme:
        bits.append(f"方案 {place.programme}")
    if place.subprogramme and "subprog_" not in place.anchor:
        bits.append(f"次级方案 {place.subprogramme.split('.')[1]}")
    bits.append(anchor_label(place.anchor))
    return " · ".join(bits)


def snippet(text: str, start: int, end: int, width: int = 36) -> tuple[str, str, str]:
    """(before, match, after) around ``text[start:end]``, trimmed to about ``width`` characters each side."""
    before = text[max(0, start - width):start]
    after = text[end:end + width]
    return ("…" if start > width else "") + before, text[start:end], after + ("…" if end + width < len(text) else "")


def resolution_label(entity: str, registries: Registries | None) -> tuple[str, str]:
    """(Chinese, English) label of a resolution entity: its symbol, or for another body's text the body, the kind
    and the number as printed (人权理事会决议 5/1 / Human Rights Council resolution 5/1) — never a made-up symbol."""
    item = parse_mandate(entity)
    if isinstance(item, Symbol) or registries is None:
        return entity, entity
    actor = registries.actor(item.body)
    return f"{actor.zh}{item.kind_zh} {item.designation}", f"{actor.en} {item.kind} {item.designation}"
