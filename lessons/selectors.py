"""Reads for the lesson pages. Each is one query, whatever the size of the course or a lesson."""

from __future__ import annotations

from dataclasses import dataclass

from learners.models import Learner
from lessons.models import Lesson, LessonRead


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


def lesson_slugs_read(learner: Learner | None) -> set[str]:
    if learner is None:
        return set()
    return set(LessonRead.objects.filter(learner=learner).values_list("lesson__slug", flat=True))


def lesson_is_read(learner: Learner | None, lesson: Lesson) -> bool:
    if learner is None:
        return False
    return LessonRead.objects.filter(learner=learner, lesson=lesson).exists()
