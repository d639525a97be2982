"""Sign-up and the learner's own progress page."""

from __future__ import annotations

from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_safe

from classroom import selectors as classroom_selectors
from drills import selectors as drill_selectors
from drills.overrides import reviews_unseen
from labs import selectors as lab_selectors
from learners import timezones
from learners.forms import SignupForm
from learners.selectors import SESSION_KEY, learner_for_request
from learners.services import (
    learner_claim_anonymous,
    learner_get_or_create_for_request,
    learner_set_time_zone,
)
from lessons import selectors as lesson_selectors
from quiz import selectors as quiz_selectors


def _safe_next(request: HttpRequest, next_url: str) -> str:
    """Where to go after signing up: `next` if it is a path on this site, else "My progress".

    Only a path starting with "/" is followed: anything else ("welcome", a view name, another host)
    is ignored rather than guessed at.
    """
    if (
        next_url.startswith("/")
        and not next_url.startswith("//")
        and url_has_allowed_host_and_scheme(next_url, {request.get_host()})
    ):
        return next_url
    return reverse("my-progress")


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Create an account; whatever this browser did anonymously moves into it."""
    if request.user.is_authenticated:
        return redirect("my-progress")
    form = SignupForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST" and form.is_valid():
        anonymous_learner_id = request.session.get(SESSION_KEY)
        try:
            with transaction.atomic():
                user = form.save()
        except IntegrityError:
            # The same sign-up sent twice at once (a double click): the other request created the
            # account between this one's check and its save.
            form.add_error("username", "A user with that username already exists.")
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            learner_claim_anonymous(anonymous_learner_id=anonymous_learner_id, user=user)
            request.session.pop(SESSION_KEY, None)
            return HttpResponseRedirect(_safe_next(request, next_url))
    status = 422 if request.method == "POST" else 200
    return render(
        request, "registration/signup.html", {"form": form, "next": next_url}, status=status
    )


@login_required
@require_http_methods(["POST"])
def time_zone_change(request: HttpRequest) -> HttpResponse:
    """Choose the zone times are shown in (the browser's is used until then)."""
    zone = timezones.valid_zone(request.POST.get("time_zone", ""))
    if not zone:
        return my_progress_page(
            request,
            status=422,
            zone_error="Choose a time zone from the list, such as Europe/Paris.",
        )
    learner = learner_get_or_create_for_request(request=request)
    learner_set_time_zone(learner=learner, zone=zone)
    request.session[timezones.SESSION_KEY] = zone
    return redirect(f"{reverse('my-progress')}#time-zone")


@login_required
@require_safe
def my_progress(request: HttpRequest) -> HttpResponse:
    return my_progress_page(request)


def my_progress_page(request: HttpRequest, *, status: int = 200, zone_error: str = ""):
    learner = learner_for_request(request)
    lessons = lesson_selectors.lessons_for_course()
    read = lesson_selectors.lesson_slugs_read(learner)
    context = {
        "lessons": lessons,
        "read_slugs": read,
        "read_count": sum(lesson.slug in read for lesson in lessons),
        "standings": quiz_selectors.quiz_standings(learner),
        "question_counts": quiz_selectors.question_counts(),
        "drills": drill_selectors.drills_active(),
        "drill_standings": drill_selectors.drill_standings(learner),
        "assignments": classroom_selectors.learner_assignments(learner),
        "cohorts": classroom_selectors.learner_cohorts(learner),
        "labs": lab_selectors.labs_available(),
        "lab_standings": lab_selectors.lab_standings(learner),
        "review_notices": reviews_unseen(learner),
        "zones": timezones.zone_choices(),
        "zone_error": zone_error,
    }
    return render(request, "learners/my_progress.html", context, status=status)
