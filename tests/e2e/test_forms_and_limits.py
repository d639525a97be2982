"""Issue 13: form controls styled alike (bug 5), and over-long drill answers kept and refused (bug 8)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from drills.grading.rubric import MAX_ANSWER_LENGTH
from tests.e2e.conftest import axe_violations


def box_height(page, selector: str) -> float:
    return page.locator(selector).evaluate("node => node.getBoundingClientRect().height")


@pytest.mark.parametrize(
    ("path", "selector"),
    [
        ("/accounts/login/", "input[type=password]"),
        ("/accounts/signup/", "input[type=email]"),
        ("/accounts/password_reset/", "input[type=email]"),
    ],
)
def test_email_and_password_inputs_are_as_tall_as_text_inputs(watched, site, path, selector):
    watched.goto(site + path)
    assert box_height(watched, selector) >= 44


def test_date_and_datetime_inputs_are_as_tall_as_text_inputs(watched, site):
    from django.contrib.auth.models import User

    from classroom.permissions import instructor_group

    teacher = User.objects.create_user("teacher", password="a-long-e2e-password-77")
    teacher.groups.add(instructor_group())
    page = watched
    page.goto(site + "/accounts/login/")
    page.get_by_label("Username").fill("teacher")
    page.get_by_label("Password").fill("a-long-e2e-password-77")
    page.get_by_role("button", name="Sign in").click()
    page.goto(site + "/classroom/cohorts/new/")
    assert box_height(page, "#id_start_date") >= 44
    page.get_by_label("Name").fill("Evening class")
    page.get_by_role("button", name="Create cohort").click()
    page.get_by_role("link", name="New assignment").first.click()
    assert box_height(page, "input[type=datetime-local]") >= 44


def test_an_over_long_drill_answer_is_counted_kept_and_refused(watched, site):
    page = watched
    page.goto(site + "/drills/containers-vs-vms/")
    answer = page.get_by_label("Your answer")
    count = page.locator("#answer-count")
    answer.fill("Containers share the host kernel.")
    expect(count).to_have_text(f"33 of {MAX_ANSWER_LENGTH:,} characters")
    too_long = "Containers share the host kernel. " * 150  # 5,100 characters
    answer.fill(too_long)
    expect(count).to_contain_text(f"{len(too_long):,} of {MAX_ANSWER_LENGTH:,} characters")
    expect(count).to_contain_text(f"{len(too_long) - MAX_ANSWER_LENGTH:,} over the limit")
    assert answer.input_value() == too_long, "the browser must not cut the text"
    page.get_by_role("button", name="Grade my answer").click()
    expect(page.locator("#drill-result")).to_contain_text(
        f"Your answer has {len(too_long):,} characters; the limit is {MAX_ANSWER_LENGTH:,}."
    )
    assert answer.input_value() == too_long
    assert axe_violations(page) == []
