"""A learner is whoever is doing the course: a signed-in user or an anonymous browser session.

Everything a learner does (lessons read, quiz attempts, drill submissions) points at a Learner row,
so anonymous work needs no special storage and can later be handed over to an account whole.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Learner(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="learner",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.user.get_username() if self.user_id else f"anonymous learner #{self.pk}"
