"""Issue 11's abuse limits: drill grading has a ceiling per address that new anonymous sessions do
not get around."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, override_settings

from drills.models import DrillSubmission
from tests.test_ratelimit import HTMX, grade

pytestmark = pytest.mark.django_db


def limits(per_learner: int, per_address: int):
    return override_settings(
        RATE_LIMITS={
            **settings.RATE_LIMITS,
            "drill-grade": {"requests": per_learner, "seconds": 60},
            "drill-grade-per-address": {"requests": per_address, "seconds": 60},
        }
    )


def new_anonymous_learner() -> Client:
    """A fresh browser session with a learner of its own, as an abuser would make for each burst."""
    client = Client()
    client.post("/lessons/containers-vs-vms/read/", {"read": "1"}, headers=HTMX)
    return client


def test_new_anonymous_sessions_share_one_ceiling_per_address(course):
    with limits(per_learner=2, per_address=5):
        statuses = [
            grade(client).status_code
            for client in [new_anonymous_learner() for _ in range(4)]
            for _ in range(2)
        ]
    assert statuses == [200] * 5 + [429] * 3
    assert DrillSubmission.objects.count() == 5


def test_the_address_ceiling_says_it_is_the_network_not_the_learner(course):
    with limits(per_learner=10, per_address=1):
        grade(new_anonymous_learner())
        response = grade(new_anonymous_learner())
    assert response.status_code == 429
    assert "Too many answers are being graded from your network" in response.content.decode()
    assert response["Retry-After"]


def test_the_default_ceiling_leaves_room_for_a_classroom():
    assert settings.RATE_LIMITS["drill-grade-per-address"] == {"requests": 100, "seconds": 60}
