"""Creating learners. The first time a visitor saves progress they get a Learner row."""

from __future__ import annotations

from datetime import timedelta

from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from learners.claims import claim_records
from learners.models import Learner
from learners.selectors import SESSION_KEY, forget_learner_for_request, learner_for_request


def learner_get_or_create_for_request(*, request: HttpRequest) -> Learner:
    """The request's learner, created (and remembered in the session) if there is none yet.

    Called by every write of a learner's progress. For an anonymous learner it also renews the
    session, so the progress lasts SESSION_COOKIE_AGE after the last thing saved, not after the
    first (Django only renews a session's expiry when the session is saved; config/sessions.py
    skips a session renewed within the hour).
    """
    learner = learner_for_request(request)
    if learner is not None:
        if learner.user_id is None:
            request.session.keep_alive()  # config/sessions.py (SESSION_ENGINE)
        return learner
    forget_learner_for_request(request)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        learner, _ = Learner.objects.get_or_create(user=user)
        return learner
    learner = Learner.objects.create()
    request.session[SESSION_KEY] = learner.pk
    return learner


# How long after a submission the same form may still arrive from a browser that had no learner yet:
# a double click or a resend, not a form kept open for days.
DOUBLE_SUBMIT_WINDOW = timedelta(minutes=5)


class SubmissionTokenTaken(Exception):
    """A form's submission token was already recorded, for another learner than this request's.

    `record` is the row stored with it (an Attempt or a DrillSubmission, with a `learner`).
    """

    def __init__(self, record: models.Model):
        super().__init__("This form was already submitted.")
        self.record = record


def learner_adopt_for_double_submit(
    *, request: HttpRequest, record: models.Model, had_learner: bool
) -> bool:
    """Let a first visit's duplicate request join the learner its twin created; True if it may.

    A first-time visitor who double-clicks sends two requests without a session: each would create
    a learner, and the same form would be stored twice. The submission token is unique, so only one
    row is stored; the other request finds it here and, if this browser had no learner of its own
    and the row is anonymous and fresh, remembers that learner in its session (the token was in
    this browser's form, and is unguessable). Anything else is refused.
    """
    learner = record.learner
    user = getattr(request, "user", None)
    allowed = (
        not had_learner
        and not (user is not None and user.is_authenticated)
        and learner.user_id is None
        and record.created_at >= timezone.now() - DOUBLE_SUBMIT_WINDOW
    )
    if allowed:
        request.session[SESSION_KEY] = learner.pk
    elif not had_learner:
        # This request's own new learner was rolled back with its transaction.
        request.session.pop(SESSION_KEY, None)
    return allowed


def learner_set_time_zone(*, learner: Learner, zone: str) -> None:
    """Keep the learner's time zone (an IANA name checked by learners.timezones.valid_zone)."""
    learner.time_zone = zone
    learner.save(update_fields=["time_zone"])


def learner_mark_reviews_seen(*, learner: Learner) -> None:
    """The learner has read the notice of instructors' reviews: only later reviews are announced."""
    learner.reviews_seen_at = timezone.now()
    learner.save(update_fields=["reviews_seen_at"])


@transaction.atomic
def learner_claim_anonymous(*, anonymous_learner_id: int | None, user) -> Learner:
    """Hand what a visitor did anonymously to their account: nothing lost, nothing counted twice.

    Called right after sign-up or log-in with the learner id the anonymous session held. If the
    account has no learner yet, the anonymous learner simply becomes the account's. Otherwise its
    records move over by the rules each app registered (learners/claims.py): reading marks merge (a
    lesson read on both counts once, the earlier date wins), reading positions merge (the more recent
    place in each lesson wins), lab results merge per exercise (the earliest solve wins), quiz runs,
    answers and drill submissions move as they are.
    """
    account_learner = Learner.objects.filter(user=user).first()
    anonymous = (
        Learner.objects.select_for_update()
        .filter(pk=anonymous_learner_id, user__isnull=True)
        .first()
        if anonymous_learner_id
        else None
    )
    if anonymous is None:
        return account_learner or Learner.objects.create(user=user)
    if account_learner is None:
        anonymous.user = user
        anonymous.save(update_fields=["user"])
        return anonymous
    claim_records(source=anonymous, target=account_learner)
    anonymous.delete()
    return account_learner
