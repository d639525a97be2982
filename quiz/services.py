"""Writes for quizzes: syncing question banks, starting a quiz run, and submitting an answer."""

from __future__ import annotations

import hashlib
import json
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from learners.models import Learner
from lessons.models import Lesson
from lessons.syncing import SyncReport, content_rows_sync
from quiz.grading.answers import Answer, Grade, answer_to_json, grade
from quiz.grading.questions import QuestionSpec, QuestionType
from quiz.models import Attempt, Question, QuizRun


def _spec_hash(spec: QuestionSpec) -> str:
    return hashlib.sha256(json.dumps(spec.to_dict(), sort_keys=True).encode()).hexdigest()


@transaction.atomic
def questions_sync(*, specs: list[QuestionSpec]) -> SyncReport:
    """Make the Question table match the banks. Idempotent (lessons/syncing.py has the rule).

    A question changes when its content or its place (lesson, position) does. Changed content
    keeps the row and bumps its version, so attempts keep pointing at the version they answered;
    a question missing from the files is retired, never deleted.
    """
    lessons = {lesson.slug: lesson for lesson in Lesson.objects.all()}
    positions: dict[str, int] = defaultdict(int)
    rows = {}
    for spec in specs:
        positions[spec.lesson] += 1
        rows[spec.id] = {
            "lesson": lessons[spec.lesson],
            "position": positions[spec.lesson],
            "type": spec.type.value,
            "anchor": spec.anchor,
            "spec": spec.to_dict(),
            "content_hash": _spec_hash(spec),
        }

    def bump_version_if_content_changed(question: Question, values: dict) -> None:
        if question.content_hash != values["content_hash"]:
            question.version += 1

    return content_rows_sync(
        model=Question,
        key="question_id",
        rows=rows,
        compare=["content_hash", "lesson", "position"],
        before_update=bump_version_if_content_changed,
    )


def _shuffled(values: list[str], rng: random.Random) -> list[str]:
    copy = list(values)
    rng.shuffle(copy)
    return copy


def quiz_run_start(
    *, learner: Learner, lesson: Lesson, rng: random.Random | None = None
) -> QuizRun:
    """A new pass through the lesson's quiz: questions in a new order, choices shuffled."""
    questions = list(Question.objects.filter(lesson=lesson, is_active=True).order_by("position"))
    return _run_create(learner=learner, lesson=lesson, questions=questions, rng=rng)


class NothingToRetry(Exception):
    """The run is not the learner's, not finished, or has no missed question still in the quiz."""


def quiz_run_retry_missed(
    *, learner: Learner, run: QuizRun, rng: random.Random | None = None
) -> QuizRun:
    """A practice round of only the questions missed in a finished run, in a new order.

    It is marked as a retry (`retry_of`), so its score never counts as a quiz score.
    """
    if run.learner_id != learner.pk or not run.is_finished:
        raise NothingToRetry
    missed = run.attempts.filter(is_correct=False).values_list("question_id", flat=True)
    questions = list(
        Question.objects.filter(pk__in=list(missed), is_active=True).order_by("position")
    )
    if not questions:
        raise NothingToRetry
    return _run_create(
        learner=learner, lesson=run.lesson, questions=questions, rng=rng, retry_of=run
    )


def _run_create(
    *,
    learner: Learner,
    lesson: Lesson,
    questions: list[Question],
    rng: random.Random | None,
    retry_of: QuizRun | None = None,
) -> QuizRun:
    rng = rng or random.SystemRandom()
    shuffles: dict[str, list[str]] = {}
    for question in questions:
        spec = question.parsed
        if spec.type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            shuffles[question.question_id] = _shuffled(list(spec.choice_ids), rng)
        elif spec.type is QuestionType.ORDERING:
            order = list(spec.item_ids)
            # A shuffle that happens to be the answer would give the question away.
            while order == list(spec.item_ids):
                order = _shuffled(order, rng)
            shuffles[question.question_id] = order
    return QuizRun.objects.create(
        learner=learner,
        lesson=lesson,
        question_order=_shuffled([question.question_id for question in questions], rng),
        shuffles=shuffles,
        max_score=len(questions),
        retry_of=retry_of,
    )


@dataclass(frozen=True)
class SubmittedAnswer:
    attempt: Attempt
    grade: Grade
    # False when this submission had already been recorded (a double submit): nothing new was saved.
    is_new: bool


class RunMismatch(Exception):
    """The quiz run does not belong to this learner, is finished, or does not ask this question."""


def _regrade(attempt: Attempt, question: Question) -> SubmittedAnswer:
    return SubmittedAnswer(
        attempt, grade(question.parsed, answer_from_attempt(question, attempt)), is_new=False
    )


def attempt_submit(
    *,
    learner: Learner,
    question: Question,
    answer: Answer,
    submission_token: uuid.UUID,
    run: QuizRun | None = None,
) -> SubmittedAnswer:
    """Grade and record one answer. Submitting the same form twice records it once.

    In a quiz run each question is answered once: a second, different answer to a question the run
    already has is not recorded and the first answer's feedback is shown again.
    """
    if run is not None and (
        run.learner_id != learner.pk
        or run.is_finished
        or question.question_id not in run.question_order
    ):
        raise RunMismatch
    earlier = Attempt.objects.filter(learner=learner, submission_token=submission_token).first()
    if earlier is None and run is not None:
        earlier = Attempt.objects.filter(run=run, question=question).first()
    if earlier is not None:
        return _regrade(earlier, question)

    result = grade(question.parsed, answer)
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                learner=learner,
                question=question,
                question_version=question.version,
                content_hash=question.content_hash,
                run=run,
                submission_token=submission_token,
                answer=answer_to_json(answer),
                is_correct=result.correct,
                score=result.score,
            )
            if run is not None:
                _run_record_progress(run)
    except IntegrityError:
        # The same submission raced in on another request: show what was recorded there.
        earlier = Attempt.objects.get(learner=learner, submission_token=submission_token)
        return _regrade(earlier, question)
    return SubmittedAnswer(attempt, result, is_new=True)


def _run_record_progress(run: QuizRun) -> None:
    """Keep the run's score current and close it when every question has an answer."""
    attempts = list(run.attempts.values_list("is_correct", flat=True))
    run.score = sum(attempts)
    if len(attempts) >= len(run.question_order):
        run.finished_at = timezone.now()
    run.save(update_fields=["score", "finished_at"])


def answer_from_attempt(question: Question, attempt: Attempt) -> Answer:
    """The stored JSON answer back in the form `grade` takes."""
    spec = question.parsed
    if spec.type is QuestionType.MULTIPLE:
        return frozenset(attempt.answer)
    if spec.type is QuestionType.ORDERING:
        return tuple(attempt.answer)
    return attempt.answer
