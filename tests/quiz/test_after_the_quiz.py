"""After a quiz: the next lesson, and a practice round of only the questions missed."""

from __future__ import annotations

import pytest

from quiz.models import Question, QuizRun
from tests.quiz.test_views import HTMX, answer, right_answer, start, wrong_answer

pytestmark = pytest.mark.django_db


def finish(client, run: QuizRun, wrong: int) -> set[str]:
    """Answer every question of the run, the first `wrong` of them wrongly; the wrong ids."""
    wrong_ids = set(run.question_order[:wrong])
    for question_id in run.question_order:
        question = Question.objects.get(question_id=question_id)
        data = wrong_answer(question) if question_id in wrong_ids else right_answer(question)
        assert answer(client, question_id, data, run=run).status_code == 200
    return wrong_ids


def retry(client, run: QuizRun, **headers):
    return client.post("/lessons/networking/quiz/start/", {"retry": str(run.pk)}, **headers)


def test_results_lead_on_to_the_next_lesson(client, course):
    finish(client, start(client), wrong=0)
    page = client.get("/lessons/networking/quiz/").content.decode()
    assert '<a class="button button--primary" href="/lessons/storage/">Next lesson: ' in page


def test_the_last_lessons_results_lead_back_to_the_course(client, course):
    finish(client, start(client, "interview-playbook"), wrong=0)
    page = client.get("/lessons/interview-playbook/quiz/").content.decode()
    assert "Back to the course: that was the last lesson" in page


def test_results_offer_to_retry_only_the_missed_questions(client, course):
    finish(client, start(client), wrong=2)
    page = client.get("/lessons/networking/quiz/").content.decode()
    assert "Retry only the 2 questions I missed" in page


def test_a_perfect_run_offers_no_retry(client, course):
    finish(client, start(client), wrong=0)
    assert "Retry only" not in client.get("/lessons/networking/quiz/").content.decode()


def test_the_retry_asks_only_the_missed_questions(client, course):
    run = start(client)
    wrong_ids = finish(client, run, wrong=2)
    assert retry(client, run).status_code == 302
    practice = QuizRun.objects.latest("pk")
    assert (set(practice.question_order), practice.max_score, practice.retry_of) == (
        wrong_ids,
        2,
        run,
    )
    assert "Question 1 of 2" in client.get("/lessons/networking/quiz/").content.decode()


def test_a_practice_round_does_not_change_the_best_score(client, course):
    run = start(client)
    finish(client, run, wrong=3)
    retry(client, run)
    finish(client, QuizRun.objects.latest("pk"), wrong=0)
    results = client.get("/lessons/networking/quiz/").content.decode()
    assert "Practice round: 3 of the 3 you had missed" in results
    best = f"best score {run.max_score - 3} of {run.max_score}"
    assert best in client.get("/").content.decode()


def test_retry_with_htmx_swaps_in_the_first_question(client, course):
    run = start(client)
    finish(client, run, wrong=1)
    stage = retry(client, run, headers=HTMX).content.decode()
    assert stage.lstrip().startswith('<div id="quiz-stage"')
    assert "Question 1 of 1" in stage


def test_nothing_to_retry_is_400_with_a_message(client, course):
    run = start(client)
    finish(client, run, wrong=0)
    response = retry(client, run)
    assert response.status_code == 400
    assert "There is nothing to retry" in response.content.decode()


@pytest.mark.parametrize("value", ["999999", "abc", ""])
def test_an_unknown_run_to_retry_is_404(client, course, value):
    finish(client, start(client), wrong=1)
    response = client.post("/lessons/networking/quiz/start/", {"retry": value})
    assert response.status_code == 404


def test_another_learners_run_cannot_be_retried(client, course):
    from django.test import Client

    run = start(client)
    finish(client, run, wrong=1)
    other = Client()
    start(other)
    assert retry(other, run).status_code == 404


def test_an_anonymous_learners_results_suggest_keeping_them(client, course):
    finish(client, start(client), wrong=1)
    page = client.get("/lessons/networking/quiz/").content.decode()
    assert 'href="/accounts/signup/?next=/lessons/networking/quiz/"' in page
