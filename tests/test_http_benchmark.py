"""benchmarks/http.py: how a case's budget ratio is made from its passes.

The benchmark itself needs gunicorn and wrk and runs for minutes, so it is not run here; what is
tested is the arithmetic that decides a budget: each pass's ratio against the reference runs around
it, and the median of the passes.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

# Loaded from its file under a name of its own: as `http` it would be the standard library's. Its
# dataclasses look their module up in sys.modules while they are made.
_spec = importlib.util.spec_from_file_location(
    "benchmarks_http", Path(__file__).resolve().parent.parent / "benchmarks" / "http.py"
)
bench = sys.modules["benchmarks_http"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


def run(rate: float) -> bench.Figures:
    return bench.Figures(
        requests_per_second=rate,
        p50_ms=1.0,
        p95_ms=2.0,
        p99_ms=3.0,
        requests=int(rate * 10),
        status_errors=0,
        socket_errors=0,
    )


def case_of(*passes: tuple[float, float, float]) -> bench.Case:
    """A case from (reference before, the case, reference after) rates, one triple per pass."""
    case = bench.Case()
    for before, rate, after in passes:
        case.runs.append(run(rate))
        case.around.append([run(before), run(after)])
    return case


def test_each_pass_is_held_against_the_reference_runs_around_it():
    case = case_of((1000, 500, 1000), (2000, 800, 2000))

    assert case.ratios() == pytest.approx([0.5, 0.4])


def test_a_reference_that_drifted_during_a_pass_counts_as_its_mean():
    case = case_of((900, 500, 1100))

    assert case.ratios() == pytest.approx([0.5])


def test_one_pass_in_a_slow_minute_does_not_decide_the_budget():
    case = case_of((1000, 550, 1000), (1000, 300, 1000), (1000, 520, 1000))

    assert case.ratio() == pytest.approx(0.52)


def test_the_figures_shown_are_the_median_pass():
    case = case_of((1000, 550, 1000), (1000, 300, 1000), (1000, 520, 1000))

    assert case.typical().requests_per_second == 520


def test_with_an_even_count_of_passes_the_figures_shown_are_the_lower_middle_pass():
    case = case_of((1000, 600, 1000), (1000, 400, 1000))

    assert case.typical().requests_per_second == 400
