"""The pages that bring lessons and quizzes together: the course home and a lesson page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from classroom import selectors as classroom_selectors
from labs import selectors as lab_selectors
from learners.selectors import learner_for_request
from lessons import selectors as lesson_selectors
from lessons.models import Lesson
from lessons.rendering import split_on_questions
from quiz import selectors as quiz_selectors
from quiz.presenting import question_card


@require_safe
def course_home(request: HttpRequest) -> HttpResponse:
    learner = learner_for_request(request)
    lessons = lesson_selectors.lessons_for_course()
    read_slugs = lesson_selectors.lesson_slugs_read(learner)
    next_lesson = next((lesson for lesson in lessons if lesson.slug not in read_slugs), None)
    context = {
        "lessons": lessons,
        "read_slugs": read_slugs,
        "read_count": sum(1 for lesson in lessons if lesson.slug in read_slugs),
        "next_lesson": next_lesson,
        "started": bool(read_slugs),
        "total_minutes": sum(lesson.minutes for lesson in lessons),
        "standings": quiz_selectors.quiz_standings(learner),
        "question_counts": quiz_selectors.question_counts(),
        "assignments": classroom_selectors.learner_assignments(learner),
        "labs": lab_selectors.labs_available(),
        "lab_standings": lab_selectors.lab_standings(learner),
    }
    return render(request, "course/home.html", context)


@require_safe
def lesson_detail(request: HttpRequest, slug: str) -> HttpResponse:
    lesson = get_object_or_404(Lesson, slug=slug, is_active=True)
    learner = learner_for_request(request)
    outline = lesson_selectors.lesson_outline()
    previous, following = lesson_selectors.lesson_neighbours(outline, lesson.slug)
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
        "is_read": lesson_selectors.lesson_is_read(learner, lesson),
        "position": [link.slug for link in outline].index(lesson.slug) + 1,
        "lesson_count": len(outline),
        "standing": quiz_selectors.quiz_standings(learner).get(lesson.slug),
        "question_count": quiz_selectors.question_counts().get(lesson.slug, 0),
    }
    return render(request, "course/lesson.html", context)
