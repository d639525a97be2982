"""Factories for classroom tests: accounts, instructors, cohorts with members and work."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from classroom import services
from classroom.permissions import instructor_group
from drills.models import Drill
from drills.services import drill_grade
from learners.models import Learner
from lessons.models import Lesson, LessonRead

PASSWORD = "a-long-test-password-42"


@pytest.fixture
def make_user(db):
    def make(username: str, *, instructor: bool = False, staff: bool = False) -> User:
        user = User.objects.create_user(username, password=PASSWORD, is_staff=staff)
        if instructor:
            user.groups.add(instructor_group())
        Learner.objects.get_or_create(user=user)
        return user

    return make


@pytest.fixture
def classroom(course, make_user):
    """Two cohorts, each with its instructor and learners, an assignment of each kind in the first."""
    teacher = make_user("teacher", instructor=True)
    other_teacher = make_user("other-teacher", instructor=True)
    alice = make_user("alice")
    bob = make_user("bob")
    outsider = make_user("outsider")
    staff = make_user("staffer", staff=True)
    cohort = services.cohort_create(name="Bootcamp A", instructor=teacher)
    other = services.cohort_create(name="Bootcamp B", instructor=other_teacher)
    for user in (alice, bob):
        services.cohort_join(cohort=cohort, learner=user.learner)
    services.cohort_join(cohort=other, learner=outsider.learner)
    due = timezone.now() + timedelta(days=7)
    networking = Lesson.objects.get(slug="networking")
    drill = Drill.objects.get(slug="containerize-service")
    assignments = {
        "lesson": services.assignment_create(
            cohort=cohort, kind="lesson", lesson=networking, due_at=due, created_by=teacher
        ),
        "quiz": services.assignment_create(
            cohort=cohort, kind="quiz", lesson=networking, due_at=due, created_by=teacher
        ),
        "drill": services.assignment_create(
            cohort=cohort, kind="drill", drill=drill, due_at=due, created_by=teacher
        ),
    }
    LessonRead.objects.create(learner=alice.learner, lesson=networking)
    submission = drill_grade(
        learner=alice.learner,
        drill=drill,
        answer="I'd run it as a non-root user so a compromise does less damage.",
        submission_token=uuid.uuid4(),
    )
    return {
        "teacher": teacher,
        "other_teacher": other_teacher,
        "alice": alice,
        "bob": bob,
        "outsider": outsider,
        "staff": staff,
        "cohort": cohort,
        "other": other,
        "assignments": assignments,
        "submission": submission,
    }
