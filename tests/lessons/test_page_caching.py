"""Kept pages (lessons/caching.py) as visitors see them: never another's progress, token or name,
never a lesson older than the content, 304 only when nothing changed for that visitor, and the same
HTML as a plain render of the template."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from labs.exercises import exercises_for
from labs.models import LabResult
from learners.models import Learner
from lessons import caching, selectors
from lessons.models import Lesson, LessonRead
from lessons.rendering import split_on_questions
from quiz import selectors as quiz_selectors
from quiz.models import Question, QuizRun
from quiz.presenting import question_card

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
LESSON = "/lessons/image-layers/"
CARD_QUESTION = "layers-whiteout-size"  # a "check yourself" question embedded in that lesson


@pytest.fixture(autouse=True)
def nothing_kept():
    """Each test starts as a new worker does, with nothing kept."""
    caching.forget_kept()
    yield
    caching.forget_kept()


def csrf_tokens(page: str) -> set[str]:
    return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)) | set(
        re.findall(r'"X-CSRFToken": "([^"]+)"', page)
    )


def normalised(page: str) -> str:
    """The page with the values that are new in every response replaced by names."""
    page = re.sub(
        r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value="CSRF"', page
    )
    page = re.sub(r'"X-CSRFToken": "[^"]+"', '"X-CSRFToken": "CSRF"', page)
    page = re.sub(r'nonce="[^"]+"', 'nonce="NONCE"', page)
    return re.sub(r'name="token" value="[0-9a-f-]{36}"', 'name="token" value="TOKEN"', page)


def answer_current_question(visitor: Client, slug: str = "image-layers") -> bool:
    """Answer the quiz's current question with the first choice (or a typed guess); False when done."""
    page = visitor.get(f"/lessons/{slug}/quiz/").content.decode()
    action = re.search(r'action="(/quiz/questions/[^/]+/answer/)"', page)
    if action is None:
        return False
    fields = {
        "run": re.search(r'name="run" value="(\d+)"', page)[1],
        "token": re.search(r'name="token" value="([^"]+)"', page)[1],
        "text": "x",
        "number": "1",
    }
    if choice := re.search(r'name="choice" value="([^"]+)"', page):
        fields["choice"] = choice[1]
    for name, value in re.findall(
        r'<select name="(position-[^"]+)".*?<option value="(\d+)" selected', page, re.DOTALL
    ):
        fields[name] = value
    visitor.post(action[1], fields)
    return True


def learner_with_progress(slug: str = "image-layers") -> Client:
    """A visitor who has read the lesson and finished its quiz."""
    visitor = Client()
    visitor.post(f"/lessons/{slug}/read/", {"read": "1"})
    visitor.post(f"/lessons/{slug}/quiz/start/")
    while answer_current_question(visitor, slug):
        pass
    return visitor


# --- one visitor's things never reach another ---------------------------------------------------------


def test_a_learner_never_sees_another_learners_progress_on_the_lesson(course):
    reader = learner_with_progress()
    assert "You have marked this lesson as read." in reader.get(LESSON).content.decode()
    assert "Your best score so far" in reader.get(LESSON).content.decode()
    stranger = Client()
    page = stranger.get(LESSON).content.decode()
    assert "You have marked this lesson as read." not in page
    assert "Your best score so far" not in page
    assert "Take the quiz</a>" in page


def test_a_learner_never_sees_another_learners_progress_on_the_home_page(course):
    reader = learner_with_progress()
    assert "1 of 8 lessons read" in reader.get("/").content.decode()
    page = Client().get("/").content.decode()
    assert "0 of 8 lessons read" in page
    assert "best score" not in page


def reach(visitor: Client, slug: str, section: str) -> None:
    """The visitor's browser reports reading `section` (as site.js does while they scroll)."""
    assert visitor.post(f"/lessons/{slug}/position/", {"section": section}).status_code == 204


# Headings of the image-layers lesson.
RESUME_SECTION = "copy-up"
SECOND_SECTION = "whiteouts"


