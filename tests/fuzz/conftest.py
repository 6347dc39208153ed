"""The fuzz suite's seed in the report header, and how many source edits were accepted or rejected."""
from __future__ import annotations

from .corruptions import SEED
from .test_fuzz import OUTCOMES


def pytest_report_header(config):
    return f"fuzz seed: {SEED} (FUZZ_SEED=<n> to change it)"


def pytest_terminal_summary(terminalreporter):
    if OUTCOMES:
        counts = {kind: sum(1 for v in OUTCOMES.values() if v == kind) for kind in ("built", "rejected")}
        terminalreporter.write_line(f"fuzz (seed {SEED}): corruptions that may stay valid: {counts['built']} built, "
                                    f"{counts['rejected']} rejected with clean errors ({sorted(OUTCOMES.items())})")
