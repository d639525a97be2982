"""config/rows.py: a row written with one plain INSERT reads back as the ORM would have written it;
plain reads return what Django's cursor would, and are seen whenever queries are watched."""

from __future__ import annotations

import uuid

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from config.rows import fetch_all, fetch_one, insert_row
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


# --- plain reads ---------------------------------------------------------------------------------


def test_a_plain_read_returns_the_rows_the_database_holds(course):
    learner = Learner.objects.create()
    table = Learner._meta.db_table
    assert fetch_one(f"SELECT id FROM {table} WHERE id = %s", [learner.pk]) == (learner.pk,)
    assert fetch_one(f"SELECT id FROM {table} WHERE id = %s", [learner.pk + 1]) is None
    assert (learner.pk,) in fetch_all(f"SELECT id FROM {table}")


def test_placeholders_and_a_literal_percent_read_as_through_djangos_cursor():
    assert fetch_one("SELECT %s || '%%'", ["50"]) == ("50%",)


def test_a_read_that_is_watched_goes_through_djangos_cursor_and_is_seen():
    with CaptureQueriesContext(connection) as queries:
        fetch_one("SELECT %s", [7])
    assert len(queries) == 1


def test_a_database_error_is_raised_as_djangos():
    with pytest.raises(DatabaseError):
        fetch_all("SELECT no_such_column FROM no_such_table")


def test_a_read_in_a_transaction_marked_for_rollback_is_refused():
    with transaction.atomic():
        transaction.set_rollback(True)
        with pytest.raises(TransactionManagementError):
            fetch_one("SELECT 1")
