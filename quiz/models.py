"""Questions loaded from quiz/content/, quiz runs, and every answer a learner gives.

History rules: a question is never deleted. Editing it bumps its version (attempts keep the version
they answered); removing it from the files retires it (no longer asked, attempts kept).
"""

from __future__ import annotations

import uuid

from django.db import models

from config.fields import RowIdAutoField
from quiz.grading.questions import QuestionSpec, QuestionType


class QuestionManager(models.Manager):
    def get_by_natural_key(self, question_id: str) -> Question:
        return self.get(question_id=question_id)


class Question(models.Model):
    question_id = models.SlugField(max_length=100, unique=True)
    lesson = models.ForeignKey("lessons.Lesson", on_delete=models.PROTECT, related_name="questions")
    position = models.PositiveSmallIntegerField(
        help_text="Order within the lesson's question bank."
    )
    type = models.CharField(
        max_length=20, choices=[(kind.value, kind.label) for kind in QuestionType]
    )
    anchor = models.CharField(max_length=100)
    spec = models.JSONField(help_text="The QuestionSpec, with HTML rendered at sync time.")
    content_hash = models.CharField(max_length=64)
    version = models.PositiveIntegerField(default=1)
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuestionManager()

    class Meta:
        ordering = ["lesson__order", "position"]

    def __str__(self) -> str:
        return self.question_id

    def natural_key(self) -> tuple[str]:
        return (self.question_id,)

    @property
    def parsed(self) -> QuestionSpec:
        cached = getattr(self, "_parsed", None)
        if cached is None:
            cached = self._parsed = QuestionSpec.from_dict(self.spec)
        return cached


class QuizRun(models.Model):
    """One pass through a lesson's quiz, with its own question order and choice order."""

    learner = models.ForeignKey(
        "learners.Learner", on_delete=models.CASCADE, related_name="quiz_runs"
    )
    lesson = models.ForeignKey("lessons.Lesson", on_delete=models.CASCADE, related_name="quiz_runs")
    # Question ids in the order this run asks them, and each question's shuffled choice/item ids.
    question_order = models.JSONField()
    shuffles = models.JSONField(default=dict)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(default=0)
    max_score = models.PositiveSmallIntegerField()
    # A practice round of the questions missed in that run: it asks only those, so its score is
    # never a quiz score (best scores, assignments and item statistics count full runs only).
    retry_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="retries"
    )

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["learner", "lesson", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.learner} · {self.lesson.slug} · {self.score}/{self.max_score}"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    @property
    def is_retry(self) -> bool:
        return self.retry_of_id is not None

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.max_score) if self.max_score else 0


class Attempt(models.Model):
    """One answer to one question: in a quiz run, or a "check yourself" question inside a lesson."""

    # Written on every answer: on SQLite a plain rowid, which spares each INSERT a sequence table
    # (config/fields.py). No row points at an attempt, so an id given again after the newest
    # attempt was deleted (with its learner) confuses nothing.
    id = RowIdAutoField(primary_key=True)
    # Indexed with created_at (Meta.indexes), which serves lookups by learner as well.
    learner = models.ForeignKey(
        "learners.Learner", on_delete=models.CASCADE, related_name="attempts", db_index=False
    )
    # No index: nothing asks for a question's answers across learners. The class's analysis reads
    # the answers of its quiz runs (the run index), exports and histories a learner's answers (the
    # learner index). Each index is one more page written on every answer: leaving this one out
    # made an answer's INSERT 15 % cheaper (13 of 92 µs of CPU, measured in process). What it
    # would serve is rare: the admin's filter by lesson, and the PROTECT check when a question is
    # deleted (questions are retired, never deleted, by sync_content).
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="attempts", db_index=False
    )
    question_version = models.PositiveIntegerField()
    content_hash = models.CharField(max_length=64)
    # No index of its own: the unique (run, question) constraint below is an index led by run, and
    # SQLite and PostgreSQL both use it for `run = x` (which implies the run is not null). One index
    # fewer to update on every answer, most of which are outside a run.
    run = models.ForeignKey(
        QuizRun,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attempts",
        db_index=False,
    )
    # Identifies the form that was submitted, so a double submit is recorded once.
    submission_token = models.UUIDField(default=uuid.uuid4)
    answer = models.JSONField()
    is_correct = models.BooleanField()
    score = models.FloatField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            # One form, one row, whoever sends it (see learners.services.SubmissionTokenTaken).
            models.UniqueConstraint(fields=["submission_token"], name="one_attempt_per_token"),
            models.UniqueConstraint(
                fields=["run", "question"],
                condition=models.Q(run__isnull=False),
                name="one_attempt_per_question_per_run",
            ),
        ]
        indexes = [
            # A learner's answers in time order: their history, and the answer limit's count of
            # answers stored in the last minute (quiz.selectors.answer_stored_at).
            models.Index(fields=["learner", "created_at"], name="attempts_of_learner_by_time"),
        ]

    def __str__(self) -> str:
        verdict = "right" if self.is_correct else "wrong"
        return f"{self.learner} · {self.question.question_id} · {verdict}"
