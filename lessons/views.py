"""Lesson pages: the course home, a lesson, and marking a lesson read."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from learners.selectors import learner_for_request
from learners.services import learner_get_or_create_for_request
from lessons import selectors, services
from lessons.models import Lesson


@require_safe
def course_home(request: HttpRequest) -> HttpResponse:
    lessons = selectors.lessons_for_course()
    read_slugs = selectors.lesson_slugs_read(learner_for_request(request))
    next_lesson = next((lesson for lesson in lessons if lesson.slug not in read_slugs), None)
    context = {
        "lessons": lessons,
        "read_slugs": read_slugs,
        "read_count": sum(1 for lesson in lessons if lesson.slug in read_slugs),
        "next_lesson": next_lesson,
        "started": bool(read_slugs),
        "total_minutes": sum(lesson.minutes for lesson in lessons),
    }
    return render(request, "lessons/home.html", context)


def _lesson_page_context(request: HttpRequest, lesson: Lesson) -> dict:
    outline = selectors.lesson_outline()
    previous, following = selectors.lesson_neighbours(outline, lesson.slug)
    return {
        "lesson": lesson,
        "previous": previous,
        "following": following,
        "is_read": selectors.lesson_is_read(learner_for_request(request), lesson),
        "position": [link.slug for link in outline].index(lesson.slug) + 1,
        "lesson_count": len(outline),
    }


@require_safe
def lesson_detail(request: HttpRequest, slug: str) -> HttpResponse:
    lesson = get_object_or_404(Lesson, slug=slug, is_active=True)
    return render(request, "lessons/lesson_detail.html", _lesson_page_context(request, lesson))


@require_POST
def lesson_read(request: HttpRequest, slug: str) -> HttpResponse:
    """Mark a lesson read ("read=1") or not read ("read=0"); htmx gets the button back."""
    lesson = get_object_or_404(Lesson, slug=slug, is_active=True)
    choice = request.POST.get("read")
    if choice not in {"0", "1"}:
        context = _lesson_page_context(request, lesson)
        context["error"] = (
            "That request was not understood: reload the page and try the button again."
        )
        template = (
            "lessons/lesson_detail.html#read-toggle"
            if request.htmx
            else "lessons/lesson_detail.html"
        )
        return render(request, template, context, status=400)
    learner = learner_get_or_create_for_request(request=request)
    services.lesson_mark_read(learner=learner, lesson=lesson, read=choice == "1")
    if request.htmx:
        context = {"lesson": lesson, "is_read": choice == "1", "just_changed": True}
        return render(request, "lessons/lesson_detail.html#read-toggle", context)
    return redirect(f"{lesson.get_absolute_url()}#progress", permanent=False)
