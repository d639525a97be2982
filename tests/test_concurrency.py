"""Requests that race: the answers to a quiz run's last questions sent at once, a first visit's
double submit, and a double-clicked sign-up. Real concurrent requests through the whole request stack, each thread with its own
database connection, on PostgreSQL (`make test-postgres`), where the races were seen.

On SQLite they are skipped: SQLite serialises writers (IMMEDIATE transactions take the write lock
before anything is read, so the answers cannot interleave), and the suite's in-memory test database,
shared between threads, answers "table is locked" at once instead of waiting as the site's file
database does. The one-token-one-row rule is also tested request after request in
tests/test_double_submit.py, on both databases."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections
from django.test import Client

from drills.models import DrillSubmission
from learners.models import Learner
from quiz import services as quiz_services
from quiz.models import Attempt, Question, QuizRun
from tests.conftest import sync_real_course
from tests.quiz.test_views import right_answer

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="SQLite serialises writers (IMMEDIATE transactions), so these requests cannot "
        "interleave; its shared in-memory test database refuses concurrent writers instead of "
        "waiting. Runs on PostgreSQL in `make test-postgres`.",
    ),
]

HTMX = {"HX-Request": "true"}
# How long each answer waits between being stored and counting the run's answers: long enough that
# every racing request has stored its own before any counts, which is the moment the race is lost.
RACE_WINDOW_SECONDS = 0.3


def all_at_once(requests: list) -> list:
    """Run each callable in its own thread, released together; their results in order."""
    start = threading.Barrier(len(requests))
    results: list = [None] * len(requests)
    errors: list = []

    def run(index, request):
        try:
            start.wait()
            results[index] = request()
        except Exception as error:  # reported below, with the test's own assertion
            errors.append(error)
        finally:
            connections.close_all()  # each thread opened its own connection

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


@pytest.fixture
def slow_progress(monkeypatch):
    """Widen the window between storing an answer and counting the run's answers."""
    record = quiz_services._run_record_progress

    def slowly(run):
        time.sleep(RACE_WINDOW_SECONDS)
        return record(run)

    monkeypatch.setattr(quiz_services, "_run_record_progress", slowly)


def test_answers_to_the_last_questions_sent_at_once_finish_the_run(slow_progress):
    sync_real_course()
    user = User.objects.create_user("racer", password="a-long-test-password-42")
    clients = [Client() for _ in range(4)]
    for client in clients:
        client.force_login(user)
    assert clients[0].post("/lessons/networking/quiz/start/").status_code == 302
    run = QuizRun.objects.get()
    questions = list(Question.objects.filter(question_id__in=run.question_order))
    earlier, last_ones = questions[:-4], questions[-4:]
    for question in earlier:
        clients[0].post(
            f"/quiz/questions/{question.question_id}/answer/",
            {"token": str(uuid.uuid4()), "run": run.pk, **right_answer(question)},
        )

    def answer(client, question):
        return lambda: (
            client.post(
                f"/quiz/questions/{question.question_id}/answer/",
                {"token": str(uuid.uuid4()), "run": run.pk, **right_answer(question)},
                headers=HTMX,
            ).status_code
        )

    statuses = all_at_once([answer(c, q) for c, q in zip(clients, last_ones, strict=True)])

    assert statuses == [200] * 4
    run.refresh_from_db()
    assert Attempt.objects.filter(run=run).count() == len(questions)
    assert run.finished_at is not None
    assert run.score == len(questions)


def test_a_first_visits_double_submit_is_one_learner_and_one_row():
    sync_real_course()
    token = str(uuid.uuid4())
    # Two requests from one browser that has no session yet: neither carries a cookie.
    first, second = Client(), Client()

    def grade(client):
        return lambda: (
            client.post(
                "/drills/containerize-service/grade/",
                {"answer": "Run it as a non-root user.", "token": token},
                headers=HTMX,
            ).status_code
        )

    assert all_at_once([grade(first), grade(second)]) == [200, 200]
    assert DrillSubmission.objects.filter(submission_token=token).count() == 1
    assert Learner.objects.count() == 1
    learner = Learner.objects.get()
    assert first.session["learner_id"] == second.session["learner_id"] == learner.pk


def test_two_identical_sign_ups_at_once_make_one_account():
    form = {
        "username": "twin",
        "password1": "a-long-pass-word-42",
        "password2": "a-long-pass-word-42",
    }

    def sign_up(client):
        return lambda: client.post("/accounts/signup/", form).status_code

    statuses = all_at_once([sign_up(Client()), sign_up(Client())])
    assert sorted(statuses) == [302, 422]
    assert User.objects.filter(username="twin").count() == 1
