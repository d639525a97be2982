"""Quiz pages: a lesson's quiz (intro, one question at a time, results) and answering a question.

Every form works as a plain POST with a full page back; with htmx the same endpoints return just
the question card or the quiz stage.
"""

from __future__ import annotations

import uuid
from contextlib import nullcontext
from functools import partial

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from config import throttling
from config.compression import Piece, PiecedResponse
from config.fragments import page_or_fragment
from config.inputs import control_characters_problem, parse_id, visible_control_characters
from learners.selectors import anonymous_progress_days, learner_for_request
from learners.services import (
    SubmissionTokenTaken,
    learner_adopt_for_double_submit,
    learner_get_or_create_for_request,
)
from lessons import caching
from lessons import selectors as lesson_selectors
from lessons.models import Lesson
from quiz import selectors, services
from quiz.grading.answers import AnswerProblem, parse_answer
from quiz.models import Question, QuizRun
from quiz.presenting import QuestionCard, question_card, selection_from_form
from quiz.results import run_results

CARD_TEMPLATE = "includes/_question_card.html"
BAD_FORM = "This form could not be read. Reload the page and answer again."


def _quiz_url(lesson: Lesson) -> str:
    return reverse("quiz:lesson-quiz", args=[lesson.slug])


def _next_step(card: QuestionCard, progress: selectors.RunProgress) -> None:
    """Answered cards in a run lead on to the next question or to the results."""
    card.next_url = _quiz_url(card.run.lesson)
    card.next_label = "Next question" if progress.next_question else "See your results"


def _stage_context(request: HttpRequest, lesson: Lesson) -> dict:
    """What the quiz page shows now: the intro, the next question, or the latest run's results."""
    learner = learner_for_request(request)
    run = selectors.quiz_run_latest(learner, lesson)
    question_count = selectors.question_counts().get(lesson.slug, 0)
    context: dict = {"lesson": lesson, "question_count": question_count, "run": run}
    if run is None:
        context["stage"] = "intro"
        return context
    progress = selectors.run_progress(run)
    next_question = progress.next_question
    if next_question is not None and not run.is_finished:
        context["stage"] = "question"
        context["card"] = question_card(
            next_question,
            run=run,
            position=progress.position_of(next_question.question_id),
            total=len(progress.questions),
        )
        return context
    context["stage"] = "results"
    context["results"] = results = run_results(progress)
    context["missed"] = results.max_score - results.score
    # A finished quiz is progress worth keeping: an anonymous learner is offered an account.
    context["nudge_to_keep"] = learner is not None and learner.user_id is None
    context["anonymous_days"] = anonymous_progress_days()
    # What comes after a quiz: the next lesson (or, after the last one, the course home).
    context["following"] = lesson_selectors.lesson_neighbours(
        lesson_selectors.lesson_outline(), lesson.slug
    )[1]
    return context


@require_safe
@page_or_fragment
def lesson_quiz(request: HttpRequest, slug: str) -> HttpResponse:
    lesson = get_object_or_404(Lesson, slug=slug, is_active=True)
    context = _stage_context(request, lesson)
    if request.htmx:
        return render(request, "quiz/quiz_page.html#stage", context)
    return render(request, "quiz/quiz_page.html", context)


@require_POST
@page_or_fragment
def quiz_start(request: HttpRequest, slug: str) -> HttpResponse:
    """Start (or retake) the lesson's quiz: a new run with a new question order.

    With "retry=<run id>", a practice round of only the questions missed in that finished run.
    """
    lesson = get_object_or_404(Lesson, slug=slug, is_active=True)
    if not selectors.question_counts().get(lesson.slug):
        raise Http404("This lesson has no quiz yet.")
    retry = request.POST.get("retry")
    if retry is not None:
        learner = learner_for_request(request)
        run = selectors.quiz_run_for_learner(learner, parse_id(retry) or 0)
        if learner is None or run is None or run.lesson_id != lesson.pk:
            raise Http404("No such quiz run of yours.")
        try:
            services.quiz_run_retry_missed(learner=learner, run=run)
        except services.NothingToRetry:
            context = _stage_context(request, lesson)
            context["problem"] = (
                "There is nothing to retry: every question of that run is answered right."
            )
            template = "quiz/quiz_page.html#stage" if request.htmx else "quiz/quiz_page.html"
            return render(request, template, context, status=400)
    else:
        learner = learner_get_or_create_for_request(request=request)
        services.quiz_run_start(learner=learner, lesson=lesson)
    if request.htmx:
        return render(request, "quiz/quiz_page.html#stage", _stage_context(request, lesson))
    return redirect(_quiz_url(lesson))


@require_safe
def question_page(request: HttpRequest, question_id: str) -> HttpResponse:
    """A single question on a page of its own (a lesson's "check yourself" question, without JavaScript)."""
    question = selectors.question_active(question_id)
    if question is None:
        raise Http404("No such question.")
    return render(request, "quiz/question_page.html", {"card": question_card(question)})


def _card_response(
    request: HttpRequest, card: QuestionCard, *, status: int = 200, progress=None
) -> HttpResponse:
    if request.htmx:
        return render(request, CARD_TEMPLATE, {"card": card}, status=status)
    if card.run is not None:
        lesson = card.run.lesson
        context = {
            "lesson": lesson,
            "run": card.run,
            "stage": "question",
            "card": card,
            "question_count": len(progress.questions) if progress else card.total,
        }
        return render(request, "quiz/quiz_page.html", context, status=status)
    return render(request, "quiz/question_page.html", {"card": card}, status=status)


RETIRED_NOTICE = (
    "That question was removed from the course while you were taking the quiz, so it no longer "
    "counts and your answer was not recorded. Carry on below."
)