def test_a_learner_never_sees_another_learners_place_on_the_lesson(course):
    reader = Client()
    reach(reader, "image-layers", RESUME_SECTION)
    assert f'href="#{RESUME_SECTION}">Continue at' in reader.get(LESSON).content.decode()
    for stranger in (Client(), learner_with_progress()):
        page = stranger.get(LESSON).content.decode()
        assert "Continue at" not in page


def test_two_learners_on_the_same_kept_lesson_each_see_their_own_place(course):
    first, second = Client(), Client()
    reach(first, "image-layers", RESUME_SECTION)
    reach(second, "image-layers", SECOND_SECTION)
    first_page = first.get(LESSON).content.decode()
    second_page = second.get(LESSON).content.decode()
    assert f'href="#{RESUME_SECTION}">Continue at' in first_page
    assert f'href="#{SECOND_SECTION}">Continue at' not in first_page
    assert f'href="#{SECOND_SECTION}">Continue at' in second_page
    assert f'href="#{RESUME_SECTION}">Continue at' not in second_page


def test_a_learner_never_sees_another_learners_place_on_the_home_page(course):
    reader = Client()
    reach(reader, "networking", "user-defined-bridges")
    assert "Continue at “User-defined bridges”" in reader.get("/").content.decode()
    for stranger in (Client(), learner_with_progress()):
        assert "Continue at" not in stranger.get("/").content.decode()


def test_moving_on_in_the_lesson_changes_the_page_so_no_304(course):
    reader = Client()
    reach(reader, "image-layers", RESUME_SECTION)
    reader.get(LESSON)  # the first visit sets the CSRF cookie: no ETag before it
    etag = reader.get(LESSON)["ETag"]
    reach(reader, "image-layers", SECOND_SECTION)
    response = revisit(reader, etag)
    assert response.status_code == 200
    assert f'href="#{SECOND_SECTION}">Continue at' in response.content.decode()


def test_a_signed_in_users_name_is_shown_to_them_only(course, django_user_model):
    pages = {}
    for name in ("ada", "grace"):
        visitor = Client()
        visitor.force_login(django_user_model.objects.create_user(name, password="x"))
        pages[name] = visitor.get(LESSON).content.decode()
    assert '<span class="visually-hidden"> (ada)</span>' in pages["ada"]
    # grace's page is built from the same kept page as ada's, with her own name in it
    assert '<span class="visually-hidden"> (grace)</span>' in pages["grace"]
    assert "(ada)" not in pages["grace"]


def test_no_visitor_gets_another_visitors_csrf_token(course):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_page, second_page = (
        first.get(LESSON).content.decode(),
        second.get(LESSON).content.decode(),
    )
    stolen = next(iter(csrf_tokens(first_page)))
    refused = second.post(
        "/lessons/image-layers/read/", {"read": "1", "csrfmiddlewaretoken": stolen}
    )
    assert refused.status_code == 403
    own = next(iter(csrf_tokens(second_page)))
    accepted = second.post("/lessons/image-layers/read/", {"read": "1", "csrfmiddlewaretoken": own})
    assert accepted.status_code == 302


def test_every_form_on_a_kept_page_carries_the_visitors_own_token(course):
    visitor = Client(enforce_csrf_checks=True)
    visitor.get(LESSON)
    page = visitor.get(LESSON).content.decode()  # the second request is built from kept HTML
    tokens = csrf_tokens(page)
    assert len(tokens) == 1  # one token for the page, as a template render gives
    response = visitor.post(
        f"/quiz/questions/{CARD_QUESTION}/answer/",
        {
            "csrfmiddlewaretoken": tokens.pop(),
            "token": re.search(r'name="token" value="([^"]+)"', page)[1],
            "choice": "false",
        },
    )
    assert response.status_code == 200
    assert "Correct!" in response.content.decode()


