"""export_data / import_data: every learner's history moves between databases without loss.

The test database (SQLite in `make test`, PostgreSQL in `make test-postgres`) is filled the way
learners fill it, exported, emptied and imported again; and the export is also carried through a
fresh SQLite file in another process and back, so in the PostgreSQL pass the history crosses from
PostgreSQL to SQLite and from SQLite to PostgreSQL.
"""

from __future__ import annotations

import copy
import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import models
from django.test import Client

from drills.models import DrillSubmission
from learners.models import Learner
from learners.transfer import NOT_TRANSFERRED, TRANSFERRED_MODELS
from quiz.models import Attempt, Question, QuizRun

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
HTMX = {"HX-Request": "true"}
DRILL_ANSWER = (
    "I'd use node:26-slim because a slim image has fewer packages, so a smaller attack surface, "
    "and run the process as a non-root user so a compromise does less damage. Unicode: naïve café."
)


def answer_question(client: Client, question_id: str, run: QuizRun | None = None) -> None:
    question = Question.objects.get(question_id=question_id)
    spec = question.parsed
    data = {"token": str(uuid.uuid4())}
    # Every type answered, so the history holds an attempt for each question asked.
    if spec.type.value in {"single", "multiple"}:
        data["choice"] = spec.choices[0].id
    elif spec.type.value == "true_false":
        data["choice"] = "true"
    elif spec.type.value == "ordering":
        data.update({f"position-{item}": str(n) for n, item in enumerate(spec.item_ids, 1)})
    elif spec.type.value == "short_text":
        data["text"] = spec.accepted[0]
    elif spec.type.value == "numeric":
        data["number"] = f"{spec.answer_number:g}"
    if run is not None:
        data["run"] = str(run.pk)
    client.post(f"/quiz/questions/{question_id}/answer/", data, headers=HTMX)


def learn(client: Client) -> None:
    """What a learner does: reads a lesson, takes part of a quiz, answers a drill."""
    client.post("/lessons/networking/read/", {"read": "1"})
    client.post("/lessons/networking/quiz/start/")
    run = QuizRun.objects.latest("pk")
    for question_id in run.question_order[:2]:
        answer_question(client, question_id, run)
    client.post(
        "/drills/containerize-service/grade/",
        {"answer": DRILL_ANSWER, "token": str(uuid.uuid4())},
        headers=HTMX,
    )


@pytest.fixture
def history(course):
    """Two anonymous learners and a signed-in one, and a question retired after it was answered."""
    anonymous = Client()
    learn(anonymous)
    learn(Client())
    ada = User.objects.create_user("ada", "ada@example.org", "a long enough password")
    signed_in = Client()
    signed_in.force_login(ada)
    learn(signed_in)
    answer_question(signed_in, "cvm-shared-kernel")
    Question.objects.filter(question_id="cvm-shared-kernel").update(is_active=False)
    return {"anonymous": anonymous, "signed_in": signed_in}


