"""Stage accounting for the benchmark (build_scripts/timing.py): no timing thresholds, a fake clock."""
from __future__ import annotations

from build_scripts import timing


def test_charged_work_is_booked_to_its_own_stage_and_taken_off_the_open_one(monkeypatch):
    walls, cpus = iter([0.0, 10.0]), iter([0.0, 4.0])
    monkeypatch.setattr(timing.time, "perf_counter", lambda: next(walls))
    monkeypatch.setattr(timing.time, "process_time", lambda: next(cpus))
    records = timing.enable()
    try:
        with timing.timed("render"):
            timing.charge("stage", 3.0, 1.0)  # what site.PageWriter does for each page it writes
            timing.charge("stage", 2.0, 0.5)
    finally:
        timing.disable()
    booked = [(r.stage, r.wall, r.cpu) for r in records]
    assert booked == [("stage", 3.0, 1.0), ("stage", 2.0, 0.5), ("render", 5.0, 2.5)]


def test_nothing_is_recorded_when_recording_is_off():
    timing.disable()
    timing.charge("stage", 1.0, 1.0)
    assert timing.records is None
