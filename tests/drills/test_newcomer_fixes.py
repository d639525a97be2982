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
