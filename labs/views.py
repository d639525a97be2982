"""Lab pages: the index, a lab (its tool and its exercises), and checking an exercise.

A lab's tool is a GET form when its input fits in a URL (the answer is computed from the query
string, so every result has a URL to share), else a POST form to the same URL (a Dockerfile, a set
of commands). htmx swaps just the result (`Vary: HX-Request`: one URL answers both ways).
Exercises are POST forms: with htmx the exercise card is swapped in place, without JavaScript the
whole lab page comes back with the verdict in the card.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from config import throttling
from labs import presenting, selectors, services
from labs.catalogue import Lab, lab_for
from labs.exercises import AnswerProblem, Exercise, exercise_for, exercises_for, validate_answer
from labs.tools import TOOLS
from learners.selectors import learner_for_request
from learners.services import learner_get_or_create_for_request

PAGE = "labs/lab.html"
EXERCISE_CARD = "labs/_exercise.html"


def _lab_or_404(slug: str) -> Lab:
    lab = lab_for(slug)
    if lab is None or slug not in TOOLS:
        raise Http404("No such lab.")
    return lab


@require_safe
def lab_index(request: HttpRequest) -> HttpResponse:
    learner = learner_for_request(request)
    context = {"labs": selectors.labs_available(), "standings": selectors.lab_standings(learner)}
    return render(request, "labs/index.html", context)


def _exercise_cards(request: HttpRequest, lab: Lab, **current) -> list[dict]:
    results = selectors.lab_results(learner_for_request(request), lab.slug)
    return presenting.exercise_cards(exercises_for(lab.slug), results, current)


def _page(request: HttpRequest, lab: Lab, *, status: int = 200, **current) -> HttpResponse:
    """The whole lab page; `current` is the exercise card just checked (the tool then starts afresh)."""
    tool = TOOLS[lab.slug]
    submitted = request.POST if request.method == "POST" else request.GET
    tool_context, tool_status = tool.compute({} if current else submitted)
    context = {
        "lab": lab,
        "tool": tool,
        "cards": _exercise_cards(request, lab, **current),
        **tool_context,
    }
    return render(request, PAGE, context, status=status if current else tool_status)


@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")
def lab_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The lab page; its tool's answer comes from the query string (GET tools) or the form (POST)."""
    lab = _lab_or_404(slug)
    tool = TOOLS[lab.slug]
    if request.method == "POST" and tool.method != "post":
        return HttpResponseNotAllowed(["GET", "HEAD"])
    if request.method == "POST":
        verdict = throttling.learner_rate_limit_hit(request, "lab-run")
        if not verdict.allowed:
            return _too_fast(request, verdict)
    asked = request.method == "POST" or tool.method == "get"
    if request.htmx and asked:
        params = request.POST if request.method == "POST" else request.GET
        context, status = tool.compute(params)
        return render(request, f"{tool.template}#result", {"lab": lab, **context}, status=status)
    return _page(request, lab)


def _too_fast(request: HttpRequest, verdict: throttling.Verdict) -> HttpResponse:
    """429 for a simulation run over the limit: in place with htmx, else the full 429 page."""
    message = f"You are running the simulator faster than we can keep up: try again {verdict.wait}."
    if request.htmx:
        response = render(request, "labs/_too_fast.html", {"message": message}, status=429)
        return throttling.with_retry_after(response, verdict)
    return throttling.too_many_requests(request, verdict, message)


def _card_response(
    request: HttpRequest, lab: Lab, exercise: Exercise, status: int, **card
) -> HttpResponse:
    card = {"exercise": exercise, **card}
    if request.htmx:
        [rendered] = [c for c in _exercise_cards(request, lab, **card) if c["exercise"] is exercise]
        return render(request, EXERCISE_CARD, {"lab": lab, "card": rendered}, status=status)
    return _page(request, lab, status=status, **card)


@require_POST
def exercise_check(request: HttpRequest, slug: str, exercise_id: str) -> HttpResponse:
    lab = _lab_or_404(slug)
    exercise = exercise_for(lab.slug, exercise_id)
    if exercise is None:
        raise Http404("No such exercise.")
    if exercise.multiple:
        answer = ",".join(request.POST.getlist("answer"))
    else:
        answer = request.POST.get("answer", "")
    kept = answer[: exercise.max_length]  # what the form shows again after a problem
    verdict = throttling.learner_rate_limit_hit(request, "lab-exercise")
    if not verdict.allowed:
        message = f"You are checking answers faster than we can keep up: try again {verdict.wait}."
        response = _card_response(request, lab, exercise, 429, problem=message, answer=kept)
        return throttling.with_retry_after(response, verdict)
    try:
        answer = validate_answer(exercise, answer)
    except AnswerProblem as problem:
        return _card_response(request, lab, exercise, 422, problem=str(problem), answer=kept)
    checked = exercise.check(answer)
    learner = learner_get_or_create_for_request(request=request)
    services.lab_result_record(
        learner=learner, lab_slug=lab.slug, exercise=exercise, answer=answer, verdict=checked
    )
    return _card_response(request, lab, exercise, 200, verdict=checked, answer=answer)
