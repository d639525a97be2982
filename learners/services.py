"""Creating learners. The first time a visitor saves progress they get a Learner row."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from learners.claims import claim_records
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


@transaction.atomic
def learner_claim_anonymous(*, anonymous_learner_id: int | None, user) -> Learner:
    """Hand what a visitor did anonymously to their account: nothing lost, nothing counted twice.

    Called right after sign-up or log-in with the learner id the anonymous session held. If the
    account has no learner yet, the anonymous learner simply becomes the account's. Otherwise its
    records move over by the rules each app registered (learners/claims.py): reading marks merge (a
    lesson read on both counts once, the earlier date wins), lab results merge per exercise (the
    earliest solve wins), quiz runs, answers and drill submissions move as they are.
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