def test_each_response_masks_the_token_afresh_and_gives_cards_new_submission_tokens(course):
    visitor = Client()
    first, second = visitor.get(LESSON).content.decode(), visitor.get(LESSON).content.decode()
    assert csrf_tokens(first).isdisjoint(csrf_tokens(second))
    submission = re.compile(r'name="token" value="([^"]+)"')
    assert set(submission.findall(first)).isdisjoint(submission.findall(second))
    assert len(set(submission.findall(first))) == len(submission.findall(first))


# --- never stale --------------------------------------------------------------------------------------


def test_a_lesson_changed_by_sync_content_is_never_shown_stale(course, course_copy, capsys):
    visitor = Client()
    assert "Pull an image that shares its base" in visitor.get(LESSON).content.decode()
    course_copy.edit(
        "lessons/02-image-layers.md",
        "Pull an image that shares its base",
        "Fetch an image that shares its base",
    )
    course_copy.sync()
    page = visitor.get(LESSON).content.decode()
    assert "Fetch an image that shares its base" in page
    assert "Pull an image that shares its base" not in page


def test_a_question_changed_by_sync_content_shows_on_the_lesson_at_once(
    course, course_copy, capsys
):
    visitor = Client()
    assert "makes the image smaller than it was" in visitor.get(LESSON).content.decode()
    course_copy.edit(
        "quiz/image-layers.yaml",
        "makes the image smaller than it was before that step.",
        "shrinks the image below its size before that step.",
    )
    course_copy.sync()
    page = visitor.get(LESSON).content.decode()
    assert "shrinks the image below its size before that step." in page


def test_a_retired_lesson_is_gone_from_the_kept_pages(course):
    assert Client().get("/lessons/storage/").status_code == 200
    assert 'href="/lessons/storage/"' in Client().get("/").content.decode()
    # What sync_content does to a lesson whose file is gone (lessons/syncing.py).
    Lesson.objects.filter(slug="storage").update(is_active=False)
    assert Client().get("/lessons/storage/").status_code == 404
    assert 'href="/lessons/storage/"' not in Client().get("/").content.decode()


def test_a_change_to_content_rows_by_any_writer_gives_a_new_content_version(course):
    before = caching.content_version()
    Lesson.objects.filter(slug="image-layers").update(title="Layers, renamed in the admin")
    after_lesson = caching.content_version()
    Question.objects.filter(question_id=CARD_QUESTION).update(is_active=False)
    after_question = caching.content_version()
    assert len({before, after_lesson, after_question}) == 3
    page = Client().get(LESSON).content.decode()
    assert "Layers, renamed in the admin" in page
    assert f'id="question-{CARD_QUESTION}"' not in page


# --- conditional GET ----------------------------------------------------------------------------------


def revisit(visitor: Client, etag: str):
    return visitor.get(LESSON, headers={"If-None-Match": etag})


