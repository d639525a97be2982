"""Who may open which classroom page: the whole matrix of roles against every URL and export."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

COHORT_PAGES = [
    "/classroom/cohorts/{cohort}/",
    "/classroom/cohorts/{cohort}/manage/",
    "/classroom/cohorts/{cohort}/assignments/new/",
    "/classroom/cohorts/{cohort}/learners/{alice}/",
    "/classroom/cohorts/{cohort}/questions/",
    "/classroom/cohorts/{cohort}/drills/",
    "/classroom/cohorts/{cohort}/submissions/{submission}/",
    "/classroom/cohorts/{cohort}/export/grades.csv",
    "/classroom/cohorts/{cohort}/export/attempts.csv",
]
# Who gets what on a cohort's pages. Learners and strangers get 404: the cohort is not theirs to
# know about. Anonymous visitors are sent to sign in.
EXPECTED = {
    "anonymous": 302,
    "alice": 404,  # a learner of this cohort
    "outsider": 404,  # a learner of another cohort
    "teacher": 200,  # the cohort's instructor
    "other_teacher": 404,  # an instructor of another cohort
    "staff": 200,
}


def client_for(classroom, who: str) -> Client:
    client = Client()
    if who != "anonymous":
        client.force_login(classroom[who])
    return client


def url(template: str, classroom) -> str:
    return template.format(
        cohort=classroom["cohort"].pk,
        alice=classroom["alice"].learner.pk,
        submission=classroom["submission"].pk,
    )


@pytest.mark.parametrize("who", list(EXPECTED))
@pytest.mark.parametrize("page", COHORT_PAGES)
def test_cohort_pages_answer_each_role_as_they_should(classroom, who, page):
    response = client_for(classroom, who).get(url(page, classroom))
    assert response.status_code == EXPECTED[who]
    if who == "anonymous":
        assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("alice", 200), ("outsider", 200), ("teacher", 200), ("staff", 200)],
)
def test_the_classroom_home_needs_an_account(classroom, who, status):
    assert client_for(classroom, who).get("/classroom/").status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("alice", 403), ("outsider", 403), ("teacher", 200), ("staff", 200)],
)
def test_only_instructors_and_staff_may_create_cohorts(classroom, who, status):
    assert client_for(classroom, who).get("/classroom/cohorts/new/").status_code == status


def test_posting_to_a_cohort_one_does_not_teach_changes_nothing(classroom):
    cohort = classroom["cohort"]
    code = cohort.join_code
    response = client_for(classroom, "other_teacher").post(
        f"/classroom/cohorts/{cohort.pk}/manage/", {"action": "regenerate-code"}
    )
    assert response.status_code == 404
    cohort.refresh_from_db()
    assert cohort.join_code == code


def test_a_submission_by_a_non_member_is_not_reviewable_through_the_cohort(classroom):
    import uuid

    from drills.models import Drill
    from drills.services import drill_grade

    stranger_submission = drill_grade(
        learner=classroom["outsider"].learner,
        drill=Drill.objects.get(slug="containerize-service"),
        answer="multi-stage build",
        submission_token=uuid.uuid4(),
    )
    page = f"/classroom/cohorts/{classroom['cohort'].pk}/submissions/{stranger_submission.pk}/"
    assert client_for(classroom, "teacher").get(page).status_code == 404


def test_a_learner_sees_only_their_own_progress_page(classroom):
    page = client_for(classroom, "bob").get("/me/").content.decode()
    assert "Signed in as <strong>bob</strong>" in page
    assert "alice" not in page
