"""Reads for drill pages."""

from __future__ import annotations

from dataclasses import dataclass

from drills.models import Drill, DrillSubmission
from drills.overrides import learner_reviewed_scores, scores_in_force
from learners.models import Learner
from learners.progress import best_by_share

HISTORY_LENGTH = 20


def drills_active() -> list[Drill]:
    return list(Drill.objects.filter(is_active=True).defer("spec").order_by("position"))


def drill_active(slug: str) -> Drill | None:
    return Drill.objects.filter(slug=slug, is_active=True).first()


@dataclass(frozen=True)
class DrillStanding:
    best_score: int
    max_score: int
    attempts: int

    @property
    def best_percent(self) -> int:
        return round(100 * self.best_score / self.max_score) if self.max_score else 0


def drill_standings(learner: Learner | None) -> dict[str, DrillStanding]:
    """Best score and number of attempts per drill slug, instructors' overrides applied (three
    queries at most).

    Each class's review counts in that class: a submission stands at the best of the scores it
    has in the learner's classes (the grader's where a class has not reviewed it).
    """
    if learner is None:
        return {}
    submissions = list(
        DrillSubmission.objects.filter(learner=learner).values_list(
            "pk", "drill__slug", "score", "max_score"
        )
    )
    reviewed = learner_reviewed_scores(learner.pk, [(pk, score) for pk, _, score, _ in submissions])
    classes = learner.memberships.count() if reviewed else 0
    rows = [
        (slug, max(scores_in_force(score, reviewed.get(pk, ()), classes)), size)
        for pk, slug, score, size in submissions
    ]
    return {
        slug: DrillStanding(score, size, count)
        for slug, (score, size, count) in best_by_share(rows).items()
    }


def drill_history(learner: Learner | None, drill: Drill) -> list[DrillSubmission]:
    """The learner's latest submissions to this drill, newest first (two queries).

    Each carries `reviews`: each of the learner's classes' score after its instructors' overrides
    (ClassScore), empty when no class reviewed it.
    """
    if learner is None:
        return []
    history = list(
        DrillSubmission.objects.filter(learner=learner, drill=drill)
        .defer("result", "dockerignore")
        .order_by("-created_at")[:HISTORY_LENGTH]
    )
    reviewed = learner_reviewed_scores(learner.pk, [(item.pk, item.score) for item in history])
    for item in history:
        item.reviews = reviewed.get(item.pk, ())
    return history


def drill_submission_latest(learner: Learner | None, drill: Drill) -> DrillSubmission | None:
    if learner is None:
        return None
    return (
        DrillSubmission.objects.filter(learner=learner, drill=drill).order_by("-created_at").first()
    )