def test_a_revisit_with_nothing_changed_is_a_304(course):
    visitor = Client()
    visitor.get(LESSON)  # the first visit sets the CSRF cookie
    first = visitor.get(LESSON)
    again = revisit(visitor, first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_a_compressed_page_is_revalidated_with_its_weak_etag(course):
    visitor = Client(headers={"Accept-Encoding": "gzip"})
    visitor.get(LESSON)
    first = visitor.get(LESSON)
    assert first["Content-Encoding"] == "gzip"
    assert first["ETag"].startswith('W/"')  # compressing makes the tag weak (RFC 9110)
    assert revisit(visitor, first["ETag"]).status_code == 304


def test_pages_are_private_and_vary_by_cookie(course):
    visitor = Client()
    visitor.get(LESSON)
    response = visitor.get(LESSON)
    assert "private" in response["Cache-Control"]
    assert "no-cache" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    assert "private" in revisit(visitor, response["ETag"])["Cache-Control"]


def test_a_first_visit_without_a_csrf_cookie_is_never_a_304(course):
    response = Client().get(LESSON, headers={"If-None-Match": "*"})
    assert response.status_code == 200
    assert "ETag" not in response


def test_marking_the_lesson_read_changes_the_page_so_no_304(course):
    visitor = Client()
    visitor.get(LESSON)
    etag = visitor.get(LESSON)["ETag"]
    visitor.post("/lessons/image-layers/read/", {"read": "1"})
    response = revisit(visitor, etag)
    assert response.status_code == 200
    assert "You have marked this lesson as read." in response.content.decode()


def test_a_finished_quiz_changes_the_page_so_no_304(course):
    visitor = Client()
    visitor.get(LESSON)
    visitor.post("/lessons/image-layers/read/", {"read": "1"})
    etag = visitor.get(LESSON)["ETag"]
    visitor.post("/lessons/image-layers/quiz/start/")
    assert revisit(visitor, etag).status_code == 304  # a quiz under way shows nowhere on the page
    while answer_current_question(visitor):
        pass
    response = revisit(visitor, etag)
    assert response.status_code == 200
    assert "Your best score so far" in response.content.decode()


def test_another_visitors_etag_gets_the_full_page(course):
    first, second = Client(), Client()
    first.get(LESSON)
    second.get(LESSON)
    etag = first.get(LESSON)["ETag"]
    assert revisit(second, etag).status_code == 200


def test_a_content_change_makes_the_old_etag_stale(course):
    visitor = Client()
    visitor.get(LESSON)
    etag = visitor.get(LESSON)["ETag"]
    Lesson.objects.filter(slug="image-layers").update(summary="A new summary.")
    response = revisit(visitor, etag)
    assert response.status_code == 200
    assert "A new summary." in response.content.decode()


def revisit_home(visitor: Client, etag: str):
    return visitor.get("/", headers={"If-None-Match": etag})


def test_a_home_page_revisit_with_nothing_changed_is_a_304(course):
    visitor = learner_with_progress()
    first = visitor.get("/")
    again = revisit_home(visitor, first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert "private" in again["Cache-Control"]


def test_reading_a_lesson_changes_the_home_page_so_no_304(course):
    visitor = Client()
    visitor.get("/")
    etag = visitor.get("/")["ETag"]
    visitor.post("/lessons/containers-vs-vms/read/", {"read": "1"})
    response = revisit_home(visitor, etag)
    assert response.status_code == 200
    assert "1 of 8 lessons read" in response.content.decode()


def test_another_visitors_home_etag_gets_the_full_page(course):
    first, second = learner_with_progress(), Client()
    second.get("/")
    assert revisit_home(second, first.get("/")["ETag"]).status_code == 200


def test_signing_in_makes_the_old_etag_stale(course, django_user_model):
    visitor = Client()
    visitor.get(LESSON)
    etag = visitor.get(LESSON)["ETag"]
    visitor.force_login(django_user_model.objects.create_user("ada", password="x"))
    response = revisit(visitor, etag)
    assert response.status_code == 200
    assert "(ada)" in response.content.decode()


# --- the same HTML as a plain render ------------------------------------------------------------------


def plain_lesson_page(visitor: Client, slug: str) -> str:
    """The lesson page rendered the plain way, every request from scratch: nothing kept, no slots."""
    request = visitor.get(f"/lessons/{slug}/").wsgi_request  # the visitor's session and user
    lesson = Lesson.objects.get(slug=slug)
    outline = selectors.lesson_outline()
    previous, following = selectors.lesson_neighbours(outline, slug)
    parts = split_on_questions(lesson.html)
    embedded = quiz_selectors.questions_by_id([v for kind, v in parts if kind == "question"])
    body = [
        (kind, question_card(embedded[value]) if kind == "question" else value)
        for kind, value in parts
        if kind == "html" or value in embedded
    ]
    from learners.selectors import learner_for_request

    learner = learner_for_request(request)
    csrf_token = get_token(request)
    resume = selectors.reading_record(learner).state_in(lesson).resume
    context = {
        "lesson": lesson,
        "body": body,
        "position": [link.slug for link in outline].index(slug) + 1,
        "lesson_count": len(outline),
        "csrf_token": csrf_token,
        "resume_html": render_to_string(
            "includes/_resume.html", {"resume": resume, "in_lesson": True}
        )
        if resume
        else "",
    }
    content = render_to_string("lessons/lesson.html#lesson-content", context, request)
    context |= {
        "lesson_content": content,
        "previous": previous,
        "following": following,
        "is_read": selectors.lesson_is_read(learner, lesson),
        "standing": quiz_selectors.quiz_standings(learner).get(slug),
        "question_count": quiz_selectors.question_counts().get(slug, 0),
    }
    return render_to_string("lessons/lesson.html", context, request)


@pytest.mark.parametrize("who", ["anonymous", "learner", "signed in", "resuming"])
def test_the_lesson_page_is_the_same_html_with_and_without_the_cache(
    course, who, django_user_model
):
    visitor = learner_with_progress() if who != "anonymous" else Client()
    if who == "signed in":
        visitor.force_login(django_user_model.objects.create_user("ada", password="x"))
    if who == "resuming":
        reach(visitor, "image-layers", RESUME_SECTION)
    visitor.get(LESSON)
    kept = visitor.get(LESSON).content.decode()  # built from kept HTML
    assert normalised(kept) == normalised(plain_lesson_page(visitor, "image-layers"))


@pytest.mark.parametrize("who", ["anonymous", "learner", "resuming"])
def test_the_home_page_is_the_same_html_with_and_without_the_cache(course, who):
    visitor = learner_with_progress() if who != "anonymous" else Client()
    if who == "resuming":
        reach(visitor, "networking", "user-defined-bridges")
    visitor.get("/")
    kept = visitor.get("/").content.decode()
    caching.forget_kept()
    from unittest import mock

    # Nothing kept at all: every value worked out and the template rendered for this request.
    with mock.patch.object(caching, "content_version", return_value=None):
        plain = visitor.get("/").content.decode()
    assert normalised(kept) == normalised(plain)


# --- the same for everyone is not asked again ---------------------------------------------------------


def tables_read(visitor: Client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        visitor.get(path)
    return sorted(re.findall(r'FROM "?(\w+)', query["sql"])[0] for query in captured)


def test_a_kept_lesson_page_asks_the_database_only_about_the_visitor(course):
    visitor = learner_with_progress()
    visitor.get(LESSON)
    # the content version, and the visitor's session and learner with their progress token (the
    # time-zone middleware may read the session first): nothing about the course, and nothing of
    # their progress, which this worker read on the first visit and which has not changed since
    assert tables_read(visitor, LESSON) == [
        "django_session",
        "learners_learner",
        "lessons_contentversion",
    ]


# --- a learner's progress, kept per worker until it changes (caching.kept_progress) --------------


def learner_of(visitor: Client) -> Learner:
    return Learner.objects.get(pk=visitor.session["learner_id"])


@pytest.mark.parametrize("path", [LESSON, "/"])
def test_a_learners_progress_is_read_again_after_it_changes(course, path):
    visitor = learner_with_progress()
    visitor.get(path)
    assert "quiz_quizrun" not in tables_read(visitor, path)  # their quiz scores, for one
    reach(visitor, "image-layers", RESUME_SECTION)
    assert "quiz_quizrun" in tables_read(visitor, path)  # read again once,
    assert "quiz_quizrun" not in tables_read(visitor, path)  # and kept again


def change_read_mark_outside_the_site(learner: Learner) -> None:
    """A writer that is not the site's views: a queryset update, as a script or the admin does."""
    LessonRead.objects.filter(learner=learner).delete()


def lab_solved_outside_the_site(learner: Learner) -> None:
    LabResult.objects.create(
        learner=learner,
        lab_slug="build-cache",
        exercise_id=exercises_for("build-cache")[0].id,
        last_answer="(written by a script)",
        last_solved=True,
        solved_at=timezone.now(),
        attempted_at=timezone.now(),
    )


def place_set_with_raw_sql(learner: Learner) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO lessons_readingposition (learner_id, lesson_id, section, updated_at)"
            " VALUES (%s, %s, %s, %s)",
            [
                learner.pk,
                Lesson.objects.get(slug="networking").pk,
                "user-defined-bridges",
                timezone.now(),
            ],
        )


def quiz_score_lowered_outside_the_site(learner: Learner) -> None:
    QuizRun.objects.filter(learner=learner).update(score=0)


@pytest.mark.parametrize(
    ("change", "path", "shown_before", "shown_after"),
    [
        (
            change_read_mark_outside_the_site,
            LESSON,
            "You have marked this lesson as read.",
            "Finished? Mark the lesson read",
        ),
        (quiz_score_lowered_outside_the_site, LESSON, "Your best score so far: <strong>", "(0%)"),
        (place_set_with_raw_sql, "/", "1 of 8 lessons read", "Continue at “User-defined bridges”"),
        (lab_solved_outside_the_site, "/", "exercises, none solved yet", "exercises solved"),
    ],
)
def test_a_change_to_a_learners_progress_by_any_writer_shows_on_the_next_page(
    course, change, path, shown_before, shown_after
):
    visitor = learner_with_progress()
    assert shown_before in visitor.get(path).content.decode()  # kept by this worker now
    assert shown_after not in visitor.get(path).content.decode()
    change(learner_of(visitor))
    assert shown_after in visitor.get(path).content.decode()


def test_progress_moved_to_another_learner_leaves_the_first_and_reaches_the_second(course):
    giver, taker = learner_with_progress(), Client()
    reach(taker, "networking", "user-defined-bridges")
    assert "1 of 8 lessons read" in giver.get("/").content.decode()
    assert "0 of 8 lessons read" in taker.get("/").content.decode()
    LessonRead.objects.filter(learner=learner_of(giver)).update(learner=learner_of(taker))
    assert "0 of 8 lessons read" in giver.get("/").content.decode()
    assert "1 of 8 lessons read" in taker.get("/").content.decode()


def test_an_anonymous_visitor_costs_one_query(course):
    visitor = Client()
    visitor.get(LESSON)
    visitor.get("/")
    with CaptureQueriesContext(connection) as captured:
        visitor.get(LESSON)
        visitor.get("/")
    assert len(captured) == 2  # the content version, once per page


# --- the CSRF cookie ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [LESSON, "/"])
def test_a_first_visit_to_a_kept_page_gets_the_csrf_cookie(course, path):
    response = Client().get(path)
    assert response.cookies[settings.CSRF_COOKIE_NAME].value


@pytest.mark.parametrize("path", [LESSON, "/"])
def test_a_kept_page_does_not_send_a_visitor_their_csrf_cookie_again(course, path):
    visitor = Client()
    visitor.get(path)
    again = visitor.get(path)
    assert settings.CSRF_COOKIE_NAME not in again.cookies
    assert csrf_tokens(again.content.decode())  # the page's forms still carry a token


def test_a_malformed_csrf_cookie_is_replaced_by_a_kept_page(course):
    visitor = Client()
    visitor.cookies[settings.CSRF_COOKIE_NAME] = "not-a-token!"
    response = visitor.get(LESSON)
    assert response.cookies[settings.CSRF_COOKIE_NAME].value not in ("", "not-a-token!")


def test_a_learners_progress_past_the_bound_is_dropped_and_read_again(course, monkeypatch):
    """A worker keeps at most LEARNERS_KEPT reads; past it they are dropped, never served stale."""
    monkeypatch.setattr(caching, "LEARNERS_KEPT", 2)
    reads = []

    def counted(learner):
        reads.append(learner.pk)
        return {"read by": learner.pk}

    learners = [Learner.objects.create() for _ in range(3)]
    version = caching.content_version()
    for learner in [*learners, learners[0]]:
        assert caching.kept_progress(version, learner, counted) == {"read by": learner.pk}
    # The third learner filled the bound, so the first was read again rather than kept.
    assert reads == [learner.pk for learner in learners] + [learners[0].pk]
