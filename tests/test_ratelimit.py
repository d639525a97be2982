"""Rate limits on answering and drill grading: per learner, a friendly 429 in place, nothing saved."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import F
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

from config import throttling
from drills.models import DrillSubmission
from quiz.models import Attempt

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
QUESTION = "cvm-shared-kernel"
STRONG = (
    "I'd use node:26-slim as the base because a slim image has far fewer packages, so a smaller "
    "attack surface. The process would run as a non-root user."
)


def small_limits(answers: int = 2, gradings: int = 2):
    return override_settings(
        RATE_LIMITS={
            **settings.RATE_LIMITS,
            "answer": {"requests": answers, "seconds": 60},
            "drill-grade": {"requests": gradings, "seconds": 60},
        }
    )


def answer(client: Client, *, htmx: bool = True):
    data = {"token": str(uuid.uuid4()), "choice": "a"}
    return client.post(f"/quiz/questions/{QUESTION}/answer/", data, headers=HTMX if htmx else {})


def grade(client: Client, *, htmx: bool = True):
    data = {"answer": STRONG, "token": str(uuid.uuid4())}
    return client.post("/drills/containerize-service/grade/", data, headers=HTMX if htmx else {})


@pytest.fixture
def learner(client, course):
    """A learner with a session (they have read a lesson), so they are counted on their own."""
    client.post("/lessons/containers-vs-vms/read/", {"read": "1"})
    return client


# The counter


def test_a_limit_allows_its_requests_then_refuses(db):
    verdicts = [
        throttling.rate_limit_hit("test", "someone", requests=3, seconds=60) for _ in range(4)
    ]
    assert [verdict.allowed for verdict in verdicts] == [True, True, True, False]


def minute_start() -> float:
    return time.time() // 60 * 60


def test_a_refusal_says_when_the_window_ends(db, monkeypatch):
    monkeypatch.setattr(throttling, "now", lambda: minute_start() + 20)
    throttling.rate_limit_hit("test", "someone", requests=1, seconds=60)
    verdict = throttling.rate_limit_hit("test", "someone", requests=1, seconds=60)
    assert verdict.retry_after == 40
    assert verdict.wait == "in 40 seconds"


def test_the_count_starts_again_in_the_next_window(db, monkeypatch):
    clock = [minute_start() + 20]
    monkeypatch.setattr(throttling, "now", lambda: clock[0])
    throttling.rate_limit_hit("test", "someone", requests=1, seconds=60)
    clock[0] += 60
    assert throttling.rate_limit_hit("test", "someone", requests=1, seconds=60).allowed


def test_identities_are_counted_apart(db):
    throttling.rate_limit_hit("test", "one", requests=1, seconds=60)
    assert throttling.rate_limit_hit("test", "two", requests=1, seconds=60).allowed


def test_peeking_does_not_count(db):
    for _ in range(3):
        throttling.rate_limit_peek("test", "someone", requests=1, seconds=60)
    assert throttling.rate_limit_hit("test", "someone", requests=1, seconds=60).allowed


def test_long_waits_are_given_in_minutes():
    assert throttling.Verdict(False, 14 * 60 + 5).wait == "in about 15 minutes"


# Whose address


def test_the_client_address_ignores_forwarded_headers_without_a_trusted_proxy():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert throttling.client_address(request) == "10.0.0.5"


@override_settings(TRUSTED_PROXIES=1)
def test_behind_one_proxy_the_address_it_saw_is_the_client():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9"
    )
    # The left-most entry was written by the client itself and proves nothing.
    assert throttling.client_address(request) == "203.0.113.9"


# Answering questions


def test_answers_within_the_limit_are_graded(learner):
    with small_limits(answers=2):
        responses = [answer(learner) for _ in range(2)]
    assert [response.status_code for response in responses] == [200, 200]


def test_an_answer_over_the_limit_gets_a_429_card_in_place(learner):
    with small_limits(answers=2):
        answer(learner)
        answer(learner)
        response = answer(learner)
    assert response.status_code == 429
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<section class="question-card"')
    assert "You are answering faster than we can check answers" in fragment
    assert 'role="alert"' in fragment


def test_an_answer_over_the_limit_is_not_saved(learner):
    with small_limits(answers=1):
        answer(learner)
        answer(learner)
    assert Attempt.objects.count() == 1


def test_an_answer_over_the_limit_says_when_to_retry(learner):
    with small_limits(answers=1):
        answer(learner)
        response = answer(learner)
    assert 1 <= int(response.headers["Retry-After"]) <= 60


def test_without_javascript_an_answer_over_the_limit_gets_the_whole_page(learner):
    with small_limits(answers=1):
        answer(learner, htmx=False)
        response = answer(learner, htmx=False)
    assert response.status_code == 429
    page = response.content.decode()
    assert "<html" in page
    assert "You are answering faster than we can check answers" in page


def test_the_answer_limit_is_per_learner(learner, course):
    other = Client()
    other.post("/lessons/containers-vs-vms/read/", {"read": "1"})
    with small_limits(answers=1):
        answer(learner)
        answer(learner)
        response = answer(other)
    assert response.status_code == 200


def test_visitors_without_a_session_share_a_larger_allowance_per_address(client, course):
    with small_limits(answers=1), override_settings(RATE_LIMIT_ADDRESS_FACTOR=3):
        statuses = [answer(Client()).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def age_answers(seconds: int) -> None:
    """Make every stored answer `seconds` older, as if the learner had answered that long ago."""
    Attempt.objects.update(created_at=F("created_at") - timedelta(seconds=seconds))


def test_a_returning_learners_refused_forms_do_not_use_their_allowance(learner):
    with small_limits(answers=2):
        for _ in range(3):
            learner.post(f"/quiz/questions/{QUESTION}/answer/", {"token": "no"}, headers=HTMX)
        responses = [answer(learner) for _ in range(2)]
    assert [response.status_code for response in responses] == [200, 200]


def test_the_wait_lasts_until_the_oldest_answer_of_the_allowance_is_a_minute_old(learner):
    with small_limits(answers=1):
        answer(learner)
        age_answers(45)
        response = answer(learner)
    assert response.status_code == 429
    assert 14 <= int(response.headers["Retry-After"]) <= 15


def test_a_learner_may_answer_again_once_their_answers_are_a_minute_old(learner):
    with small_limits(answers=1):
        answer(learner)
        age_answers(61)
        response = answer(learner)
    assert response.status_code == 200


def test_a_returning_learners_answer_writes_only_the_answer(learner):
    answer(learner)
    with CaptureQueriesContext(connection) as queries:
        response = answer(learner)
    writes = [q["sql"] for q in queries if q["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE"}]
    assert response.status_code == 200
    assert len(writes) == 1
    assert "quiz_attempt" in writes[0]


def test_an_allowance_of_nothing_refuses_at_once():
    verdict = throttling.stored_rate_limit(requests=0, seconds=60, stored_at=lambda n, s: None)
    assert (verdict.allowed, verdict.retry_after) == (False, 60)


# Grading drills


def test_a_grading_over_the_limit_gets_a_429_result_in_place(learner):
    with small_limits(gradings=1):
        grade(learner)
        response = grade(learner)
    assert response.status_code == 429
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert "You can ask for grading 1 time a minute" in fragment


def test_a_grading_over_the_limit_keeps_the_answer_in_the_box(learner):
    with small_limits(gradings=1):
        grade(learner)
        response = grade(learner, htmx=False)
    assert response.status_code == 429
    assert "a smaller attack surface" in response.content.decode()


def test_a_grading_over_the_limit_is_not_saved(learner):
    with small_limits(gradings=1):
        grade(learner)
        grade(learner)
    assert DrillSubmission.objects.count() == 1


def test_the_default_limits_are_generous_for_a_real_learner():
    assert settings.RATE_LIMITS["answer"] == {"requests": 60, "seconds": 60}
    assert settings.RATE_LIMITS["drill-grade"] == {"requests": 10, "seconds": 60}
