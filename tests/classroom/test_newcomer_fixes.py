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
