"""Signing in and resetting a password: the pages, and how repeated attempts are throttled."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The real hasher is slow on purpose; these tests check throttling, not hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def ada(db):
    return User.objects.create_user("ada", "ada@example.org", PASSWORD)


def sign_in(client: Client, password: str, *, username: str = "ada", address: str = "192.0.2.10"):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def reset(client: Client, email: str, *, address: str = "192.0.2.10"):
    return client.post("/accounts/password_reset/", {"email": email}, REMOTE_ADDR=address)


def limits(**overrides):
    return override_settings(RATE_LIMITS={**settings.RATE_LIMITS, **overrides})


def test_the_sign_in_page_labels_its_fields(client):
    page = client.get("/accounts/login/").content.decode()
    assert '<label for="id_username">' in page
    assert '<label for="id_password">' in page


def test_the_right_password_signs_in(client, ada):
    response = sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(ada.pk)


def test_a_wrong_password_shows_the_form_again_with_an_error(client, ada):
    response = sign_in(client, "wrong")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_five_wrong_passwords_lock_the_account_from_that_address(client, ada):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong")
    response = sign_in(client, PASSWORD)
    assert response.status_code == 429
    assert "Too many wrong passwords for this account" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_says_when_to_try_again(client, ada):
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = sign_in(client, "wrong")
    assert response.headers["Retry-After"] == "900"
    assert "try again in about 15 minutes" in response.content.decode()


def test_a_locked_account_still_signs_in_from_another_address(client, ada):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong")
    assert sign_in(Client(), PASSWORD, address="198.51.100.7").status_code == 302


def test_a_successful_sign_in_clears_earlier_failures(client, ada):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "wrong")
    sign_in(Client(), PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 302


def test_many_failed_sign_ins_from_one_address_pause_sign_in_from_it(client, ada):
    with limits(**{"login-failures-per-address": {"requests": 3, "seconds": 900}}):
        for name in ["bob", "carol", "dan"]:
            sign_in(client, "guess", username=name)
        response = sign_in(client, PASSWORD)
    assert response.status_code == 429
    assert "Too many failed sign-ins from your network" in response.content.decode()


def test_failed_sign_ins_from_one_address_do_not_pause_another(client, ada):
    with limits(**{"login-failures-per-address": {"requests": 3, "seconds": 900}}):
        for name in ["bob", "carol", "dan"]:
            sign_in(client, "guess", username=name)
        response = sign_in(Client(), PASSWORD, address="198.51.100.7")
    assert response.status_code == 302


def test_a_password_reset_sends_a_link_to_the_account(client, ada):
    response = reset(client, "ada@example.org")
    assert response.status_code == 302
    assert mail.outbox[0].to == ["ada@example.org"]


def test_password_resets_for_one_email_address_are_throttled(client, ada):
    allowed = settings.RATE_LIMITS["password-reset-per-email"]["requests"]
    for number in range(allowed):
        reset(client, "ada@example.org", address=f"192.0.2.{number + 1}")
    response = reset(client, "Ada@Example.org ", address="198.51.100.7")
    assert response.status_code == 429
    assert "Check your inbox" in response.content.decode()
    assert len(mail.outbox) == allowed


def test_password_resets_from_one_address_are_throttled(client, ada):
    allowed = settings.RATE_LIMITS["password-reset-per-address"]["requests"]
    for number in range(allowed):
        reset(client, f"someone{number}@example.org")
    assert reset(client, "ada@example.org").status_code == 429


def test_the_reset_page_is_the_same_whether_or_not_the_address_has_an_account(client, ada):
    known = reset(client, "ada@example.org")
    unknown = reset(client, "nobody@example.org")
    assert (known.status_code, known.headers["Location"]) == (
        unknown.status_code,
        unknown.headers["Location"],
    )
