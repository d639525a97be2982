"""Marking a lesson read (the lesson pages themselves live in the course app)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from learners.selectors import learner_for_request
from learners.services import learner_get_or_create_for_request
from lessons import selectors, services
from lessons.models import Lesson

READ_TOGGLE = "includes/_read_toggle.html"


@require_POST
def lesson_read(request: HttpRequest, slug: str) -> HttpResponse:
    """Mark a lesson read ("read=1") or not read ("read=0"); htmx gets the button back."""
    lesson = get_object_or_404(Lesson, slug=slug, is_active=True)
    choice = request.POST.get("read")
    if choice not in {"0", "1"}:
        context = {
            "lesson": lesson,
            "is_read": selectors.lesson_is_read(learner_for_request(request), lesson),
            "error": "That request was not understood: reload the page and try the button again.",
        }
        template = READ_TOGGLE if request.htmx else "lessons/read_problem.html"
        return render(request, template, context, status=400)
    learner = learner_get_or_create_for_request(request=request)
    services.lesson_mark_read(learner=learner, lesson=lesson, read=choice == "1")
    if request.htmx:
        context = {"lesson": lesson, "is_read": choice == "1", "just_changed": True}
        return render(request, READ_TOGGLE, context)
    return redirect(f"{lesson.get_absolute_url()}#progress")
