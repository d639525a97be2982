"""With JavaScript off, every form is an ordinary post that returns a whole page."""

from __future__ import annotations

from playwright.sync_api import expect

from quiz.models import Question, QuizRun
from tests.e2e.test_learner_journeys import answer_rightly


def test_quiz_works_with_full_page_posts(no_js_page, site):
    page = no_js_page
    page.goto(site + "/lessons/storage/quiz/")
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.locator(".question-form")).to_have_count(1)
    run = QuizRun.objects.latest("pk")
    for number, question_id in enumerate(run.question_order, start=1):
        answer_rightly(page, Question.objects.get(question_id=question_id))
        page.get_by_role("button", name="Check answer").click()
        expect(page.locator(".feedback")).to_contain_text("Correct!")
        label = "Next question" if number < len(run.question_order) else "See your results"
        page.get_by_role("link", name=label).click()
    expect(page.locator("#results-title")).to_contain_text("(100%)")


def test_mark_as_read_works_with_a_full_page_post(no_js_page, site):
    page = no_js_page
    page.goto(site + "/lessons/registries/")
    page.get_by_role("button", name="Mark as read").click()
    expect(page.locator("#read-toggle")).to_contain_text("You have marked this lesson as read.")


def test_drill_grading_works_with_a_full_page_post(no_js_page, site):
    page = no_js_page
    page.goto(site + "/drills/containerize-service/")
    expect(page.get_by_role("button", name="Start a 3-minute interview timer")).to_be_hidden()
    page.get_by_label("Your answer").fill(
        "I'd run it as a non-root user so a compromise does less damage."
    )
    page.get_by_role("button", name="Grade my answer").click()
    expect(page.locator("#result-title")).to_have_text("Your score: 2 of 10")
    expect(page.get_by_label("Your answer")).to_have_value(
        "I'd run it as a non-root user so a compromise does less damage."
    )


def test_controls_that_need_javascript_stay_hidden(no_js_page, site):
    page = no_js_page
    page.goto(site + "/quiz/questions/limits-diagnose-order/")
    expect(page.get_by_role("button", name="Move up").first).to_be_hidden()
    page.locator("select").first.select_option("2")
    expect(page.locator("select").first).to_have_value("2")
