"""Cohorts, their members and instructors, and assignments.

Learners' work itself (lessons read, quiz runs, drill submissions) lives where it always does; a
cohort only decides who sees it and what was asked for by when.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Cohort(models.Model):
    name = models.CharField(max_length=120)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    # Long and random: a join code must not be guessable (see classroom.codes).
    join_code = models.CharField(max_length=32, unique=True)
    instructors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="teaching")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cohorts_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        permissions = [("teach_cohorts", "Can create and teach cohorts")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/classroom/cohorts/{self.pk}/"


class Membership(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships")
    learner = models.ForeignKey(
        "learners.Learner", on_delete=models.CASCADE, related_name="memberships"
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "learner"], name="one_membership_per_cohort")
        ]

    def __str__(self) -> str:
        return f"{self.learner} in {self.cohort}"


class Assignment(models.Model):
    class Kind(models.TextChoices):
        LESSON = "lesson", "Read a lesson"
        QUIZ = "quiz", "Take a quiz"
        DRILL = "drill", "Answer a drill"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="assignments")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    lesson = models.ForeignKey("lessons.Lesson", null=True, blank=True, on_delete=models.PROTECT)
    drill = models.ForeignKey("drills.Drill", null=True, blank=True, on_delete=models.PROTECT)
    due_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind__in=["lesson", "quiz"], lesson__isnull=False, drill__isnull=True)
                    | models.Q(kind="drill", drill__isnull=False, lesson__isnull=True)
                ),
                name="assignment_names_its_work",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def title(self) -> str:
        if self.kind == self.Kind.DRILL:
            return self.drill.title
        return self.lesson.title

    @property
    def short_title(self) -> str:
        prefix = {"lesson": "Read", "quiz": "Quiz", "drill": "Drill"}[self.kind]
        return f"{prefix}: {self.title}"

    @property
    def work_url(self) -> str:
        if self.kind == self.Kind.DRILL:
            return f"/drills/{self.drill.slug}/"
        if self.kind == self.Kind.QUIZ:
            return f"/lessons/{self.lesson.slug}/quiz/"
        return f"/lessons/{self.lesson.slug}/"


class Extension(models.Model):
    """A later due date for one learner on one assignment (illness, a late joiner, ...)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="extensions")
    learner = models.ForeignKey(
        "learners.Learner", on_delete=models.CASCADE, related_name="extensions"
    )
    due_at = models.DateTimeField()
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    granted_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "learner"], name="one_extension_per_learner_assignment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner}: {self.assignment} due {self.due_at:%Y-%m-%d %H:%M}"
