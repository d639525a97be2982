"""The optional lab column in the cohort progress matrix, at a constant number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from labs.models import LabResult
from labs.selectors import exercise_total
from tests.classroom.test_dashboard_queries import add_learners

pytestmark = pytest.mark.django_db


def solve(learner, exercise_id: str) -> None:
    now = timezone.now()
    LabResult.objects.create(
        learner=learner,
        lab_slug="image-references",
        exercise_id=exercise_id,
        last_answer="tag",
        last_solved=True,
        solved_at=now,
        attempted_at=now,
    )


def test_the_lab_column_is_hidden_unless_asked_for(classroom):
    client = Client()
    client.force_login(classroom["teacher"])
    page = client.get(f"/classroom/cohorts/{classroom['cohort'].pk}/").content.decode()
    assert "Lab exercises" not in page.split('id="matrix"')[1]


def test_the_lab_column_shows_each_learners_solved_exercises(classroom):
    solve(classroom["alice"].learner, "port-or-tag")
    solve(classroom["alice"].learner, "hub-user-or-host")
    client = Client()
    client.force_login(classroom["teacher"])
    page = client.get(
        f"/classroom/cohorts/{classroom['cohort'].pk}/", {"labs": "1"}
    ).content.decode()
    alice_row = page.split("alice")[-1].split("</tr>")[0]
    assert f"<td>2 / {exercise_total()}</td>" in alice_row


def test_the_lab_column_costs_the_same_queries_for_5_or_200_learners(
    classroom, django_assert_num_queries
):
    cohort = classroom["cohort"]
    client = Client()
    client.force_login(classroom["teacher"])
    client.get("/")  # the session's one-time work (its time zone read from the account) first
    url = f"/classroom/cohorts/{cohort.pk}/?labs=1"
    add_learners(cohort, 3, start=0)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    add_learners(cohort, 195, start=100)
    for membership in cohort.memberships.all()[:50]:
        solve(membership.learner, "port-or-tag")
    with django_assert_num_queries(len(captured)):
        page = client.get(url).content.decode()
    assert "200 learners" in page
