"""Reads for quiz pages. Each function is a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Count
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from config.rows import fetch_all, fetch_one
from learners.models import Learner
from learners.progress import best_by_share
from lessons.models import Lesson
from quiz.models import Attempt, Question, QuizRun


def answer_stored_at(learner: Learner, nth: int, seconds: int) -> datetime | None:
    """When the learner's nth most recent answer was stored, if less than `seconds` ago (one read).

    The answer limit counts stored answers with this (config/throttling.py, `stored_at`) instead of
    writing a counter on every request. A plain SELECT, as it runs on every answer, over the index
    on (learner, created_at): a range of at most `nth` entries.
    """
    since = timezone.now() - timedelta(seconds=seconds)
    ops = connections[DEFAULT_DB_ALIAS].ops  # looked up once, not for every use as `connection`
    row = fetch_one(
        f"SELECT created_at FROM {ops.quote_name(Attempt._meta.db_table)}"
        " WHERE learner_id = %s AND created_at > %s ORDER BY created_at DESC LIMIT 1 OFFSET %s",
        [learner.pk, ops.adapt_datetimefield_value(since), nth - 1],
    )
    if row is None:
        return None
    # SQLite returns the stored text (UTC, without a zone); PostgreSQL an aware datetime.
    stored = parse_datetime(row[0]) if isinstance(row[0], str) else row[0]
    return stored.replace(tzinfo=UTC) if timezone.is_naive(stored) else stored


def question_active(question_id: str) -> Question | None:
    return (
        Question.objects.select_related("lesson")
        .filter(question_id=question_id, is_active=True, lesson__is_active=True)
        .first()
    )


def questions_active() -> dict[str, Question]:
    """Every question that is asked now (active, in an active lesson), by id (one query)."""
    questions = Question.objects.select_related("lesson").filter(
        is_active=True, lesson__is_active=True
    )
    return {question.question_id: question for question in questions}


def questions_by_id(question_ids: list[str]) -> dict[str, Question]:
    """Active questions for the given ids (one query), e.g. those embedded in a lesson."""
    questions = Question.objects.select_related("lesson").filter(
        question_id__in=question_ids, is_active=True
    )
    return {question.question_id: question for question in questions}


def quiz_run_latest(learner: Learner | None, lesson: Lesson) -> QuizRun | None:
    if learner is None:
        return None
    return QuizRun.objects.filter(learner=learner, lesson=lesson).order_by("-started_at").first()


def quiz_run_for_learner(learner: Learner | None, run_id: int) -> QuizRun | None:
    if learner is None:
        return None
    return QuizRun.objects.select_related("lesson").filter(pk=run_id, learner=learner).first()


@dataclass(frozen=True)
class RunProgress:
    run: QuizRun
    questions: list[Question]  # the run's questions that are still active, in the run's order
    attempts: dict[str, Attempt]  # by question id

    @property
    def answered(self) -> int:
        return len(self.attempts)

    @property
    def retired_unanswered(self) -> int:
        """Questions of the run retired from the course before the learner answered them."""
        active = {question.question_id for question in self.questions}
        return sum(
            1 for qid in self.run.question_order if qid not in active and qid not in self.attempts
        )

    @property
    def next_question(self) -> Question | None:
        return next((q for q in self.questions if q.question_id not in self.attempts), None)

    def position_of(self, question_id: str) -> int:
        ids = [question.question_id for question in self.questions]
        return ids.index(question_id) + 1 if question_id in ids else 0


def run_progress(run: QuizRun) -> RunProgress:
    """The run's questions (two queries: questions, attempts)."""
    by_id = questions_by_id(list(run.question_order))
    questions = [by_id[qid] for qid in run.question_order if qid in by_id]
    attempts = {
        attempt.question.question_id: attempt for attempt in run.attempts.select_related("question")
    }
    return RunProgress(run, questions, attempts)


@dataclass(frozen=True)
class QuizStanding:
    best_score: int
    best_max: int
    runs_finished: int

    @property
    def best_percent(self) -> int:
        return round(100 * self.best_score / self.best_max) if self.best_max else 0


def quiz_standings(learner: Learner | None) -> dict[str, QuizStanding]:
    """Best finished score per lesson slug, for the course home and lesson pages (one query).

    Full runs only: a retry of the missed questions is practice, not a score.
    """
    if learner is None:
        return {}
    # On every page a learner sees: a plain SELECT, not an ORM query, whose building costs many
    # times the query (config/sessions.py has the figures).
    quote = connection.ops.quote_name
    runs = fetch_all(
        f"SELECT lesson.slug, runs.score, runs.max_score FROM {quote(QuizRun._meta.db_table)} runs"
        f" JOIN {quote(Lesson._meta.db_table)} lesson ON lesson.id = runs.lesson_id"
        " WHERE runs.learner_id = %s AND runs.finished_at IS NOT NULL"
        " AND runs.retry_of_id IS NULL",
        [learner.pk],
    )
    return {
        slug: QuizStanding(score, size, count)
        for slug, (score, size, count) in best_by_share(runs).items()
    }


def question_counts() -> dict[str, int]:
    """Active questions per lesson slug (one query)."""
    rows = (
        Question.objects.filter(is_active=True).values("lesson__slug").annotate(count=Count("id"))
    )
    return {row["lesson__slug"]: row["count"] for row in rows}
