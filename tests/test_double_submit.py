"""One token, one row, always: a first-time visitor's double submit (two requests, neither with a
session cookie yet) stores the form once, and the second request joins the learner the first made.
Request after request here, on both databases; tests/test_concurrency.py sends them at once."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.test import Client

from drills.models import DrillSubmission
from learners.models import Learner
from quiz.models import Attempt

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
DRILL = "/drills/containerize-service/grade/"
ANSWER = "Run it as a non-root user so a compromise does less damage."


def grade(client: Client, token: str):
    return client.post(DRILL, {"answer": ANSWER, "token": token}, headers=HTMX)


def test_a_first_visits_second_drill_request_stores_nothing_new(course):
    token = str(uuid.uuid4())
    first, second = Client(), Client()
    grade(first, token)
    response = grade(second, token)
    assert response.status_code == 200
    assert "Your score:" in response.content.decode()
    assert DrillSubmission.objects.filter(submission_token=token).count() == 1
    assert Learner.objects.count() == 1


def test_the_second_request_joins_the_learner_the_first_made(course):
    token = str(uuid.uuid4())
    first, second = Client(), Client()
    grade(first, token)
    grade(second, token)
    assert second.session["learner_id"] == first.session["learner_id"]
    history = second.get("/drills/containerize-service/").content.decode()
    assert "No attempts yet." not in history


def test_a_first_visits_second_answer_request_stores_nothing_new(course):
    token = str(uuid.uuid4())
    data = {"text": "127.0.0.11", "token": token}
    url = "/quiz/questions/net-embedded-dns-address/answer/"
    Client().post(url, data, headers=HTMX)
    response = Client().post(url, data, headers=HTMX)
    assert response.status_code == 200
    assert Attempt.objects.filter(submission_token=token).count() == 1
    assert Learner.objects.count() == 1


def test_a_token_of_another_learners_old_form_is_refused(course):
    token = str(uuid.uuid4())
    grade(Client(), token)
    DrillSubmission.objects.update(
        created_at=DrillSubmission.objects.get().created_at - timedelta(hours=1)
    )
    stranger = Client()
    response = grade(stranger, token)
    assert response.status_code == 400
    assert "Reload the page and submit again." in response.content.decode()
    assert "learner_id" not in stranger.session
    assert Learner.objects.count() == 1


def test_a_signed_in_learner_never_joins_an_anonymous_learner(course, django_user_model):
    token = str(uuid.uuid4())
    grade(Client(), token)
    signed_in = Client()
    signed_in.force_login(
        django_user_model.objects.create_user("someone", password="x-long-pass-42")
    )
    response = grade(signed_in, token)
    assert response.status_code == 400
    assert DrillSubmission.objects.count() == 1
