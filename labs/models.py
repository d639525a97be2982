"""A learner's result on each lab exercise.

Labs and exercises live in code (labs/catalogue.py, labs/exercises.py), so a result names them by
slug and id rather than by foreign key. One row per learner and exercise: the latest answer, and
when the exercise was first solved (a later wrong answer does not take that away).
"""

from __future__ import annotations

from django.db import models


class LabResult(models.Model):
    learner = models.ForeignKey(
        "learners.Learner", on_delete=models.CASCADE, related_name="lab_results"
    )
    lab_slug = models.SlugField(max_length=60)
    exercise_id = models.SlugField(max_length=60)
    last_answer = models.TextField()
    last_solved = models.BooleanField(default=False)
    solved_at = models.DateTimeField(null=True, blank=True)
    attempted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "lab_slug", "exercise_id"], name="one_result_per_exercise"
            )
        ]
        indexes = [models.Index(fields=["lab_slug", "exercise_id"])]

    def __str__(self) -> str:
        state = "solved" if self.solved_at else "tried"
        return f"{self.learner} {state} {self.lab_slug}/{self.exercise_id}"

    @property
    def is_solved(self) -> bool:
        return self.solved_at is not None
