"""Instructors' overrides of drill grades: applying them to a result, and recording new ones.

The grader's result stays as it was graded; the learner and the instructor see it side by side with
the level in force (the latest override of each criterion) and the instructor's comment. Overrides
belong to a class (cohort): each class sees the grader's levels or its own instructors' overrides,
never another class's, and the learner sees each of their classes' reviews separately.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from drills.models import DrillOverride, DrillSubmission

LEVEL_NAMES = {0: "missing", 1: "named", 2: "explained"}


@dataclass(frozen=True)
class OverrideView:
    criterion_id: str
    grader_level: int
    level: int
    comment: str
    instructor: str
    created_at: object


def latest_overrides(overrides: list[DrillOverride]) -> dict[str, OverrideView]:
    """The override in force for each criterion, with the grader's original level beside it."""
    first: dict[str, DrillOverride] = {}
    latest: dict[str, DrillOverride] = {}
    for override in sorted(overrides, key=lambda o: (o.created_at, o.pk)):
        first.setdefault(override.criterion_id, override)
        latest[override.criterion_id] = override
    return {
        criterion: OverrideView(
            criterion,
            first[criterion].from_level,
            override.to_level,
            override.comment,
            override.instructor.get_username() if override.instructor_id else "",
            override.created_at,
        )
        for criterion, override in latest.items()
    }


def effective_score(score: int, overrides: dict[str, OverrideView]) -> int:
    """The submission's score with every override in force applied."""
    return score + sum(view.level - view.grader_level for view in overrides.values())


class OverrideRefused(ValueError):
    """The override names an unknown criterion or a level outside the criterion's range."""


def criterion_points(submission: DrillSubmission, criterion_id: str) -> tuple[int, int]:
    """(grader's points, max points) for one criterion of a submission's stored result."""
    for criterion in submission.result["criteria"]:
        if criterion["id"] == criterion_id:
            return criterion["points"], criterion["max_points"]
    raise OverrideRefused(f"This submission has no criterion '{criterion_id}'.")


@dataclass(frozen=True)
class ClassReview:
    """One class's review of a submission, as the learner sees it."""

    cohort_name: str
    overrides: dict[str, OverrideView]
    score: int


def class_reviews(submission: DrillSubmission) -> list[ClassReview]:
    """The reviews of the learner's current classes, one per class that overrode anything (one query).

    A class the learner has left no longer reviews their work, so its overrides are not shown.
    """
    overrides = (
        DrillOverride.objects.filter(
            submission=submission, cohort__memberships__learner_id=submission.learner_id
        )
        .select_related("instructor", "cohort")
        .order_by("cohort__name", "cohort_id")
    )
    by_cohort: dict[int, list[DrillOverride]] = {}
    for override in overrides:
        by_cohort.setdefault(override.cohort_id, []).append(override)
    reviews = []
    for rows in by_cohort.values():
        in_force = latest_overrides(rows)
        reviews.append(
            ClassReview(rows[0].cohort.name, in_force, effective_score(submission.score, in_force))
        )
    return reviews


@transaction.atomic
def drill_override_record(
    *,
    submission: DrillSubmission,
    cohort,
    criterion_id: str,
    level: int,
    comment: str,
    instructor,
) -> DrillOverride:
    """Set the level in force for one criterion in one class, keeping the history of every change."""
    grader_points, max_points = criterion_points(submission, criterion_id)
    if max_points == 0:
        raise OverrideRefused(
            "This check does not apply to the submission, so it has no level to change."
        )
    if not 0 <= level <= max_points:
        raise OverrideRefused(f"The level must be between 0 and {max_points}.")
    if not comment.strip():
        raise OverrideRefused("Say why: the learner sees your comment beside the new level.")
    previous = (
        DrillOverride.objects.select_for_update()
        .filter(submission=submission, cohort=cohort, criterion_id=criterion_id)
        .order_by("-created_at", "-pk")
        .first()
    )
    return DrillOverride.objects.create(
        submission=submission,
        cohort=cohort,
        criterion_id=criterion_id,
        from_level=previous.to_level if previous else grader_points,
        to_level=level,
        comment=comment.strip(),
        instructor=instructor,
    )
