"""Progress arithmetic shared by the apps that score a learner's work (quizzes, drills)."""

from __future__ import annotations

from collections.abc import Iterable


def best_by_share(rows: Iterable[tuple[str, int, int]]) -> dict[str, tuple[int, int, int]]:
    """(key, score, max score) rows -> per key: the best-scoring row's score and max, and the count.

    The best is judged by share, not by raw score: a question bank (or a Dockerfile's applicable
    checks) can change size, so the best score and the largest maximum may come from different rows.
    """
    best: dict[str, tuple[int, int, int]] = {}
    for key, score, size in rows:
        count = best[key][2] + 1 if key in best else 1
        if key not in best or score * best[key][1] > best[key][0] * size:
            best[key] = (score, size, count)
        else:
            best[key] = (best[key][0], best[key][1], count)
    return best
