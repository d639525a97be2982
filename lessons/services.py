"""Writes for lessons: syncing the course files into the database, and marking lessons read."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django.db import transaction

from learners.models import Learner
from lessons.loading import LessonRecord
from lessons.models import Lesson, LessonRead


@dataclass
class SyncReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)


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
        "is_active": True,
    }


@transaction.atomic
def lessons_sync(*, records: list[LessonRecord]) -> SyncReport:
    """Make the Lesson table match the validated records. Idempotent: a second run changes nothing.

    A lesson whose file is gone is retired (hidden), never deleted, so learners' history survives.
    """
    report = SyncReport()
    existing = {lesson.slug: lesson for lesson in Lesson.objects.all()}
    for record in records:
        lesson = existing.pop(record.slug, None)
        if lesson is None:
            Lesson.objects.create(slug=record.slug, **_lesson_fields(record))
            report.created.append(record.slug)
        elif lesson.content_hash != record.content_hash or not lesson.is_active:
            for name, value in _lesson_fields(record).items():
                setattr(lesson, name, value)
            lesson.save()
            report.updated.append(record.slug)
        else:
            report.unchanged.append(record.slug)
    for lesson in existing.values():
        if lesson.is_active:
            lesson.is_active = False
            lesson.save(update_fields=["is_active", "updated_at"])
            report.retired.append(lesson.slug)
    return report


def lesson_mark_read(*, learner: Learner, lesson: Lesson, read: bool = True) -> None:
    """Record (or, with read=False, forget) that the learner has read the lesson. Repeats are harmless."""
    if read:
        LessonRead.objects.get_or_create(learner=learner, lesson=lesson)
    else:
        LessonRead.objects.filter(learner=learner, lesson=lesson).delete()
