"""History across re-syncs: edits bump a question's version, removals retire it, attempts stay."""

from __future__ import annotations

import dataclasses
import uuid

import pytest

from learners.models import Learner
from quiz.models import Attempt, Question
from quiz.services import attempt_submit, questions_sync
from tests.conftest import real_course

pytestmark = pytest.mark.django_db


def specs():
    return list(real_course().questions)


def answer_once(question_id: str) -> Attempt:
    question = Question.objects.get(question_id=question_id)
    learner = Learner.objects.create()
    spec = question.parsed
    submitted = attempt_submit(
        learner=learner,
        question=question,
        answer=spec.accepted[0] if spec.accepted else next(c.id for c in spec.choices if c.correct),
        submission_token=uuid.uuid4(),
    )
    return submitted.attempt


def test_resync_without_changes_changes_nothing(course):
    report = questions_sync(specs=specs())
    assert report.created == report.updated == report.retired == []
    assert len(report.unchanged) == Question.objects.count()


def test_editing_a_question_bumps_its_version_and_keeps_old_attempts(course):
    attempt = answer_once("net-embedded-dns-address")
    edited = [
        dataclasses.replace(spec, explanation_html="<p>Rewritten.</p>")
        if spec.id == "net-embedded-dns-address"
        else spec
        for spec in specs()
    ]
    report = questions_sync(specs=edited)
    assert report.updated == ["net-embedded-dns-address"]
    question = Question.objects.get(question_id="net-embedded-dns-address")
    assert question.version == 2
    attempt.refresh_from_db()
    assert attempt.question_version == 1
    assert attempt.content_hash != question.content_hash


def test_removing_a_question_retires_it_and_keeps_its_attempts(course, client):
    answer_once("net-embedded-dns-address")
    report = questions_sync(specs=[s for s in specs() if s.id != "net-embedded-dns-address"])
    assert report.retired == ["net-embedded-dns-address"]
    question = Question.objects.get(question_id="net-embedded-dns-address")
    assert question.is_active is False
    assert Attempt.objects.filter(question=question).count() == 1
    # No longer asked: its page and answer endpoint are gone, and new runs leave it out.
    assert client.get("/quiz/questions/net-embedded-dns-address/").status_code == 404
    client.post("/lessons/networking/quiz/start/")
    from quiz.models import QuizRun

    assert "net-embedded-dns-address" not in QuizRun.objects.latest("pk").question_order


def test_a_retired_question_returns_when_it_is_back_in_the_files(course):
    questions_sync(specs=[s for s in specs() if s.id != "net-embedded-dns-address"])
    report = questions_sync(specs=specs())
    assert "net-embedded-dns-address" in report.updated
    assert report.created == []
    question = Question.objects.get(question_id="net-embedded-dns-address")
    assert question.is_active is True
    assert question.version == 1
