"""Issue 11 on the drill pages: a malformed submission id is a 404, and control characters in an
answer or a .dockerignore are refused at the form with the text kept in the box."""

from __future__ import annotations

import uuid

import pytest

from drills.models import DrillSubmission

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
MARK = "\N{REPLACEMENT CHARACTER}"


@pytest.mark.parametrize("value", ["²", "٣", "9" * 5000, str(2**63), str(2**64), "1\x00"])
def test_a_malformed_submission_id_is_not_found(client, course, value):
    response = client.get("/drills/containerize-service/", {"submission": value})
    assert response.status_code == 404


def send_with_nul(client, *, htmx: bool):
    return client.post(
        "/drills/containerize-service/grade/",
        {"answer": "Run it as non-root\x00 always.", "token": str(uuid.uuid4())},
        headers=HTMX if htmx else {},
    )


def test_a_nul_in_an_answer_is_refused_in_the_result_area(client, course):
    # With htmx only the result area is swapped: the answer box keeps the text as typed.
    response = send_with_nul(client, htmx=True)
    assert response.status_code == 422
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<section id="drill-result"')
    assert "Your answer contains an invisible control character (first on line 1" in fragment
    assert not DrillSubmission.objects.exists()


def test_without_javascript_a_nul_is_refused_with_the_text_back_in_the_box(client, course):
    response = send_with_nul(client, htmx=False)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Your answer contains an invisible control character (first on line 1" in page
    assert f"Run it as non-root{MARK} always.</textarea>" in page
    assert not DrillSubmission.objects.exists()


def test_a_control_character_in_a_dockerignore_is_refused(client, course):
    response = client.post(
        "/drills/dockerfile-node/grade/",
        {
            "answer": 'FROM node:22-slim\nCMD ["node", "server.js"]\n',
            "dockerignore": "node_modules\n.git\x07\n",
            "token": str(uuid.uuid4()),
        },
        headers=HTMX,
    )
    assert response.status_code == 422
    assert "Your .dockerignore contains an invisible control character (first on line 2" in (
        response.content.decode()
    )
    assert not DrillSubmission.objects.exists()


def test_tabs_and_windows_line_ends_are_ordinary_text(client, course):
    response = client.post(
        "/drills/containerize-service/grade/",
        {"answer": "Run it as a non-root user.\r\n\tAlways.", "token": str(uuid.uuid4())},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert DrillSubmission.objects.count() == 1