def export() -> dict:
    out = io.StringIO()
    call_command("export_data", stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


def empty_the_database() -> None:
    for label in reversed(TRANSFERRED_MODELS):
        apps.get_model(label)._default_manager.all().delete()


def import_document(document: dict, *args: str) -> str:
    out = io.StringIO()
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"contained-export-{uuid.uuid4().hex}.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    try:
        call_command("import_data", str(path), *args, stdout=out)
    finally:
        path.unlink()
    return out.getvalue()


def moved_through_sqlite_file(document: dict, folder: Path) -> dict:
    """The export imported into a fresh SQLite file by another process, and exported from there."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["DATABASE_URL"] = f"sqlite:///{folder / 'moved.sqlite3'}"
    source, target = folder / "source.json", folder / "target.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    manage = [sys.executable, "manage.py"]
    for command in (
        ["migrate", "--noinput"],
        ["import_data", str(source)],
        ["export_data", "--output", str(target)],
    ):
        result = subprocess.run(
            [*manage, *command], cwd=ROOT, env=env, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(target.read_text(encoding="utf-8"))


def test_the_export_holds_every_kind_of_history(history):
    counts = export()["counts"]
    for label in ["learners.learner", "lessons.lessonread", "quiz.quizrun", "quiz.attempt"]:
        assert counts[label] >= 3, label
    assert counts["drills.drillsubmission"] == 3
    assert counts["auth.user"] == 1


def test_history_comes_back_identical_after_export_empty_and_import(history):
    before = export()
    empty_the_database()
    import_document(before)
    assert export()["objects"] == before["objects"]


def test_an_export_written_before_the_drills_app_still_imports(history):
    before = export()
    old_labels = {"drills.drill": "quiz.drill", "drills.drillsubmission": "quiz.drillsubmission"}
    old_labels["drills.drilloverride"] = "quiz.drilloverride"
    written_before_the_move = copy.deepcopy(before)
    for item in written_before_the_move["objects"]:
        item["model"] = old_labels.get(item["model"], item["model"])
    empty_the_database()
    import_document(written_before_the_move)
    assert export()["objects"] == before["objects"]
    assert DrillSubmission.objects.count() == 3


def test_timestamps_keep_their_microseconds(history):
    exported = export()
    created = [
        o["fields"]["created_at"] for o in exported["objects"] if o["model"] == "quiz.attempt"
    ]
    assert all("." in stamp for stamp in created)


def test_an_anonymous_learner_keeps_their_progress_after_the_move(history):
    before = export()
    empty_the_database()
    import_document(before)
    submission = DrillSubmission.objects.filter(learner__user=None).earliest("created_at")
    page = history["anonymous"].get("/drills/").content.decode()
    assert f"Best: {submission.score} of {submission.max_score}" in page


def test_a_signed_in_learner_is_still_signed_in_as_themselves_after_the_move(history):
    before = export()
    empty_the_database()
    import_document(before)
    response = history["signed_in"].get("/")
    assert response.wsgi_request.user.username == "ada"


def test_answers_to_retired_questions_survive_the_move(history):
    before = export()
    empty_the_database()
    import_document(before)
    retired = Question.objects.get(question_id="cvm-shared-kernel")
    assert not retired.is_active
    assert Attempt.objects.filter(question=retired).count() == 1


def test_new_learners_after_an_import_get_fresh_ids(history):
    before = export()
    empty_the_database()
    import_document(before)
    newest = max(Learner.objects.values_list("pk", flat=True))
    Client().post("/lessons/networking/read/", {"read": "1"})
    assert Learner.objects.order_by("-pk").first().pk > newest


def test_history_crosses_to_a_fresh_sqlite_database_and_back_without_loss(history, tmp_path):
    before = export()
    through_sqlite = moved_through_sqlite_file(before, tmp_path)
    assert through_sqlite["database"] == "sqlite"
    assert through_sqlite["objects"] == before["objects"]
    empty_the_database()
    import_document(through_sqlite)
    assert export()["objects"] == before["objects"]


def test_import_refuses_a_database_that_already_has_learners(history):
    document = export()
    with pytest.raises(CommandError, match="already has accounts or learners"):
        import_document(document)


def test_import_with_force_merges_into_a_database_with_learners(history):
    document = export()
    import_document(document, "--force")
    assert DrillSubmission.objects.count() == 3


def test_import_refuses_a_file_that_is_not_an_export(db, tmp_path):
    path = tmp_path / "notes.json"
    path.write_text('{"hello": "world"}')
    with pytest.raises(CommandError, match="not a Contained export"):
        call_command("import_data", str(path))


def test_a_failed_import_changes_nothing(course):
    document = {
        "format": "contained-learner-history",
        "version": 1,
        "objects": [
            {
                "model": "learners.learner",
                "pk": 1,
                "fields": {"user": None, "created_at": "2026-01-01T00:00:00+00:00"},
            },
            {
                "model": "lessons.lessonread",
                "pk": 1,
                "fields": {
                    "learner": 1,
                    "lesson": ["no-such-lesson"],
                    "read_at": "2026-01-01T00:00:00+00:00",
                },
            },
        ],
    }
    with pytest.raises(CommandError, match="could not be imported, and nothing was"):
        import_document(document)
    assert not Learner.objects.exists()


def points_at_people(model: type[models.Model]) -> bool:
    people = {User, Learner}
    return any(
        field.is_relation and field.many_to_one | field.one_to_one and field.related_model in people
        for field in model._meta.get_fields()
        if field.concrete
    )


def test_every_model_that_points_at_a_learner_or_an_account_is_transferred():
    transferred = {label.lower() for label in TRANSFERRED_MODELS} | set(NOT_TRANSFERRED)
    missing = [
        model._meta.label_lower
        for model in apps.get_models()
        if points_at_people(model) and model._meta.label_lower not in transferred
    ]
    assert missing == [], "add these to TRANSFERRED_MODELS in learners/transfer.py"
