"""What the course search finds: one row per lesson section, question and drill.

The rows are derived data: `manage.py sync_content` rebuilds them from the lessons, questions and
drills it has just loaded (see `search/indexing.py`), so they are never edited by hand and hold no
learner's data. The full-text index over them is the database's own: an FTS5 table on SQLite, a GIN
index over a weighted `tsvector` on PostgreSQL (both created by migration 0001).
"""

from __future__ import annotations

from django.db import models


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        SECTION = "section", "Lesson section"
        QUESTION = "question", "Quiz question"
        DRILL = "drill", "Interview drill"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=300)
    # What the engines weigh most: a section's heading, a drill's title. Empty for a question, whose
    # title is the start of its prompt (already in the body): weighing it as a heading would rank
    # every question that mentions a word above the section that teaches it.
    heading = models.CharField(max_length=300, blank=True)
    # Where the entry sits, for the result line: the lesson's title for sections and questions.
    context = models.CharField(max_length=300, blank=True)
    url = models.CharField(max_length=300)
    # For a question: the lesson section that teaches it.
    section_url = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    # Course order, to break ties between equally relevant results.
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["position"]
        verbose_name_plural = "search entries"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"
