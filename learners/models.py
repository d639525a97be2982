"""A learner is whoever is doing the course: a signed-in user or an anonymous browser session.

Everything a learner does (lessons read, quiz attempts, drill submissions) points at a Learner row,
so anonymous work needs no special storage and can later be handed over to an account whole.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from learners.versioning import new_progress_token


class Learner(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="learner",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The IANA time zone the learner's browser reports (or they chose), e.g. "Europe/Paris": times
    # are shown in it and due dates an instructor types are read in it. Empty: UTC.
    # db_default too: rows inserted by code that predates the column (a rolling deploy, or a
    # migration's historical models) get "" rather than breaking the NOT NULL constraint.
    time_zone = models.CharField(max_length=64, blank=True, default="", db_default="")
    # When the learner last dismissed the notice of instructors' reviews of their drill answers:
    # reviews made after it are announced on their next visit.
    reviews_seen_at = models.DateTimeField(null=True, blank=True)
    # A new random value whenever the progress the course pages show changes (lessons read, places
    # in lessons, quiz runs, lab results): written by database triggers (learners/versioning.py), so
    # a worker can keep what it read of a learner's progress by it (lessons/caching.kept_progress).
    progress_token = models.CharField(
        max_length=32, default=new_progress_token, db_default="", editable=False
    )

    def __str__(self) -> str:
        return self.user.get_username() if self.user_id else f"anonymous learner #{self.pk}"
