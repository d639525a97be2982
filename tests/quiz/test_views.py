"""Taking a quiz as a learner would: with htmx, without JavaScript, and with bad input."""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client

from quiz.models import Attempt, Question, QuizRun

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def right_answer(question: Question) -> dict:
    spec = question.parsed
    match spec.type.value:
        case "single":
            return {"choice": next(c.id for c in spec.choices if c.correct)}
        case "multiple":
            return {"choice": [c.id for c in spec.choices if c.correct]}
        case "true_false":
            return {"choice": "true" if spec.answer_bool else "false"}
        case "ordering":
            return {f"position-{item_id}": str(n) for n, item_id in enumerate(spec.item_ids, 1)}
        case "short_text":
            return {"text": spec.accepted[0]}
        case "numeric":
            return {"number": f"{spec.answer_number:g}"}
    raise AssertionError(spec.type)


def wrong_answer(question: Question) -> dict:
    spec = question.parsed
    match spec.type.value:
        case "single":
            return {"choice": next(c.id for c in spec.choices if not c.correct)}
        case "multiple":
            return {
                "choice": [c.id for c in spec.choices if not c.correct][:1] or [spec.choices[0].id]
            }
        case "true_false":
            return {"choice": "false" if spec.answer_bool else "true"}
        case "ordering":
            ids = list(reversed(spec.item_ids))
            return {f"position-{item_id}": str(n) for n, item_id in enumerate(ids, 1)}
        case "short_text":
            return {"text": "definitely not it"}
        case "numeric":
            return {"number": f"{spec.answer_number + 1000:g}"}
    raise AssertionError(spec.type)


def answer(
    client: Client,
    question_id: str,
    data: dict,
    *,
    run: QuizRun | None = None,
    htmx=True,
    token=None,
):
    payload = {"token": token or str(uuid.uuid4()), **data}
    if run is not None:
        payload["run"] = str(run.pk)
    return client.post(
        f"/quiz/questions/{question_id}/answer/", payload, headers=HTMX if htmx else {}
    )


def start(client: Client, slug: str = "networking") -> QuizRun:
    response = client.post(f"/lessons/{slug}/quiz/start/")
    assert response.status_code == 302
    return QuizRun.objects.latest("pk")


def test_quiz_page_introduces_the_quiz(client, course):
    response = client.get("/lessons/networking/quiz/")
    assert response.status_code == 200
    page = response.content.decode()
    count = Question.objects.filter(lesson__slug="networking").count()
    assert f"{count} questions on this lesson" in page
    assert "Start the quiz" in page


def test_starting_shows_the_first_question_of_the_run(client, course):
    run = start(client)
    page = client.get("/lessons/networking/quiz/").content.decode()
    first = Question.objects.get(question_id=run.question_order[0])
    assert f'id="question-{first.question_id}"' in page
    assert f"Question 1 of {run.max_score}" in page


def test_retake_asks_the_questions_in_a_new_order(client, course):
    orders = {tuple(start(client).question_order) for _ in range(4)}
    assert len(orders) > 1


def test_answer_with_htmx_returns_the_feedback_fragment_in_place(client, course):
    question = Question.objects.get(question_id="net-embedded-dns-address")
    response = answer(client, question.question_id, right_answer(question))
    assert response.status_code == 200
    fragment = response.content.decode()
    assert fragment.lstrip().startswith(
        '<section class="question-card question-card--answered" id="question-net-embedded-dns-address"'
    )
    assert "<html" not in fragment
    assert "Correct!" in fragment
    assert 'role="status"' in fragment
    assert f'href="/lessons/networking/#{question.anchor}"' in fragment


def test_wrong_choice_gets_marks_and_feedback_on_the_chosen_and_the_missed_choice(client, course):
    question = Question.objects.get(question_id="net-default-bridge-dns")
    spec = question.parsed
    wrong = next(c for c in spec.choices if not c.correct)
    right = next(c for c in spec.choices if c.correct)
    fragment = answer(client, question.question_id, {"choice": wrong.id}).content.decode()
    assert "Not quite." in fragment
    assert "Your answer: not correct" in fragment
    assert "Correct answer you did not choose" in fragment
    assert wrong.feedback_html in fragment
    assert right.feedback_html in fragment
    assert spec.explanation_html in fragment


