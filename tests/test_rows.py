"""config/rows.py: a row written with one plain INSERT reads back as the ORM would have written it."""

from __future__ import annotations

import uuid

import pytest
from django.db import IntegrityError, transaction

from config.rows import insert_row
from learners.models import Learner
from quiz.models import Attempt, Question

pytestmark = pytest.mark.django_db


def new_attempt(learner: Learner, question: Question, token: uuid.UUID) -> Attempt:
    return Attempt(
        learner=learner,
        question=question,
        question_version=question.version,
        content_hash=question.content_hash,
        submission_token=token,
        answer=["b", "a"],
        is_correct=False,
        score=0.5,
    )


def test_an_inserted_row_reads_back_field_for_field(course):
    learner, question, token = Learner.objects.create(), Question.objects.first(), uuid.uuid4()

    attempt = insert_row(new_attempt(learner, question, token))

    stored = Attempt.objects.get(pk=attempt.pk)
    assert (stored.learner_id, stored.question_id, stored.run_id) == (learner.pk, question.pk, None)
    assert stored.submission_token == token
    assert stored.answer == ["b", "a"]
    assert (stored.is_correct, stored.score) == (False, 0.5)
    assert stored.created_at == attempt.created_at  # auto_now_add filled, as the ORM fills it


def test_a_unique_constraint_is_raised_as_django_s_integrity_error(course):
    learner, question, token = Learner.objects.create(), Question.objects.first(), uuid.uuid4()
    insert_row(new_attempt(learner, question, token))

    with pytest.raises(IntegrityError), transaction.atomic():
        insert_row(new_attempt(learner, question, token))
    assert Attempt.objects.filter(submission_token=token).count() == 1
