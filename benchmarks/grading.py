"""How long the drill grader takes per answer: p50 and p99 for a typical and a 5,000-character answer.

Budget: p99 under 10 ms on one core. Run: .venv/bin/python benchmarks/grading.py [--runs N]
It loads the drills from the files (no database) and grades in this one process (one core).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

# benchmarks/http.py would shadow the standard library's `http` (Django imports it): the
# folder this script runs from leaves the path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from config.collector import settle_after_loading  # noqa: E402
from course.loading import load_course  # noqa: E402
from drills.grader import grade_answer  # noqa: E402
from drills.grading.rubric import MAX_ANSWER_LENGTH  # noqa: E402

BUDGET_MS = 10.0


def long_answer(base: str, rng: random.Random) -> str:
    """A 5,000-character answer: the typical answer repeated with shuffled sentences and filler."""
    sentences = [s for s in base.replace("\n", " ").split(". ") if s]
    text = ""
    while len(text) < MAX_ANSWER_LENGTH:
        rng.shuffle(sentences)
        text += ". ".join(sentences) + ". Also, as I said before, not without reason, "
    return text[:MAX_ANSWER_LENGTH]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(drill, answer: str, dockerignore: str, runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per grading. On a busy machine the wall clock includes time
    spent waiting for a core; the CPU time is what the grading itself costs."""
    grade_answer(
        drill, answer, dockerignore
    )  # warm-up: phrase patterns are compiled once per process
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.thread_time()
        grade_answer(drill, answer, dockerignore)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.thread_time() - start_cpu) * 1000)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="gradings per answer (default 200)")
    args = parser.parse_args()
    rng = random.Random(7)
    content = load_course()
    settle_after_loading()  # as config/wsgi.py does once the application is loaded
    load = os.getloadavg()[0]
    print(f"load average {load:.2f} on {os.cpu_count()} cores")
    print(f"{'drill':<24} {'answer':<10} {'chars':>6} {'p50 ms':>8} {'p99 ms':>8} {'cpu p99':>8}")
    worst = 0.0
    for drill in content.drills:
        strong = next(item for item in drill.calibration if item.kind == "strong")
        cases = [("typical", strong.answer)]
        if drill.kind == "text":
            cases.append(("5,000 ch", long_answer(strong.answer, rng)))
        for label, answer in cases:
            timings, cpu = measure(drill, answer, strong.dockerignore, args.runs)
            p50, p99 = statistics.median(timings), percentile(timings, 0.99)
            cpu99 = percentile(cpu, 0.99)
            worst = max(worst, p99)
            print(
                f"{drill.slug:<24} {label:<10} {len(answer):>6} {p50:>8.2f} {p99:>8.2f} {cpu99:>8.2f}"
            )
    verdict = "within" if worst <= BUDGET_MS else "OVER"
    print(f"\nworst p99: {worst:.2f} ms ({verdict} the {BUDGET_MS:.0f} ms budget)")
    return 0 if worst <= BUDGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
