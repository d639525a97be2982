"""config/middleware.py: Django's messages and CSP middleware and django-htmx's, cheaper where
unused, otherwise the same."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.test import Client, RequestFactory, override_settings
from django.utils.csp import CSP, build_policy
from django.utils.functional import cached_property
from django_htmx.middleware import HtmxDetails as LibraryHtmxDetails

from config.middleware import ContentSecurityPolicyMiddleware, HtmxMiddleware, MessageMiddleware

pytestmark = pytest.mark.django_db


def through_messages(view, cookies: dict[str, str] | None = None) -> HttpResponse:
    """One request through sessions and messages, as the site's stack runs them."""
    request = RequestFactory().get("/")
    request.COOKIES.update(cookies or {})
    return SessionMiddleware(MessageMiddleware(view))(request)


def add_a_message(request) -> HttpResponse:
    messages.success(request, "The cohort was saved.")
    return HttpResponse("saved")


def test_a_message_added_in_one_request_is_shown_in_the_next():
    first = through_messages(add_a_message)
    cookie = first.cookies["messages"].value
    shown = []
    through_messages(
        lambda request: HttpResponse(shown.extend(str(m) for m in messages.get_messages(request))),
        {"messages": cookie},
    )
    assert shown == ["The cohort was saved."]


def test_a_request_that_does_not_read_messages_keeps_them_for_later():
    cookie = through_messages(add_a_message).cookies["messages"].value
    untouched = through_messages(lambda request: HttpResponse("a lesson"), {"messages": cookie})
    assert "messages" not in untouched.cookies  # neither consumed nor rewritten
    shown = []
    through_messages(
        lambda request: HttpResponse(shown.extend(str(m) for m in messages.get_messages(request))),
        {"messages": cookie},
    )
    assert shown == ["The cohort was saved."]


def test_a_page_that_uses_no_messages_sets_no_message_cookie(course):
    response = Client().get("/lessons/image-layers/")
    assert "messages" not in response.cookies


def csp_response(view, **headers) -> HttpResponse:
    request = RequestFactory().get("/", headers=headers)
    middleware = ContentSecurityPolicyMiddleware(view)
    return middleware(request)


def page_using_the_nonce(request) -> HttpResponse:
    return HttpResponse(f'<script nonce="{get_nonce(request)}"></script>')


def test_the_policy_is_djangos_with_this_responses_nonce():
    seen = {}

    def view(request):
        seen["nonce"] = str(get_nonce(request))
        return page_using_the_nonce(request)

    response = csp_response(view)
    assert response[CSP.HEADER_ENFORCE] == build_policy(settings.SECURE_CSP, seen["nonce"])
    assert f"'nonce-{seen['nonce']}'" in response[CSP.HEADER_ENFORCE]


def test_every_response_gets_its_own_nonce_in_the_policy():
    first = csp_response(page_using_the_nonce)[CSP.HEADER_ENFORCE]
    second = csp_response(page_using_the_nonce)[CSP.HEADER_ENFORCE]
    assert first != second


def test_a_response_that_used_no_nonce_gets_the_policy_without_one():
    response = csp_response(lambda request: HttpResponse("{}"))
    assert response[CSP.HEADER_ENFORCE] == build_policy(settings.SECURE_CSP)
    assert "nonce-" not in response[CSP.HEADER_ENFORCE]


def test_a_changed_setting_changes_the_policy():
    csp_response(page_using_the_nonce)  # the default policy, now kept
    with override_settings(
        SECURE_CSP={"default-src": [CSP.SELF], "script-src": [CSP.SELF, CSP.NONCE]},
        SECURE_CSP_REPORT_ONLY={"img-src": [CSP.SELF]},
    ):
        response = csp_response(page_using_the_nonce)
    assert response[CSP.HEADER_ENFORCE].startswith("default-src 'self'; script-src 'self' 'nonce-")
    assert "img-src" not in response[CSP.HEADER_ENFORCE]
    assert response[CSP.HEADER_REPORT_ONLY] == "img-src 'self'"


def test_a_view_with_its_own_policy_keeps_it():
    def view(request):
        response = HttpResponse("embed")
        response._csp_config = {"frame-ancestors": ["https://school.example"]}
        return response

    assert csp_response(view)[CSP.HEADER_ENFORCE] == "frame-ancestors https://school.example"


# Every detail django-htmx offers, so one it adds later is compared too.
HTMX_PROPERTIES = [
    name for name, value in vars(LibraryHtmxDetails).items() if isinstance(value, cached_property)
]


def htmx_of(**headers: str):
    """(ours, django-htmx's) request.htmx for a request with these headers."""
    request = RequestFactory().get("/", headers=headers)
    HtmxMiddleware(lambda request: HttpResponse())(request)
    return request.htmx, LibraryHtmxDetails(request)


def test_an_htmx_request_is_told_apart_from_a_plain_one():
    assert bool(htmx_of(**{"HX-Request": "true"})[0]) is True
    assert bool(htmx_of()[0]) is False


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HX-Request": "false"},
        {
            "HX-Request": "true",
            "HX-Boosted": "true",
            "HX-Current-URL": "http://testserver/lessons/image-layers/?tab=quiz",
            "HX-History-Restore-Request": "true",
            "HX-Prompt": "yes",
            "HX-Target": "question-card",
            "HX-Trigger": "answer-form",
            "HX-Trigger-Name": "choice",
            "Triggering-Event": '{"type": "submit"}',
            "HX-PTag": "v1",
            "HX-Request-Type": "partial",
            "HX-Source": "button#send",
        },
        {
            "HX-Request": "true",
            "HX-Current-URL": "http://testserver/lessons/%C3%A9t%C3%A9/",
            "HX-Current-URL-URI-AutoEncoded": "true",
            "HX-Prompt": "caf%C3%A9",
            "HX-Prompt-URI-AutoEncoded": "true",
        },
        {"HX-Request": "true", "HX-Target": ""},
    ],
)
def test_every_htmx_detail_reads_as_django_htmx_reads_it(headers):
    ours, library = htmx_of(**headers)
    assert bool(ours) == bool(library)
    for name in HTMX_PROPERTIES:
        assert getattr(ours, name) == getattr(library, name), name
