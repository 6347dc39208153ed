"""Overlap tests between half-open intervals ``[start, end)`` in O(log n) each, for the mention path.

Extract keeps the hits that overlap no hit kept before them (first matcher wins, longest actor name wins), link
drops glossary terms inside actor names and render drops spans that overlap a higher-priority one. Comparing
each new interval with every kept one is quadratic in the mentions of a unit: a paragraph with thousands of
mentions took minutes. :class:`Claimed` answers "does ``[start, end)`` overlap anything claimed so far?" from a
prefix maximum: it overlaps some claimed ``[s, e)`` exactly when ``s < end`` and ``e > start``, that is when
the largest ``e`` among the claimed intervals with ``s < end`` is above ``start``.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable


class Claimed:
    """A growing set of intervals whose starts are among ``starts`` (known in advance).

    A Fenwick tree over the sorted distinct starts holds, for each prefix of them, the largest end claimed
    with such a start; claiming and asking are both O(log n).
    """

    def __init__(self, starts: Iterable[int]):
        self._starts = sorted(set(starts))
        self._max_end = [None] * (len(self._starts) + 1)  #: 1-based Fenwick tree; None: nothing claimed there

    def claim(self, start: int, end: int) -> None:
        """Add ``[start, end)``; ``start`` must be one of the starts given at construction."""
        i = bisect_left(self._starts, start) + 1
        if i > len(self._starts) or self._starts[i - 1] != start:
            raise ValueError(f"start {start} was not announced")
        while i < len(self._max_end):
            if self._max_end[i] is None or self._max_end[i] < end:
                self._max_end[i] = end
            i += i & -i

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some claimed ``[s, e)`` has ``s < end`` and ``e > start`` (they share a position, or
        ``[start, end)`` is empty and lies strictly inside one)."""
        i = bisect_left(self._starts, end)  # how many known starts are below ``end``
        best = None
        while i > 0:
            if self._max_end[i] is not None and (best is None or self._max_end[i] > best):
                best = self._max_end[i]
            i -= i & -i
        return best is not None and best > start

    def covers(self, pos: int) -> bool:
        """Whether ``s <= pos < e`` for some claimed ``[s, e)``."""
        return self.overlaps(pos, pos + 1)


def claimed_from(spans: Iterable[tuple[int, int]]) -> Claimed:
    """A :class:`Claimed` holding every span of ``spans``."""
    spans = list(spans)
    claimed = Claimed(start for start, _ in spans)
    for start, end in spans:
        claimed.claim(start, end)
    return claimed

