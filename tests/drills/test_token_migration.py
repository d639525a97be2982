"""drills.0005 and quiz.0005: rows that already share a submission token (the double-submit bug
made them) are all kept, the later ones with a fresh token, so the token can become unique."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from drills.models import DrillSubmission

BEFORE = [
    ("drills", "0004_attach_overrides_to_cohorts"),
    ("quiz", "0004_drills_moved_to_drills_app"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_submissions_sharing_a_token_are_kept_with_distinct_tokens():
    old_apps = migrate(BEFORE)
    learner_model = old_apps.get_model("learners", "Learner")
    drill = old_apps.get_model("drills", "Drill").objects.create(
        slug="d", title="D", kind="text", spec={}, rubric_version="v"
    )
    token = uuid.uuid4()
    for answer in ("first", "double"):
        old_apps.get_model("drills", "DrillSubmission").objects.create(
            learner=learner_model.objects.create(),
            drill=drill,
            rubric_version="v",
            answer=answer,
            result={},
            score=1,
            max_score=4,
            submission_token=token,
        )
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    rows = dict(DrillSubmission.objects.values_list("answer", "submission_token"))
    assert rows["first"] == token
    assert rows["double"] != token
