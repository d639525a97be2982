"""Reads for labs: a learner's results, per lab and across labs, and a cohort's solved counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache

from django.db import connection
from django.db.models import Count, Q

from config.rows import fetch_all
from labs.catalogue import LABS, Lab
from labs.exercises import exercises_for
from labs.models import LabResult
from learners.models import Learner


@dataclass(frozen=True)
class LabStanding:
    solved: int
    total: int

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.solved >= self.total


@cache  # the catalogue and the tools are code: the same for the life of the process
def labs_available() -> tuple[Lab, ...]:
    """The catalogue's labs that have a page on the site, in the catalogue's order."""
    from labs.tools import TOOLS

    return tuple(lab for lab in LABS if lab.slug in TOOLS)


def exercise_total() -> int:
    return sum(len(exercises_for(lab.slug)) for lab in labs_available())


@cache
def _known_exercises() -> frozenset[tuple[str, str]]:
    return frozenset(
        (lab.slug, exercise.id) for lab in labs_available() for exercise in exercises_for(lab.slug)
    )


def lab_results(learner: Learner | None, lab_slug: str) -> dict[str, LabResult]:
    """The learner's result per exercise id in one lab (one query)."""
    if learner is None:
        return {}
    rows = LabResult.objects.filter(learner=learner, lab_slug=lab_slug)
    return {row.exercise_id: row for row in rows}


def lab_standings(learner: Learner | None) -> dict[str, LabStanding]:
    """Exercises solved out of the total, per lab slug (one query, none without a learner)."""
    solved: Counter = Counter()
    if learner is not None:
        known = _known_exercises()
        # On the course home of every learner: a plain SELECT, not an ORM query, whose building
        # costs many times the query (config/sessions.py has the figures).
        rows = fetch_all(
            "SELECT lab_slug, exercise_id"
            f" FROM {connection.ops.quote_name(LabResult._meta.db_table)}"
            " WHERE learner_id = %s AND solved_at IS NOT NULL",
            [learner.pk],
        )
        for slug, exercise_id in rows:
            if (slug, exercise_id) in known:
                solved[slug] += 1
    return {
        lab.slug: LabStanding(solved[lab.slug], len(exercises_for(lab.slug)))
        for lab in labs_available()
    }


def solved_counts(learner_ids: list[int]) -> dict[int, int]:
    """Lab exercises each learner has solved (one query, whatever the number of learners).

    Counts only exercises that still exist, so a retired exercise does not inflate a total.
    """
    known = _known_exercises()
    if not learner_ids or not known:
        return {}
    condition = Q()
    for slug, exercise_id in known:
        condition |= Q(lab_slug=slug, exercise_id=exercise_id)
    rows = (
        LabResult.objects.filter(learner_id__in=learner_ids, solved_at__isnull=False)
        .filter(condition)
        .values("learner_id")
        .annotate(solved=Count("id"))
    )
    return {row["learner_id"]: row["solved"] for row in rows}
