"""Issue 11's classroom permissions: overrides belong to a class, co-instructors are instructors,
the instructor role is what gives access, instructors see only the class's assigned work, and stale
or guessed join links answer clearly (and are counted)."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from classroom import services
from classroom.permissions import instructor_group
from classroom.selectors import learner_assignments
from drills.models import Drill, DrillOverride
from drills.services import drill_grade

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def review_url(cohort, submission) -> str:
    return f"/classroom/cohorts/{cohort.pk}/submissions/{submission.pk}/"


@pytest.fixture
def alice_in_both(classroom):
    """Alice also joins Bootcamp B, whose instructor assigns the same drill."""
    other, drill = classroom["other"], Drill.objects.get(slug="containerize-service")
    services.cohort_join(cohort=other, learner=classroom["alice"].learner)
    services.assignment_create(
        cohort=other,
        kind="drill",
        drill=drill,
        due_at=timezone.now() + timedelta(days=7),
        created_by=classroom["other_teacher"],
    )
    return classroom


def test_an_override_in_one_class_leaves_another_class_grades_alone(alice_in_both):
    classroom = alice_in_both
    submission, cohort, other = classroom["submission"], classroom["cohort"], classroom["other"]
    logged_in(classroom["other_teacher"]).post(
        review_url(other, submission),
        {"criterion": "multi-stage", "level": 2, "comment": "Explained in our class."},
    )
    teacher = logged_in(classroom["teacher"])
    dashboard = teacher.get(f"/classroom/cohorts/{cohort.pk}/").content.decode()
    assert f"{submission.percent}%" in dashboard
    assert f"{round(100 * (submission.score + 2) / 10)}%" not in dashboard
    review = teacher.get(review_url(cohort, submission)).content.decode()
    assert "Explained in our class." not in review
    other_dashboard = (
        logged_in(classroom["other_teacher"])
        .get(f"/classroom/cohorts/{other.pk}/")
        .content.decode()
    )
    assert f"{round(100 * (submission.score + 2) / 10)}%" in other_dashboard


def test_the_learner_sees_each_class_review_under_its_class(alice_in_both):
    classroom = alice_in_both
    submission = classroom["submission"]
    logged_in(classroom["teacher"]).post(
        review_url(classroom["cohort"], submission),
        {"criterion": "multi-stage", "level": 1, "comment": "Half there."},
    )
    logged_in(classroom["other_teacher"]).post(
        review_url(classroom["other"], submission),
        {"criterion": "multi-stage", "level": 2, "comment": "Fully explained."},
    )
    page = (
        logged_in(classroom["alice"])
        .get(f"/drills/containerize-service/?submission={submission.pk}")
        .content.decode()
    )
    assert f"<strong>{submission.score + 1} of 10</strong> in Bootcamp A" in page
    assert f"<strong>{submission.score + 2} of 10</strong> in Bootcamp B" in page
    assert "Bootcamp A · Instructor (teacher): <strong>1/2</strong>" in page
    assert "Bootcamp B · Instructor (other-teacher): <strong>2/2</strong>" in page


def test_after_leaving_a_class_its_review_no_longer_shows_to_the_learner(alice_in_both):
    classroom = alice_in_both
    submission = classroom["submission"]
    logged_in(classroom["other_teacher"]).post(
        review_url(classroom["other"], submission),
        {"criterion": "multi-stage", "level": 2, "comment": "Fully explained."},
    )
    services.cohort_remove_member(
        cohort=classroom["other"], learner_id=classroom["alice"].learner.pk
    )
    page = (
        logged_in(classroom["alice"])
        .get(f"/drills/containerize-service/?submission={submission.pk}")
        .content.decode()
    )
    assert "Fully explained." not in page
    assert "After your instructor's review" not in page


def test_a_learner_account_cannot_be_added_as_co_instructor(classroom):
    cohort = classroom["cohort"]
    response = logged_in(classroom["teacher"]).post(
        f"/classroom/cohorts/{cohort.pk}/manage/", {"action": "add-instructor", "username": "bob"}
    )
    assert response.status_code == 422
    assert "does not have the instructor role" in response.content.decode()
    assert not cohort.instructors.filter(username="bob").exists()
    assert logged_in(classroom["bob"]).get(f"/classroom/cohorts/{cohort.pk}/").status_code == 404


def test_an_instructor_account_can_be_added_as_co_instructor(classroom):
    cohort = classroom["cohort"]
    response = logged_in(classroom["teacher"]).post(
        f"/classroom/cohorts/{cohort.pk}/manage/",
        {"action": "add-instructor", "username": "other-teacher"},
    )
    assert "Co-instructor added." in response.content.decode()
    other_teacher = logged_in(classroom["other_teacher"])
    assert other_teacher.get(f"/classroom/cohorts/{cohort.pk}/").status_code == 200


def test_a_removed_co_instructor_loses_access(classroom):
    cohort, other_teacher = classroom["cohort"], classroom["other_teacher"]
    cohort.instructors.add(other_teacher)
    response = logged_in(classroom["teacher"]).post(
        f"/classroom/cohorts/{cohort.pk}/manage/",
        {"action": "remove-instructor", "instructor": other_teacher.pk},
    )
    assert "no longer have access" in response.content.decode()
    assert logged_in(other_teacher).get(f"/classroom/cohorts/{cohort.pk}/").status_code == 404


def test_the_last_instructor_cannot_be_removed(classroom):
    cohort, teacher = classroom["cohort"], classroom["teacher"]
    response = logged_in(teacher).post(
        f"/classroom/cohorts/{cohort.pk}/manage/",
        {"action": "remove-instructor", "instructor": teacher.pk},
    )
    assert response.status_code == 422
    assert "at least one instructor" in response.content.decode()
    assert cohort.instructors.filter(pk=teacher.pk).exists()


def test_the_manage_page_lists_who_has_access(classroom):
    cohort = classroom["cohort"]
    page = (
        logged_in(classroom["teacher"])
        .get(f"/classroom/cohorts/{cohort.pk}/manage/")
        .content.decode()
    )
    assert "Who has access" in page
    assert "<td>teacher</td>\n        <td>instructor</td>" in page
    assert "<td>staffer</td>\n        <td>site staff</td>" in page


def test_taking_the_instructor_role_away_ends_access_to_cohorts(classroom):
    cohort, teacher = classroom["cohort"], classroom["teacher"]
    teacher.groups.remove(instructor_group())
    teacher = User.objects.get(pk=teacher.pk)  # a fresh object: permissions are cached per object
    client = logged_in(teacher)
    assert client.get(f"/classroom/cohorts/{cohort.pk}/").status_code == 404
    assert client.get(f"/classroom/cohorts/{cohort.pk}/export/attempts.csv").status_code == 404
    manage = logged_in(classroom["staff"]).get(f"/classroom/cohorts/{cohort.pk}/manage/")
    assert "no access: the instructor role was taken away" in manage.content.decode()


@pytest.fixture
def unassigned_answer(classroom):
    """Alice's answer to a drill the cohort never assigned."""
    return drill_grade(
        learner=classroom["alice"].learner,
        drill=Drill.objects.get(slug="oom-killed"),
        answer="My private practice answer about the OOM killer.",
        submission_token=uuid.uuid4(),
    )


