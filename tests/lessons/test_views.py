"""Lesson pages as a visitor sees them: the course home, a lesson, mark as read, 404s."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lessons.models import Lesson

pytestmark = pytest.mark.django_db


def test_home_lists_all_eight_lessons_in_order(client, course):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    positions = [page.index(f'href="/lessons/{lesson.slug}/"') for lesson in course]
    assert positions == sorted(positions)
    assert "0 of 8 lessons read" in page


def test_home_shows_each_lessons_summary_and_reading_time(client, course):
    page = client.get("/").content.decode()
    first = course[0]
    assert first.summary.replace("'", "&#x27;") in page
    assert f"{first.minutes} min read" in page


def test_home_invites_a_new_visitor_to_start_with_lesson_one(client, course):
    page = client.get("/").content.decode()
    assert f"Start with lesson 1: {course[0].title}" in page


def test_lesson_page_shows_title_objectives_toc_sources_and_neighbours(client, course):
    lesson = course[1]
    response = client.get(f"/lessons/{lesson.slug}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<h1 id="lesson-title">{lesson.title}</h1>' in page
    assert f"<li>{lesson.objectives[0]}</li>" in page
    assert f'href="#{lesson.toc[0].id}"' in page
    assert f'id="{lesson.toc[0].id}"' in page
    assert lesson.sources[0]["url"] in page
    assert f'href="/lessons/{course[0].slug}/" rel="prev"' in page
    assert f'href="/lessons/{course[2].slug}/" rel="next"' in page


def test_first_lesson_has_no_previous_link(client, course):
    page = client.get(f"/lessons/{course[0].slug}/").content.decode()
    assert 'rel="prev"' not in page
    assert 'rel="next"' in page


def test_unknown_lesson_is_a_friendly_404(client, course):
    response = client.get("/lessons/kubernetes-operators/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_retired_lesson_is_not_found(client, course):
    Lesson.objects.filter(slug="storage").update(is_active=False)
    assert client.get("/lessons/storage/").status_code == 404


def test_mark_as_read_without_javascript_redirects_back_and_shows_on_home(client, course):
    response = client.post("/lessons/networking/read/", {"read": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/lessons/networking/#progress"
    lesson_page = client.get("/lessons/networking/").content.decode()
    assert "You have marked this lesson as read." in lesson_page
    home = client.get("/").content.decode()
    assert "1 of 8 lessons read" in home
    assert "✓ Read" in home


def test_mark_as_read_with_htmx_returns_the_updated_button(client, course):
    response = client.post(
        "/lessons/networking/read/", {"read": "1"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<div class="read-toggle" id="read-toggle">')
    assert "<html" not in fragment
    assert "Saved: this lesson counts as read." in fragment
    assert "Mark as not read" in fragment
    assert "1 of 8 lessons read" in client.get("/").content.decode()


def test_marking_read_twice_counts_once(client, course):
    client.post("/lessons/networking/read/", {"read": "1"})
    client.post("/lessons/networking/read/", {"read": "1"})
    assert "1 of 8 lessons read" in client.get("/").content.decode()


def test_mark_as_not_read_undoes_it(client, course):
    client.post("/lessons/networking/read/", {"read": "1"})
    client.post("/lessons/networking/read/", {"read": "0"}, headers={"HX-Request": "true"})
    assert "0 of 8 lessons read" in client.get("/").content.decode()


def test_home_offers_to_continue_with_the_first_unread_lesson(client, course):
    client.post(f"/lessons/{course[0].slug}/read/", {"read": "1"})
    page = client.get("/").content.decode()
    assert f"Continue: {course[1].title}" in page


def test_progress_belongs_to_the_visitor_who_made_it(client, course, django_user_model):
    from django.test import Client

    client.post("/lessons/networking/read/", {"read": "1"})
    stranger = Client()
    assert "0 of 8 lessons read" in stranger.get("/").content.decode()


def test_tampered_read_value_is_a_400_with_a_message(client, course):
    response = client.post(
        "/lessons/networking/read/", {"read": "yes"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 400
    assert "That request was not understood" in response.content.decode()
    assert "0 of 8 lessons read" in client.get("/").content.decode()


def test_tampered_read_value_without_javascript_shows_the_lesson_with_the_message(client, course):
    response = client.post("/lessons/networking/read/", {})
    assert response.status_code == 400
    page = response.content.decode()
    assert "That request was not understood" in page
    assert 'href="/lessons/networking/">Back to the lesson</a>' in page


def test_marking_an_unknown_lesson_is_404(client, course):
    assert client.post("/lessons/nope/read/", {"read": "1"}).status_code == 404


def test_mark_as_read_only_accepts_post(client, course):
    assert client.get("/lessons/networking/read/").status_code == 405


def test_mark_as_read_requires_the_csrf_token(course):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/lessons/networking/read/", {"read": "1"})
    assert response.status_code == 403


def _queries_for(client, slug: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/lessons/{slug}/").status_code == 200
    return len(captured)


def test_lesson_page_query_count_does_not_grow_with_the_lesson(client, course):
    by_size = sorted(course, key=lambda lesson: len(lesson.html))
    shortest, longest = by_size[0].slug, by_size[-1].slug
    client.post(f"/lessons/{shortest}/read/", {"read": "1"})  # a learner with a session
    first_visits = [_queries_for(client, slug) for slug in (shortest, longest)]
    # The first: session, content version, learner, the lesson and outline and questions and
    # counts (kept from then on), the learner's reading and quiz scores (kept until they change).
    assert first_visits[0] <= 9
    # The second lesson needs the same, less what the first kept.
    assert first_visits[1] <= first_visits[0]
    assert _queries_for(client, shortest) == _queries_for(client, longest)
