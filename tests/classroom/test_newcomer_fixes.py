"""Issue 13 in the classroom: invite links, overrides shown everywhere, time zones, exports,
confirmations before destructive actions."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.test_page_or_fragment_headers import assert_page_or_fragment_headers

pytestmark = pytest.mark.django_db


def test_the_cohort_dashboard_varies_on_hx_request(classroom):
    client = Client()
    client.force_login(classroom["teacher"])
    response = client.get(f"/classroom/cohorts/{classroom['cohort'].pk}/?sort=progress")
    assert response.status_code == 200
    assert_page_or_fragment_headers(response)


# Bug 11: destructive actions ask first, without JavaScript.


def manage(classroom, data: dict):
    client = Client()
    client.force_login(classroom["teacher"])
    return client.post(f"/classroom/cohorts/{classroom['cohort'].pk}/manage/", data)


def test_remove_member_asks_first_and_changes_nothing(classroom):
    from classroom.models import Membership

    alice = classroom["alice"]
    response = manage(classroom, {"action": "remove-member", "learner": alice.learner.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Remove alice from Bootcamp A?" in page
    assert 'name="confirm" value="1"' in page
    assert f'name="learner" value="{alice.learner.pk}"' in page
    assert Membership.objects.filter(cohort=classroom["cohort"], learner=alice.learner).exists()


def test_remove_member_confirmed_removes_them(classroom):
    from classroom.models import Membership

    alice = classroom["alice"]
    data = {"action": "remove-member", "learner": alice.learner.pk, "confirm": "1"}
    response = manage(classroom, data)
    assert "The learner was removed from the cohort" in response.content.decode()
    assert not Membership.objects.filter(cohort=classroom["cohort"], learner=alice.learner).exists()


def test_make_a_new_code_asks_first_and_keeps_the_code(classroom):
    cohort = classroom["cohort"]
    code = cohort.join_code
    page = manage(classroom, {"action": "regenerate-code"}).content.decode()
    assert "Make a new join code for Bootcamp A?" in page
    assert f"The current code {code} and its link stop working" in page
    cohort.refresh_from_db()
    assert cohort.join_code == code


def test_remove_assignment_asks_first_and_keeps_it(classroom):
    from classroom.models import Assignment

    quiz = classroom["assignments"]["quiz"]
    page = manage(classroom, {"action": "delete-assignment", "assignment": quiz.pk}).content
    assert "Remove the assignment “Quiz: Container networking”?" in page.decode()
    assert Assignment.objects.filter(pk=quiz.pk).exists()


def test_remove_assignment_confirmed_removes_it(classroom):
    from classroom.models import Assignment

    quiz = classroom["assignments"]["quiz"]
    manage(classroom, {"action": "delete-assignment", "assignment": quiz.pk, "confirm": "1"})
    assert not Assignment.objects.filter(pk=quiz.pk).exists()


def test_removing_someone_who_is_not_a_member_is_refused_with_a_message(classroom):
    outsider = classroom["outsider"]
    response = manage(classroom, {"action": "remove-member", "learner": outsider.learner.pk})
    assert response.status_code == 422
    assert "That learner is not a member of this cohort." in response.content.decode()


# Bug 10: exports a spreadsheet can compute with, and answers as people read them.


def export(classroom, name: str) -> list[list[str]]:
    import csv
    import io

    client = Client()
    client.force_login(classroom["teacher"])
    response = client.get(f"/classroom/cohorts/{classroom['cohort'].pk}/export/{name}.csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_grades_csv_gives_the_score_as_a_number_in_its_own_column(classroom):
    rows = export(classroom, "grades")
    column = rows[0].index("Drill: Containerize a Node.js service: score %")
    alice = next(row for row in rows if row[0] == "alice")
    assert alice[column] == str(classroom["submission"].percent)
    assert alice[column - 1] == "Done"


def test_two_assignments_of_one_quiz_get_distinct_headings(classroom):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from classroom import services

    first = classroom["assignments"]["quiz"]
    services.assignment_create(
        cohort=classroom["cohort"],
        kind="quiz",
        lesson=first.lesson,
        due_at=datetime(2031, 3, 1, 17, 0, tzinfo=ZoneInfo("UTC")),
        created_by=classroom["teacher"],
    )
    headings = export(classroom, "grades")[0]
    quiz_headings = [h for h in headings if h.startswith("Quiz: Container networking")]
    assert len(quiz_headings) == 4
    assert len(set(quiz_headings)) == 4
    assert "Quiz: Container networking (due 2031-03-01 17:00): status" in quiz_headings


def test_attempts_csv_shows_choice_text_not_ids(classroom):
    import html
    import uuid

    from django.utils.html import strip_tags

    from quiz.grading.answers import answer_to_json
    from quiz.models import Attempt, Question

    question = Question.objects.get(question_id="net-default-bridge-dns")
    spec = question.parsed
    right = next(choice for choice in spec.choices if choice.correct)
    Attempt.objects.create(
        learner=classroom["alice"].learner,
        question=question,
        question_version=question.version,
        answer=answer_to_json(right.id),
        is_correct=True,
        score=1,
        submission_token=uuid.uuid4(),
    )
    row = next(row for row in export(classroom, "attempts") if row[2] == "quiz answer")
    assert row[5] == html.unescape(strip_tags(right.html)).strip()
    assert row[5] != right.id


def test_attempts_csv_shows_a_multiple_choice_answer_as_texts_not_a_list(classroom):
    import uuid

    from quiz.models import Attempt, Question
    from quiz.presenting import stored_answer_text

    question = next(
        q for q in Question.objects.filter(is_active=True) if q.parsed.type.value == "multiple"
    )
    chosen = [choice.id for choice in question.parsed.choices[:2]]
    Attempt.objects.create(
        learner=classroom["alice"].learner,
        question=question,
        question_version=question.version,
        answer=chosen,
        is_correct=False,
        score=0,
        submission_token=uuid.uuid4(),
    )
    row = next(row for row in export(classroom, "attempts") if row[2] == "quiz answer")
    assert row[5] == stored_answer_text(question.parsed, chosen)
    assert "[" not in row[5]
    assert "; " in row[5]
