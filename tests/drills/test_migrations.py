"""Moving the drill models from the quiz app to the drills app keeps every row and every link.

The database is taken back to the last state before the move (quiz.0003, classroom.0001), filled
with drills, submissions, overrides and an assignment the way the old code wrote them, and migrated
forward. Runs on whichever database the suite runs on (SQLite, and PostgreSQL in `make test-postgres`).
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from classroom.models import Assignment
from drills.models import Drill, DrillOverride, DrillSubmission

BEFORE_THE_MOVE = [
    ("quiz", "0003_drilloverride"),
    ("classroom", "0001_initial"),
    ("learners", "0001_initial"),
    ("lessons", "0001_initial"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def fill_old_tables(old_apps) -> dict:
    """What the quiz app's drill code stored before the move: two submissions, two overrides."""
    user = old_apps.get_model("auth", "User").objects.create(username="teacher")
    learner = old_apps.get_model("learners", "Learner").objects.create()
    drill = old_apps.get_model("quiz", "Drill").objects.create(
        slug="old-drill",
        title="Old drill",
        kind="text",
        spec={"slug": "old-drill"},
        rubric_version="abc",
    )
    submission_model = old_apps.get_model("quiz", "DrillSubmission")
    submissions = [
        submission_model.objects.create(
            learner=learner,
            drill=drill,
            rubric_version="abc",
            answer=f"answer {n}",
            result={"score": n},
            score=n,
            max_score=10,
        )
        for n in (3, 7)
    ]
    override_model = old_apps.get_model("quiz", "DrillOverride")
    for submission in submissions:
        override_model.objects.create(
            submission=submission,
            criterion_id="base-image",
            from_level=0,
            to_level=2,
            comment="Named in the Dockerfile.",
            instructor=user,
        )
    cohort = old_apps.get_model("classroom", "Cohort").objects.create(
        name="Spring", join_code="ABCD-EFGH-JKLM", created_by=user
    )
    assignment = old_apps.get_model("classroom", "Assignment").objects.create(
        cohort=cohort,
        kind="drill",
        drill=drill,
        due_at=datetime.datetime(2026, 12, 24, tzinfo=datetime.UTC),
        created_by=user,
    )
    return {
        "drill": drill.pk,
        "submissions": [submission.pk for submission in submissions],
        "assignment": assignment.pk,
    }


@pytest.mark.django_db(transaction=True)
def test_moving_the_drill_models_keeps_every_submission_override_and_assignment():
    ids = fill_old_tables(migrate(BEFORE_THE_MOVE))

    migrate(latest())

    drill = Drill.objects.get(pk=ids["drill"])
    assert drill.slug == "old-drill"
    submissions = DrillSubmission.objects.filter(pk__in=ids["submissions"]).order_by("score")
    assert [(s.answer, s.score, s.drill_id) for s in submissions] == [
        ("answer 3", 3, drill.pk),
        ("answer 7", 7, drill.pk),
    ]
    overrides = DrillOverride.objects.filter(submission__in=submissions)
    assert sorted((o.submission_id, o.to_level) for o in overrides) == [
        (ids["submissions"][0], 2),
        (ids["submissions"][1], 2),
    ]
    assert Assignment.objects.get(pk=ids["assignment"]).drill == drill


@pytest.mark.django_db(transaction=True)
def test_after_the_move_the_tables_are_named_for_the_drills_app():
    migrate(latest())
    tables = set(connection.introspection.table_names())
    assert {"drills_drill", "drills_drillsubmission", "drills_drilloverride"} <= tables
    assert not {"quiz_drill", "quiz_drillsubmission", "quiz_drilloverride"} & tables


@pytest.mark.django_db(transaction=True)
def test_new_submissions_get_fresh_ids_after_the_move():
    ids = fill_old_tables(migrate(BEFORE_THE_MOVE))
    migrate(latest())
    old = DrillSubmission.objects.get(pk=ids["submissions"][1])

    new = DrillSubmission.objects.create(
        learner=old.learner, drill=old.drill, rubric_version="abc", answer="new", result={},
        score=1, max_score=10,
    )  # fmt: skip

    assert new.pk > max(ids["submissions"])
