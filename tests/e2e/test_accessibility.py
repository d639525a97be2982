"""axe (WCAG 2.2 A and AA) on every page type, in each state a learner sees: zero violations."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations


def assert_accessible(page) -> None:
    assert axe_violations(page) == []


def test_home_and_lesson_pages(watched, site):
    watched.goto(site + "/")
    assert_accessible(watched)
    watched.goto(site + "/lessons/containers-vs-vms/")
    assert_accessible(watched)


def test_a_lesson_in_dark_mode(browser, site):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(site + "/lessons/resource-limits/")
    assert_accessible(page)
    context.close()


def test_quiz_in_each_state(watched, site):
    from quiz.models import Question, QuizRun
    from tests.e2e.test_learner_journeys import answer_rightly

    page = watched
    page.goto(site + "/lessons/networking/quiz/")
    assert_accessible(page)  # intro
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.locator(".question-form")).to_have_count(1)
    assert_accessible(page)  # a question
    first = QuizRun.objects.latest("pk").question_order[0]
    answer_rightly(page, Question.objects.get(question_id=first))
    page.get_by_role("button", name="Check answer").click()
    expect(page.locator(".feedback")).to_be_visible()
    assert_accessible(page)  # feedback


def test_an_answer_problem_shown_in_place(watched, site):
    page = watched
    page.goto(site + "/quiz/questions/net-default-bridge-dns/")
    page.get_by_role("button", name="Check answer").click()
    expect(page.locator(".question-form__problem")).to_contain_text("Choose an answer")
    assert_accessible(page)


def test_quiz_results(watched, site):
    from quiz.models import Question, QuizRun
    from tests.e2e.test_learner_journeys import answer_rightly

    page = watched
    page.goto(site + "/lessons/image-layers/quiz/")
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.locator(".question-form")).to_have_count(1)
    run = QuizRun.objects.latest("pk")
    for number, question_id in enumerate(run.question_order, start=1):
        answer_rightly(page, Question.objects.get(question_id=question_id))
        page.get_by_role("button", name="Check answer").click()
        label = "Next question" if number < len(run.question_order) else "See your results"
        page.get_by_role("link", name=label).click()
    expect(page.locator("#results-title")).to_be_visible()
    page.locator(".review__item summary").first.click()
    assert_accessible(page)


def test_drills_before_and_after_grading(watched, site):
    page = watched
    page.goto(site + "/drills/")
    assert_accessible(page)
    page.goto(site + "/drills/containerize-service/")
    assert_accessible(page)
    page.get_by_label("Your answer").fill(
        "Use alpine so the image is smaller, and never run as root."
    )
    page.get_by_role("button", name="Grade my answer").click()
    expect(page.locator("#result-title")).to_contain_text("Your score")
    page.get_by_text("Compare with a model answer").click()
    assert_accessible(page)
    page.goto(site + "/drills/dockerfile-node/")
    assert_accessible(page)


def test_single_question_page(watched, site):
    watched.goto(site + "/quiz/questions/cvm-shared-kernel/")
    assert_accessible(watched)


def test_not_found_page(browser, site):
    # Not the watched page: the 404 status itself is logged as a console error, on purpose here.
    context = browser.new_context()
    page = context.new_page()
    response = page.goto(site + "/no-such-page/")
    assert response.status == 404
    assert_accessible(page)
    context.close()


def test_search_page_with_results_and_with_a_problem(watched, site):
    watched.goto(site + "/search/?q=namespaces")
    assert_accessible(watched)
    watched.goto(site + "/search/?q=" + "x" * 300)
    assert_accessible(watched)


def test_dockerfile_result_with_lines_cited_and_copy_buttons(watched, site):
    from tests.e2e.test_candidate_journeys import DOCKERFILE

    page = watched
    page.goto(site + "/drills/dockerfile-node/")
    page.get_by_label("Your Dockerfile").fill(DOCKERFILE)
    page.get_by_role("button", name="Grade my answer").click()
    expect(page.locator(".line-ref").first).to_be_visible()
    page.get_by_text("Compare with a model answer").click()
    assert_accessible(page)


def test_home_and_lesson_offering_to_continue(watched, site):
    page = watched
    page.goto(site + "/lessons/storage/#volumes")
    with page.expect_response(re.compile(r"/position/$")):
        page.locator("#volumes").evaluate("heading => heading.scrollIntoView()")
    page.goto(site + "/")
    expect(page.get_by_role("link", name=re.compile("^Continue at"))).to_be_visible()
    assert_accessible(page)
    page.goto(site + "/lessons/storage/")
    expect(page.get_by_role("link", name=re.compile("^Continue at"))).to_be_visible()
    assert_accessible(page)


def test_an_ordering_question_with_drag_handles_on_a_phone(browser, site):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site + "/quiz/questions/limits-diagnose-order/")
    expect(page.locator(".ordering__handle").first).to_be_visible()
    assert_accessible(page)
    context.close()


def test_dark_mode_chosen_with_the_button_on_a_light_system(browser, site):
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(site + "/lessons/networking/")
    page.get_by_role("button", name="Dark mode").click()
    page.goto(site + "/drills/containerize-service/")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert_accessible(page)
    context.close()


def test_home_on_a_phone(browser, site):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site + "/")
    assert_accessible(page)
    page.goto(site + "/search/?q=volumes")
    assert_accessible(page)
    context.close()
