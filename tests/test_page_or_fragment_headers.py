"""Every URL that answers a full page or an htmx fragment varies on HX-Request and is private.

Without `Vary: HX-Request` the browser's cache replays the fragment when Back returns to the URL
(issue 13, bug 1); the browser journey is tests/e2e/test_history_and_focus.py.
"""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from quiz.models import QuizRun

pytestmark = pytest.mark.django_db


def assert_page_or_fragment_headers(response) -> None:
    vary = [value.strip().lower() for value in response.get("Vary", "").split(",")]
    assert "hx-request" in vary, response.get("Vary")
    cache_control = {value.strip() for value in response.get("Cache-Control", "").split(",")}
    assert {"private", "no-cache"} <= cache_control, response.get("Cache-Control")


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "fragment"])
def test_the_quiz_page_varies_on_hx_request(course, htmx):
    client = Client()
    client.post("/lessons/networking/quiz/start/")
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get("/lessons/networking/quiz/", headers=headers)
    assert response.status_code == 200
    assert_page_or_fragment_headers(response)


def test_starting_a_quiz_varies_on_hx_request(course):
    response = Client().post("/lessons/networking/quiz/start/", headers={"HX-Request": "true"})
    assert_page_or_fragment_headers(response)


def test_answering_a_question_varies_on_hx_request(course):
    client = Client()
    client.post("/lessons/networking/quiz/start/")
    run = QuizRun.objects.get()
    response = client.post(
        f"/quiz/questions/{run.question_order[0]}/answer/",
        {"run": run.pk, "token": str(uuid.uuid4())},
    )
    assert_page_or_fragment_headers(response)


def test_marking_a_lesson_read_varies_on_hx_request(course):
    response = Client().post("/lessons/networking/read/", {"read": "1"})
    assert_page_or_fragment_headers(response)


def test_grading_a_drill_varies_on_hx_request(course):
    response = Client().post(
        "/drills/containers-vs-vms/grade/",
        {"answer": "Containers share the kernel.", "token": str(uuid.uuid4())},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert_page_or_fragment_headers(response)
