"""An export carries each override with the cohort it belongs to, and an import puts it back there."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from drills.models import DrillOverride
from tests.test_data_transfer import empty_the_database, import_document

pytestmark = pytest.mark.django_db


def test_an_override_comes_back_in_its_cohort(classroom):
    cohort, submission = classroom["cohort"], classroom["submission"]
    teacher = Client()
    teacher.force_login(classroom["teacher"])
    teacher.post(
        f"/classroom/cohorts/{cohort.pk}/submissions/{submission.pk}/",
        {"criterion": "multi-stage", "level": 2, "comment": "Explained in class."},
    )
    out = io.StringIO()
    call_command("export_data", stdout=out, stderr=io.StringIO())
    empty_the_database()
    import_document(json.loads(out.getvalue()))
    override = DrillOverride.objects.get()
    assert (override.cohort_id, override.submission_id, override.to_level) == (
        cohort.pk,
        submission.pk,
        2,
    )
