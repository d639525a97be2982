"""How well the Dockerfile analysis reads the corpus, and how long a 100 KB file takes.

Prints: the share of corpus files accepted; verdict agreement per check, for the tuning set and the
held-out set separately; each disagreement; and p50/max time to analyse a 100 KB Dockerfile (the
analysis only: reading, stage model and all thirteen checks, no Django).
Run: .venv/bin/python benchmarks/dockerfile_corpus.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drills.grading.dockerfile import (  # noqa: E402
    MAX_DOCKERFILE_LENGTH,
    DockerfileError,
    grade_dockerfile,
)

CORPUS = ROOT / "tests" / "drills" / "dockerfile_corpus"


def large_dockerfile(limit: int = MAX_DOCKERFILE_LENGTH) -> str:
    """A realistic file just under the limit: the corpus files one after another, as stages."""
    # Windows files (# escape=`) cannot be joined to the others: their continuation character differs.
    parts = [p for p in sorted(CORPUS.glob("*.Dockerfile")) if "# escape" not in p.read_text()]
    chunks, size = [], 0
    index = 0
    while True:
        text = parts[index % len(parts)].read_text()
        text = "\n".join(
            line for line in text.splitlines() if not line.lower().startswith("# syntax")
        )
        if size + len(text) + 1 > limit:
            break
        chunks.append(text)
        size += len(text) + 1
        index += 1
    return "\n".join(chunks) + "\n"


def agreement() -> None:
    spec = yaml.safe_load((CORPUS / "expected.yaml").read_text())["files"]
    accepted = 0
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    disagreements = []
    for name, item in spec.items():
        try:
            got = grade_dockerfile((CORPUS / name).read_text()).statuses()
        except DockerfileError as error:
            disagreements.append(f"{name}: refused: {error}")
            continue
        accepted += 1
        for check, expected in item["expected"].items():
            tally = counts[item["set"]][check]
            tally[1] += 1
            if got[check] == expected:
                tally[0] += 1
            else:
                disagreements.append(
                    f"{name} ({item['set']}): {check} expected {expected}, got {got[check]}"
                )
    print(f"accepted: {accepted}/{len(spec)} files ({100 * accepted / len(spec):.0f}%)")
    for group in ("tuning", "held-out"):
        agree = sum(a for a, _ in counts[group].values())
        total = sum(t for _, t in counts[group].values())
        print(f"{group}: {agree}/{total} verdicts agree ({100 * agree / max(total, 1):.1f}%)")
        for check, (a, t) in counts[group].items():
            print(f"  {check:<20} {a}/{t} ({100 * a / t:.0f}%)")
    for line in disagreements:
        print(f"  disagrees: {line}")


def timing(runs: int) -> None:
    text = large_dockerfile()
    grade_dockerfile(text)  # warm up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        grade_dockerfile(text)
        samples.append((time.perf_counter() - start) * 1000)
    print(
        f"100 KB file ({len(text):,} characters, {text.count(chr(10)):,} lines): "
        f"p50 {statistics.median(samples):.0f} ms, max {max(samples):.0f} ms over {runs} runs"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    agreement()
    timing(args.runs)


if __name__ == "__main__":
    main()
