"""config/sessions.py: what a worker keeps of decoded sessions never changes what a session holds,
and a session that fails its signature check is refused (and logged) every time."""

from __future__ import annotations

import logging

import pytest
from django.contrib.sessions.models import Session
from django.test import override_settings

from config.sessions import SessionStore

pytestmark = pytest.mark.django_db


def saved_session(**data) -> str:
    store = SessionStore()
    store.update(data)
    store.save()
    return store.session_key


def test_a_session_reads_back_what_was_saved_each_time():
    key = saved_session(learner_id=7, places=["intro", "layers"])
    assert dict(SessionStore(key).load()) == {"learner_id": 7, "places": ["intro", "layers"]}
    assert dict(SessionStore(key).load()) == {"learner_id": 7, "places": ["intro", "layers"]}


def test_changing_what_one_request_read_does_not_change_what_the_next_reads():
    key = saved_session(places=["intro"])
    SessionStore(key).load()["places"].append("changed in memory only")
    assert SessionStore(key).load()["places"] == ["intro"]


def test_a_session_saved_again_reads_its_new_data():
    key = saved_session(learner_id=7)
    SessionStore(key).load()
    store = SessionStore(key)
    store["learner_id"] = 8
    store.save()
    assert SessionStore(key).load()["learner_id"] == 8


def test_tampered_data_is_refused_and_logged_every_time(caplog):
    key = saved_session(learner_id=7)
    row = Session.objects.get(session_key=key)
    row.session_data = row.session_data.replace(row.session_data[:4], "eyJ4", 1)
    row.save()
    with caplog.at_level(logging.WARNING, logger="django.security.SuspiciousSession"):
        assert SessionStore(key).load() == {}
        assert SessionStore(key).load() == {}
    assert [r.getMessage() for r in caplog.records] == ["Session data corrupted"] * 2


def test_data_signed_with_a_retired_key_is_refused_though_it_was_read_before():
    key = saved_session(learner_id=7)
    assert SessionStore(key).load() == {"learner_id": 7}
    with override_settings(SECRET_KEY="a-new-key-" + "x" * 50, SECRET_KEY_FALLBACKS=[]):
        assert SessionStore(key).load() == {}
