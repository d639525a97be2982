"""A lesson page (the lesson with its "check yourself" questions), marking a lesson read, and
remembering the section being read."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from learners.selectors import learner_for_request
from learners.services import learner_get_or_create_for_request
from lessons import selectors, services
from lessons.models import Lesson
from lessons.rendering import split_on_questions
from quiz import selectors as quiz_selectors
from quiz.presenting import question_card

READ_TOGGLE = "includes/_read_toggle.html"


@require_safe
def lesson_detail(request: HttpRequest, slug: str) -> HttpResponse:
    lesson = get_object_or_404(Lesson, slug=slug, is_active=True)
    learner = learner_for_request(request)
    outline = selectors.lesson_outline()
    previous, following = selectors.lesson_neighbours(outline, lesson.slug)
    parts = split_on_questions(lesson.html)
    embedded = quiz_selectors.questions_by_id(
        [value for kind, value in parts if kind == "question"]
    )
    # A "check yourself" question whose id is unknown (retired) is simply left out.
    body = [
        (kind, question_card(embedded[value]) if kind == "question" else value)
        for kind, value in parts
        if kind == "html" or value in embedded
    ]
    context = {
        "lesson": lesson,
        "body": body,
        "previous": previous,
        "following": following,
        "is_read": selectors.lesson_is_read(learner, lesson),
        "position": [link.slug for link in outline].index(lesson.slug) + 1,
        "lesson_count": len(outline),
        "standing": quiz_selectors.quiz_standings(learner).get(lesson.slug),
        "question_count": quiz_selectors.question_counts().get(lesson.slug, 0),
        # Per learner, like is_read and standing: never part of a shared, cached lesson body.
        "resume": selectors.reading_position(learner, lesson),
    }
    return render(request, "lessons/lesson.html", context)


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


@require_POST
def lesson_position(request: HttpRequest, slug: str) -> HttpResponse:
    """Remember the section being read ("section=<heading id>"); sent by site.js as the reader scrolls."""
    lesson = get_object_or_404(Lesson, slug=slug, is_active=True)
    section = request.POST.get("section", "")
    # Checked before a learner is created: a stale page or a forged post leaves nothing behind.
    if section not in selectors.section_ids(lesson):
        return HttpResponseBadRequest(
            "That section is not in this lesson: reload the page.", content_type="text/plain"
        )
    learner = learner_get_or_create_for_request(request=request)
    services.lesson_position_save(learner=learner, lesson=lesson, section=section)
    return HttpResponse(status=204)
