"""drills.0003: overrides given before they belonged to a class are attached to their instructor's
class(es) of the learner, copied when there are several, and kept (applying nowhere) when none match.
Runs on SQLite and, in `make test-postgres`, on PostgreSQL."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from drills.models import DrillOverride

BEFORE_SCOPING = [
    ("drills", "0002_tables_named_for_drills"),
    ("classroom", "0002_assignment_drill_in_drills_app"),
]
MOMENT = datetime.datetime(2026, 11, 2, 9, 30, tzinfo=datetime.UTC)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def fill(old_apps) -> dict:
    """A learner in classes A and B (both taught by `both`), class C taught by `elsewhere`."""
    user_model = old_apps.get_model("auth", "User")
    both = user_model.objects.create(username="both")
    elsewhere = user_model.objects.create(username="elsewhere")
    learner = old_apps.get_model("learners", "Learner").objects.create()
    cohort_model = old_apps.get_model("classroom", "Cohort")
    cohorts = {}
    for name, teacher in (("A", both), ("B", both), ("C", elsewhere)):
        cohort = cohort_model.objects.create(name=name, join_code=f"CODE{name}", created_by=teacher)
        cohort.instructors.add(teacher)
        cohorts[name] = cohort
    membership = old_apps.get_model("classroom", "Membership")
    membership.objects.create(cohort=cohorts["A"], learner=learner)
    membership.objects.create(cohort=cohorts["B"], learner=learner)
    drill = old_apps.get_model("drills", "Drill").objects.create(
        slug="d", title="D", kind="text", spec={}, rubric_version="v"
    )
    submission = old_apps.get_model("drills", "DrillSubmission").objects.create(
        learner=learner,
        drill=drill,
        rubric_version="v",
        answer="a",
        result={},
        score=1,
        max_score=4,
    )
    override_model = old_apps.get_model("drills", "DrillOverride")
    made = {}
    for who, teacher in (("both", both), ("elsewhere", elsewhere)):
        override = override_model.objects.create(
            submission=submission,
            criterion_id="c",
            from_level=0,
            to_level=2,
            comment=f"by {who}",
            instructor=teacher,
        )
        override_model.objects.filter(pk=override.pk).update(created_at=MOMENT)
        made[who] = override.pk
    return {"cohorts": {name: cohort.pk for name, cohort in cohorts.items()}, **made}


@pytest.mark.django_db(transaction=True)
def test_an_old_override_is_attached_to_each_class_its_instructor_teaches_the_learner_in():
    ids = fill(migrate(BEFORE_SCOPING))
    migrate(latest())
    rows = DrillOverride.objects.filter(comment="by both")
    assert sorted(row.cohort_id for row in rows) == [ids["cohorts"]["A"], ids["cohorts"]["B"]]
    assert {row.created_at for row in rows} == {MOMENT}


@pytest.mark.django_db(transaction=True)
def test_an_old_override_matching_no_class_is_kept_but_applies_nowhere():
    ids = fill(migrate(BEFORE_SCOPING))
    migrate(latest())
    kept = DrillOverride.objects.get(pk=ids["elsewhere"])
    assert kept.cohort_id is None
