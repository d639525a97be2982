"""Issue 13 on the drill pages: answer limits, evidence, overrides shown to the learner."""

from __future__ import annotations

import pytest

from drills.grading.rubric import MAX_ANSWER_LENGTH
from drills.models import DrillSubmission
from tests.drills.test_views import grade

pytestmark = pytest.mark.django_db


def test_the_answer_box_has_no_maxlength_that_would_cut_a_pasted_answer(client, course):
    page = client.get("/drills/containers-vs-vms/").content.decode()
    assert 'id="answer"' in page
    assert "maxlength" not in page.split('id="answer"')[1].split(">")[0]
    assert 'data-char-limit="5000"' in page


def test_line_breaks_sent_as_crlf_count_as_one_character(client, course):
    line = "Containers share the host kernel, so they start fast and use less memory.\n"
    as_typed = (line * 100)[: MAX_ANSWER_LENGTH - 10]
    answer = as_typed.replace("\n", "\r\n")  # what the browser sends
    assert len(as_typed) < MAX_ANSWER_LENGTH < len(answer)
    response = grade(client, answer, slug="containers-vs-vms")
    assert response.status_code == 200
    assert DrillSubmission.objects.count() == 1


# Bug 9: red-flag evidence apart, and no "From your answer:" on a criterion the answer did not earn.
BAD_PRACTICE = "I'd start from FROM node:latest and run it as root."


def test_red_flag_evidence_is_quoted_once_and_apart_from_the_message(client, course):
    page = grade(client, BAD_PRACTICE, htmx=False).content.decode()
    flags = page.split('id="red-flags-title"')[1].split("</section>")[0]
    assert "</q><q>" not in flags
    assert "In your answer: <q>from FROM node:latest</q></p>" in flags
    assert "<q>node:latest</q>" not in flags


def test_a_missing_criterion_quotes_what_counted_against_it(client, course):
    page = grade(client, BAD_PRACTICE, htmx=False).content.decode()
    non_root = page.split('criterion__title">Runs as an unprivileged user')[1].split("</li>")[0]
    assert "Counted against it: <q>run it as root</q>" in non_root
    assert "From your answer" not in non_root
