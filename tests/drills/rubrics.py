"""Grading made-up answers on a real drill's rubric: the helper every rubric test file shares."""

from __future__ import annotations

import functools

from drills.grading.rubric import Rubric, grade_text
from tests.conftest import real_course


@functools.cache
def drill_rubric(slug: str) -> Rubric:
    return next(d for d in real_course().drills if d.slug == slug).rubric


class RubricProbe:
    """The grader's view of an answer on one drill: its levels, one criterion's level, its red flags."""

    def __init__(self, slug: str):
        self.slug = slug

    def levels(self, answer: str) -> dict[str, int]:
        return grade_text(answer, drill_rubric(self.slug)).levels()

    def level(self, answer: str, criterion: str) -> int:
        return self.levels(answer)[criterion]

    def flags(self, answer: str) -> set[str]:
        return {flag.id for flag in grade_text(answer, drill_rubric(self.slug)).red_flags}
