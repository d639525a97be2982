"""The course home: every lesson in order, the learner's progress and assignments."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from classroom import selectors as classroom_selectors
from config.compression import PiecedResponse
from drills.overrides import reviews_unseen
from labs import selectors as lab_selectors
from learners.selectors import anonymous_progress_days, learner_for_request
from lessons import caching
from lessons import selectors as lesson_selectors
from quiz import selectors as quiz_selectors


@require_safe
def course_home(request: HttpRequest) -> HttpResponse:
    # The lessons and their question counts are the same for every visitor: kept per content version.
    version = caching.content_version()
    lessons = caching.kept(version, ("course-lessons",), lesson_selectors.lessons_for_course)
    question_counts = caching.kept(version, ("question-counts",), quiz_selectors.question_counts)
    learner = learner_for_request(request)
    # Each read again only after the learner's progress changed (caching.kept_progress).
    reading = caching.kept_progress(version, learner, lesson_selectors.reading_record)
    read_slugs, resume = reading.read, reading.resume
    standings = caching.kept_progress(version, learner, quiz_selectors.quiz_standings)
    lab_standings = caching.kept_progress(version, learner, lab_selectors.lab_standings)
    assignments = classroom_selectors.learner_assignments(learner)
    review_notices = reviews_unseen(learner)
    user = request.user
    next_lesson = next((lesson for lesson in lessons if lesson.slug not in read_slugs), None)
    nudge_to_keep = (
        learner is not None and learner.user_id is None and bool(read_slugs or standings)
    )
    context = {
        "lessons": lessons,
        "read_slugs": read_slugs,
        "read_count": sum(1 for lesson in lessons if lesson.slug in read_slugs),
        "next_lesson": next_lesson,
        "started": bool(read_slugs),
        "total_minutes": sum(lesson.minutes for lesson in lessons),
        "standings": standings,
        "question_counts": question_counts,
        "assignments": assignments,
        "labs": lab_selectors.labs_available(),
        "lab_standings": lab_standings,
        "review_notices": review_notices,
        "resume": resume,
        # Progress worth keeping, held only by this browser's session: suggest an account.
        "nudge_to_keep": nudge_to_keep,
        "anonymous_days": anonymous_progress_days(),
    }
    if assignments or review_notices:
        # Assignment statuses move with the clock (due, overdue), and a review notice is one
        # learner's: rendered for every request, and never kept by a cache.
        return caching.private_revalidated(render(request, "course/home.html", context), None)
    # Otherwise the page differs between visitors only by their progress: the page for each state
    # of progress is kept, and the visitor's own values (tokens, name) fill its slots.
    state = (
        "home",
        user.is_authenticated,
        # Sorted, not a set: the state is also in the page's ETag, which every worker must compute
        # alike (a set's order changes with each process's hash seed).
        tuple(sorted(read_slugs)),
        tuple(sorted(standings.items())),
        tuple(sorted(lab_standings.items())),
        # This learner's own place and nudge are part of the state: a shell shows only its own.
        resume,
        nudge_to_keep,
    )
    # Everything the page shows this visitor: a revisit with none of it changed gets a 304.
    etag = caching.visitor_etag(
        request, (version, state, user.pk, user.get_username(), learner and learner.pk)
    )
    if (unchanged := caching.not_modified(request, etag)) is not None:
        return unchanged
    shell = caching.kept_per_state(
        version,
        state,
        lambda: caching.page_shell(
            "course/home.html", request, context, caching.ShownUser(user.is_authenticated)
        ),
    )
    parts = shell.fill(
        csrf_token=caching.page_csrf_token(request),
        nonce=caching.request_nonce(request),
        username=user.get_username(),
    )
    return caching.private_revalidated(PiecedResponse(parts), etag)
