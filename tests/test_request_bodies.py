"""Request bodies the site cannot read get the 400 page, never a 500 from the error handler itself."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def csrf_client(db):
    """A production client with a CSRF cookie, as a browser that loaded a form has."""
    with override_settings(DEBUG=False):
        client = Client(raise_request_exception=False, enforce_csrf_checks=True)
        client.get("/accounts/login/")
        yield client, client.cookies["csrftoken"].value


@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/accounts/signup/", "/drills/oom-killed/grade/"]
)
def test_a_form_encoded_as_latin_1_gets_the_400_page(csrf_client, path):
    client, token = csrf_client
    response = client.post(
        path,
        data=f"csrfmiddlewaretoken={token}&username=Jos%E9",
        content_type="application/x-www-form-urlencoded; charset=latin-1",
    )
    assert response.status_code == 400
    assert "We could not understand that request" in response.content.decode()


def test_a_form_with_too_many_fields_gets_the_400_page(csrf_client):
    client, token = csrf_client
    body = f"csrfmiddlewaretoken={token}&" + "&".join(["choice=a"] * 1500)
    response = client.post(
        "/accounts/login/", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "We could not understand that request" in response.content.decode()
