"""Instructors and learners using the classroom: create, join, assign, track, review, export."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from classroom import services
from classroom.models import Cohort, Membership
from classroom.permissions import is_instructor
from drills.models import DrillOverride, DrillSubmission
from lessons.models import Lesson, LessonRead

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_instructor_creates_a_cohort_and_gets_a_join_code(course, make_user):
    teacher = make_user("teacher", instructor=True)
    response = logged_in(teacher).post("/classroom/cohorts/new/", {"name": "Evening class"})
    cohort = Cohort.objects.get(name="Evening class")
    assert response["Location"] == f"/classroom/cohorts/{cohort.pk}/"
    page = logged_in(teacher).get(response["Location"]).content.decode()
    assert cohort.join_code in page
    assert f"/classroom/join/{cohort.join_code}/" in page
    assert len(cohort.join_code.replace("-", "")) == 12


def test_a_cohort_with_an_end_before_its_start_is_refused(course, make_user):
    teacher = make_user("teacher", instructor=True)
    response = logged_in(teacher).post(
        "/classroom/cohorts/new/",
        {"name": "X", "start_date": "2027-03-01", "end_date": "2027-02-01"},
    )
    assert response.status_code == 422
    assert "The end date is before the start date." in response.content.decode()
    assert not Cohort.objects.exists()


def test_a_learner_joins_with_the_code_typed_loosely(classroom, make_user):
    newcomer = make_user("newcomer")
    code = classroom["cohort"].join_code.lower().replace("-", " ")
    response = logged_in(newcomer).post("/classroom/join/", {"code": code})
    assert response.status_code == 302
    assert Membership.objects.filter(cohort=classroom["cohort"], learner=newcomer.learner).exists()


def test_a_join_link_asks_before_joining(classroom, make_user):
    newcomer = make_user("newcomer")
    page = (
        logged_in(newcomer)
        .get(f"/classroom/join/{classroom['cohort'].join_code}/")
        .content.decode()
    )
    assert "You are about to join <strong>Bootcamp A</strong>" in page
    assert not Membership.objects.filter(learner=newcomer.learner).exists()


def test_a_wrong_code_is_422_with_a_message(classroom, make_user):
    newcomer = make_user("newcomer")
    response = logged_in(newcomer).post("/classroom/join/", {"code": "AAAA-BBBB-CCCC"})
    assert response.status_code == 422
    assert "No cohort has that code" in response.content.decode()


def test_a_malformed_code_is_422_with_a_message(classroom, make_user):
    response = logged_in(make_user("newcomer")).post("/classroom/join/", {"code": "abc"})
    assert response.status_code == 422
    assert "twelve letters and digits" in response.content.decode()


def test_joining_is_rate_limited(classroom, make_user):
    client = logged_in(make_user("guesser"))
    statuses = [
        client.post("/classroom/join/", {"code": f"AAAA-BBBB-CC{i:02d}"}).status_code
        for i in range(11)
    ]
    assert statuses[:10] == [422] * 10
    assert statuses[10] == 429


def test_joining_twice_is_one_membership(classroom):
    client = logged_in(classroom["alice"])
    client.post("/classroom/join/", {"code": classroom["cohort"].join_code})
    assert (
        Membership.objects.filter(
            learner=classroom["alice"].learner, cohort=classroom["cohort"]
        ).count()
        == 1
    )


def test_regenerating_the_code_retires_the_old_one(classroom, make_user):
    cohort = classroom["cohort"]
    old = cohort.join_code
    logged_in(classroom["teacher"]).post(
        f"/classroom/cohorts/{cohort.pk}/manage/", {"action": "regenerate-code", "confirm": "1"}
    )
    cohort.refresh_from_db()
    assert cohort.join_code != old
    response = logged_in(make_user("late")).post("/classroom/join/", {"code": old})
    assert response.status_code == 422


def test_removing_a_member_keeps_their_work(classroom):
    cohort, alice = classroom["cohort"], classroom["alice"]
    response = logged_in(classroom["teacher"]).post(
        f"/classroom/cohorts/{cohort.pk}/manage/",
        {"action": "remove-member", "learner": alice.learner.pk, "confirm": "1"},
    )
    assert "Their own work is kept" in response.content.decode()
    assert not Membership.objects.filter(cohort=cohort, learner=alice.learner).exists()
    progress = logged_in(alice).get("/me/").content.decode()
    assert "1 of 8 lessons read." in progress
    assert DrillSubmission.objects.filter(learner=alice.learner).count() == 1


def test_adding_a_co_instructor_lets_them_see_the_cohort(classroom, make_user):
    helper = make_user("helper", instructor=True)
    cohort = classroom["cohort"]
    logged_in(classroom["teacher"]).post(
        f"/classroom/cohorts/{cohort.pk}/manage/",
        {"action": "add-instructor", "username": "helper"},
    )
    assert logged_in(helper).get(f"/classroom/cohorts/{cohort.pk}/").status_code == 200


def test_adding_an_unknown_co_instructor_is_422(classroom):
    cohort = classroom["cohort"]
    response = logged_in(classroom["teacher"]).post(
        f"/classroom/cohorts/{cohort.pk}/manage/",
        {"action": "add-instructor", "username": "nobody"},
    )
    assert response.status_code == 422
    assert "There is no account" in response.content.decode()


def test_an_unknown_manage_action_is_400(classroom):
    cohort = classroom["cohort"]
    response = logged_in(classroom["teacher"]).post(
        f"/classroom/cohorts/{cohort.pk}/manage/", {"action": "explode"}
    )
    assert response.status_code == 400


def test_an_assignment_needs_its_lesson_or_drill(classroom):
    cohort = classroom["cohort"]
    response = logged_in(classroom["teacher"]).post(
        f"/classroom/cohorts/{cohort.pk}/assignments/new/",
        {"kind": "drill", "due_at": "2027-01-10T17:00"},
    )
    assert response.status_code == 422
    assert "Choose the drill to assign." in response.content.decode()


def test_learners_see_their_assignments_with_status_on_the_home_page(classroom):
    page = logged_in(classroom["alice"]).get("/").content.decode()
    assert "Your assignments" in page
    assert "Read: Container networking" in page
    assert "Done" in page
    assert "To do" in page


def test_a_home_page_with_assignments_is_private_and_never_a_304(classroom):
    alice = logged_in(classroom["alice"])
    first = alice.get("/")
    again = alice.get("/", headers={"If-None-Match": "*"})
    assert "ETag" not in first  # due and overdue move with the clock
    assert again.status_code == 200
    assert "private" in again["Cache-Control"]


def assign_overdue_reading(classroom) -> None:
    """A lesson to read that was due yesterday."""
    services.assignment_create(
        cohort=classroom["cohort"],
        kind="lesson",
        lesson=Lesson.objects.get(slug="storage"),
        due_at=timezone.now() - timedelta(days=1),
        created_by=classroom["teacher"],
    )


def test_overdue_work_is_marked_late_on_the_dashboard(classroom):
    cohort = classroom["cohort"]
    assign_overdue_reading(classroom)
    page = logged_in(classroom["teacher"]).get(f"/classroom/cohorts/{cohort.pk}/").content.decode()
    assert 'class="cell cell--overdue"' in page
    assert "Late: not done" in page


def test_dashboard_filters_and_sorts_with_htmx(classroom):
    cohort = classroom["cohort"]
    assign_overdue_reading(classroom)
    LessonRead.objects.create(
        learner=classroom["alice"].learner, lesson=Lesson.objects.get(slug="storage")
    )
    fragment = (
        logged_in(classroom["teacher"])
        .get(
            f"/classroom/cohorts/{cohort.pk}/?show=behind&sort=behind",
            headers={"HX-Request": "true"},
        )
        .content.decode()
    )
    assert fragment.lstrip().startswith('<div id="matrix"')
    assert ">bob</a>" in fragment
    assert ">alice</a>" not in fragment


def test_instructor_override_is_kept_in_history_and_shown_to_the_learner(classroom):
    cohort, submission = classroom["cohort"], classroom["submission"]
    review = f"/classroom/cohorts/{cohort.pk}/submissions/{submission.pk}/"
    teacher = logged_in(classroom["teacher"])
    teacher.post(review, {"criterion": "multi-stage", "level": 1, "comment": "You hinted at it."})
    teacher.post(
        review, {"criterion": "multi-stage", "level": 2, "comment": "On reflection, explained."}
    )
    history = list(
        DrillOverride.objects.order_by("created_at").values_list("from_level", "to_level")
    )
    assert history == [(0, 1), (1, 2)]
    page = teacher.get(review).content.decode()
    assert "Override history" in page
    learner_page = (
        logged_in(classroom["alice"])
        .get(f"/drills/containerize-service/?submission={submission.pk}")
        .content.decode()
    )
    assert "Instructor (teacher): <strong>2/2</strong>" in learner_page
    assert "On reflection, explained." in learner_page
    assert (
        f"After your instructor's review: <strong>{submission.score + 2} of 10</strong>"
        in learner_page
    )


def test_an_override_outside_the_levels_is_refused(classroom):
    cohort, submission = classroom["cohort"], classroom["submission"]
    response = logged_in(classroom["teacher"]).post(
        f"/classroom/cohorts/{cohort.pk}/submissions/{submission.pk}/",
        {"criterion": "no-such-criterion", "level": 1, "comment": "x"},
    )
    assert response.status_code == 422
    assert not DrillOverride.objects.exists()


def test_an_override_counts_in_the_dashboard_score(classroom):
    cohort, submission = classroom["cohort"], classroom["submission"]
    logged_in(classroom["teacher"]).post(
        f"/classroom/cohorts/{cohort.pk}/submissions/{submission.pk}/",
        {"criterion": "multi-stage", "level": 2, "comment": "Explained in class."},
    )
    page = logged_in(classroom["teacher"]).get(f"/classroom/cohorts/{cohort.pk}/").content.decode()
    assert f"{round(100 * (submission.score + 2) / 10)}%" in page


def test_grades_csv_has_a_row_per_learner_and_a_column_per_assignment(classroom):
    cohort = classroom["cohort"]
    response = logged_in(classroom["teacher"]).get(
        f"/classroom/cohorts/{cohort.pk}/export/grades.csv"
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Learner",
        "Read: Container networking: status",
        "Read: Container networking: score %",
        "Quiz: Container networking: status",
        "Quiz: Container networking: score %",
        "Drill: Containerize a Node.js service: status",
        "Drill: Containerize a Node.js service: score %",
        "Done",
        "Overdue",
    ]
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"alice", "bob"}
    assert by_name["alice"][1:3] == ["Done", ""]
    assert by_name["alice"][5:7] == ["Done", str(classroom["submission"].percent)]
    assert by_name["bob"][1:7] == ["To do", "", "To do", "", "To do", ""]


def test_csv_cells_that_look_like_formulas_are_neutralised(classroom, make_user):
    import uuid

    from drills.models import Drill
    from drills.services import drill_grade

    evil = make_user("=cmd|calc")
    services.cohort_join(cohort=classroom["cohort"], learner=evil.learner)
    drill_grade(
        learner=evil.learner,
        drill=Drill.objects.get(slug="containerize-service"),
        answer="+SUM(A1:A9) and @risk",
        submission_token=uuid.uuid4(),
    )
    client = logged_in(classroom["teacher"])
    grades = client.get(
        f"/classroom/cohorts/{classroom['cohort'].pk}/export/grades.csv"
    ).content.decode("utf-8-sig")
    attempts = client.get(
        f"/classroom/cohorts/{classroom['cohort'].pk}/export/attempts.csv"
    ).content.decode("utf-8-sig")
    assert "'=cmd|calc" in grades
    assert "\n=cmd" not in grades
    attempt_rows = list(csv.reader(io.StringIO(attempts)))
    evil_row = next(row for row in attempt_rows if row[0] == "'=cmd|calc")
    assert evil_row[5] == "'+SUM(A1:A9) and @risk"


def test_attempts_csv_lists_quiz_answers_and_drill_submissions(classroom):
    response = logged_in(classroom["teacher"]).get(
        f"/classroom/cohorts/{classroom['cohort'].pk}/export/attempts.csv"
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Learner", "When", "Kind", "Item"]
    assert [
        rows[1][0],
        rows[1][2],
        rows[1][3],
    ] == ["alice", "drill submission", "containerize-service"]


def test_question_analysis_shows_each_question_of_the_chosen_quiz(classroom):
    page = (
        logged_in(classroom["teacher"])
        .get(f"/classroom/cohorts/{classroom['cohort'].pk}/questions/?lesson=networking")
        .content.decode()
    )
    assert "net-default-bridge-dns" in page
    assert "Facility" in page


def test_create_instructor_command_grants_the_role(make_user):
    user = make_user("newteacher")
    assert not is_instructor(user)
    call_command("create_instructor", "newteacher", stdout=io.StringIO())
    user = type(user).objects.get(pk=user.pk)
    assert is_instructor(user)


def test_every_model_is_in_the_admin():
    from django.apps import apps
    from django.contrib import admin

    ours = [
        model
        for app in ("learners", "lessons", "quiz", "classroom")
        for model in apps.get_app_config(app).get_models()
    ]
    assert [model.__name__ for model in ours if not admin.site.is_registered(model)] == []


def test_question_analysis_counts_each_choice_picked_in_first_runs(classroom):
    from quiz.models import Attempt, Question, QuizRun

    question = Question.objects.get(question_id="net-expose-publishes-tf")
    for user, picked in ((classroom["alice"], False), (classroom["bob"], True)):
        run = QuizRun.objects.create(
            learner=user.learner,
            lesson=question.lesson,
            question_order=[question.question_id],
            max_score=1,
            finished_at=timezone.now(),
        )
        Attempt.objects.create(
            learner=user.learner,
            question=question,
            question_version=question.version,
            content_hash=question.content_hash,
            run=run,
            answer=picked,
            is_correct=picked is False,
            score=1.0 if picked is False else 0.0,
        )
    page = (
        logged_in(classroom["teacher"])
        .get(f"/classroom/cohorts/{classroom['cohort'].pk}/questions/?lesson=networking")
        .content.decode()
    )
    section = page[page.index("net-expose-publishes-tf") :]
    assert "<td>True</td><td>1</td>" in section
    assert "<td>False <strong>(correct)</strong></td><td>1</td>" in section
