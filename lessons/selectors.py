"""Reads for the lesson pages. Each is one query, whatever the size of the course or a lesson."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from django.db import connection

from config.rows import fetch_all, fetch_one
from learners.models import Learner
from lessons.models import Lesson, LessonRead, ReadingPosition


@dataclass(frozen=True)
class LessonLink:
    slug: str
    title: str
    order: int


def lessons_for_course() -> list[Lesson]:
    """The active lessons in course order, without their (large) HTML."""
    return list(Lesson.objects.filter(is_active=True).defer("html", "toc").order_by("order"))


def lesson_outline() -> list[LessonLink]:
    """Slug, title and order of every active lesson: enough for previous/next links."""
    rows = (
        Lesson.objects.filter(is_active=True)
        .order_by("order")
        .values_list("slug", "title", "order")
    )
    return [LessonLink(*row) for row in rows]


def lesson_neighbours(
    outline: list[LessonLink], slug: str
) -> tuple[LessonLink | None, LessonLink | None]:
    """The lessons before and after `slug` in the course."""
    slugs = [link.slug for link in outline]
    index = slugs.index(slug)
    previous = outline[index - 1] if index > 0 else None
    following = outline[index + 1] if index + 1 < len(outline) else None
    return previous, following


# A learner's reads are plain SELECTs on the driver's connection (config/rows.py), not ORM queries,
# whose building costs many times the query: reading_record, further down, runs on the lesson pages
# and the course home a learner opens.


def lesson_slugs_read(learner: Learner | None) -> set[str]:
    if learner is None:
        return set()
    rows = fetch_all(
        f"SELECT lesson.slug FROM {_table(LessonRead)} marks"
        f" JOIN {_table(Lesson)} lesson ON lesson.id = marks.lesson_id"
        " WHERE marks.learner_id = %s",
        [learner.pk],
    )
    return {slug for (slug,) in rows}


def lesson_is_read(learner: Learner | None, lesson: Lesson) -> bool:
    if learner is None:
        return False
    row = fetch_one(
        f"SELECT 1 FROM {_table(LessonRead)} WHERE learner_id = %s AND lesson_id = %s LIMIT 1",
        [learner.pk, lesson.pk],
    )
    return row is not None


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@dataclass(frozen=True)
class ResumePoint:
    """Where a learner left off: a section of a lesson, with what a "Continue" link needs."""

    lesson_slug: str
    lesson_title: str
    section_id: str
    section_title: str

    @property
    def url(self) -> str:
        return f"/lessons/{self.lesson_slug}/#{self.section_id}"


def section_ids(lesson: Lesson) -> set[str]:
    """The heading ids of the lesson's table of contents: the sections a reader can be at."""
    return {heading["id"] for heading in lesson.toc}


def _resume_point(slug: str, title: str, toc: list[dict], section: str) -> ResumePoint | None:
    # A heading that has since been renamed or removed is no place to send anyone.
    heading = next((heading["title"] for heading in toc if heading["id"] == section), None)
    if heading is None:
        return None
    return ResumePoint(slug, title, section, heading)


@dataclass(frozen=True)
class ReadingState:
    """What a learner's lesson page shows of their reading: the "read" mark and where they were."""

    is_read: bool
    resume: ResumePoint | None


@dataclass(frozen=True)
class ReadingRecord:
    """What a learner's reading left: the lessons marked read and their place in each lesson."""

    read: frozenset[str]  # slugs of the lessons marked read
    sections: Mapping[str, str]  # slug -> the section of their place in that lesson
    resume: ResumePoint | None  # the place read most recently, in a lesson still in the course

    def state_in(self, lesson: Lesson) -> ReadingState:
        """What the lesson's page shows of the learner's reading there."""
        section = self.sections.get(lesson.slug)
        resume = _resume_point(lesson.slug, lesson.title, lesson.toc, section) if section else None
        return ReadingState(lesson.slug in self.read, resume)


NOTHING_READ = ReadingRecord(frozenset(), MappingProxyType({}), None)


def reading_record(learner: Learner | None) -> ReadingRecord:
    """Every lesson the learner marked read or has a place in, and the place read most recently
    (one query, for the lesson pages and the course home, which keep it: caching.kept_progress)."""
    if learner is None:
        return NOTHING_READ
    # Every lesson the learner marked read or has a place in (at most one row per lesson: both
    # tables hold one row per learner and lesson).
    rows = fetch_all(
        "SELECT lesson.slug, lesson.title, lesson.toc, lesson.is_active,"
        " marks.id IS NOT NULL, positions.section, positions.updated_at, positions.id"
        f" FROM {_table(Lesson)} lesson"
        f" LEFT JOIN {_table(LessonRead)} marks"
        " ON marks.lesson_id = lesson.id AND marks.learner_id = %s"
        f" LEFT JOIN {_table(ReadingPosition)} positions"
        " ON positions.lesson_id = lesson.id AND positions.learner_id = %s"
        " WHERE marks.id IS NOT NULL OR positions.id IS NOT NULL",
        [learner.pk, learner.pk],
    )
    read: set[str] = set()
    sections: dict[str, str] = {}
    places = []  # (when, which, where) of each place in a lesson still in the course
    for slug, title, toc, is_active, is_read, section, updated_at, position_id in rows:
        if is_read:
            read.add(slug)
        if position_id is not None:
            sections[slug] = section
            if is_active:
                places.append((updated_at, position_id, (slug, title, toc, section)))
    resume = None
    if places:
        slug, title, toc, section = max(places)[2]  # the place read most recently
        # The table of contents as the model field reads it (JSON text on every backend).
        toc = Lesson._meta.get_field("toc").from_db_value(toc, None, connection)
        resume = _resume_point(slug, title, toc, section)
    # Read-only: the pages keep a record and share it between requests.
    return ReadingRecord(frozenset(read), MappingProxyType(sections), resume)
