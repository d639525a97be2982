"""Accounts: sign-up, sign-in, and anonymous work moving into the account, nothing lost or doubled."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import User
from django.test import Client

from drills.models import DrillSubmission
from learners.models import Learner
from lessons.models import LessonRead
from quiz.models import Attempt

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-staple-9"


def do_some_work_anonymously(client: Client) -> None:
    client.post("/lessons/networking/read/", {"read": "1"})
    client.post(
        "/quiz/questions/net-embedded-dns-address/answer/",
        {"text": "127.0.0.11", "token": str(uuid.uuid4())},
    )
    client.post(
        "/drills/containerize-service/grade/",
        {"answer": "Run it as a non-root user.", "token": str(uuid.uuid4())},
    )


def test_signing_up_keeps_what_was_done_anonymously(client, course):
    do_some_work_anonymously(client)
    response = client.post(
        "/accounts/signup/", {"username": "newbie", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response["Location"] == "/me/"
    learner = User.objects.get(username="newbie").learner
    assert LessonRead.objects.filter(learner=learner).count() == 1
    assert Attempt.objects.filter(learner=learner).count() == 1
    assert DrillSubmission.objects.filter(learner=learner).count() == 1
    page = client.get("/me/").content.decode()
    assert "1 of 8 lessons read." in page


def test_signing_in_merges_anonymous_work_without_counting_twice(client, course):
    user = User.objects.create_user("returning", password=PASSWORD)
    other_device = Client()
    other_device.force_login(user)
    other_device.post("/lessons/networking/read/", {"read": "1"})
    do_some_work_anonymously(client)  # reads networking again, answers, grades
    client.post("/accounts/login/", {"username": "returning", "password": PASSWORD})
    learner = Learner.objects.get(user=user)
    assert LessonRead.objects.filter(learner=learner).count() == 1
    assert Attempt.objects.filter(learner=learner).count() == 1
    assert DrillSubmission.objects.filter(learner=learner).count() == 1
    assert Learner.objects.filter(user__isnull=True).count() == 0
    assert "1 of 8 lessons read" in client.get("/").content.decode()


def test_progress_follows_the_account_to_another_device(client, course):
    client.post(
        "/accounts/signup/", {"username": "mover", "password1": PASSWORD, "password2": PASSWORD}
    )
    client.post("/lessons/storage/read/", {"read": "1"})
    laptop = Client()
    laptop.post("/accounts/login/", {"username": "mover", "password": PASSWORD})
    assert "1 of 8 lessons read" in laptop.get("/").content.decode()


def test_a_bad_sign_up_is_422_with_messages(client, course):
    response = client.post(
        "/accounts/signup/", {"username": "x", "password1": "a", "password2": "b"}
    )
    assert response.status_code == 422
    assert "The two password fields didn\u2019t match." in response.content.decode()
    assert not User.objects.filter(username="x").exists()


def test_the_progress_page_needs_an_account(client, course):
    response = client.get("/me/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_sign_up_redirects_only_to_this_site(client, course):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "safe",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == "/me/"


def test_every_record_of_a_learner_is_claimed_or_merged_on_sign_in():
    from django.apps import apps as django_apps

    from learners.claims import NOT_CLAIMED, claimed_labels

    handled = claimed_labels() | set(NOT_CLAIMED)
    owned = {
        model._meta.label_lower
        for model in django_apps.get_models()
        for field in model._meta.get_fields()
        if field.many_to_one and field.related_model is Learner
    }
    assert owned - handled == set(), "register them in their app's ready() (learners/claims.py)"
