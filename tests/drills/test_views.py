"""Drill pages as a candidate uses them: grading with htmx and without, history, bad input."""

from __future__ import annotations

import time
import uuid

import pytest
from django.core import signing
from django.test import Client

from drills.models import DrillSubmission
from drills.views import TIMER_SALT

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
STRONG = (
    "I'd use node:26-slim as the base because a slim image has far fewer packages, so a smaller "
    "attack surface. The process would run as a non-root user, which limits the damage if the app "
    "is compromised."
)


def grade(
    client: Client, answer: str, *, slug="containerize-service", htmx=True, token=None, **extra
):
    data = {"answer": answer, "token": token or str(uuid.uuid4()), **extra}
    return client.post(f"/drills/{slug}/grade/", data, headers=HTMX if htmx else {})


def test_drill_list_shows_every_drill_with_a_link(client, course):
    page = client.get("/drills/").content.decode()
    assert 'href="/drills/containerize-service/"' in page
    assert "Not tried yet" in page


def test_drill_page_shows_the_prompt_and_an_answer_box(client, course):
    page = client.get("/drills/containerize-service/").content.decode()
    assert "How would you containerize this Node.js HTTP service" in page
    assert '<label for="answer">Your answer</label>' in page
    assert "Grade my answer" in page


def test_unknown_drill_is_404(client, course):
    assert client.get("/drills/nope/").status_code == 404
    assert grade(client, "x", slug="nope").status_code == 404


def test_grading_with_htmx_returns_the_result_fragment_and_updated_history(client, course):
    response = grade(client, STRONG)
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert 'id="drill-result"' in fragment
    assert "Your score: 4 of 10" in fragment
    assert '<mark class="evidence evidence--concept"' in fragment
    assert "<q>slim</q>" in fragment or "<q>node:26-slim</q>" in fragment
    assert 'hx-swap-oob="true"' in fragment
    assert "4 of 10 (40%)" in fragment  # the history row


def test_result_shows_each_criterion_level_feedback_model_answer_and_lesson_links(client, course):
    fragment = grade(client, STRONG).content.decode()
    assert "Explained · 2/2" in fragment
    assert "Missing · 0/2" in fragment
    assert "Mention a multi-stage build" in fragment
    assert "Compare with a model answer" in fragment
    assert 'href="/lessons/dockerfiles/#multi-stage"' in fragment


def test_grading_without_javascript_returns_the_whole_page_with_the_answer_kept(client, course):
    response = grade(client, STRONG, htmx=False)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" in page
    assert "Your score: 4 of 10" in page
    assert "non-root user, which limits the damage" in page  # still in the textarea


def test_every_submission_is_stored_with_its_rubric_version(client, course):
    grade(client, STRONG)
    submission = DrillSubmission.objects.get()
    assert submission.answer == STRONG
    assert submission.score == 4
    assert submission.rubric_version == submission.drill.rubric_version
    assert submission.result["criteria"][0]["id"] == "base-image"


def test_double_submit_is_stored_once(client, course):
    token = str(uuid.uuid4())
    grade(client, STRONG, token=token)
    grade(client, STRONG, token=token)
    assert DrillSubmission.objects.count() == 1


def test_best_score_shows_on_the_drill_list(client, course):
    grade(client, STRONG)
    assert "Best: 4 of 10 (40%)" in client.get("/drills/").content.decode()


def test_a_past_attempt_can_be_reviewed(client, course):
    grade(client, STRONG)
    submission = DrillSubmission.objects.get()
    page = client.get(f"/drills/containerize-service/?submission={submission.pk}").content.decode()
    assert "Your score: 4 of 10" in page


def test_another_learners_attempt_is_not_found(client, course):
    grade(client, STRONG)
    submission = DrillSubmission.objects.get()
    assert (
        Client().get(f"/drills/containerize-service/?submission={submission.pk}").status_code == 404
    )


def test_an_answer_after_the_timer_ran_out_is_accepted_and_marked_late(client, course):
    started = signing.dumps(int(time.time()) - 1000, salt=TIMER_SALT)
    response = grade(client, STRONG, timed="1", started=started)
    assert response.status_code == 200
    assert "Late: answered after the 3-minute timer ran out" in response.content.decode()
    assert DrillSubmission.objects.get().is_late


def test_an_answer_within_the_timer_is_not_late(client, course):
    started = signing.dumps(int(time.time()) - 30, salt=TIMER_SALT)
    grade(client, STRONG, timed="1", started=started)
    submission = DrillSubmission.objects.get()
    assert not submission.is_late
    assert 30 <= submission.elapsed_seconds < 60


def test_empty_answer_is_422_with_a_message(client, course):
    response = grade(client, "   ")
    assert response.status_code == 422
    assert "Write an answer first" in response.content.decode()
    assert DrillSubmission.objects.count() == 0


def test_over_long_answer_is_422_and_the_text_is_kept(client, course):
    long_answer = "word " * 1200
    response = grade(client, long_answer, htmx=False)
    assert response.status_code == 422
    page = response.content.decode()
    assert "the limit is 5,000" in page
    assert "word word word" in page
    assert DrillSubmission.objects.count() == 0


def test_bad_token_is_400(client, course):
    response = client.post(
        "/drills/containerize-service/grade/", {"answer": STRONG, "token": "x"}, headers=HTMX
    )
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()


def test_csrf_is_enforced(course):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        "/drills/containerize-service/grade/", {"answer": STRONG, "token": str(uuid.uuid4())}
    )
    assert response.status_code == 403


def test_dockerfile_drill_grades_checks_with_lines(client, course):
    dockerfile = "FROM node:latest\nCOPY . .\nRUN npm install\nCMD node server.js\n"
    response = grade(client, dockerfile, slug="dockerfile-node", dockerignore="node_modules\n")
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "Base images are pinned" in fragment
    assert "Fail" in fragment
    # The cited line links to the editor (site.js selects it there).
    assert 'Line <a href="#answer" class="line-ref" data-editor-line="1">1<' in fragment
    assert "DL3007" in fragment


def test_dockerfile_that_does_not_parse_is_422_naming_the_line(client, course):
    response = grade(client, "FROM node:26\nFORM oops\n", slug="dockerfile-node")
    assert response.status_code == 422
    assert "Line 2: &#x27;FORM&#x27; is not a Dockerfile instruction" in response.content.decode()
    assert DrillSubmission.objects.count() == 0


def test_each_graded_result_carries_a_fresh_token_for_the_next_try(client, course):
    token = str(uuid.uuid4())
    fragment = grade(client, STRONG, token=token).content.decode()
    assert 'id="drill-token" hx-swap-oob="true"' in fragment
    assert f'value="{token}"' not in fragment


def test_the_rubric_is_visible_before_answering(client, course):
    page = client.get("/drills/containerize-service/").content.decode()
    assert "What the interviewer listens for" in page
    assert "A multi-stage build" in page
    assert "Mention a multi-stage build: build in one stage" in page


def test_the_dockerfile_drill_lists_its_checks_before_answering(client, course):
    page = client.get("/drills/dockerfile-node/").content.decode()
    assert "1 point per check" in page
    assert "Dependencies installed before the source is copied" in page
