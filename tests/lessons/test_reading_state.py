"""A learner's reading as the lesson page and the course home read it: the read marks and their place."""

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


def test_the_home_page_resumes_at_the_latest_place_in_a_lesson_still_taught(reader):
    record = selectors.reading_record(reader)
    assert record.read == {"containers-vs-vms", "networking"}
    assert (record.resume.lesson_slug, record.resume.section_id) == ("storage", "volumes")


def test_a_learner_with_marks_and_no_place_has_nothing_to_resume(course):
    learner = Learner.objects.create()
    mark_read(learner, "networking")
    record = selectors.reading_record(learner)
    assert (record.read, record.resume) == ({"networking"}, None)


def test_a_new_visitor_has_read_nothing(course):
    record = selectors.reading_record(None)
    assert (record.read, dict(record.sections), record.resume) == (set(), {}, None)


@pytest.mark.parametrize(
    ("slug", "is_read", "section"),
    [
        ("containers-vs-vms", True, None),
        ("networking", True, "user-defined-bridges"),
        ("storage", False, "volumes"),
        ("registries", False, None),
    ],
)
def test_the_lesson_page_reads_the_mark_and_the_place_of_that_lesson_only(
    reader, slug, is_read, section
):
    state = selectors.reading_record(reader).state_in(Lesson.objects.get(slug=slug))
    assert state.is_read == is_read
    assert (state.resume and state.resume.section_id) == section


def test_a_newer_place_in_another_lesson_does_not_move_this_one(reader):
    place(reader, "registries", "tags-vs-digests", minutes_ago=1)
    state = selectors.reading_record(reader).state_in(Lesson.objects.get(slug="networking"))
    assert state.resume.section_id == "user-defined-bridges"


def test_the_lesson_page_shows_a_read_lessons_place(reader):
    state = selectors.reading_record(reader).state_in(Lesson.objects.get(slug="networking"))
    assert state.is_read
    assert state.resume.section_title == "User-defined bridges"
