"""The course home: every lesson in order, the learner's progress and assignments."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from classroom import selectors as classroom_selectors
from learners.selectors import anonymous_progress_days, learner_for_request
from lessons import selectors as lesson_selectors
from quiz import selectors as quiz_selectors


@require_safe
def course_home(request: HttpRequest) -> HttpResponse:
    learner = learner_for_request(request)
    lessons = lesson_selectors.lessons_for_course()
    read_slugs = lesson_selectors.lesson_slugs_read(learner)
    next_lesson = next((lesson for lesson in lessons if lesson.slug not in read_slugs), None)
    standings = quiz_selectors.quiz_standings(learner)
    context = {
        "lessons": lessons,
        "read_slugs": read_slugs,
        "read_count": sum(1 for lesson in lessons if lesson.slug in read_slugs),
        "next_lesson": next_lesson,
        "started": bool(read_slugs),
        "total_minutes": sum(lesson.minutes for lesson in lessons),
        "standings": standings,
        "question_counts": quiz_selectors.question_counts(),
        "assignments": classroom_selectors.learner_assignments(learner),
        "resume": lesson_selectors.last_reading_position(learner),
        # Progress worth keeping, held only by this browser's session: suggest an account.
        "nudge_to_keep": learner is not None
        and learner.user_id is None
        and bool(read_slugs or standings),
        "anonymous_days": anonymous_progress_days(),
    }
    return render(request, "course/home.html", context)
