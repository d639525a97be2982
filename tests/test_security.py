"""Security headers on every page type, with the settings production really computes (DJANGO_DEBUG=0)."""

from __future__ import annotations

import os
import runpy
from pathlib import Path
from unittest import mock

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

SETTINGS_FILE = Path(__file__).resolve().parent.parent / "config" / "settings.py"
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "test-only-5b1f0c7e9d2a4f6b8c3e1a7d9f2b4c6e8a0d2f4b6c8e0a2c4e6",
    "DJANGO_ALLOWED_HOSTS": "testserver",
}
# What the headers depend on; databases, storage and hosts stay as the test run set them up.
HEADER_SETTINGS = [
    "DEBUG",
    "MIDDLEWARE",
    "SECURE_CSP",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
]


def computed_settings(**env: str) -> dict:
    """config/settings.py evaluated afresh under the production environment (plus `env`)."""
    with mock.patch.dict(os.environ, {**PRODUCTION_ENV, **env}):
        namespace = runpy.run_path(str(SETTINGS_FILE))
    return namespace


@pytest.fixture
def production(course):
    namespace = computed_settings()
    with override_settings(**{name: namespace[name] for name in HEADER_SETTINGS}):
        yield


PAGES = {
    "home": "/",
    "lesson": "/lessons/containers-vs-vms/",
    "quiz": "/lessons/containers-vs-vms/quiz/",
    "question": "/quiz/questions/cvm-shared-kernel/",
    "drill list": "/drills/",
    "drill": "/drills/containerize-service/",
    "login": "/accounts/login/",
    "password reset": "/accounts/password_reset/",
    "not found": "/no-such-page/",
    "health check": "/healthz",
}


@pytest.fixture(params=list(PAGES.values()), ids=list(PAGES))
def response(request, production, client):
    response = client.get(request.param, secure=True)
    assert response.status_code == (404 if request.param == PAGES["not found"] else 200)
    return response


def csp_directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_the_question_page_used_here_exists(production, client):
    assert client.get(PAGES["question"], secure=True).status_code == 200


def test_every_page_enforces_a_content_security_policy_without_unsafe_inline_or_eval(response):
    header = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    assert csp_directives(response)["default-src"] == ["'self'"]


def test_every_page_allows_only_its_own_and_nonced_scripts(response):
    script_src = csp_directives(response)["script-src"]
    assert script_src[0] == "'self'"
    # Pages that load htmx carry this response's nonce; the JSON health check has no scripts.
    assert all(source.startswith("'nonce-") for source in script_src[1:])


def test_every_page_refuses_to_be_framed(response):
    assert response.headers["X-Frame-Options"] == "DENY"
    assert csp_directives(response)["frame-ancestors"] == ["'none'"]


def test_every_page_forbids_content_type_sniffing(response):
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_every_page_sends_a_referrer_policy(response):
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_every_page_keeps_its_window_to_itself(response):
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_every_page_tells_browsers_to_use_https_for_a_year(response):
    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )


def test_plain_http_is_redirected_to_https(production, client):
    response = client.get("/drills/")
    assert response.status_code == 301
    assert response.headers["Location"] == "https://testserver/drills/"


def test_the_health_check_answers_over_plain_http_for_probes_inside(production, client):
    assert client.get("/healthz").status_code == 200


def test_the_session_cookie_is_secure_and_hidden_from_scripts(production, client):
    client.post(
        "/lessons/containers-vs-vms/read/",
        {"read": "1"},
        secure=True,
    )
    cookie = client.cookies["sessionid"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True


def test_the_csrf_cookie_is_secure_and_hidden_from_scripts(production, client):
    client.get("/accounts/login/", secure=True)
    cookie = client.cookies["csrftoken"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True


def test_behind_a_trusted_proxy_its_https_header_is_believed(course, client):
    namespace = computed_settings(DJANGO_TRUSTED_PROXIES="1")
    names = [*HEADER_SETTINGS, "SECURE_PROXY_SSL_HEADER"]
    with override_settings(**{name: namespace[name] for name in names}):
        response = client.get("/drills/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200


def test_without_a_trusted_proxy_a_forwarded_https_header_is_ignored(production, client):
    response = client.get("/drills/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 301
