"""Interview drill pages: the list, a drill with its answer form, and grading an answer.

Grading works as a plain form post (full page back) and with htmx (the result area is swapped and
the history list updated out of band); the answer stays in the form either way, ready to edit.
"""

from __future__ import annotations

import time
import uuid

from django.core import signing
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from config import throttling
from config.fragments import page_or_fragment
from config.inputs import control_characters_problem, parse_id, visible_control_characters
from drills import selectors
from drills.grader import AnswerRejected
from drills.grading.dockerfile import MAX_DOCKERFILE_LENGTH, MAX_DOCKERIGNORE_LENGTH
from drills.grading.rubric import MAX_ANSWER_LENGTH
from drills.models import Drill, DrillSubmission
from drills.overrides import class_reviews, reviews_unseen
from drills.presenting import (
    code_spans,
    criteria_views,
    highlighted_answer,
    red_flag_views,
    rubric_preview,
    score_verdict,
)
from drills.services import Timing, drill_grade
from learners.selectors import learner_for_request
from learners.services import (
    SubmissionTokenTaken,
    learner_adopt_for_double_submit,
    learner_get_or_create_for_request,
    learner_mark_reviews_seen,
)

TIMER_SALT = "drill-timer"
STALE_FORM = "This form could not be read. Reload the page and submit again."
TEMPLATE = "drills/drill.html"


@require_safe
def drill_list(request: HttpRequest) -> HttpResponse:
    learner = learner_for_request(request)
    context = {
        "drills": selectors.drills_active(),
        "standings": selectors.drill_standings(learner),
        "review_notices": reviews_unseen(learner),
    }
    return render(request, "drills/list.html", context)


@require_POST
def reviews_seen(request: HttpRequest) -> HttpResponse:
    """ "Got it" on the notice of instructors' reviews: it stays hidden until the next review."""
    learner = learner_for_request(request)
    if learner is not None:
        learner_mark_reviews_seen(learner=learner)
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = reverse("drills:list")
    return redirect(next_url)


def _answer_limit(drill: Drill) -> int:
    return MAX_DOCKERFILE_LENGTH if drill.kind == "dockerfile" else MAX_ANSWER_LENGTH


def _page_context(request: HttpRequest, drill: Drill, **extra) -> dict:
    learner = learner_for_request(request)
    spec = drill.parsed
    context = {
        "drill": drill,
        "spec": spec,
        "answer_limit": _answer_limit(drill),
        "answer_limit_display": f"{_answer_limit(drill):,}",
        "dockerignore_limit": MAX_DOCKERIGNORE_LENGTH,
        "token": str(uuid.uuid4()),
        "timer_started": signing.dumps(int(time.time()), salt=TIMER_SALT),
        "time_limit_minutes": max(1, round(spec.time_limit_seconds / 60)),
        "history": selectors.drill_history(learner, drill),
        "rubric": rubric_preview(spec),
        "answer": spec.starter if drill.kind == "dockerfile" else "",
        "dockerignore": "",
    }
    context.update(extra)
    return context


def _result_context(submission: DrillSubmission) -> dict:
    spec = submission.drill.parsed
    reviews = class_reviews(submission)
    return {
        "submission": submission,
        "verdict": score_verdict(submission.percent),
        "criteria": criteria_views(spec, submission.result, reviews),
        "reviews": reviews,
        "highlighted": highlighted_answer(submission.answer, submission.result)
        if submission.drill.kind == "text"
        else None,
        "red_flags": red_flag_views(submission.result),
        "reading_notes": [code_spans(note) for note in submission.result.get("notes", [])],
    }


@require_safe
def drill_detail(request: HttpRequest, slug: str) -> HttpResponse:
    drill = selectors.drill_active(slug)
    if drill is None:
        raise Http404("No such drill.")
    extra: dict = {}
    raw_submission = request.GET.get("submission", "")
    submission_id = parse_id(raw_submission)
    if raw_submission and submission_id is None:
        raise Http404("No such submission.")
    if submission_id is not None:
        learner = learner_for_request(request)
        submission = (
            DrillSubmission.objects.filter(pk=submission_id, drill=drill, learner=learner).first()
            if learner
            else None
        )
        if submission is None:
            raise Http404("No such submission.")
        extra = _result_context(submission) | {
            "answer": submission.answer,
            "dockerignore": submission.dockerignore,
        }
    return render(request, TEMPLATE, _page_context(request, drill, **extra))


