"""Lessons as loaded from lessons/content/, and which learners have read them.

A lesson row is written only by `manage.py sync_content`; its HTML is rendered there, once, so a
request for a lesson page never touches markdown.
"""

from __future__ import annotations

from django.db import models


class LessonManager(models.Manager):
    def get_by_natural_key(self, slug: str) -> Lesson:
        return self.get(slug=slug)


class Lesson(models.Model):
    slug = models.SlugField(unique=True)
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300)
    minutes = models.PositiveSmallIntegerField()
    objectives = models.JSONField(default=list)  # inline HTML, rendered at sync time
    sources = models.JSONField(default=list)
    # [{"id": "...", "title": "...", "level": 2 or 3}, ...] in document order.
    toc = models.JSONField(default=list)
    html = models.TextField()
    words = models.PositiveIntegerField(default=0)
    source_path = models.CharField(max_length=300)
    content_hash = models.CharField(max_length=64)
    # A lesson whose file was removed is retired, not deleted, so reading history survives.
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LessonManager()

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/lessons/{self.slug}/"

    def natural_key(self) -> tuple[str]:
        """Exports name lessons by slug, which is the same in every database (see learners/transfer.py)."""
        return (self.slug,)


class LessonRead(models.Model):
    learner = models.ForeignKey("learners.Learner", on_delete=models.CASCADE, related_name="reads")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="reads")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "lesson"], name="one_read_per_learner_lesson"
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner} read {self.lesson.slug}"


class ContentVersion(models.Model):
    """One row whose token changes whenever a lesson or question row does (lessons/caching.py).

    Database triggers (migrations lessons 0002 and quiz 0005) write a new random token on every
    insert, update or delete of those tables, whoever writes them: `sync_content`, the admin, an
    import, a test. A page kept per content version is therefore never shown after its rows change.
    """

    token = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.token


class ReadingPosition(models.Model):
    """The section of a lesson a learner reached last, so the course can offer to continue there.

    Written by the lesson page's script as the reader scrolls (one row per learner and lesson,
    updated in place); `section` is a heading id from the lesson's table of contents.
    """

    learner = models.ForeignKey(
        "learners.Learner", on_delete=models.CASCADE, related_name="reading_positions"
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="reading_positions")
    section = models.CharField(max_length=100)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "lesson"], name="one_position_per_learner_lesson"
            )
        ]
        indexes = [models.Index(fields=["learner", "-updated_at"])]

    def __str__(self) -> str:
        return f"{self.learner} at {self.lesson.slug}#{self.section}"
