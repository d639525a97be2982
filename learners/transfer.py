"""Moving every learner's history from one database to another (SQLite <-> PostgreSQL, or a backup).

`manage.py export_data` writes one JSON document; `manage.py import_data` loads it into a migrated
database. The document holds:

- accounts (users with their password hashes, groups) and learners, with their primary keys;
- the history itself: lessons read, quiz runs, attempts, drill submissions;
- the course rows that history points at (lessons, questions, drills) under their natural keys (slug,
  question id), including retired questions that are in no file any more.

Every value is kept exactly: timestamps to the microsecond, JSON fields as they are stored.

Browser sessions are not exported (issue 11): a session is a live credential, and an export file
holding them would let whoever reads it act as every signed-in learner and staff member. After an
import everyone signs in again; an anonymous learner's progress cannot follow, because only the
browser's session pointed at it. Sessions in an export made before this rule are skipped on import.
The file still holds password hashes, so `export_data` writes it readable by its owner only (0600).
"""

from __future__ import annotations

import datetime
import decimal
import json
import uuid
from collections import Counter
from collections.abc import Iterable
from typing import IO

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

FORMAT = "contained-learner-history"
VERSION = 1

# What is moved, in an order where every row comes after the rows it points at. A new app with
# learner history adds its models here, after the models they point at; tests/test_data_transfer.py
# fails while a model that points at a learner or an account is neither here nor in NOT_TRANSFERRED.
TRANSFERRED_MODELS = [
    "auth.Group",
    "auth.User",
    "lessons.Lesson",
    "quiz.Question",
    "drills.Drill",
    "learners.Learner",
    "lessons.LessonRead",
    "lessons.ReadingPosition",
    "quiz.QuizRun",
    "quiz.Attempt",
    "drills.DrillSubmission",
    "classroom.Cohort",
    "classroom.Membership",
    "classroom.Assignment",
    "labs.LabResult",
    "classroom.Extension",
    "drills.DrillOverride",  # after the cohorts: an override belongs to one
]
# Course rows: identified by their natural key, so they merge with what sync_content already loaded.
CONTENT_MODELS = {"lessons.Lesson", "quiz.Question", "drills.Drill"}
# Models that point at accounts or learners but are deliberately left behind, and why.
NOT_TRANSFERRED = {
    "admin.logentry": "the admin's own audit trail, not learner history",
}
# Models that moved between apps since exports began: an export written before the move names them
# by their old label, which is read as the new one (the drill models left the quiz app in issue 10).
RENAMED_MODELS = {
    "quiz.drill": "drills.drill",
    "quiz.drillsubmission": "drills.drillsubmission",
    "quiz.drilloverride": "drills.drilloverride",
}
# Models older exports carried that are now left out on import, and why.
DROPPED_MODELS = {
    "sessions.session": "sessions are live credentials: after an import everyone signs in again",
}
# Fields of transferred models that are not history, left out of the export, and why. On import they
# take their default (and the database's triggers renew a progress token anyway).
NOT_EXPORTED_FIELDS = {
    "learners.Learner": {
        "progress_token": "a key for what workers keep of a learner's progress, not history",
    },
}
# A database with any of these rows already has learners: importing would mix two histories.
OCCUPIED_BY = ["auth.User", "learners.Learner"]


class TransferError(Exception):
    """The file cannot be imported; the message says why."""


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _rows(label: str) -> Iterable[models.Model]:
    model = apps.get_model(label)
    return model._default_manager.order_by("pk").iterator(chunk_size=2000)


class _Encoder(json.JSONEncoder):
    """Full precision, unlike Django's JSON serializer, which cuts timestamps to milliseconds."""

    def default(self, value):
        if isinstance(value, datetime.datetime | datetime.date | datetime.time):
            return value.isoformat()
        if isinstance(value, uuid.UUID | decimal.Decimal):
            return str(value)
        return super().default(value)


def _exported_fields(label: str) -> list[str] | None:
    """The fields of `label` an export holds; None for all of them."""
    left_out = NOT_EXPORTED_FIELDS.get(label)
    if left_out is None:
        return None
    model = apps.get_model(label)
    return [field.name for field in model._meta.concrete_fields if field.name not in left_out]


def history_export(*, stream: IO[str]) -> Counter:
    """Write every transferred row to `stream` as one JSON document; returns the count per model."""
    counts: Counter = Counter()
    objects: list[dict] = []
    for label in TRANSFERRED_MODELS:
        serialized = serializers.serialize(
            "python",
            _rows(label),
            fields=_exported_fields(label),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=label in CONTENT_MODELS,
        )
        counts[label.lower()] = len(serialized)
        objects.extend(serialized)
    document = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now(),
        "database": connection.vendor,
        "counts": dict(counts),
        "objects": objects,
    }
    json.dump(document, stream, cls=_Encoder, indent=1, ensure_ascii=False)
    stream.write("\n")
    return counts


def database_is_occupied() -> bool:
    return any(apps.get_model(label)._default_manager.exists() for label in OCCUPIED_BY)


def _read(stream: IO[str]) -> dict:
    try:
        document = json.load(stream)
    except ValueError as error:
        raise TransferError(f"This is not a JSON file: {error}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise TransferError("This is not a Contained export (made by `manage.py export_data`).")
    if document.get("version") != VERSION:
        raise TransferError(
            f"This export has format version {document.get('version')}; this release reads "
            f"version {VERSION}."
        )
    document["objects"] = [
        item
        for item in document["objects"]
        if not (isinstance(item, dict) and item.get("model") in DROPPED_MODELS)
    ]
    for item in document["objects"]:
        if isinstance(item, dict) and item.get("model") in RENAMED_MODELS:
            item["model"] = RENAMED_MODELS[item["model"]]
    unknown = sorted({item.get("model", "?") for item in document["objects"]} - _known_labels())
    if unknown:
        raise TransferError(
            "The export has rows of models this release does not transfer: " + ", ".join(unknown)
        )
    return document


def _known_labels() -> set[str]:
    return {label.lower() for label in TRANSFERRED_MODELS}


def history_import(*, stream: IO[str], force: bool = False) -> Counter:
    """Load an export into this database in one transaction; returns the count per model.

    Refuses (TransferError) when the database already has accounts or learners, unless `force`:
    then rows with the same primary key are overwritten and the others kept.
    """
    document = _read(stream)
    if not force and database_is_occupied():
        raise TransferError(
            "This database already has accounts or learners. Import into a freshly migrated "
            "database, or pass --force to merge (rows with the same id are overwritten)."
        )
    try:
        return _load(document["objects"])
    except (DeserializationError, DatabaseError) as error:
        raise TransferError(f"The export could not be imported, and nothing was: {error}") from None


def _load(objects: list[dict]) -> Counter:
    counts: Counter = Counter()
    touched: set[type[models.Model]] = set()
    with transaction.atomic():
        for deserialized in serializers.deserialize(
            "python", objects, handle_forward_references=True
        ):
            deserialized.save()
            counts[_label(type(deserialized.object))] += 1
            touched.add(type(deserialized.object))
        # Rows arrived with their ids: move each id sequence past them (PostgreSQL), so the next
        # learner does not collide with an imported one.
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(
                no_style(), sorted(touched, key=str)
            ):
                cursor.execute(statement)
        connection.check_constraints()
    return counts
