"""Learner text is shown as text: whatever a learner types comes back escaped, never as markup."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
ATTACK = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_a_drill_answer_with_markup_comes_back_escaped_in_the_result(client, course):
    answer = f"I'd run it as a non-root user so a compromise does less damage. {ATTACK}"
    response = client.post(
        "/drills/containerize-service/grade/",
        {"answer": answer, "token": str(uuid.uuid4())},
        headers=HTMX,
    )
    page = response.content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<script>alert" not in page
    assert "<img src=x" not in page


def test_a_reviewed_drill_answer_with_markup_stays_escaped(client, course):
    client.post(
        "/drills/containerize-service/grade/",
        {"answer": f"Use a slim base image. {ATTACK}", "token": str(uuid.uuid4())},
    )
    page = client.get("/drills/containerize-service/").content.decode()
    assert "<script>alert" not in page


def test_a_typed_answer_with_markup_comes_back_escaped_in_the_question_card(client, course):
    response = client.post(
        "/quiz/questions/limits-oom-exit-code/answer/",
        {"text": ATTACK, "token": str(uuid.uuid4())},
        headers=HTMX,
    )
    page = response.content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page
