"""Where a learner left off: saved as they scroll, offered back on the lesson and the course home."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from learners.models import Learner
from lessons.models import Lesson, ReadingPosition

pytestmark = pytest.mark.django_db


def reach(client, slug: str, section: str):
    return client.post(f"/lessons/{slug}/position/", {"section": section})


def test_the_lesson_offers_to_continue_at_the_section_reached(client, course):
    assert reach(client, "networking", "user-defined-bridges").status_code == 204
    page = client.get("/lessons/networking/").content.decode()
    assert 'href="#user-defined-bridges">Continue at “User-defined bridges”' in page


def test_two_readers_of_one_lesson_are_each_offered_their_own_section(course):
    first, second = Client(), Client()
    reach(first, "networking", "user-defined-bridges")
    reach(second, "networking", "publishing-ports")
    first.get("/lessons/networking/")  # the first reader's link is now kept
    page = second.get("/lessons/networking/").content.decode()
    assert "Continue at “User-defined bridges”" not in page
    assert 'href="#publishing-ports">Continue at' in page
    assert (
        "Continue at “User-defined bridges”" in first.get("/lessons/networking/").content.decode()
    )


def test_a_new_visitor_is_not_offered_to_continue(client, course):
    assert "Continue at" not in client.get("/lessons/networking/").content.decode()


def test_the_home_page_offers_the_section_read_last(client, course):
    reach(client, "networking", "user-defined-bridges")
    reach(client, "storage", "volumes")
    page = client.get("/").content.decode()
    assert 'href="/lessons/storage/#volumes">Continue at “Volumes: storage Docker manages”' in page
    assert "in Storage: volumes, bind mounts and tmpfs" in page


def test_the_home_page_moves_on_once_that_lesson_is_read(client, course):
    reach(client, "containers-vs-vms", "namespaces")
    client.post("/lessons/containers-vs-vms/read/", {"read": "1"})
    page = client.get("/").content.decode()
    assert "Continue at" not in page
    assert "Continue: " in page


def test_an_unknown_section_is_refused_and_nothing_is_saved(client, course):
    response = reach(client, "networking", "no-such-heading")
    assert response.status_code == 400
    assert "not in this lesson" in response.content.decode()
    assert not Learner.objects.exists()


def test_a_section_whose_heading_is_gone_is_not_offered(client, course):
    reach(client, "networking", "user-defined-bridges")
    ReadingPosition.objects.update(section="renamed-since")
    assert "Continue at" not in client.get("/lessons/networking/").content.decode()


def test_positions_are_one_per_lesson_and_move_with_the_reader(client, course):
    reach(client, "networking", "user-defined-bridges")
    reach(client, "networking", "publishing-ports")
    assert list(ReadingPosition.objects.values_list("section", flat=True)) == ["publishing-ports"]


def test_reading_the_position_needs_a_post(client, course):
    assert client.get("/lessons/networking/position/").status_code == 405


def test_signing_in_keeps_the_more_recent_position(client, course):
    user = get_user_model().objects.create_user("ada", password="a-long-passphrase-42")
    account = Learner.objects.create(user=user)
    lesson = Lesson.objects.get(slug="networking")
    ReadingPosition.objects.create(
        learner=account,
        lesson=lesson,
        section="publishing-ports",
        updated_at=timezone.now() - timedelta(days=1),
    )
    reach(client, "networking", "user-defined-bridges")  # anonymous, today
    client.post("/accounts/login/", {"username": "ada", "password": "a-long-passphrase-42"})
    assert list(ReadingPosition.objects.values_list("learner", "section")) == [
        (account.pk, "user-defined-bridges")
    ]
