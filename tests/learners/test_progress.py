"""Progress arithmetic shared by quizzes and drills."""

from learners.progress import best_by_share


def test_the_best_attempt_is_judged_by_share_not_raw_score():
    rows = [("quiz", 9, 12), ("quiz", 10, 16), ("drill", 2, 10)]
    assert best_by_share(rows) == {"quiz": (9, 12, 2), "drill": (2, 10, 1)}