def test_answer_without_javascript_shows_the_full_page_with_feedback(client, course):
    question = Question.objects.get(question_id="net-embedded-dns-address")
    response = answer(client, question.question_id, right_answer(question), htmx=False)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" in page
    assert "Correct!" in page
    assert "Back to the lesson" in page


def test_every_question_type_can_be_answered_through_the_endpoint(client, course):
    seen = set()
    for question in Question.objects.all():
        if question.type in seen:
            continue
        seen.add(question.type)
        response = answer(client, question.question_id, right_answer(question))
        assert response.status_code == 200, (question.question_id, response.content[:300])
        assert "Correct!" in response.content.decode(), question.question_id
    assert seen == {"single", "multiple", "true_false", "ordering", "short_text", "numeric"}


def test_a_whole_quiz_run_ends_with_score_review_and_reread_sections(client, course):
    run = start(client)
    questions = {q.question_id: q for q in Question.objects.filter(lesson__slug="networking")}
    wrong_ids = set(run.question_order[:2])
    for question_id in run.question_order:
        question = questions[question_id]
        data = wrong_answer(question) if question_id in wrong_ids else right_answer(question)
        response = answer(client, question_id, data, run=run)
        assert response.status_code == 200
    last = response.content.decode()
    assert "See your results" in last
    run.refresh_from_db()
    assert run.is_finished
    assert run.score == run.max_score - 2
    results = client.get("/lessons/networking/quiz/").content.decode()
    assert f"Your score: {run.max_score - 2} of {run.max_score}" in results
    for question_id in wrong_ids:
        anchor = questions[question_id].anchor
        assert f'<li><a href="/lessons/networking/#{anchor}">' in results
    assert results.count('class="review__item"') == run.max_score
    assert "Retake the quiz" in results


def test_next_brings_the_next_question_as_an_htmx_fragment(client, course):
    run = start(client)
    first = Question.objects.get(question_id=run.question_order[0])
    fragment = answer(client, first.question_id, right_answer(first), run=run).content.decode()
    assert 'hx-get="/lessons/networking/quiz/"' in fragment
    stage = client.get("/lessons/networking/quiz/", headers=HTMX).content.decode()
    assert stage.lstrip().startswith('<div id="quiz-stage"')
    assert f'id="question-{run.question_order[1]}"' in stage
    assert "Question 2 of" in stage


def test_best_score_shows_on_the_home_and_lesson_pages(client, course):
    run = start(client)
    for question_id in run.question_order:
        question = Question.objects.get(question_id=question_id)
        answer(client, question_id, right_answer(question), run=run)
    expected = f"best score {run.max_score} of {run.max_score} (100%)"
    assert expected in client.get("/").content.decode()
    lesson_page = client.get("/lessons/networking/").content.decode()
    assert (
        f"Your best score so far: <strong>{run.max_score} of {run.max_score} (100%)</strong>"
        in lesson_page
    )


def test_lesson_embeds_its_check_yourself_questions(client, course):
    page = client.get("/lessons/networking/").content.decode()
    embedded = re.findall(
        r'<aside class="check-yourself".*?id="question-([a-z0-9-]+)"', page, re.DOTALL
    )
    assert len(embedded) >= 1
    assert all(Question.objects.filter(question_id=qid).exists() for qid in embedded)
    assert "<!--question:" not in page


def test_embedded_answer_is_recorded_without_a_run(client, course):
    question = Question.objects.get(question_id="net-embedded-dns-address")
    answer(client, question.question_id, right_answer(question))
    attempt = Attempt.objects.get()
    assert attempt.run is None
    assert attempt.is_correct
    assert attempt.question_version == question.version
    assert attempt.answer == right_answer(question)["text"]


