"""The one-query reads of a learner's reading (lesson page, course home) say what the single reads say."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from learners.models import Learner
from lessons import selectors
from lessons.models import Lesson, LessonRead, ReadingPosition

pytestmark = pytest.mark.django_db


def place(learner: Learner, slug: str, section: str, *, minutes_ago: int) -> None:
    ReadingPosition.objects.create(
        learner=learner,
        lesson=Lesson.objects.get(slug=slug),
        section=section,
        updated_at=timezone.now() - timedelta(minutes=minutes_ago),
    )


def mark_read(learner: Learner, slug: str) -> None:
    LessonRead.objects.create(learner=learner, lesson=Lesson.objects.get(slug=slug))


@pytest.fixture
def reader(course) -> Learner:
    """Read two lessons, placed in three, the latest place in a lesson since retired."""
    learner = Learner.objects.create()
    mark_read(learner, "containers-vs-vms")
    mark_read(learner, "networking")
    place(learner, "networking", "user-defined-bridges", minutes_ago=30)
    place(learner, "storage", "volumes", minutes_ago=20)
    place(learner, "image-layers", "layer-stack", minutes_ago=5)
    Lesson.objects.filter(slug="image-layers").update(is_active=False)
    return learner


def test_the_home_pages_read_gives_what_the_single_reads_give(reader):
    expected = (selectors.lesson_slugs_read(reader), selectors.last_reading_position(reader))
    assert selectors.reading_overview(reader) == expected


def test_the_home_page_resumes_at_the_latest_place_in_a_lesson_still_taught(reader):
    read, resume = selectors.reading_overview(reader)
    assert read == {"containers-vs-vms", "networking"}
    assert (resume.lesson_slug, resume.section_id) == ("storage", "volumes")


def test_a_learner_with_marks_and_no_place_has_nothing_to_resume(course):
    learner = Learner.objects.create()
    mark_read(learner, "networking")
    assert selectors.reading_overview(learner) == ({"networking"}, None)


def test_a_new_visitor_has_read_nothing(course):
    assert selectors.reading_overview(None) == (set(), None)


@pytest.mark.parametrize("slug", ["containers-vs-vms", "networking", "storage", "registries"])
def test_the_lesson_pages_read_gives_what_the_single_reads_give(reader, slug):
    lesson = Lesson.objects.get(slug=slug)
    state = selectors.reading_state(reader, lesson)
    assert state.is_read == selectors.lesson_is_read(reader, lesson)
    assert state.resume == selectors.reading_position(reader, lesson)


def test_the_lesson_page_shows_a_read_lessons_place(reader):
    state = selectors.reading_state(reader, Lesson.objects.get(slug="networking"))
    assert state.is_read
    assert state.resume.section_title == "User-defined bridges"
