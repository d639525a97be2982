"""Issue 11 on the answer form: malformed numbers are refused with a message, control characters are
refused at the form, and an answer sent back unchecked (429, 422) keeps the learner's selection."""

from __future__ import annotations

import re
import uuid

import pytest
from django.conf import settings
from django.test import override_settings

from quiz.models import Attempt, Question

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
NO_MORE_ANSWERS = override_settings(
    RATE_LIMITS={**settings.RATE_LIMITS, "answer": {"requests": 0, "seconds": 60}}
)


def question_of(kind: str) -> Question:
    return Question.objects.filter(type=kind, is_active=True).order_by("question_id").first()


def post(client, question: Question, data: dict, *, htmx: bool = True):
    return client.post(
        f"/quiz/questions/{question.question_id}/answer/",
        {"token": str(uuid.uuid4()), **data},
        headers=HTMX if htmx else {},
    )


def checked_values(html: str) -> list[str]:
    return re.findall(r'name="choice" value="([^"]+)" checked', html)


def selected_positions(html: str) -> dict[str, str]:
    """Each ordering item's selected position (every select has exactly one)."""
    pattern = r'<select name="position-([^"]+)".*?<option value="(\d+)" selected>'
    return dict(re.findall(pattern, html, flags=re.DOTALL))


@pytest.mark.parametrize("htmx", [True, False])
def test_a_429_keeps_the_chosen_choice(client, course, htmx):
    question = question_of("single")
    choice = question.parsed.choice_ids[-1]
    with NO_MORE_ANSWERS:
        response = post(client, question, {"choice": choice}, htmx=htmx)
    assert response.status_code == 429
    assert checked_values(response.content.decode()) == [choice]


def test_a_429_keeps_every_picked_choice_of_a_multiple_select(client, course):
    question = question_of("multiple")
    picked = list(question.parsed.choice_ids[:2])
    with NO_MORE_ANSWERS:
        response = post(client, question, {"choice": picked})
    assert sorted(checked_values(response.content.decode())) == sorted(picked)


def test_a_429_keeps_true_or_false(client, course):
    question = question_of("true_false")
    with NO_MORE_ANSWERS:
        response = post(client, question, {"choice": "false"})
    assert checked_values(response.content.decode()) == ["false"]


def test_a_429_keeps_the_ordering_positions(client, course):
    question = question_of("ordering")
    ids = list(question.parsed.item_ids)
    chosen = {item_id: str(n) for n, item_id in enumerate(reversed(ids), start=1)}
    with NO_MORE_ANSWERS:
        response = post(client, question, {f"position-{k}": v for k, v in chosen.items()})
    assert response.status_code == 429
    assert selected_positions(response.content.decode()) == chosen


def test_a_422_for_a_position_used_twice_keeps_the_positions(client, course):
    question = question_of("ordering")
    ids = list(question.parsed.item_ids)
    chosen = dict.fromkeys(ids, "1")
    response = post(client, question, {f"position-{k}": v for k, v in chosen.items()})
    assert response.status_code == 422
    assert "each number once" in response.content.decode()
    assert selected_positions(response.content.decode()) == chosen


@pytest.mark.parametrize("value", ["²", "٣", "9" * 5000, "99999999999999999999"])
def test_a_malformed_position_is_a_400_with_a_message(client, course, value):
    question = question_of("ordering")
    data = {f"position-{item_id}": value for item_id in question.parsed.item_ids}
    response = post(client, question, data)
    assert response.status_code == 400
    assert "Every item needs one position number." in response.content.decode()


@pytest.mark.parametrize("value", ["²", "9" * 5000, str(2**63), str(2**64)])
def test_a_malformed_run_is_a_400_with_a_message(client, course, value):
    question = question_of("single")
    response = post(client, question, {"choice": question.parsed.choice_ids[0], "run": value})
    assert response.status_code == 400
    assert "This quiz attempt has expired" in response.content.decode()


@pytest.mark.parametrize("htmx", [True, False])
def test_a_nul_in_a_typed_answer_is_refused_and_the_text_kept(client, course, htmx):
    question = question_of("short_text")
    response = post(client, question, {"text": "docker\x00 run"}, htmx=htmx)
    assert response.status_code == 422
    page = response.content.decode()
    assert "invisible control character" in page
    assert 'value="docker\N{REPLACEMENT CHARACTER} run"' in page
    assert not Attempt.objects.exists()


def test_a_control_character_in_a_number_is_refused(client, course):
    response = post(client, question_of("numeric"), {"number": "4\x1b2"})
    assert response.status_code == 422
    assert "invisible control character" in response.content.decode()
