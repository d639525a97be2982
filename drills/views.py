"""Interview drill pages: the list, a drill with its answer form, and grading an answer.

Grading works as a plain form post (full page back) and with htmx (the result area is swapped and
the history list updated out of band); the answer stays in the form either way, ready to edit.
"""

from __future__ import annotations

import time
import uuid

from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from config import throttling
from config.fragments import page_or_fragment
from drills import selectors
from drills.grader import AnswerRejected
from drills.grading.dockerfile import MAX_DOCKERFILE_LENGTH, MAX_DOCKERIGNORE_LENGTH
from drills.grading.rubric import MAX_ANSWER_LENGTH
from drills.models import Drill, DrillSubmission
from drills.overrides import effective_score, latest_overrides, reviews_unseen
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
from learners.services import learner_get_or_create_for_request, learner_mark_reviews_seen

TIMER_SALT = "drill-timer"
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
    overrides = latest_overrides(list(submission.overrides.select_related("instructor")))
    return {
        "submission": submission,
        "verdict": score_verdict(submission.percent),
        "criteria": criteria_views(spec, submission.result, overrides),
        "adjusted_score": effective_score(submission.score, overrides) if overrides else None,
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
    submission_id = request.GET.get("submission", "")
    if submission_id.isdigit():
        learner = learner_for_request(request)
        submission = (
            DrillSubmission.objects.filter(
                pk=int(submission_id), drill=drill, learner=learner
            ).first()
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
        context = _page_context(
            request, drill, answer=answer, dockerignore=dockerignore, problem=message
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
        return throttling.with_retry_after(problem(message, 429), verdict)
    try:
        token = uuid.UUID(request.POST.get("token", ""))
    except ValueError:
        return problem("This form could not be read. Reload the page and submit again.", 400)
    if not answer.strip():
        return problem("Write an answer first, then ask for grading.", 422)
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
    learner = learner_get_or_create_for_request(request=request)
    try:
        submission = drill_grade(
            learner=learner,
            drill=drill,
            answer=answer,
            dockerignore=dockerignore,
            submission_token=token,
            timing=_timing(request),
        )
    except AnswerRejected as error:
        return problem(str(error), 422)
    context = _page_context(
        request, drill, answer=answer, dockerignore=dockerignore, **_result_context(submission)
    )
    if request.htmx:
        return render(request, "drills/result_swap.html", context)
    return render(request, TEMPLATE, context)
