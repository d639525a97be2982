"""Instructors move an assignment's due date, or give one learner an extension."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from classroom.models import Extension
from tests.classroom.test_classroom_flows import logged_in

pytestmark = pytest.mark.django_db

LOCAL = "%Y-%m-%dT%H:%M"


def edit_url(classroom, kind="lesson") -> str:
    return f"/classroom/cohorts/{classroom['cohort'].pk}/assignments/{classroom['assignments'][kind].pk}/"


def test_the_due_date_can_be_changed_for_everyone(classroom):
    new_due = timezone.now() - timedelta(days=1)
    response = logged_in(classroom["teacher"]).post(
        edit_url(classroom), {"action": "reschedule", "due_at": new_due.strftime(LOCAL)}
    )
    assert "Due date changed" in response.content.decode()
    bob_home = logged_in(classroom["bob"]).get("/classroom/").content.decode()
    assert "Late: not done" in bob_home


def test_an_extension_keeps_one_learner_on_time(classroom):
    teacher = logged_in(classroom["teacher"])
    past = timezone.now() - timedelta(days=1)
    teacher.post(edit_url(classroom), {"action": "reschedule", "due_at": past.strftime(LOCAL)})
    later = timezone.now() + timedelta(days=3)
    response = teacher.post(
        edit_url(classroom),
        {
            "action": "extend",
            "extension-learner": str(classroom["bob"].learner.pk),
            "extension-due_at": later.strftime(LOCAL),
        },
    )
    assert "Extension given" in response.content.decode()
    bob_home = logged_in(classroom["bob"]).get("/classroom/").content.decode()
    row = bob_home[bob_home.index("Read: ") :]
    assert "(extended)" in row[: row.index("</tr>")]
    assert "To do" in row[: row.index("</tr>")]
    dashboard = teacher.get(f"/classroom/cohorts/{classroom['cohort'].pk}/").content.decode()
    assert "Late: not done" not in dashboard[dashboard.index(">bob<") :].split("</tr>")[0]


def test_an_extension_before_the_due_date_is_refused(classroom):
    due = classroom["assignments"]["lesson"].due_at
    response = logged_in(classroom["teacher"]).post(
        edit_url(classroom),
        {
            "action": "extend",
            "extension-learner": str(classroom["bob"].learner.pk),
            "extension-due_at": (due - timedelta(days=1)).strftime(LOCAL),
        },
    )
    assert response.status_code == 422
    assert "must be later than the assignment&#x27;s due date" in response.content.decode()
    assert not Extension.objects.exists()


def test_an_extension_for_someone_outside_the_cohort_is_refused(classroom):
    response = logged_in(classroom["teacher"]).post(
        edit_url(classroom),
        {
            "action": "extend",
            "extension-learner": str(classroom["outsider"].learner.pk),
            "extension-due_at": (timezone.now() + timedelta(days=30)).strftime(LOCAL),
        },
    )
    assert response.status_code == 422
    assert not Extension.objects.exists()


def test_an_extension_can_be_taken_back(classroom):
    teacher = logged_in(classroom["teacher"])
    teacher.post(
        edit_url(classroom),
        {
            "action": "extend",
            "extension-learner": str(classroom["bob"].learner.pk),
            "extension-due_at": (timezone.now() + timedelta(days=30)).strftime(LOCAL),
        },
    )
    extension = Extension.objects.get()
    response = teacher.post(
        edit_url(classroom), {"action": "remove-extension", "extension": str(extension.pk)}
    )
    assert "Extension taken back" in response.content.decode()
    assert not Extension.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"action": "reschedule", "due_at": "not a date"},
        {"action": "extend", "extension-learner": "x", "extension-due_at": "2030-01-01T10:00"},
        {"action": "remove-extension", "extension": "abc"},
    ],
)
def test_bad_input_is_422_with_a_message(classroom, data):
    response = logged_in(classroom["teacher"]).post(edit_url(classroom), data)
    assert response.status_code == 422
    assert 'role="alert"' in response.content.decode()


def test_another_cohorts_instructor_gets_404(classroom):
    response = logged_in(classroom["other_teacher"]).get(edit_url(classroom))
    assert response.status_code == 404


def test_a_learner_cannot_edit_due_dates(classroom):
    response = logged_in(classroom["bob"]).get(edit_url(classroom))
    assert response.status_code == 404
