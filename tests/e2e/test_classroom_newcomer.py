"""Issue 13 in the browser: an invite link opened signed out, confirmations, the review notice."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import User
from playwright.sync_api import expect

from classroom import services
from classroom.permissions import instructor_group
from drills.models import Drill
from drills.overrides import drill_override_record
from drills.services import drill_grade
from learners.models import Learner
from tests.e2e.conftest import axe_violations
from tests.e2e.test_classroom_journey import PASSWORD, sign_in


def make_cohort(name: str = "Tuesday evening class"):
    teacher = User.objects.create_user("teacher", password=PASSWORD)
    teacher.groups.add(instructor_group())
    Learner.objects.create(user=teacher)
    return teacher, services.cohort_create(name=name, instructor=teacher)


def test_an_invite_link_opened_signed_out_joins_the_class_after_sign_up(watched, site):
    _, cohort = make_cohort()
    page = watched
    page.goto(f"{site}/classroom/join/{cohort.join_code}/")
    expect(page.locator("h1")).to_have_text(
        "Sign in or create an account to join Tuesday evening class"
    )
    assert axe_violations(page) == []
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Username").fill("sam")
    page.locator("#id_password1").fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("main")).to_contain_text("You are about to join Tuesday evening class")
    page.get_by_role("button", name="Join Tuesday evening class").click()
    expect(page.locator("main")).to_contain_text("You are in: Tuesday evening class")


def test_removing_a_member_asks_first_and_the_page_is_accessible(watched, site):
    _, cohort = make_cohort()
    sam = User.objects.create_user("sam", password=PASSWORD)
    services.cohort_join(cohort=cohort, learner=Learner.objects.create(user=sam))
    page = watched
    sign_in(page, site, "teacher")
    page.goto(f"{site}/classroom/cohorts/{cohort.pk}/manage/")
    page.get_by_role("button", name="Remove sam").click()
    expect(page.locator("h1")).to_have_text("Remove sam from Tuesday evening class?")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Cancel").click()
    expect(page.locator("main")).to_contain_text("Members (1)")
    page.get_by_role("button", name="Remove sam").click()
    page.get_by_role("button", name="Remove sam").click()
    expect(page.locator("main")).to_contain_text("The learner was removed from the cohort.")
    expect(page.locator("main")).to_contain_text("Members (0)")


def test_the_review_notice_is_accessible_and_goes_with_got_it(watched, site):
    teacher, cohort = make_cohort()
    sam = User.objects.create_user("sam", password=PASSWORD)
    learner = Learner.objects.create(user=sam)
    services.cohort_join(cohort=cohort, learner=learner)
    submission = drill_grade(
        learner=learner,
        drill=Drill.objects.get(slug="containerize-service"),
        answer="I'd run it as a non-root user so a compromise does less damage.",
        submission_token=uuid.uuid4(),
    )
    drill_override_record(
        submission=submission,
        cohort=cohort,
        criterion_id="multi-stage",
        level=1,
        comment="You described a build stage in class.",
        instructor=teacher,
    )
    page = watched
    sign_in(page, site, "sam")
    page.goto(site + "/")
    notice = page.locator(".review-notice")
    expect(notice).to_contain_text("Your instructor reviewed a drill answer")
    expect(notice).to_contain_text(
        f"now {submission.score + 1} of {submission.max_score} after their review in {cohort.name}"
    )
    assert axe_violations(page) == []
    notice.get_by_role("button", name="Got it").click()
    expect(page.locator("h1").first).to_be_visible()
    expect(page.locator(".review-notice")).to_have_count(0)


def test_the_browsers_time_zone_labels_due_dates_and_stays_on_the_account(browser, site):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from lessons.models import Lesson
    from tests.e2e.conftest import PageProblems

    teacher, cohort = make_cohort()
    services.assignment_create(
        cohort=cohort,
        kind="lesson",
        lesson=Lesson.objects.get(slug="networking"),
        due_at=datetime(2030, 1, 31, 22, 0, tzinfo=ZoneInfo("UTC")),
        created_by=teacher,
    )
    context = browser.new_context(timezone_id="America/New_York")
    problems = PageProblems()
    page = problems.attach(context.new_page())
    page.goto(f"{site}/classroom/join/{cohort.join_code}/")
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Username").fill("sam")
    page.locator("#id_password1").fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("button", name="Join Tuesday evening class").click()
    expect(page.locator(".assignments")).to_contain_text("31 Jan 2030, 17:00 (America/New_York)")
    page.goto(site + "/me/")
    expect(page.locator("#time-zone")).to_contain_text("America/New_York")
    assert axe_violations(page) == []
    context.close()
    assert Learner.objects.get(user__username="sam").time_zone == "America/New_York"
    assert list(problems) == [], f"console errors or CSP violations: {list(problems)}"
