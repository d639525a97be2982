"""Instructors' overrides of drill grades: applying them to a result, and recording new ones.

The grader's result stays as it was graded; the learner and the instructor see it side by side with
the level in force (the latest override of each criterion) and the instructor's comment.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch

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


@transaction.atomic
def drill_override_record(
    *, submission: DrillSubmission, criterion_id: str, level: int, comment: str, instructor
) -> DrillOverride:
    """Set the level in force for one criterion, keeping the history of every change."""
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
        .filter(submission=submission, criterion_id=criterion_id)
        .order_by("-created_at", "-pk")
        .first()
    )
    return DrillOverride.objects.create(
        submission=submission,
        criterion_id=criterion_id,
        from_level=previous.to_level if previous else grader_points,
        to_level=level,
        comment=comment.strip(),
        instructor=instructor,
    )


# ---- Issue 13 (bug 6): the reviewed score wherever a score is shown, and telling the learner ----


def reviewed_scores(submissions: list[tuple[int, int]]) -> dict[int, int]:
    """(submission id, grader's score) pairs -> the score in force for each submission that an
    instructor reviewed (overrode a level of); the others are left out. One query."""
    by_submission: dict[int, list[DrillOverride]] = {pk: [] for pk, _ in submissions}
    overrides = DrillOverride.objects.filter(submission_id__in=list(by_submission))
    for override in overrides.select_related("instructor"):
        by_submission[override.submission_id].append(override)
    return {
        pk: effective_score(score, latest_overrides(by_submission[pk]))
        for pk, score in submissions
        if by_submission[pk]
    }


# The instructor's level picker names each level as the learner's result does.
CHECK_LEVEL_NAMES = {0: "fail", 1: "pass"}


def level_choices(max_points: int, current: int) -> list[tuple[int, str, bool]]:
    """(level, label, selected) for an override form: every level named, the one in force chosen."""
    names = CHECK_LEVEL_NAMES if max_points == 1 else LEVEL_NAMES
    return [
        (level, f"{level}: {names.get(level, str(level))}", level == current)
        for level in range(max_points + 1)
    ]


@dataclass(frozen=True)
class ReviewNotice:
    submission_id: int
    drill_slug: str
    drill_title: str
    score: int
    max_score: int
    reviewed_at: object


def reviews_unseen(learner) -> list[ReviewNotice]:
    """The learner's drill answers an instructor reviewed since they last dismissed the notice,
    newest first, each with its reviewed score (three queries at most)."""
    if learner is None or learner.user_id is None:
        return []
    overrides = DrillOverride.objects.filter(submission__learner=learner)
    if learner.reviews_seen_at is not None:
        overrides = overrides.filter(created_at__gt=learner.reviews_seen_at)
    latest: dict[int, object] = {}
    for submission_id, created_at in overrides.values_list("submission_id", "created_at"):
        latest[submission_id] = max(created_at, latest.get(submission_id, created_at))
    if not latest:
        return []
    submissions = list(
        DrillSubmission.objects.filter(pk__in=list(latest))
        .select_related("drill")
        .prefetch_related(
            Prefetch("overrides", queryset=DrillOverride.objects.select_related("instructor"))
        )
        .defer("answer", "result", "dockerignore", "drill__spec")
    )
    notices = [
        ReviewNotice(
            submission.pk,
            submission.drill.slug,
            submission.drill.title,
            effective_score(submission.score, latest_overrides(list(submission.overrides.all()))),
            submission.max_score,
            latest[submission.pk],
        )
        for submission in submissions
    ]
    return sorted(notices, key=lambda notice: notice.reviewed_at, reverse=True)
