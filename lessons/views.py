"""A lesson page (the lesson with its "check yourself" questions), marking a lesson read, and
remembering the section being read."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST, require_safe

from config.compression import PiecedResponse
from config.fragments import page_or_fragment
from learners.selectors import learner_for_request
from learners.services import learner_get_or_create_for_request
from lessons import caching, selectors, services
from lessons.models import Lesson
from lessons.rendering import split_on_questions
from quiz import selectors as quiz_selectors
from quiz.presenting import question_card

READ_TOGGLE = "includes/_read_toggle.html"


@dataclass(frozen=True)
class SharedLesson:
    """The part of a lesson page that is the same for every visitor, for one content version."""

    lesson: Lesson
    content: caching.Fragment  # breadcrumbs to sources, "check yourself" cards included
    previous: selectors.LessonLink | None
    following: selectors.LessonLink | None
    question_count: int


def _shared_lesson(slug: str) -> SharedLesson | None:
    """Rendered once per content version: the lesson, its cards (with slots), its place."""
    lesson = Lesson.objects.filter(slug=slug, is_active=True).first()
    if lesson is None:
        return None
    outline = selectors.lesson_outline()
    previous, following = selectors.lesson_neighbours(outline, lesson.slug)
    parts = split_on_questions(lesson.html)
    embedded = quiz_selectors.questions_by_id(
        [value for kind, value in parts if kind == "question"]
    )
    # A "check yourself" question whose id is unknown (retired) is simply left out.
    body = [
        (
            kind,
            question_card(embedded[value], token=caching.SUBMISSION_SLOT)
            if kind == "question"
            else value,
        )
        for kind, value in parts
        if kind == "html" or value in embedded
    ]
    context = {
        "lesson": lesson,
        "body": body,
        "position": [link.slug for link in outline].index(lesson.slug) + 1,
        "lesson_count": len(outline),
        "csrf_token": caching.CSRF_SLOT,
        # Per learner: never part of the shared body, a slot each request fills (lesson_detail).
        "resume_html": mark_safe(caching.RESUME_SLOT),
    }
    html = render_to_string("lessons/lesson.html#lesson-content", context)
    return SharedLesson(
        lesson=lesson,
        content=caching.Fragment.from_html(html),
        previous=previous,
        following=following,
        question_count=quiz_selectors.question_counts().get(lesson.slug, 0),
    )


@require_safe
def lesson_detail(request: HttpRequest, slug: str) -> HttpResponse:
    version = caching.content_version()
    shared = caching.kept(version, ("lesson-page", slug), lambda: _shared_lesson(slug))
    if shared is None:
        raise Http404("No such lesson.")
    lesson = shared.lesson
    learner = learner_for_request(request)
    # Read again only after the learner's progress changed (caching.kept_progress).
    reading = caching.kept_progress(version, learner, selectors.reading_record).state_in(lesson)
    is_read, resume = reading.is_read, reading.resume
    standing = caching.kept_progress(version, learner, quiz_selectors.quiz_standings).get(slug)
    user = request.user
    etag = caching.visitor_etag(
        request,
        (
            version,
            slug,
            user.pk,
            user.get_username(),
            learner and learner.pk,
            is_read,
            standing,
            resume,
        ),
    )
    if (unchanged := caching.not_modified(request, etag)) is not None:
        return unchanged

    def shell() -> caching.Fragment:
        context = {
            "lesson": lesson,
            "lesson_content": mark_safe(caching.CONTENT_SLOT),
            "previous": shared.previous,
            "following": shared.following,
            "is_read": is_read,
            "standing": standing,
            "question_count": shared.question_count,
        }
        shown_user = caching.ShownUser(user.is_authenticated)
        return caching.page_shell("lessons/lesson.html", request, context, shown_user)

    # The page around the lesson differs only by these; the visitor's own values fill its slots.
    state = ("lesson-shell", slug, user.is_authenticated, is_read, standing)
    parts = caching.kept_per_state(version, state, shell).fill(
        csrf_token=caching.page_csrf_token(request),  # one masked token for the whole page
        nonce=caching.request_nonce(request),
        username=user.get_username(),
        content=shared.content,
        # The same place gives the same link: rendered once per content version and place.
        resume=caching.kept_per_state(
            version, ("resume-link", resume), lambda: _resume_link(resume)
        ),
    )
    return caching.private_revalidated(PiecedResponse(parts), etag)


def _resume_link(resume: selectors.ResumePoint | None) -> str:
    """This learner's "Continue at ..." link for the lesson's header, or nothing."""
    if resume is None:
        return ""
    return render_to_string("includes/_resume.html", {"resume": resume, "in_lesson": True})


@require_POST
@page_or_fragment
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
