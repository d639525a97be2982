"""Writes for lessons: syncing the course files into the database, marking lessons read, and
remembering where a learner was reading."""

from __future__ import annotations

from dataclasses import asdict

from django.db import transaction
from django.utils import timezone

from learners.models import Learner
from lessons.loading import LessonRecord
from lessons.models import Lesson, LessonRead, ReadingPosition
from lessons.selectors import section_ids
from lessons.syncing import SyncReport, content_rows_sync


def _lesson_fields(record: LessonRecord) -> dict:
    return {
        "order": record.order,
        "title": record.title,
        "summary": record.summary,
        "minutes": record.minutes,
        "objectives": record.objectives,
        "sources": record.sources,
        "toc": [asdict(heading) for heading in record.toc],
        "html": record.html,
        "words": record.words,
        "source_path": record.source_path,
        "content_hash": record.content_hash,
    }


@transaction.atomic
def lessons_sync(*, records: list[LessonRecord]) -> SyncReport:
    """Make the Lesson table match the validated records. Idempotent: a second run changes nothing.

    A lesson changes when its file's content hash does; a lesson whose file is gone is retired
    (hidden), never deleted, so learners' history survives (lessons/syncing.py has the rule).
    """
    return content_rows_sync(
        model=Lesson,
        key="slug",
        rows={record.slug: _lesson_fields(record) for record in records},
        compare=["content_hash"],
    )


def lesson_mark_read(*, learner: Learner, lesson: Lesson, read: bool = True) -> None:
    """Record (or, with read=False, forget) that the learner has read the lesson. Repeats are harmless."""
    if read:
        LessonRead.objects.get_or_create(learner=learner, lesson=lesson)
    else:
        LessonRead.objects.filter(learner=learner, lesson=lesson).delete()


def lesson_reads_merge(*, source: Learner, target: Learner) -> None:
    """Hand `source`'s reading marks to `target` (sign-in): a lesson read by both counts once, and
    the earlier date wins."""
    already_read = dict(
        LessonRead.objects.filter(learner=target).values_list("lesson_id", "read_at")
    )
    for read in LessonRead.objects.filter(learner=source):
        if read.lesson_id not in already_read:
            read.learner = target
            read.save(update_fields=["learner"])
        elif read.read_at < already_read[read.lesson_id]:
            LessonRead.objects.filter(learner=target, lesson_id=read.lesson_id).update(
                read_at=read.read_at
            )


def reading_positions_merge(*, source: Learner, target: Learner) -> None:
    """Hand `source`'s reading positions to `target` (sign-in): where each lesson was left off, the
    more recent of the two places wins."""
    on_account = {row.lesson_id: row for row in ReadingPosition.objects.filter(learner=target)}
    for row in ReadingPosition.objects.filter(learner=source):
        kept = on_account.get(row.lesson_id)
        if kept is None:
            row.learner = target
            row.save(update_fields=["learner"])
        elif row.updated_at > kept.updated_at:
            kept.section, kept.updated_at = row.section, row.updated_at
            kept.save(update_fields=["section", "updated_at"])


class UnknownSection(ValueError):
    """The section is not a heading of the lesson (a stale page after the lesson changed, or a forged post)."""


def lesson_position_save(*, learner: Learner, lesson: Lesson, section: str) -> None:
    """Remember `section` (a heading id of the lesson) as where the learner is reading it now."""
    if section not in section_ids(lesson):
        raise UnknownSection(section)
    ReadingPosition.objects.update_or_create(
        learner=learner,
        lesson=lesson,
        defaults={"section": section, "updated_at": timezone.now()},
    )
