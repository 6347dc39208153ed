"""Overlap tests in O(log n) (build_scripts/intervals.py) and the span choice that uses them (render/html.py).

Property tests against the quadratic code they replaced, on seeded random intervals (reproducible: the seed
is in the test id), and a count of comparisons that the quadratic code exceeds many times over: the choice
must stay O(n log n) without a timing in a pass/fail test.
"""
from __future__ import annotations

import math
import random

import pytest

from build_scripts.intervals import Claimed, claimed_from
from build_scripts.render.html import Span, choose_spans

SEEDS = range(40)


def random_intervals(rng: random.Random, n: int, text_length: int) -> list[tuple[int, int]]:
    """Intervals of every shape: empty, one character, long, nested, equal, touching, at the text's ends."""
    out = []
    for _ in range(n):
        start = rng.randrange(text_length + 1)
        length = rng.choice([0, 1, 1, 2, 3, 4, 6, 10, rng.randrange(text_length + 1)])
        out.append((start, min(start + length, text_length)))
    if out and rng.random() < 0.5:
        out += rng.sample(out, k=min(len(out), 3))  # exact duplicates
    return out


def overlaps_brute(claimed: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and e > start for s, e in claimed)


@pytest.mark.parametrize("seed", SEEDS)
def test_claimed_answers_as_comparing_with_every_claimed_interval(seed):
    rng = random.Random(seed)
    intervals = random_intervals(rng, rng.randrange(1, 60), rng.choice([5, 30, 200]))
    claimed = Claimed(start for start, _ in intervals)
    so_far: list[tuple[int, int]] = []
    for start, end in intervals:
        for _ in range(5):  # ask about arbitrary intervals, not only the ones that will be claimed
            a = rng.randrange(-2, 210)
            b = a + rng.choice([0, 1, 2, 5, 50])
            assert claimed.overlaps(a, b) == overlaps_brute(so_far, a, b), (so_far, a, b)
            assert claimed.covers(a) == any(s <= a < e for s, e in so_far), (so_far, a)
        if rng.random() < 0.7:
            claimed.claim(start, end)
            so_far.append((start, end))
    whole = claimed_from(so_far)
    for a in range(-2, 210):
        assert whole.overlaps(a, a + 3) == overlaps_brute(so_far, a, a + 3)


def test_claiming_an_unannounced_start_is_refused():
    claimed = Claimed([3, 7])
    with pytest.raises(ValueError):
        claimed.claim(5, 9)


def choose_spans_reference(spans: list[Span]) -> list[Span]:
    """render/html.py choose_spans as it was: each span compared with every span chosen before it."""
    chosen: list[Span] = []
    for span in sorted(spans, key=lambda s: (-s.priority, s.start, -(s.end - s.start))):
        if span.end > span.start and all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


def random_spans(rng: random.Random, n: int, text_length: int) -> list[Span]:
    # markup differs per span, so that a different choice among equal intervals shows
    return [Span(start, end, f"<a{i}>", f"</a{i}>", rng.choice([0, 1, 1, 5, 5, 9]))
            for i, (start, end) in enumerate(random_intervals(rng, n, text_length))]


@pytest.mark.parametrize("seed", SEEDS)
def test_choose_spans_chooses_as_before(seed):
    rng = random.Random(seed)
    spans = random_spans(rng, rng.randrange(0, 120), rng.choice([8, 40, 300]))
    assert choose_spans(spans) == choose_spans_reference(spans)


class CountedInt(int):
    """An int that counts the order comparisons made with it (sorting, bisecting and overlap tests all compare)."""

    comparisons = 0

    def _count(self, other, op):
        CountedInt.comparisons += 1
        return op(int(self), int(other))

    def __lt__(self, other):
        return self._count(other, int.__lt__)

    def __le__(self, other):
        return self._count(other, int.__le__)

    def __gt__(self, other):
        return self._count(other, int.__gt__)

    def __ge__(self, other):
        return self._count(other, int.__ge__)

    __hash__ = int.__hash__


def comparisons(choose, spans) -> int:
    CountedInt.comparisons = 0
    choose(spans)
    return CountedInt.comparisons


@pytest.mark.parametrize("n", [1000, 4000])
def test_choose_spans_makes_n_log_n_comparisons(n):
    """A paragraph with n mentions side by side (every one chosen, the worst case of the old code): at most
    10 n log2 n comparisons (about 4 n log2 n are made); the quadratic choice made n^2 (9 times the bound at
    n = 1000)."""
    rng = random.Random(n)
    spans = [Span(CountedInt(3 * i), CountedInt(3 * i + 2), "<a>", "</a>", rng.choice([1, 5])) for i in range(n)]
    bound = 10 * n * math.log2(n)
    assert comparisons(choose_spans, spans) <= bound
    if n == 1000:  # the bound does tell the two apart (the reference is too slow to run at 4000)
        assert comparisons(choose_spans_reference, spans) > 5 * bound
