"""Issue 13: the back button, focus after htmx swaps, and where the page settles after grading."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from quiz.models import Question, QuizRun
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, PageProblems
from tests.e2e.test_learner_journeys import answer_rightly


@pytest.fixture
def no_bfcache_page(playwright):
    """A page in a Chromium without the back-forward cache: Back re-reads the HTTP cache, which is
    where a fragment served at a page's URL would be replayed as the page."""
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=[*CHROMIUM_ARGS, "--disable-back-forward-cache"],
        headless=True,
    )
    problems = PageProblems()
    page = problems.attach(browser.new_page())
    yield page
    browser.close()
    assert list(problems) == [], f"console errors or CSP violations: {list(problems)}"


def answer_current_question(page) -> None:
    expect(page.locator(".question-form")).to_have_count(1)
    run = QuizRun.objects.latest("pk")
    card = page.locator(".question-card", has=page.locator(".question-form"))
    question_id = card.get_attribute("id").removeprefix("question-")
    assert question_id in run.question_order
    answer_rightly(page, Question.objects.get(question_id=question_id))
    card.get_by_role("button", name="Check answer").click()
    expect(page.locator(".feedback")).to_be_visible()


def first_answer_control(page):
    return page.locator(".question-form :is(input:not([type=hidden]), select, textarea)").first


def test_back_from_the_lesson_shows_the_styled_quiz_page_not_a_fragment(no_bfcache_page, site):
    page = no_bfcache_page
    page.goto(site + "/lessons/networking/quiz/")
    page.get_by_role("button", name="Start the quiz").click()
    answer_current_question(page)
    # "Next question" fetches the quiz URL with htmx: the fragment the HTTP cache must not replay.
    page.get_by_role("link", name="Next question").click()
    answer_current_question(page)
    page.locator(".explanation__link a").click()
    expect(page.locator(".lesson")).to_be_visible()
    page.go_back()
    expect(page.locator("h1")).to_have_text("Quiz: Container networking")
    expect(page.locator(".site-header")).to_be_visible()
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px", "site.css is applied"


def test_starting_the_quiz_focuses_the_first_answer_control(watched, site):
    page = watched
    page.goto(site + "/lessons/networking/quiz/")
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.locator(".question-form")).to_have_count(1)
    expect(first_answer_control(page)).to_be_focused()


def test_next_question_focuses_the_first_answer_control_and_is_announced(watched, site):
    page = watched
    page.goto(site + "/lessons/networking/quiz/")
    page.get_by_role("button", name="Start the quiz").click()
    answer_current_question(page)
    page.get_by_role("link", name="Next question").click()
    expect(page.locator(".question-form")).to_have_count(1)
    expect(first_answer_control(page)).to_be_focused()
    expect(page.locator("#announcer")).to_contain_text("Question 2 of")


def test_quiz_results_are_announced_to_screen_readers(watched, site):
    page = watched
    page.goto(site + "/lessons/image-layers/quiz/")
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.locator(".question-form")).to_have_count(1)
    run = QuizRun.objects.latest("pk")
    for number in range(1, len(run.question_order) + 1):
        answer_current_question(page)
        label = "Next question" if number < len(run.question_order) else "See your results"
        page.get_by_role("link", name=label).click()
    expect(page.locator("#results-title")).to_be_focused()
    announcer = page.locator("#announcer")
    expect(announcer).to_have_attribute("aria-live", "polite")
    expect(announcer).to_contain_text("Your score:")


def test_grading_a_drill_brings_the_result_heading_into_view(watched, site):
    page = watched
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site + "/drills/containers-vs-vms/")
    page.get_by_label("Your answer").fill(
        "Containers share the host kernel, so they start in milliseconds and use less memory; "
        "a virtual machine boots its own kernel on a hypervisor, which isolates more strongly. "
        "I would pick VMs for untrusted tenants because a kernel bug cannot cross the boundary."
    )
    page.get_by_role("button", name="Grade my answer").click()
    heading = page.locator("#result-title")
    expect(heading).to_contain_text("Your score")
    expect(heading).to_be_focused()
    expect(heading).to_be_in_viewport()
    # Near the top of the window, where reading starts (smooth scrolling may still be moving).
    page.wait_for_function(
        "() => { const top = document.getElementById('result-title').getBoundingClientRect().top;"
        " return top >= 0 && top < 200; }"
    )


def test_without_javascript_grading_comes_back_at_the_result(no_js_page, site):
    page = no_js_page
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: the result is below the form
    page.goto(site + "/drills/containerize-service/")
    page.get_by_label("Your answer").fill(
        "I'd run it as a non-root user so a compromise does less damage."
    )
    page.get_by_role("button", name="Grade my answer").click()
    heading = page.locator("#result-title")
    expect(heading).to_have_text("Your score: 2 of 10")
    expect(heading).to_be_in_viewport()
