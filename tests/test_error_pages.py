"""Error pages in production: friendly, on the site's own layout, and never a detail from inside."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, override_settings
from django.urls import path

from config import throttling
from config.urls import urlpatterns as site_urlpatterns

pytestmark = pytest.mark.django_db

SECRET_DETAIL = "db password is hunter2"


def broken(request):
    raise RuntimeError(SECRET_DETAIL)


def forbidden(request):
    raise PermissionDenied(SECRET_DETAIL)


def malformed(request):
    raise SuspiciousOperation(SECRET_DETAIL)


urlpatterns = [
    path("test-errors/500/", broken),
    path("test-errors/403/", forbidden),
    path("test-errors/400/", malformed),
    *site_urlpatterns,
]


@pytest.fixture
def production_client(db):
    with override_settings(DEBUG=False, ROOT_URLCONF=__name__):
        yield Client(raise_request_exception=False)


def test_an_unexpected_error_shows_a_friendly_500_page(production_client):
    response = production_client.get("/test-errors/500/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_the_500_page_does_not_leak_the_error(production_client):
    page = production_client.get("/test-errors/500/").content.decode()
    assert SECRET_DETAIL not in page
    assert "Traceback" not in page


def test_a_refused_page_shows_a_friendly_403_without_the_reason(production_client):
    response = production_client.get("/test-errors/403/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "You are not allowed to see this page" in page
    assert SECRET_DETAIL not in page


def test_a_malformed_request_shows_a_friendly_400_without_the_reason(production_client):
    response = production_client.get("/test-errors/400/")
    assert response.status_code == 400
    page = response.content.decode()
    assert "We could not understand that request" in page
    assert SECRET_DETAIL not in page


def test_an_unknown_host_gets_the_400_page(production_client):
    response = production_client.get("/", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "evil.example" not in response.content.decode()


def test_a_missing_page_shows_the_404_page_on_the_site_layout(production_client):
    response = production_client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "We could not find that page" in page
    assert 'href="/drills/"' in page  # the site's navigation is there


def test_an_expired_form_explains_what_to_do(course):
    client = Client(enforce_csrf_checks=True)
    with override_settings(DEBUG=False):
        response = client.post("/lessons/containers-vs-vms/read/", {"read": "1"})
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()


def test_the_rate_limit_page_is_friendly(rf):
    response = throttling.too_many_requests(
        rf.get("/"), throttling.Verdict(False, 30), "Too many tries."
    )
    page = response.content.decode()
    assert response.status_code == 429
    assert "Slow down a little" in page
    assert "Please try again in 30 seconds" in page
