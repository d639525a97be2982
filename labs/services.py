"""Writes for labs: recording an exercise answer, and merging results when a learner signs up."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from labs.exercises import Exercise, Verdict
from labs.models import LabResult
from learners.models import Learner


@transaction.atomic
def lab_result_record(
    *, learner: Learner, lab_slug: str, exercise: Exercise, answer: str, verdict: Verdict
) -> LabResult:
    """Store the learner's latest answer to an exercise; the first solve keeps its date.

    Idempotent: sending the same answer twice leaves the same row.
    """
    now = timezone.now()
    result, created = LabResult.objects.select_for_update().get_or_create(
        learner=learner,
        lab_slug=lab_slug,
        exercise_id=exercise.id,
        defaults={
            "last_answer": answer,
            "last_solved": verdict.solved,
            "solved_at": now if verdict.solved else None,
            "attempted_at": now,
        },
    )
    if not created:
        result.last_answer = answer
        result.last_solved = verdict.solved
        result.attempted_at = now
        if verdict.solved and result.solved_at is None:
            result.solved_at = now
        result.save(update_fields=["last_answer", "last_solved", "attempted_at", "solved_at"])
    return result


def lab_results_merge(*, source: Learner, target: Learner) -> None:
    """Move `source`'s lab results to `target` (sign-up): one row per exercise, earliest solve wins."""
    existing = {
        (row.lab_slug, row.exercise_id): row for row in LabResult.objects.filter(learner=target)
    }
    for row in LabResult.objects.filter(learner=source):
        kept = existing.get((row.lab_slug, row.exercise_id))
        if kept is None:
            row.learner = target
            row.save(update_fields=["learner"])
            continue
        if row.solved_at and (kept.solved_at is None or row.solved_at < kept.solved_at):
            kept.solved_at = row.solved_at
        if row.attempted_at > kept.attempted_at:
            kept.last_answer, kept.last_solved = row.last_answer, row.last_solved
            kept.attempted_at = row.attempted_at
        kept.save(update_fields=["solved_at", "last_answer", "last_solved", "attempted_at"])
        row.delete()
