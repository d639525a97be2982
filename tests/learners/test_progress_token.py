"""The database renews a learner's progress token whenever their shown progress changes
(learners/versioning.py), whoever writes: workers keep progress by it (lessons/caching.py)."""

from __future__ import annotations

import uuid

import pytest
from django.db import transaction
from django.utils import timezone

from labs.models import LabResult
from learners.models import Learner
from lessons.models import Lesson, LessonRead, ReadingPosition
from quiz.models import Attempt, Question, QuizRun

pytestmark = pytest.mark.django_db


def token_of(learner: Learner) -> str:
    return Learner.objects.values_list("progress_token", flat=True).get(pk=learner.pk)


def lesson() -> Lesson:
    return Lesson.objects.get(slug="image-layers")


def add_read_mark(learner: Learner):
    return LessonRead.objects.create(learner=learner, lesson=lesson())


def add_place(learner: Learner):
    return ReadingPosition.objects.create(
        learner=learner, lesson=lesson(), section="copy-up", updated_at=timezone.now()
    )


def add_quiz_run(learner: Learner, *, finished: bool = True):
    return QuizRun.objects.create(
        learner=learner,
        lesson=lesson(),
        question_order=[],
        max_score=3,
        score=2,
        finished_at=timezone.now() if finished else None,
    )


def add_lab_result(learner: Learner, *, solved: bool = True):
    return LabResult.objects.create(
        learner=learner,
        lab_slug="build-cache",
        exercise_id="reorder",
        last_answer="",
        last_solved=solved,
        solved_at=timezone.now() if solved else None,
        attempted_at=timezone.now(),
    )


PROGRESS_ROWS = [add_read_mark, add_place, add_quiz_run, add_lab_result]


def test_each_learner_starts_with_a_token_of_their_own():
    first, second = Learner.objects.create(), Learner.objects.create()
    assert len({token_of(first), token_of(second)}) == 2


@pytest.mark.parametrize("add", PROGRESS_ROWS)
def test_a_new_progress_row_renews_its_learners_token(course, add):
    learner, other = Learner.objects.create(), Learner.objects.create()
    before, others_before = token_of(learner), token_of(other)
    add(learner)
    assert token_of(learner) != before
    assert token_of(other) == others_before


@pytest.mark.parametrize("add", PROGRESS_ROWS)
def test_a_changed_progress_row_renews_the_token(course, add):
    learner = Learner.objects.create()
    row = add(learner)
    before = token_of(learner)
    type(row).objects.filter(pk=row.pk).update(learner=learner)  # an update, even of nothing
    assert token_of(learner) != before


@pytest.mark.parametrize("add", PROGRESS_ROWS)
def test_a_deleted_progress_row_renews_the_token(course, add):
    learner = Learner.objects.create()
    row = add(learner)
    before = token_of(learner)
    type(row).objects.filter(pk=row.pk).delete()
    assert token_of(learner) != before


@pytest.mark.parametrize("add", PROGRESS_ROWS)
def test_a_row_moved_to_another_learner_renews_both_tokens(course, add):
    giver, taker = Learner.objects.create(), Learner.objects.create()
    row = add(giver)
    givers, takers = token_of(giver), token_of(taker)
    type(row).objects.filter(pk=row.pk).update(learner=taker)
    assert token_of(giver) != givers
    assert token_of(taker) != takers


def test_a_quiz_run_renews_the_token_when_it_finishes_not_while_it_is_taken(course):
    learner = Learner.objects.create()
    run = add_quiz_run(learner, finished=False)
    before = token_of(learner)
    QuizRun.objects.filter(pk=run.pk).update(score=1)  # an answer in the middle of the quiz
    assert token_of(learner) == before
    QuizRun.objects.filter(pk=run.pk).update(score=2, finished_at=timezone.now())
    assert token_of(learner) != before


def test_a_lab_attempt_renews_the_token_when_it_solves_the_exercise(course):
    learner = Learner.objects.create()
    result = add_lab_result(learner, solved=False)
    before = token_of(learner)
    LabResult.objects.filter(pk=result.pk).update(last_answer="a wrong answer")
    assert token_of(learner) == before
    LabResult.objects.filter(pk=result.pk).update(last_solved=True, solved_at=timezone.now())
    assert token_of(learner) != before


def test_a_rolled_back_change_leaves_the_token_as_it_was(course):
    learner = Learner.objects.create()
    before = token_of(learner)

    def fail_after_marking() -> None:
        with transaction.atomic():
            add_read_mark(learner)
            raise RuntimeError("the request failed")

    with pytest.raises(RuntimeError):
        fail_after_marking()
    assert token_of(learner) == before


def test_an_answer_outside_a_quiz_leaves_the_token_alone(course):
    """Answers are not shown as progress on the kept pages: the answer path writes one row only."""
    learner = Learner.objects.create()
    before = token_of(learner)
    question = Question.objects.filter(is_active=True).first()
    Attempt.objects.create(
        learner=learner,
        question=question,
        question_version=question.version,
        content_hash=question.content_hash,
        submission_token=uuid.uuid4(),
        answer=[],
        is_correct=False,
        score=0,
    )
    assert token_of(learner) == before
