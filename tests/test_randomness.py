"""CSRF secrets, their masks and session keys come from config.randomness: as random as Django's."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH

from config.randomness import random_string
from config.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_a_string_has_the_length_asked_and_only_allowed_characters():
    value = random_string(40, "abc")

    assert len(value) == 40
    assert set(value) <= set("abc")


def test_every_character_is_equally_likely():
    # With 62 characters a plain `byte % 62` would make 8 of them 25% more likely than the rest;
    # over 620,000 draws that is about 2,500 extra each, many times the spread chance gives (~100).
    counts = Counter(random_string(620_000, CSRF_ALLOWED_CHARS))

    expected = 10_000
    assert set(counts) == set(CSRF_ALLOWED_CHARS)
    assert max(abs(count - expected) for count in counts.values()) < 600


def test_strings_do_not_repeat():
    assert len({random_string(32) for _ in range(1_000)}) == 1_000


def test_more_than_256_allowed_characters_is_refused():
    with pytest.raises(ValueError, match="1 to 256"):
        random_string(10, "".join(map(chr, range(300))))


def test_a_first_visit_gets_a_csrf_cookie_and_a_masked_token_from_it(client, course):
    response = client.get("/lessons/containers-vs-vms/")

    secret = response.cookies["csrftoken"].value
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text))
    assert len(secret) == CSRF_SECRET_LENGTH
    assert set(secret) <= set(CSRF_ALLOWED_CHARS)
    assert len(tokens) == 1
    assert secret not in tokens


def test_a_session_key_is_made_of_django_s_characters():
    key = SessionStore()._get_new_session_key()

    assert re.fullmatch(r"[a-z0-9]{32}", key)


def test_django_makes_csrf_secrets_and_session_keys_with_it():
    import django.contrib.sessions.backends.base as session_backends
    import django.middleware.csrf as csrf

    assert csrf.get_random_string is random_string
    assert session_backends.get_random_string is random_string