def test_drill_review_lists_only_answers_to_the_cohorts_drills(classroom, unassigned_answer):
    cohort = classroom["cohort"]
    page = logged_in(classroom["teacher"]).get(f"/classroom/cohorts/{cohort.pk}/drills/")
    html = page.content.decode()
    assert review_url(cohort, classroom["submission"]) in html
    assert review_url(cohort, unassigned_answer) not in html


def test_an_unassigned_drill_answer_cannot_be_opened_by_the_instructor(
    classroom, unassigned_answer
):
    response = logged_in(classroom["teacher"]).get(
        review_url(classroom["cohort"], unassigned_answer)
    )
    assert response.status_code == 404


def test_the_attempts_export_leaves_out_unassigned_work(classroom, unassigned_answer):
    response = logged_in(classroom["teacher"]).get(
        f"/classroom/cohorts/{classroom['cohort'].pk}/export/attempts.csv"
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert "oom-killed" not in {row[3] for row in rows}
    assert "containerize-service" in {row[3] for row in rows}


def test_the_join_page_says_instructors_see_only_the_class_assignments(classroom, make_user):
    page = logged_in(make_user("newcomer")).get("/classroom/join/").content.decode()
    assert "your work on <em>this class's assignments</em> only" in page


def test_a_replaced_join_link_says_it_is_no_longer_valid(classroom, make_user):
    cohort = classroom["cohort"]
    old = cohort.join_code
    services.cohort_regenerate_code(cohort=cohort)
    response = logged_in(make_user("late")).get(f"/classroom/join/{old}/")
    assert response.status_code == 404
    assert "That join link is not valid any more" in response.content.decode()


def test_a_malformed_join_link_says_it_is_not_valid(classroom, make_user):
    response = logged_in(make_user("late")).get("/classroom/join/%C2%B2%00/")
    assert response.status_code == 404
    assert "That join link is not valid any more" in response.content.decode()


def test_opening_join_links_counts_with_the_join_form(classroom, make_user):
    client = logged_in(make_user("guesser"))
    statuses = [client.get(f"/classroom/join/AAAA-BBBB-CC{i:02d}/").status_code for i in range(6)]
    statuses += [
        client.post("/classroom/join/", {"code": f"AAAA-BBBB-DD{i:02d}"}).status_code
        for i in range(5)
    ]
    assert statuses[:10] == [404] * 6 + [422] * 4
    assert statuses[10] == 429


@pytest.mark.parametrize(
    "value", ["²", "٣", "1" * 40, "9" * 5000, "9223372036854775808", "-1", "0", "1\x00"]
)
@pytest.mark.parametrize(
    ("action", "field", "message"),
    [
        ("remove-member", "learner", "Choose a member to remove."),
        ("delete-assignment", "assignment", "Choose an assignment to remove."),
        ("remove-instructor", "instructor", "Choose an instructor to remove."),
    ],
)
def test_malformed_ids_in_manage_forms_get_a_message(classroom, action, field, message, value):
    response = logged_in(classroom["teacher"]).post(
        f"/classroom/cohorts/{classroom['cohort'].pk}/manage/", {"action": action, field: value}
    )
    assert response.status_code == 422
    assert message in response.content.decode()


@pytest.mark.parametrize("segment", ["1" * 40, "9223372036854775808", "99999999999999999999"])
def test_ids_in_urls_past_the_database_range_are_not_found(classroom, segment):
    cohort = classroom["cohort"]
    client = logged_in(classroom["teacher"])
    assert client.get(f"/classroom/cohorts/{cohort.pk}/learners/{segment}/").status_code == 404
    assert client.get(f"/classroom/cohorts/{segment}/").status_code == 404
    assert client.get(f"/classroom/cohorts/{cohort.pk}/submissions/{segment}/").status_code == 404


def test_overrides_are_recorded_in_the_cohort_they_were_given_in(classroom):
    cohort, submission = classroom["cohort"], classroom["submission"]
    logged_in(classroom["teacher"]).post(
        review_url(cohort, submission),
        {"criterion": "multi-stage", "level": 1, "comment": "Half there."},
    )
    assert list(DrillOverride.objects.values_list("cohort_id", flat=True)) == [cohort.pk]


def test_each_class_scores_with_its_overrides_and_judges_by_its_extension(alice_in_both):
    """A learner in two classes with the same drill: class B's override and extension stay in B."""
    classroom = alice_in_both
    submission, cohort, other = classroom["submission"], classroom["cohort"], classroom["other"]
    yesterday = timezone.now() - timedelta(days=1)
    for group in (cohort, other):
        group.assignments.filter(kind="drill").update(due_at=yesterday)
    in_other = other.assignments.get(kind="drill")
    services.extension_grant(
        assignment=in_other,
        learner_id=classroom["alice"].learner.pk,
        due_at=timezone.now() + timedelta(days=3),
        granted_by=classroom["other_teacher"],
    )
    logged_in(classroom["other_teacher"]).post(
        review_url(other, submission),
        {"criterion": "multi-stage", "level": 2, "comment": "Explained in our class."},
    )
    cells = {
        assignment.cohort_id: cell
        for assignment, cell in learner_assignments(classroom["alice"].learner)
        if assignment.kind == "drill"
    }
    assert cells[cohort.pk].status == "late"
    assert cells[cohort.pk].score_text == f"{submission.percent}%"
    assert cells[other.pk].status == "done"
    assert cells[other.pk].extended_to is not None
    assert cells[other.pk].score_text == f"{round(100 * (submission.score + 2) / 10)}%"
