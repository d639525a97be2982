"""Answered cards outside a quiz are kept per content version and answer (quiz/views.py): each
learner still sees the verdict for their own answer, their answer is still stored, and a content
change shows at once."""

from __future__ import annotations

import uuid
from unittest import mock

import pytest
from django.test import Client

from lessons import caching
from quiz.models import Attempt

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
QUESTION = "layers-whiteout-size"  # true/false; the right answer is "false"


@pytest.fixture(autouse=True)
def nothing_kept():
    caching.forget_kept()
    yield
    caching.forget_kept()


def answer(visitor: Client, choice: str) -> str:
    response = visitor.post(
        f"/quiz/questions/{QUESTION}/answer/",
        {"token": str(uuid.uuid4()), "choice": choice},
        headers=HTMX,
    )
    assert response.status_code == 200
    return response.content.decode()


def test_learners_giving_different_answers_each_see_their_own_verdict(course):
    assert "Correct!" in answer(Client(), "false")
    assert "Not quite." in answer(Client(), "true")
    assert "Correct!" in answer(Client(), "false")


def test_every_learner_s_answer_is_stored_when_the_card_is_kept(course):
    first, second = Client(), Client()
    answer(first, "false")
    answer(second, "false")
    answer(second, "false")

    learners = list(
        Attempt.objects.filter(question__question_id=QUESTION).values_list("learner_id", flat=True)
    )
    assert len(learners) == 3
    assert len(set(learners)) == 2


def test_a_kept_card_is_the_same_html_as_a_fresh_one(course):
    answer(Client(), "true")
    kept = answer(Client(), "true")
    caching.forget_kept()
    with mock.patch.object(caching, "content_version", return_value=None):
        fresh = answer(Client(), "true")
    assert kept == fresh


def test_feedback_changed_by_sync_content_shows_on_the_next_answer(course, course_copy, capsys):
    old = "The new layer only holds whiteout markers that hide the files"
    assert old in answer(Client(), "false")
    course_copy.edit("quiz/image-layers.yaml", old, "Only whiteout markers land in the new layer")
    course_copy.sync()

    page = answer(Client(), "false")

    assert "Only whiteout markers land in the new layer" in page
    assert old not in page
