"""config/fields.py: an answer's id on SQLite is the table's rowid, with no sequence table to
update; on PostgreSQL it stays an identity column."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection

from learners.models import Learner
from quiz.models import Attempt, Question

pytestmark = pytest.mark.django_db


def answer(learner: Learner, question: Question) -> Attempt:
    return Attempt.objects.create(
        learner=learner,
        question=question,
        question_version=question.version,
        content_hash=question.content_hash,
        submission_token=uuid.uuid4(),
        answer=["a"],
        is_correct=True,
        score=1.0,
    )


def test_answers_get_growing_ids(course):
    learner, question = Learner.objects.create(), Question.objects.first()

    first, second = answer(learner, question), answer(learner, question)

    assert second.pk > first.pk


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's AUTOINCREMENT only")
def test_on_sqlite_an_answer_updates_no_sequence_table(course):
    answer(Learner.objects.create(), Question.objects.first())

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM sqlite_sequence WHERE name = %s", [Attempt._meta.db_table]
        )
        assert cursor.fetchone() == (0,)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's identity columns")
def test_on_postgresql_the_id_is_still_an_identity_column():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT is_identity FROM information_schema.columns"
            " WHERE table_name = %s AND column_name = 'id'",
            [Attempt._meta.db_table],
        )
        assert cursor.fetchone() == ("YES",)