def _timing(request: HttpRequest) -> Timing:
    """The interview timer, if the learner started it. A tampered start time is simply not used."""
    if request.POST.get("timed") != "1":
        return Timing(False, None)
    try:
        started = signing.loads(request.POST.get("started", ""), salt=TIMER_SALT, max_age=24 * 3600)
    except signing.BadSignature:
        return Timing(True, None)
    return Timing(True, max(0, int(time.time()) - int(started)))


@require_POST
@page_or_fragment
def drill_submit(request: HttpRequest, slug: str) -> HttpResponse:
    drill = selectors.drill_active(slug)
    if drill is None:
        raise Http404("No such drill.")
    # Browsers send a textarea's line breaks as CRLF; counted as one character each, as the page's
    # live count and the box itself show them.
    answer = request.POST.get("answer", "").replace("\r\n", "\n")
    dockerignore = request.POST.get("dockerignore", "").replace("\r\n", "\n")

    def problem(message: str, status: int) -> HttpResponse:
        # The text goes back into the boxes as typed, control characters shown as U+FFFD.
        context = _page_context(
            request,
            drill,
            answer=visible_control_characters(answer),
            dockerignore=visible_control_characters(dockerignore),
            problem=message,
        )
        template = f"{TEMPLATE}#result" if request.htmx else TEMPLATE
        return render(request, template, context, status=status)

    verdict = throttling.learner_rate_limit_hit(request, "drill-grade")
    if not verdict.allowed:
        allowed = throttling.limit_for("drill-grade")["requests"]
        message = (
            f"You can ask for grading {allowed} time{'s' if allowed != 1 else ''} a minute, and you "
            f"have reached that. Your answer is still in the box: ask again {verdict.wait}."
        )
        if verdict.by_address:
            message = (
                "Too many answers are being graded from your network right now. Your answer is "
                f"still in the box: ask again {verdict.wait}."
            )
        return throttling.with_retry_after(problem(message, 429), verdict)
    try:
        token = uuid.UUID(request.POST.get("token", ""))
    except ValueError:
        return problem(STALE_FORM, 400)
    if not answer.strip():
        return problem("Write an answer first, then ask for grading.", 422)
    unreadable = control_characters_problem(answer) or control_characters_problem(
        dockerignore, "Your .dockerignore"
    )
    if unreadable:
        return problem(unreadable, 422)
    if len(answer) > _answer_limit(drill):
        return problem(
            f"Your answer has {len(answer):,} characters; the limit is {_answer_limit(drill):,}. "
            "Trim it and try again.",
            422,
        )
    if len(dockerignore) > MAX_DOCKERIGNORE_LENGTH:
        return problem(
            f"The .dockerignore is limited to {MAX_DOCKERIGNORE_LENGTH:,} characters.", 422
        )
    had_learner = learner_for_request(request) is not None
    try:
        # One transaction: a learner created for this request disappears with it if the form
        # turns out to be stored already (a first visit's double submit).
        with transaction.atomic():
            submission = drill_grade(
                learner=learner_get_or_create_for_request(request=request),
                drill=drill,
                answer=answer,
                dockerignore=dockerignore,
                submission_token=token,
                timing=_timing(request),
            )
    except AnswerRejected as error:
        return problem(str(error), 422)
    except SubmissionTokenTaken as taken:
        if not learner_adopt_for_double_submit(
            request=request, record=taken.record, had_learner=had_learner
        ):
            return problem(STALE_FORM, 400)
        submission = taken.record
    context = _page_context(
        request, drill, answer=answer, dockerignore=dockerignore, **_result_context(submission)
    )
    if request.htmx:
        return render(request, "drills/result_swap.html", context)
    return render(request, TEMPLATE, context)
