"""Writes for quizzes: syncing question banks, starting a quiz run, and submitting an answer."""

from __future__ import annotations

import hashlib
import json
import random
import uuid
from collections import defaultdict
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from config.rows import insert_row
from learners.models import Learner
from learners.services import SubmissionTokenTaken
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
    a question missing from the files is retired, never deleted, and unfinished runs that were
    waiting only on retired questions finish without them.
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

    report = content_rows_sync(
        model=Question,
        key="question_id",
        rows=rows,
        compare=["content_hash", "lesson", "position"],
        before_update=bump_version_if_content_changed,
    )
    if report.retired:
        # Runs waiting only on questions that are no longer asked finish now, without them.
        retired_lessons = set(
            Question.objects.filter(question_id__in=report.retired).values_list(
                "lesson_id", flat=True
            )
        )
        quiz_runs_finish_stranded(lesson_ids=retired_lessons)
    return report


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


def attempt_resubmitted(attempt: Attempt, question: Question) -> SubmittedAnswer:
    """An answer already recorded, as its feedback is shown again (nothing new saved)."""
    return _regrade(attempt, question)


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
    already has is not recorded and the first answer's feedback is shown again. Raises
    SubmissionTokenTaken when the form was stored for another learner (a first visit's double submit).
    """
    if run is not None and (
        run.learner_id != learner.pk
        or run.is_finished
        or question.question_id not in run.question_order
    ):
        raise RunMismatch
    if run is not None:
        # Asked before grading: a run's question answered before keeps its first answer.
        earlier = _stored_with_token(submission_token, learner) or (
            Attempt.objects.filter(run=run, question=question).first()
        )
        if earlier is not None:
            return _regrade(earlier, question)
    # Outside a run the row is simply written: a form sent twice (its token is unique) is caught
    # by the database below, which costs nothing for every answer sent once.

    result = grade(question.parsed, answer)
    try:
        with _answer_transaction(run):
            if run is not None:
                # Lock the run before counting its answers: the answers to its last questions,
                # sent at once, are then recorded one after another, and the last one sees all the
                # others and closes the run. Without the lock each counted only its own (PostgreSQL).
                run = QuizRun.objects.select_for_update().get(pk=run.pk)
                earlier = Attempt.objects.filter(run=run, question=question).first()
                if earlier is not None:  # the same question answered at once from two tabs
                    return _regrade(earlier, question)
            # Every answer is written here: one plain INSERT (config/rows.py); nothing listens to
            # an Attempt being saved.
            attempt = insert_row(
                Attempt(
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
            )
            if run is not None:
                _run_record_progress(run)
    except IntegrityError:
        # The same submission raced in on another request: show what was recorded there.
        earlier = _stored_with_token(submission_token, learner)
        if earlier is None and run is not None:
            earlier = Attempt.objects.filter(run=run, question=question).first()
        if earlier is None:
            raise
        return _regrade(earlier, question)
    return SubmittedAnswer(attempt, result, is_new=True)


def _answer_transaction(run: QuizRun | None) -> AbstractContextManager:
    """What an answer is written in.

    In a quiz run, one transaction: the run is locked, the attempt written and the run updated.
    Outside a run the attempt is one INSERT, a transaction of its own (on SQLite that saves a BEGIN
    and a COMMIT on every answer); inside a caller's transaction (a first visit creating its learner)
    a savepoint, so a token already taken leaves that transaction usable.
    """
    if run is not None or connection.in_atomic_block:
        return transaction.atomic()
    return nullcontext()


def _stored_with_token(token: uuid.UUID, learner: Learner) -> Attempt | None:
    """The attempt stored with this form's token; SubmissionTokenTaken if another learner's."""
    earlier = Attempt.objects.filter(submission_token=token).select_related("learner").first()
    if earlier is not None and earlier.learner_id != learner.pk:
        raise SubmissionTokenTaken(earlier)
    return earlier


def _run_record_progress(run: QuizRun) -> None:
    """Keep the run's score current and close it when every question still asked has an answer.

    A question retired by `sync_content` before the learner answered it is no longer asked: the run
    finishes without it, and its maximum drops by one (the results page says so). Called with the
    run locked (select_for_update) inside the transaction that changed it.
    """
    answered = dict(run.attempts.values_list("question__question_id", "is_correct"))
    still_asked = set(
        Question.objects.filter(
            question_id__in=run.question_order, is_active=True, lesson__is_active=True
        ).values_list("question_id", flat=True)
    )
    run.score = sum(answered.values())
    if not any(qid in still_asked and qid not in answered for qid in run.question_order):
        run.finished_at = timezone.now()
        run.max_score = len(answered)
    run.save(update_fields=["score", "finished_at", "max_score"])


def quiz_runs_finish_stranded(*, lesson_ids: set[int]) -> int:
    """Finish the unfinished runs of these lessons whose remaining questions were all retired.

    Without this a run whose last unanswered question was retired could never finish. Returns how
    many runs were finished.
    """
    finished = 0
    for run_id in QuizRun.objects.filter(
        lesson_id__in=lesson_ids, finished_at__isnull=True
    ).values_list("pk", flat=True):
        with transaction.atomic():
            run = QuizRun.objects.select_for_update().get(pk=run_id)
            _run_record_progress(run)
            finished += run.is_finished
    return finished


def answer_from_attempt(question: Question, attempt: Attempt) -> Answer:
    """The stored JSON answer back in the form `grade` takes."""
    spec = question.parsed
    if spec.type is QuestionType.MULTIPLE:
        return frozenset(attempt.answer)
    if spec.type is QuestionType.ORDERING:
        return tuple(attempt.answer)
    return attempt.answer
