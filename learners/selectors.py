"""Finding the learner behind a request without creating one.

Reading pages must not write: a first-time visitor has no learner yet, and that is fine.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from learners.models import Learner

SESSION_KEY = "learner_id"


def learner_for_request(request: HttpRequest) -> Learner | None:
    """The request's learner, or None if this visitor has never saved anything."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return Learner.objects.filter(user=user).first()
    learner_id = request.session.get(SESSION_KEY)
    if learner_id is None:
        return None
    return Learner.objects.filter(pk=learner_id, user__isnull=True).first()


def anonymous_progress_days() -> int:
    """How long an anonymous learner's progress lasts after the last thing they saved, in days."""
    return settings.SESSION_COOKIE_AGE // 86_400