def test_double_submit_is_recorded_once(client, course):
    question = Question.objects.get(question_id="net-embedded-dns-address")
    token = str(uuid.uuid4())
    first = answer(client, question.question_id, right_answer(question), token=token)
    second = answer(client, question.question_id, right_answer(question), token=token)
    assert first.status_code == second.status_code == 200
    assert "Correct!" in second.content.decode()
    assert Attempt.objects.count() == 1


def test_a_run_question_is_answered_once(client, course):
    run = start(client)
    question = Question.objects.get(question_id=run.question_order[0])
    answer(client, question.question_id, wrong_answer(question), run=run)
    second = answer(client, question.question_id, right_answer(question), run=run)
    assert "Not quite." in second.content.decode()
    assert Attempt.objects.filter(run=run).count() == 1


def test_unknown_question_is_404(client, course):
    assert answer(client, "no-such-question", {"choice": "a"}).status_code == 404
    assert client.get("/quiz/questions/no-such-question/").status_code == 404


def test_unknown_lesson_quiz_is_404(client, course):
    assert client.get("/lessons/nope/quiz/").status_code == 404
    assert client.post("/lessons/nope/quiz/start/").status_code == 404


def test_missing_choice_is_422_with_a_message_and_nothing_recorded(client, course):
    response = answer(client, "net-default-bridge-dns", {})
    assert response.status_code == 422
    assert "Choose an answer before checking it." in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    assert Attempt.objects.count() == 0


def test_tampered_choice_is_400_with_a_message_and_nothing_recorded(client, course):
    response = answer(client, "net-default-bridge-dns", {"choice": "zzz"})
    assert response.status_code == 400
    assert "not one of this question" in response.content.decode()
    assert Attempt.objects.count() == 0


def test_wrong_answer_type_is_400(client, course):
    response = answer(client, "net-embedded-dns-address", {"text": ["127.0.0.11", "x"]})
    assert response.status_code == 400
    assert Attempt.objects.count() == 0


def test_over_long_text_answer_is_422_and_keeps_what_was_typed(client, course):
    question = Question.objects.get(question_id="net-embedded-dns-address")
    response = answer(client, question.question_id, {"text": "1" * 500})
    assert response.status_code == 422
    page = response.content.decode()
    assert f"keep it under {question.parsed.max_length} characters" in page
    assert Attempt.objects.count() == 0


def test_missing_or_bad_token_is_400(client, course):
    response = client.post(
        "/quiz/questions/net-default-bridge-dns/answer/",
        {"choice": "a", "token": "nope"},
        headers=HTMX,
    )
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()


def test_another_learners_run_is_refused(client, course):
    run = start(client)
    question = Question.objects.get(question_id=run.question_order[0])
    stranger = Client()
    response = answer(stranger, question.question_id, right_answer(question), run=run)
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert Attempt.objects.count() == 0


def test_tampered_run_value_is_400(client, course):
    response = answer(client, "net-embedded-dns-address", {"text": "127.0.0.11"}, htmx=True)
    assert response.status_code == 200
    bad = client.post(
        "/quiz/questions/net-embedded-dns-address/answer/",
        {"text": "x", "token": str(uuid.uuid4()), "run": "abc"},
        headers=HTMX,
    )
    assert bad.status_code == 400


def test_question_from_another_lesson_in_a_run_is_400(client, course):
    run = start(client)
    outsider = Question.objects.exclude(lesson__slug="networking").first()
    response = answer(client, outsider.question_id, right_answer(outsider), run=run)
    assert response.status_code == 400
    assert Attempt.objects.count() == 0


def test_csrf_is_enforced_on_answers(course):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        "/quiz/questions/net-embedded-dns-address/answer/",
        {"text": "127.0.0.11", "token": str(uuid.uuid4())},
    )
    assert response.status_code == 403


def test_csrf_is_enforced_on_starting_a_quiz(course):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/lessons/networking/quiz/start/").status_code == 403


def test_answer_endpoint_only_accepts_post(client, course):
    assert client.get("/quiz/questions/net-embedded-dns-address/answer/").status_code == 405
