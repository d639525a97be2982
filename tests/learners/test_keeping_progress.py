"""Accounts from the anonymous learner's side: how long progress lasts, the nudge, signing in and out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session

from config.sessions import RENEWED_WITHIN

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_offers_to_create_an_account_keeping_next(client, course):
    page = client.get("/accounts/login/?next=/drills/").content.decode()
    assert '<a href="/accounts/signup/?next=/drills/">Create account</a>' in page


def test_signing_out_confirms_it(client, course):
    user = get_user_model().objects.create_user("ada", password="a-long-passphrase-42")
    client.force_login(user)
    response = client.post("/accounts/logout/")
    assert response.status_code == 200
    assert "You have signed out of Contained on this browser" in response.content.decode()


def test_a_new_visitor_is_not_nudged(client, course):
    assert "Keep your progress" not in client.get("/").content.decode()


def test_an_anonymous_reader_is_nudged_and_told_how_long_progress_lasts(client, course):
    client.post("/lessons/networking/read/", {"read": "1"})
    page = client.get("/").content.decode()
    assert "Keep your progress" in page
    assert "kept in this browser only, for 14 days after the last thing you save" in page
    assert 'href="/accounts/signup/?next=/"' in page


def test_a_signed_in_reader_is_not_nudged(client, course):
    user = get_user_model().objects.create_user("ada", password="a-long-passphrase-42")
    client.force_login(user)
    client.post("/lessons/networking/read/", {"read": "1"})
    assert "Keep your progress" not in client.get("/").content.decode()


def test_a_save_renews_an_anonymous_session_last_renewed_over_an_hour_ago(client, course):
    client.post("/lessons/networking/read/", {"read": "1"})
    session = Session.objects.get()
    an_hour_back = session.expire_date - RENEWED_WITHIN - timedelta(minutes=1)
    Session.objects.update(expire_date=an_hour_back)

    response = client.post("/lessons/storage/read/", {"read": "1"})

    assert "sessionid" in response.cookies
    assert Session.objects.get().expire_date > an_hour_back + timedelta(minutes=59)


def test_saves_within_the_hour_do_not_write_the_session_again(client, course):
    client.post("/lessons/networking/read/", {"read": "1"})
    expiry = Session.objects.get().expire_date

    response = client.post("/lessons/storage/read/", {"read": "1"})

    assert "sessionid" not in response.cookies
    assert Session.objects.get().expire_date == expiry
    assert "Keep your progress" in client.get("/").content.decode()
