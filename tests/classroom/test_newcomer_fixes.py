"""Issue 13 in the classroom: invite links, overrides shown everywhere, time zones, exports,
confirmations before destructive actions."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.test_page_or_fragment_headers import assert_page_or_fragment_headers

pytestmark = pytest.mark.django_db


def test_the_cohort_dashboard_varies_on_hx_request(classroom):
    client = Client()
    client.force_login(classroom["teacher"])
    response = client.get(f"/classroom/cohorts/{classroom['cohort'].pk}/?sort=progress")
    assert response.status_code == 200
    assert_page_or_fragment_headers(response)
