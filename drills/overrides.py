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


# ---- Issue 13 (bug 6): the reviewed score wherever a score is shown, and telling the learner ----


def _scores_by_cohort(
    overrides, submissions: list[tuple[int, int]]
) -> dict[int, dict[int, tuple[str, int]]]:
    """submission id -> {cohort id: (cohort name, score in force in that cohort)} for the given
    overrides (each cohort's overrides apply only in that cohort)."""
    scores = dict(submissions)
    grouped: dict[tuple[int, int], list[DrillOverride]] = {}
    names: dict[int, str] = {}
    for override in overrides.select_related("instructor", "cohort"):
        grouped.setdefault((override.submission_id, override.cohort_id), []).append(override)
        names[override.cohort_id] = override.cohort.name
    result: dict[int, dict[int, tuple[str, int]]] = {}
    for (pk, cohort_id), rows in sorted(grouped.items(), key=lambda kv: names[kv[0][1]]):
        score = effective_score(scores[pk], latest_overrides(rows))
        result.setdefault(pk, {})[cohort_id] = (names[cohort_id], score)
    return result


def cohort_reviewed_scores(cohort, submissions: list[tuple[int, int]]) -> dict[int, int]:
    """(submission id, grader's score) pairs -> the score in force in this cohort for each
    submission its instructors reviewed (overrode a level of); the others are left out. One query."""
    overrides = DrillOverride.objects.filter(
        submission_id__in=[pk for pk, _ in submissions], cohort=cohort
    )
    return {
        pk: by_cohort[cohort.pk][1]
        for pk, by_cohort in _scores_by_cohort(overrides, submissions).items()
    }


@dataclass(frozen=True)
class ClassScore:
    """One class's reviewed score of a submission, as the learner sees it."""

    cohort_name: str
    score: int


def learner_reviewed_scores(
    learner_id: int, submissions: list[tuple[int, int]]
) -> dict[int, tuple[ClassScore, ...]]:
    """(submission id, grader's score) pairs of one learner -> each of their current classes'
    reviewed score, by class name, for the submissions some class reviewed. One query.

    As in class_reviews, a class the learner has left no longer reviews their work.
    """
    overrides = DrillOverride.objects.filter(
        submission_id__in=[pk for pk, _ in submissions],
        cohort__memberships__learner_id=learner_id,
    )
    return {
        pk: tuple(ClassScore(name, score) for name, score in by_cohort.values())
        for pk, by_cohort in _scores_by_cohort(overrides, submissions).items()
    }


def scores_in_force(score: int, reviews: tuple[ClassScore, ...], class_count: int) -> list[int]:
    """The scores a submission stands at across the learner's classes: each reviewing class's,
    and the grader's wherever a class (or no class at all) has not reviewed it."""
    in_force = [review.score for review in reviews]
    if len(reviews) < max(class_count, 1):
        in_force.append(score)
    return in_force


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
    cohort_name: str
    score: int
    max_score: int
    reviewed_at: object


def reviews_unseen(learner) -> list[ReviewNotice]:
    """Each class's review of the learner's drill answers made since they last dismissed the
    notice, newest first, each with that class's reviewed score (two queries at most).

    Only the learner's current classes count, as on the drill page (class_reviews).
    """
    if learner is None or learner.user_id is None:
        return []
    recent = DrillOverride.objects.filter(
        submission__learner=learner, cohort__memberships__learner=learner
    )
    if learner.reviews_seen_at is not None:
        recent = recent.filter(created_at__gt=learner.reviews_seen_at)
    latest: dict[tuple[int, int], object] = {}
    for key in recent.values_list("submission_id", "cohort_id", "created_at"):
        latest[key[:2]] = max(key[2], latest.get(key[:2], key[2]))
    if not latest:
        return []
    submission_ids = {submission_id for submission_id, _ in latest}
    cohort_ids = {cohort_id for _, cohort_id in latest}
    by_key: dict[tuple[int, int], list[DrillOverride]] = {}
    rows = (
        DrillOverride.objects.filter(submission_id__in=submission_ids, cohort_id__in=cohort_ids)
        .select_related("instructor", "cohort", "submission__drill")
        .defer(
            "submission__answer",
            "submission__result",
            "submission__dockerignore",
            "submission__drill__spec",
        )
    )
    for override in rows:
        by_key.setdefault((override.submission_id, override.cohort_id), []).append(override)
    notices = []
    for key, reviewed_at in latest.items():
        overrides = by_key[key]
        submission = overrides[0].submission
        notices.append(
            ReviewNotice(
                submission.pk,
                submission.drill.slug,
                submission.drill.title,
                overrides[0].cohort.name,
                effective_score(submission.score, latest_overrides(overrides)),
                submission.max_score,
                reviewed_at,
            )
        )
    return sorted(notices, key=lambda notice: notice.reviewed_at, reverse=True)
