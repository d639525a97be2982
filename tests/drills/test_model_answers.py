"""Every drill's model answer earns full marks on its own rubric: the grader agrees with its author."""

from __future__ import annotations

import pytest

from drills.grader import grade_answer, model_submission
from tests.conftest import real_course

DRILLS = {drill.slug: drill for drill in real_course().drills}


@pytest.mark.parametrize("slug", sorted(DRILLS))
def test_the_model_answer_earns_full_marks(slug):
    drill = DRILLS[slug]
    answer, dockerignore = model_submission(drill)
    result = grade_answer(drill, answer, dockerignore)
    short = [c["id"] for c in result["criteria"] if c["points"] < c["max_points"]]
    assert short == []
    assert result["score"] == result["max_score"]