def _retired_during_run(request: HttpRequest, run: QuizRun) -> HttpResponse:
    """The quiz as it stands now (the next question, or the results), saying what happened."""
    context = _stage_context(request, run.lesson) | {"notice": RETIRED_NOTICE}
    if request.htmx:
        # The form targets its own card; the whole stage changes, so swap that instead.
        response = render(request, "quiz/quiz_page.html#stage", context)
        response["HX-Retarget"] = "#quiz-stage"
        response["HX-Reswap"] = "outerHTML"
        return response
    return render(request, "quiz/quiz_page.html", context)


def _run_from_form(request: HttpRequest) -> tuple[QuizRun | None, bool]:
    """The quiz run named by the form, if any; (None, False) when the value is unusable."""
    raw = request.POST.get("run", "")
    if raw == "":
        return None, True
    run_id = parse_id(raw)
    if run_id is None:
        return None, False
    run = selectors.quiz_run_for_learner(learner_for_request(request), run_id)
    return run, run is not None


@require_POST
@page_or_fragment
def question_answer(request: HttpRequest, question_id: str) -> HttpResponse:
    # The questions are the same for every learner: looked up once per content version.
    version = caching.content_version()
    question: Question | None = caching.kept(
        version, ("questions-active",), selectors.questions_active
    ).get(question_id)
    run, run_ok = _run_from_form(request)
    if question is None:
        if run is not None and question_id in run.question_order:
            return _retired_during_run(request, run)
        raise Http404("No such question.")
    progress = selectors.run_progress(run) if run is not None else None
    position = progress.position_of(question_id) if progress else 0
    total = len(progress.questions) if progress else 0

    def problem_card(problem: AnswerProblem, token: str | None = None) -> HttpResponse:
        # The learner's picks and typing go back with the problem: nothing they did is reset.
        selection = selection_from_form(question.parsed, request.POST)
        card = question_card(
            question,
            run=run,
            problem=problem,
            answer=selection.answer,
            chosen_positions=selection.positions,
            typed=visible_control_characters(
                request.POST.get("text", request.POST.get("number", ""))[:1000]
            ),
            token=token,
            position=position,
            total=total,
        )
        return _card_response(request, card, status=problem.status, progress=progress)

    # A returning learner's allowance is counted from the answers they stored (one read); a first
    # visit has none yet and is counted by session or address (a counter write).
    learner = learner_for_request(request)
    verdict = throttling.learner_rate_limit_hit(
        request,
        "answer",
        stored_at=partial(selectors.answer_stored_at, learner) if learner is not None else None,
    )
    if not verdict.allowed:
        message = (
            "You are answering faster than we can check answers. Your answer is still here: "
            f"send it again {verdict.wait}."
        )
        return throttling.with_retry_after(problem_card(AnswerProblem(429, message)), verdict)
    if not run_ok:
        run = None
        return problem_card(
            AnswerProblem(400, "This quiz attempt has expired. Go back to the quiz to continue.")
        )
    try:
        token = uuid.UUID(request.POST.get("token", ""))
    except ValueError:
        return problem_card(AnswerProblem(400, BAD_FORM))

    typed_values = request.POST.getlist("text") + request.POST.getlist("number")
    unreadable = next(filter(None, map(control_characters_problem, typed_values)), None)
    if unreadable:
        return problem_card(AnswerProblem(422, unreadable), token=str(token))

    answer = parse_answer(question.parsed, {key: request.POST.getlist(key) for key in request.POST})
    if isinstance(answer, AnswerProblem):
        return problem_card(answer, token=str(token))

    had_learner = learner is not None
    # A learner made for this request (a first visit) is made in one transaction with the answer,
    # so it disappears with it if the form turns out to be stored already (a double submit). A
    # returning learner's answer is its own short transaction (services.attempt_submit): on SQLite
    # the write lock is then held while the row is written, not while the answer is graded.
    first_visit = nullcontext() if had_learner else transaction.atomic()
    try:
        with first_visit:
            submitted = services.attempt_submit(
                learner=learner_get_or_create_for_request(request=request),
                question=question,
                answer=answer,
                submission_token=token,
                run=run,
            )
    except services.RunMismatch:
        return problem_card(
            AnswerProblem(400, "This question is not part of your current quiz. Reload the quiz.")
        )
    except SubmissionTokenTaken as taken:
        if not learner_adopt_for_double_submit(
            request=request, record=taken.record, had_learner=had_learner
        ):
            return problem_card(AnswerProblem(400, BAD_FORM))
        submitted = services.attempt_resubmitted(taken.record, question)
    shown = services.answer_from_attempt(question, submitted.attempt)
    typed = request.POST.get("text", request.POST.get("number", ""))

    def answered_card() -> QuestionCard:
        return question_card(
            question,
            run=run,
            answer=shown,
            grade=submitted.grade,
            typed=typed,
            token=str(token),
            position=position,
            total=total,
        )

    if run is None and not typed and request.htmx:
        # Outside a quiz, the answered card shows the question, the choices picked and their
        # feedback, nothing else of the learner's: everyone who picks the same choices sees the same
        # card. Rendered once per content version and answer (typed answers are not kept: each is
        # its own), it then costs a lookup; kept compressed as well (config/compression.py), so a
        # browser's gzip costs nothing per answer either.
        card_html = caching.kept_per_state(
            version,
            ("answered-card", question.question_id, shown),
            lambda: Piece.of(render_to_string(CARD_TEMPLATE, {"card": answered_card()}).encode()),
        )
        return PiecedResponse([card_html])
    card = answered_card()
    if run is not None:
        run.refresh_from_db()
        _next_step(card, selectors.run_progress(run))
    return _card_response(request, card, progress=progress)
