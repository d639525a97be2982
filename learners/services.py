"""Creating learners. The first time a visitor saves progress they get a Learner row."""

from __future__ import annotations

from django.apps import apps
from django.db import transaction
from django.http import HttpRequest

from learners.models import Learner
from learners.selectors import SESSION_KEY, learner_for_request


def learner_get_or_create_for_request(*, request: HttpRequest) -> Learner:
    """The request's learner, created (and remembered in the session) if there is none yet.

    Called by every write of a learner's progress. For an anonymous learner it also renews the
    session, so the progress lasts SESSION_COOKIE_AGE after the last thing saved, not after the
    first (Django only renews a session's expiry when the session is saved).
    """
    learner = learner_for_request(request)
    if learner is not None:
        if learner.user_id is None:
            request.session.modified = True
        return learner
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        learner, _ = Learner.objects.get_or_create(user=user)
        return learner
    learner = Learner.objects.create()
    request.session[SESSION_KEY] = learner.pk
    return learner


# A learner's records that are distinct events and move to the account as they are. The learners app
# sits below the apps that own these models, so it names them by label rather than importing them;
# tests/learners/test_accounts.py fails while a model pointing at a Learner is left out.
CLAIMED_MODELS = ["quiz.QuizRun", "quiz.Attempt", "drills.DrillSubmission"]
# Records merged rather than moved: a lesson read on both the device and the account counts once.
MERGED_MODELS = ["lessons.LessonRead", "lessons.ReadingPosition"]
# Records that point at a learner but never belong to an anonymous one, and why.
NOT_CLAIMED = {
    "classroom.membership": "only signed-in learners join a cohort",
    "classroom.extension": "only a cohort's members, who are signed in, get extensions",
}


@transaction.atomic
def learner_claim_anonymous(*, anonymous_learner_id: int | None, user) -> Learner:
    """Hand what a visitor did anonymously to their account: nothing lost, nothing counted twice.

    Called right after sign-up or log-in with the learner id the anonymous session held. If the
    account has no learner yet, the anonymous learner simply becomes the account's. Otherwise its
    records move over: reading marks merge (a lesson read on both counts once, the earlier date
    wins), so do reading positions (the more recent place in each lesson wins), quiz runs, answers and drill submissions are distinct events and move as they are.
    """
    lesson_read = apps.get_model("lessons.LessonRead")  # MERGED_MODELS: merged below
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
    already_read = dict(
        lesson_read.objects.filter(learner=account_learner).values_list("lesson_id", "read_at")
    )
    for read in lesson_read.objects.filter(learner=anonymous):
        if read.lesson_id not in already_read:
            read.learner = account_learner
            read.save(update_fields=["learner"])
        elif read.read_at < already_read[read.lesson_id]:
            lesson_read.objects.filter(learner=account_learner, lesson_id=read.lesson_id).update(
                read_at=read.read_at
            )
    _reading_positions_merge(anonymous, account_learner)
    for label in CLAIMED_MODELS:
        apps.get_model(label).objects.filter(learner=anonymous).update(learner=account_learner)
    anonymous.delete()
    return account_learner


def _reading_positions_merge(anonymous: Learner, account_learner: Learner) -> None:
    """Where each lesson was left off: the more recent of the device's and the account's wins."""
    position = apps.get_model("lessons.ReadingPosition")  # MERGED_MODELS
    on_account = {row.lesson_id: row for row in position.objects.filter(learner=account_learner)}
    for row in position.objects.filter(learner=anonymous):
        kept = on_account.get(row.lesson_id)
        if kept is None:
            row.learner = account_learner
            row.save(update_fields=["learner"])
        elif row.updated_at > kept.updated_at:
            kept.section, kept.updated_at = row.section, row.updated_at
            kept.save(update_fields=["section", "updated_at"])
