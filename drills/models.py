"""Interview drills loaded from drills/content/, learners' graded answers, and instructors' overrides.

The tables were created by the quiz app and moved here with their rows (see migrations/0001 and 0002):
a submission is never deleted, and the grader's result on it is never changed.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class DrillManager(models.Manager):
    def get_by_natural_key(self, slug: str) -> Drill:
        return self.get(slug=slug)


class Drill(models.Model):
    """An interview drill loaded from drills/content/; `spec` holds the prompt, rubric and model answer."""

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=20, choices=[("text", "Free text"), ("dockerfile", "Dockerfile")]
    )
    position = models.PositiveSmallIntegerField(default=0)
    spec = models.JSONField()
    rubric_version = models.CharField(max_length=12)
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DrillManager()

    class Meta:
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/drills/{self.slug}/"

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def parsed(self):
        from drills.loading import DrillSpec

        cached = getattr(self, "_parsed", None)
        if cached is None:
            cached = self._parsed = DrillSpec.from_dict(self.spec)
        return cached


class DrillSubmission(models.Model):
    """One graded answer to a drill, kept whole so instructors can review it later."""

    learner = models.ForeignKey(
        "learners.Learner", on_delete=models.CASCADE, related_name="drill_submissions"
    )
    drill = models.ForeignKey(Drill, on_delete=models.PROTECT, related_name="submissions")
    rubric_version = models.CharField(max_length=12)
    answer = models.TextField()
    dockerignore = models.TextField(blank=True)
    result = models.JSONField()
    score = models.PositiveSmallIntegerField()
    max_score = models.PositiveSmallIntegerField()
    timed = models.BooleanField(default=False)
    elapsed_seconds = models.PositiveIntegerField(null=True, blank=True)
    is_late = models.BooleanField(default=False)
    submission_token = models.UUIDField(default=uuid.uuid4)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One form, one row, whoever sends it: a first visit's double submit comes from two
            # requests that each made a learner (see learners.services.SubmissionTokenTaken).
            models.UniqueConstraint(
                fields=["submission_token"], name="one_drill_submission_per_token"
            )
        ]
        indexes = [models.Index(fields=["learner", "drill", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.learner} · {self.drill.slug} · {self.score}/{self.max_score}"

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.max_score) if self.max_score else 0


class DrillOverride(models.Model):
    """An instructor's level for one criterion of one drill submission, in one class.

    Never edited: each change is a new row, so the history (who, when, from what to what) is the
    table itself, and the latest row per criterion and class is the level in force. The grader's own
    result on the submission is never changed.

    An override belongs to the cohort it was given in: a learner in two classes is graded by each
    class's instructors, and one class's review never changes another's grades. Rows with no cohort
    were given before overrides were scoped and matched no class of their instructor (see
    migrations/0003): they stay in the history and apply nowhere.
    """

    submission = models.ForeignKey(
        DrillSubmission, on_delete=models.CASCADE, related_name="overrides"
    )
    cohort = models.ForeignKey(
        "classroom.Cohort",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="drill_overrides",
    )
    criterion_id = models.CharField(max_length=60)
    from_level = models.PositiveSmallIntegerField()
    to_level = models.PositiveSmallIntegerField()
    comment = models.TextField(max_length=2000)
    instructor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["submission", "cohort"])]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.from_level} → {self.to_level}"
