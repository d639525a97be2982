"""learner_for_request remembers its answer for the request, and never a stale one."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from config.sessions import SessionStore
from learners.selectors import SESSION_KEY, learner_for_request
from learners.services import learner_get_or_create_for_request

pytestmark = pytest.mark.django_db


def request_for(user=None):
    request = RequestFactory().get("/")
    request.session = SessionStore()
    if user is not None:
        request.user = user
    return request


def test_asking_twice_in_one_request_reads_the_learner_once(django_user_model):
    request = request_for(django_user_model.objects.create_user("ada", password="x"))
    learner = learner_get_or_create_for_request(request=request)

    with CaptureQueriesContext(connection) as queries:
        assert learner_for_request(request) == learner
        assert learner_for_request(request) == learner
    assert len(queries) == 1


def test_a_learner_created_for_a_signed_in_user_is_found_at_once(django_user_model):
    request = request_for(django_user_model.objects.create_user("ada", password="x"))
    assert learner_for_request(request) is None

    learner = learner_get_or_create_for_request(request=request)

    assert learner_for_request(request) == learner


def test_an_anonymous_learner_created_in_the_request_is_found_at_once():
    request = request_for()
    assert learner_for_request(request) is None

    learner = learner_get_or_create_for_request(request=request)

    assert request.session[SESSION_KEY] == learner.pk
    assert learner_for_request(request) == learner


def test_signing_in_during_the_request_finds_the_user_s_learner(django_user_model):
    request = request_for()
    anonymous = learner_get_or_create_for_request(request=request)
    user = django_user_model.objects.create_user("ada", password="x")
    own = learner_get_or_create_for_request(request=request_for(user))

    request.user = user

    assert learner_for_request(request) == own != anonymous
