"""An instructor and a learner in two browsers: cohort, join, assignment, matrix, override."""

from __future__ import annotations

from django.contrib.auth.models import User
from playwright.sync_api import expect

from classroom.permissions import instructor_group
from learners.models import Learner
from tests.e2e.conftest import PageProblems, axe_violations, screenshot

PASSWORD = "a-long-e2e-password-77"


def sign_in(page, site: str, username: str) -> None:
    page.goto(site + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_instructor_and_learner_journey(browser, site):
    teacher = User.objects.create_user("teacher", password=PASSWORD)
    teacher.groups.add(instructor_group())
    Learner.objects.create(user=teacher)

    problems = PageProblems()
    teacher_context = browser.new_context()
    instructor = problems.attach(teacher_context.new_page())
    sign_in(instructor, site, "teacher")
    instructor.goto(site + "/classroom/")
    instructor.get_by_role("link", name="Create a cohort").click()
    instructor.get_by_label("Name").fill("Tuesday evening class")
    instructor.get_by_role("button", name="Create cohort").click()
    expect(instructor.locator("h1")).to_have_text("Tuesday evening class")
    code = instructor.locator(".join-code").first.inner_text()
    instructor.get_by_role("link", name="New assignment").first.click()
    instructor.get_by_label("What to do").select_option("drill")
    instructor.get_by_label("Drill").select_option(label="Containerize a Node.js service")
    instructor.get_by_label("Due").fill("2030-01-31T17:00")
    instructor.get_by_role("button", name="Assign").click()
    expect(instructor.locator(".matrix-wrap")).to_contain_text("No learners yet")

    learner_context = browser.new_context()
    learner = problems.attach(learner_context.new_page())
    learner.goto(site + "/accounts/signup/")
    learner.get_by_label("Username").fill("sam")
    learner.locator("#id_password1").fill(PASSWORD)
    learner.get_by_label("Password confirmation").fill(PASSWORD)
    learner.get_by_role("button", name="Create account").click()
    learner.goto(site + "/classroom/")
    learner.get_by_label("Join code").fill(code.lower())
    learner.get_by_role("button", name="Join a class").click()
    expect(learner.locator(".assignments")).to_contain_text("Drill: Containerize a Node.js service")
    expect(learner.locator(".assignments")).to_contain_text("To do")
    assert axe_violations(learner) == []
    learner.get_by_role("link", name="Drill: Containerize a Node.js service").click()
    learner.get_by_label("Your answer").fill(
        "I'd run the app as a non-root user so a compromise does less damage."
    )
    learner.get_by_role("button", name="Grade my answer").click()
    expect(learner.locator("#result-title")).to_have_text("Your score: 2 of 10")

    instructor.reload()
    expect(instructor.locator(".matrix")).to_contain_text("sam")
    expect(instructor.locator(".matrix")).to_contain_text("20%")
    screenshot(instructor, "dashboard")
    assert axe_violations(instructor) == []
    instructor.get_by_role("link", name="Drill review").click()
    instructor.locator("table a").first.click()
    criterion = instructor.locator("#criterion-multi-stage")
    criterion.get_by_label("New level").select_option("1")
    criterion.get_by_label("Comment for the learner").fill("You described a build stage in class.")
    criterion.get_by_role("button", name="Save override").click()
    expect(instructor.locator("#criterion-multi-stage .override")).to_contain_text("1/2")
    assert axe_violations(instructor) == []

    learner.goto(site + "/me/")
    assert axe_violations(learner) == []
    learner.goto(site + "/drills/containerize-service/")
    learner.get_by_role("link", name="Review").first.click()
    expect(learner.locator(".criterion").filter(has_text="A multi-stage build")).to_contain_text(
        "Instructor (teacher): 1/2"
    )
    expect(learner.locator("#drill-result")).to_contain_text(
        "After your instructor's review: 3 of 10"
    )
    teacher_context.close()
    learner_context.close()
    assert list(problems) == [], f"console errors or CSP violations: {list(problems)}"


def test_sign_in_page_is_accessible(browser, site):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site + "/accounts/login/")
    assert axe_violations(page) == []
    context.close()
