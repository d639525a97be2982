"""Writes for drills: syncing drill files, and grading and storing a learner's answer."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from drills.grader import grade_answer
from drills.loading import DrillSpec
from drills.models import Drill, DrillSubmission
from learners.models import Learner
from learners.services import SubmissionTokenTaken
from lessons.syncing import SyncReport, content_rows_sync


@transaction.atomic
def drills_sync(*, specs: list[DrillSpec]) -> SyncReport:
    """Make the Drill table match the drill files (lessons/syncing.py has the rule).

    A drill changes when any of its stored values does; a removed drill is retired with its
    submissions kept.
    """
    ordered = sorted(specs, key=lambda spec: (spec.order, spec.slug))
    rows = {
        spec.slug: {
            "title": spec.title,
            "kind": spec.kind,
            "position": position,
            # Through JSON and back, as the database returns it (tuples become lists), so that an
            # unchanged drill compares equal and a re-sync leaves it alone.
            "spec": json.loads(json.dumps(spec.to_dict())),
            "rubric_version": spec.rubric_version,
        }
        for position, spec in enumerate(ordered, start=1)
    }
    return content_rows_sync(model=Drill, key="slug", rows=rows)


@dataclass(frozen=True)
class Timing:
    """Whether the learner ran the interview timer, and how long they took."""

    timed: bool
    elapsed_seconds: int | None

    def is_late(self, limit_seconds: int) -> bool:
        return (
            self.timed and self.elapsed_seconds is not None and self.elapsed_seconds > limit_seconds
        )


def drill_grade(
    *,
    learner: Learner,
    drill: Drill,
    answer: str,
    dockerignore: str = "",
    submission_token: uuid.UUID,
    timing: Timing = Timing(False, None),
) -> DrillSubmission:
    """Grade an answer and store it with its result. The same form submitted twice is stored once.

    Raises AnswerRejected (nothing stored) when the answer cannot be graded, and
    SubmissionTokenTaken when the form was already stored for another learner (a first visit's
    double submit: the view decides whether this browser may join that learner).
    """
    earlier = _stored_with_token(submission_token)
    if earlier is not None:
        return _same_learner_or_refuse(earlier, learner)
    spec = drill.parsed
    result = grade_answer(spec, answer, dockerignore)
    try:
        with transaction.atomic():
            return DrillSubmission.objects.create(
                learner=learner,
                drill=drill,
                rubric_version=drill.rubric_version,
                answer=answer,
                dockerignore=dockerignore,
                result=result,
                score=result["score"],
                max_score=result["max_score"],
                timed=timing.timed,
                elapsed_seconds=timing.elapsed_seconds,
                is_late=timing.is_late(spec.time_limit_seconds),
                submission_token=submission_token,
            )
    except IntegrityError:
        # The same form raced in on another request, which stored it first.
        earlier = _stored_with_token(submission_token)
        if earlier is None:
            raise
        return _same_learner_or_refuse(earlier, learner)


def _stored_with_token(token: uuid.UUID) -> DrillSubmission | None:
    return DrillSubmission.objects.filter(submission_token=token).select_related("learner").first()


def _same_learner_or_refuse(earlier: DrillSubmission, learner: Learner) -> DrillSubmission:
    if earlier.learner_id != learner.pk:
        raise SubmissionTokenTaken(earlier)
    return earlier
