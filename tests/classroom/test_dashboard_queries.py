"""The dashboard's query count stays the same as a cohort grows from 5 to 200 learners."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from classroom import services
from classroom.models import Membership
from drills.models import Drill, DrillSubmission
from learners.models import Learner
from lessons.models import Lesson, LessonRead
from quiz.models import QuizRun

pytestmark = pytest.mark.django_db


def add_learners(cohort, count: int, start: int) -> None:
    """Members with realistic work: some lessons read, a finished quiz run, a drill submission."""
    lesson = Lesson.objects.get(slug="networking")
    drill = Drill.objects.get(slug="containerize-service")
    users = User.objects.bulk_create(
        [User(username=f"learner{start + i:04d}") for i in range(count)]
    )
    learners = Learner.objects.bulk_create([Learner(user=user) for user in users])
    Membership.objects.bulk_create(
        [Membership(cohort=cohort, learner=learner) for learner in learners]
    )
    LessonRead.objects.bulk_create(
        [LessonRead(learner=learner, lesson=lesson) for learner in learners[::2]]
    )
    QuizRun.objects.bulk_create(
        [
            QuizRun(
                learner=learner,
                lesson=lesson,
                question_order=[],
                max_score=16,
                score=12,
                finished_at=timezone.now(),
            )
            for learner in learners[::3]
        ]
    )
    DrillSubmission.objects.bulk_create(
        [
            DrillSubmission(
                learner=learner,
                drill=drill,
                rubric_version="x",
                answer="a",
                result={"criteria": []},
                score=6,
                max_score=10,
                submission_token=uuid.uuid4(),
            )
            for learner in learners[::4]
        ]
    )


def dashboard_queries(client: Client, cohort) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/classroom/cohorts/{cohort.pk}/")
    assert response.status_code == 200
    return len(captured)


def test_dashboard_queries_do_not_grow_with_the_cohort(classroom, django_assert_num_queries):
    cohort = classroom["cohort"]
    services.assignment_create(
        cohort=cohort,
        kind="lesson",
        lesson=Lesson.objects.get(slug="storage"),
        due_at=timezone.now() - timedelta(days=1),
        created_by=classroom["teacher"],
    )
    client = Client()
    client.force_login(classroom["teacher"])
    client.get("/")  # the session's one-time work (its time zone read from the account) first
    add_learners(cohort, 3, start=0)  # 5 members with alice and bob
    small = dashboard_queries(client, cohort)
    add_learners(cohort, 195, start=100)  # 200 members
    with django_assert_num_queries(small):
        page = client.get(f"/classroom/cohorts/{cohort.pk}/").content.decode()
    assert "200 learners" in page
