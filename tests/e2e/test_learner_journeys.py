"""A self-learner and a quiz-taker in a real browser: htmx swaps, focus, no page navigations."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from quiz.models import Question, QuizRun
from tests.e2e.conftest import screenshot


def answer_rightly(page, question: Question) -> None:
    """Fill in the right answer for any question type, as a person would with the controls."""
    spec = question.parsed
    card = page.locator(f"#question-{spec.id}")
    match spec.type.value:
        case "single" | "multiple":
            for choice in spec.choices:
                if choice.correct:
                    card.locator(f"input[name=choice][value='{choice.id}']").check()
        case "true_false":
            card.locator(
                f"input[name=choice][value='{'true' if spec.answer_bool else 'false'}']"
            ).check()
        case "ordering":
            for position, item_id in enumerate(spec.item_ids, start=1):
                card.locator(f"select[name='position-{item_id}']").select_option(str(position))
        case "short_text":
            card.locator("input[name=text]").fill(spec.accepted[0])
        case "numeric":
            card.locator("input[name=number]").fill(f"{spec.answer_number:g}")


def mark_page(page) -> None:
    """A flag that survives htmx swaps but not a page load: proves no navigation happened."""
    page.evaluate("window.__samePage = true")


def still_same_page(page) -> bool:
    return page.evaluate("window.__samePage === true")


def test_learner_reads_a_lesson_through_the_toc_and_marks_it_read(watched, site):
    page = watched
    page.goto(site + "/")
    expect(page.locator(".course__progress")).to_contain_text("0 of 8 lessons read")
    screenshot(page, "home")
    page.get_by_role("link", name="Container networking", exact=True).click()
    expect(page.locator("h1")).to_have_text("Container networking")
    toc_link = page.locator(".toc__list a").nth(2)
    target = toc_link.get_attribute("href")
    toc_link.click()
    assert page.url.endswith(target)
    expect(page.locator(target)).to_be_in_viewport()
    screenshot(page, "lesson")
    mark_page(page)
    page.get_by_role("button", name="Mark as read").click()
    expect(page.locator("#read-toggle")).to_contain_text("Saved: this lesson counts as read.")
    assert still_same_page(page)
    page.goto(site + "/")
    expect(page.locator(".course__progress")).to_contain_text("1 of 8 lessons read")
    expect(page.locator(".lesson-card--read")).to_have_count(1)


def test_learner_takes_a_quiz_with_every_question_type_and_retakes_it(watched, site):
    page = watched
    page.goto(site + "/lessons/resource-limits/quiz/")
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.locator(".question-form")).to_have_count(1)
    run = QuizRun.objects.latest("pk")
    questions = {q.question_id: q for q in Question.objects.filter(lesson__slug="resource-limits")}
    mark_page(page)
    seen_types = set()
    for number, question_id in enumerate(run.question_order, start=1):
        question = questions[question_id]
        card = page.locator(f"#question-{question_id}")
        expect(card).to_be_visible()
        answer_rightly(page, question)
        card.get_by_role("button", name="Check answer").click()
        feedback = page.locator(f"#question-{question_id} .feedback")
        expect(feedback).to_contain_text("Correct!")
        expect(feedback).to_be_focused()
        seen_types.add(question.type)
        if number == 1:
            screenshot(page, "quiz-feedback")
        next_label = "Next question" if number < len(run.question_order) else "See your results"
        page.get_by_role("link", name=next_label).click()
    assert still_same_page(page), "answering and moving on must not reload the page"
    assert {"single", "multiple", "true_false", "ordering", "short_text", "numeric"} <= seen_types
    expect(page.locator("#results-title")).to_have_text(
        re.compile(r"Your score: (\d+) of \1 \(100%\)")
    )
    expect(page.locator(".review__item")).to_have_count(len(run.question_order))
    screenshot(page, "quiz-results")
    page.get_by_role("button", name="Retake the quiz").click()
    expect(page.locator(".question-form")).to_have_count(1)
    assert QuizRun.objects.filter(learner=run.learner).count() == 2


def test_a_wrong_answer_shows_marks_and_a_link_to_the_lesson(watched, site):
    page = watched
    page.goto(site + "/quiz/questions/net-default-bridge-dns/")
    question = Question.objects.get(question_id="net-default-bridge-dns")
    wrong = next(c for c in question.parsed.choices if not c.correct)
    page.locator(f"input[name=choice][value='{wrong.id}']").check()
    page.get_by_role("button", name="Check answer").click()
    expect(page.locator(".verdict")).to_contain_text("Not quite.")
    expect(page.locator(".marked-choice--wrong")).to_contain_text("Your answer: not correct")
    expect(page.locator(".marked-choice--missed")).to_contain_text(
        "Correct answer you did not choose"
    )
    expect(page.locator(".explanation__link a")).to_have_attribute(
        "href", f"/lessons/networking/#{question.anchor}"
    )


def test_ordering_can_be_done_with_move_buttons(watched, site):
    page = watched
    page.goto(site + "/quiz/questions/limits-diagnose-order/")
    question = Question.objects.get(question_id="limits-diagnose-order")
    wanted = list(question.parsed.item_ids)
    items = page.locator(".ordering__item")
    # Bubble each item into place with "Move up", as a keyboard user would.
    for target_index, item_id in enumerate(wanted):
        while True:
            ids = items.evaluate_all("nodes => nodes.map(n => n.dataset.item)")
            current = ids.index(item_id)
            if current == target_index:
                break
            page.locator(f".ordering__item[data-item='{item_id}'] [data-move='up']").click()
    page.get_by_role("button", name="Check answer").click()
    expect(page.locator(".verdict")).to_contain_text("Correct!")


def test_an_invalid_answer_shows_the_problem_in_place(watched, site):
    page = watched
    page.goto(site + "/quiz/questions/limits-cpus-millicores/")
    mark_page(page)
    page.locator("input[name=number]").fill("lots")
    page.get_by_role("button", name="Check answer").click()
    expect(page.locator(".question-form__problem")).to_contain_text("Enter a number")
    assert still_same_page(page)


def test_a_lesson_spliced_from_precompressed_pieces_arrives_whole_and_works(watched, site):
    """The browser decodes the gzip body made of kept pieces and the request's own tokens."""
    page = watched
    response = page.goto(site + "/lessons/image-layers/")
    assert response.header_value("content-encoding") == "gzip"
    expect(page.locator("footer").last).to_be_visible()  # decoded to its very end
    card = page.locator("#question-layers-whiteout-size")
    mark_page(page)
    card.locator("input[name=choice][value='false']").check()
    card.get_by_role("button", name="Check answer").click()
    expect(card).to_contain_text("Correct!")  # its CSRF and submission tokens were accepted
    assert still_same_page(page)
