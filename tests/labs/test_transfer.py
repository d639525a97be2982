"""Lab results move with the rest of a learner's history (export_data / import_data)."""

from __future__ import annotations

import pytest
from django.test import Client

from labs.models import LabResult
from tests.test_data_transfer import empty_the_database, export, import_document

pytestmark = pytest.mark.django_db


def test_lab_results_come_back_identical_after_export_empty_and_import(course):
    client = Client()
    client.post("/labs/image-references/exercises/port-or-tag/", {"answer": "tag"})
    client.post("/labs/resource-limits/exercises/no-swap/", {"answer": "-m 512m"})
    before = export()
    assert before["counts"]["labs.labresult"] == 2
    empty_the_database()
    import_document(before)
    assert export()["objects"] == before["objects"]
    assert LabResult.objects.get(exercise_id="port-or-tag").is_solved
