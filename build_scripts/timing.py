"""Per-stage wall time, CPU time and peak memory, for the benchmark (bench/run.py).

``with timed("parse"): ...`` around a stage records one :class:`StageTime` into :data:`records` while
recording is enabled (:func:`enable`); otherwise it does nothing. A build never reads these numbers.

Peak memory is the process's resident-set high-water mark while the stage ran (what the stages before it
still hold included). On Linux the mark is reset when a stage starts (``/proc/self/clear_refs``, value 5) and
read from ``VmHWM`` in ``/proc/self/status`` when it ends, so every stage reports its own peak; stages may
nest (an outer stage's peak covers its inner stages). Where the reset is not available the figure is
``ru_maxrss``, the peak of the whole process so far.
"""
from __future__ import annotations

import resource
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass

from .diagnostics import working_on


@dataclass(frozen=True)
class StageTime:
    stage: str
    wall: float  #: seconds
    cpu: float  #: seconds of CPU time of this process (user + system)
    peak_rss: int  #: bytes

    def as_dict(self) -> dict:
        return asdict(self)


records: list[StageTime] | None = None  #: None: recording is off
_open: list[list[int]] = []  #: the running peak of every stage now open, innermost last
_charged: list[list[float]] = []  #: per open stage: [wall, cpu] it spent on other stages' work (see charge)
_resettable: bool | None = None


def enable() -> list[StageTime]:
    """Start recording (again, into a fresh list) and return that list."""
    global records
    records = []
    return records


def disable() -> None:
    global records
    records = None


@contextmanager
def timed(stage: str) -> Iterator[None]:
    """Time ``stage`` (when recording); always name it on an unexpected exception (diagnostics.working_on)."""
    with working_on(stage=stage):
        if records is None:
            yield
        else:
            with _recorded(stage):
                yield


@contextmanager
def _recorded(stage: str) -> Iterator[None]:
    _checkpoint()
    peak = [0]
    _open.append(peak)
    _charged.append([0.0, 0.0])
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield
    finally:
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        _checkpoint()
        _open.pop()
        other_wall, other_cpu = _charged.pop()
        if records is not None:
            records.append(StageTime(stage, wall - other_wall, cpu - other_cpu, peak[0]))


def charge(stage: str, wall: float, cpu: float) -> None:
    """Book time that the innermost open stage spent on ``stage``'s work (render writes each page for the site
    stage as it goes): recorded under ``stage`` and taken off the open stage. Peak memory stays the open stage's."""
    if records is None:
        return
    if _charged:
        _charged[-1][0] += wall
        _charged[-1][1] += cpu
    records.append(StageTime(stage, wall, cpu, 0))


def peak_rss() -> int:
    """The process's resident-set high-water mark in bytes (since the last reset, where resets work)."""
    if sys.platform.startswith("linux"):
        try:
            with open("/proc/self/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss if sys.platform == "darwin" else maxrss * 1024


def _reset_peak() -> bool:
    global _resettable
    if _resettable is False:
        return False
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")
        _resettable = True
    except OSError:
        _resettable = False
    return _resettable


def _checkpoint() -> None:
    """Fold the high-water mark into every open stage's peak, then start a new mark."""
    mark = peak_rss()
    for peak in _open:
        peak[0] = max(peak[0], mark)
    _reset_peak()
