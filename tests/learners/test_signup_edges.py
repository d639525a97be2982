"""Sign-up edge cases from issue 11: a `next` that is not a path, and the same sign-up sent twice."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from learners import views
from learners.forms import SignupForm

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-staple-9"
FORM = {"username": "newbie", "password1": PASSWORD, "password2": PASSWORD}


@pytest.mark.parametrize(
    "next_url", ["welcome", "my-progress", "//evil.example/", "https://evil.example/"]
)
def test_a_next_that_is_not_a_path_on_the_site_leads_to_my_progress(client, next_url):
    response = client.post("/accounts/signup/", {**FORM, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/me/"
    assert User.objects.filter(username="newbie").exists()


def test_a_next_path_on_the_site_is_followed(client):
    response = client.post("/accounts/signup/", {**FORM, "next": "/drills/"})
    assert response["Location"] == "/drills/"


class RacedSignupForm(SignupForm):
    """The other request of a double click saves the same account between this one's check and save."""

    def is_valid(self) -> bool:
        valid = super().is_valid()
        User.objects.create_user(self.data["username"], password=PASSWORD)
        return valid


def test_the_second_of_two_identical_sign_ups_gets_the_form_error(client, monkeypatch):
    monkeypatch.setattr(views, "SignupForm", RacedSignupForm)
    response = client.post("/accounts/signup/", FORM)
    assert response.status_code == 422
    assert "A user with that username already exists." in response.content.decode()
    assert User.objects.filter(username="newbie").count() == 1
    assert "_auth_user_id" not in client.session


def test_the_racing_sign_up_page_keeps_the_typed_username(client, monkeypatch):
    monkeypatch.setattr(views, "SignupForm", RacedSignupForm)
    page = client.post("/accounts/signup/", FORM).content.decode()
    assert 'value="newbie"' in page
