"""Creating learners. The first time a visitor saves progress they get a Learner row."""

from __future__ import annotations

from django.http import HttpRequest

from learners.models import Learner
from learners.selectors import SESSION_KEY, learner_for_request


def learner_get_or_create_for_request(*, request: HttpRequest) -> Learner:
    """The request's learner, created (and remembered in the session) if there is none yet."""
    learner = learner_for_request(request)
    if learner is not None:
        return learner
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        learner, _ = Learner.objects.get_or_create(user=user)
        return learner
    learner = Learner.objects.create()
    request.session[SESSION_KEY] = learner.pk
    return learner
