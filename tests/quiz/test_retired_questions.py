"""A question retired by sync_content while runs contain it: the runs finish without it, and the
learner is told why their score is out of fewer questions."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from quiz.models import Question, QuizRun
from quiz.services import questions_sync
from tests.conftest import real_course
from tests.quiz.test_views import right_answer

pytestmark = pytest.mark.django_db


def start(client: Client) -> QuizRun:
    client.post("/lessons/networking/quiz/start/")
    return QuizRun.objects.latest("pk")


def answer(client: Client, run: QuizRun, question_id: str):
    question = Question.objects.get(question_id=question_id)
    return client.post(
        f"/quiz/questions/{question_id}/answer/",
        {"token": str(uuid.uuid4()), "run": run.pk, **right_answer(question)},
    )


def retire(question_id: str) -> None:
    questions_sync(specs=[spec for spec in real_course().questions if spec.id != question_id])


def test_a_run_waiting_only_on_a_retired_question_finishes_without_it(client, course):
    run = start(client)
    *asked, last = run.question_order
    for question_id in asked:
        answer(client, run, question_id)
    retire(last)
    run.refresh_from_db()
    assert run.finished_at is not None
    assert (run.score, run.max_score) == (len(asked), len(asked))


def test_the_results_say_a_question_was_retired(client, course):
    run = start(client)
    *asked, last = run.question_order
    for question_id in asked:
        answer(client, run, question_id)
    retire(last)
    page = client.get("/lessons/networking/quiz/").content.decode()
    assert f"Your score: {len(asked)} of {len(asked)}" in page
    assert "1 question was removed from the course while you were taking this quiz" in page


def test_a_run_with_a_question_retired_midway_finishes_on_its_last_answer(client, course):
    run = start(client)
    first, retired, *rest = run.question_order
    answer(client, run, first)
    retire(retired)
    for question_id in rest:
        answer(client, run, question_id)
    run.refresh_from_db()
    assert run.finished_at is not None
    assert run.max_score == len(rest) + 1


def test_a_finished_run_counts_in_the_best_score(client, course):
    run = start(client)
    *asked, last = run.question_order
    for question_id in asked:
        answer(client, run, question_id)
    retire(last)
    assert "100%" in client.get("/lessons/networking/").content.decode()


def retire_the_next_question(client: Client) -> tuple[QuizRun, str]:
    run = start(client)
    first, retired, *_ = run.question_order
    answer(client, run, first)
    retire(retired)
    return run, retired


def test_answering_a_question_retired_meanwhile_says_so_and_moves_on(client, course):
    run, retired = retire_the_next_question(client)
    response = answer(client, run, retired)
    assert response.status_code == 200
    page = response.content.decode()
    assert "That question was removed from the course while you were taking the quiz" in page
    assert "Question 2 of" in page
    assert not run.attempts.filter(question__question_id=retired).exists()


def test_with_htmx_the_notice_replaces_the_whole_quiz_stage(client, course):
    run, retired = retire_the_next_question(client)
    question = Question.objects.get(question_id=retired)
    response = client.post(
        f"/quiz/questions/{retired}/answer/",
        {"token": str(uuid.uuid4()), "run": run.pk, **right_answer(question)},
        headers={"HX-Request": "true"},
    )
    assert response["HX-Retarget"] == "#quiz-stage"
    assert response.content.decode().lstrip().startswith('<div id="quiz-stage"')
