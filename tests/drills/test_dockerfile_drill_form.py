"""The Dockerfile drill's form with the files people really write: long files, heredocs, notes, limits."""

from __future__ import annotations

import io
import json
import uuid

import pytest
from django.core.management import CommandError, call_command

from drills.models import DrillSubmission

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
IGNORE = "node_modules\n.git\n.env\n"
STAGE = """\
FROM node:26-trixie-slim AS deps{n}
WORKDIR /app
COPY package.json package-lock.json ./
RUN <<EOF
set -e
npm ci --omit=dev
EOF
"""
FINAL = """\
FROM node:26-trixie-slim
WORKDIR /app
COPY --from=deps0 /app/node_modules ./node_modules
COPY src ./src
USER node
CMD ["node", "src/server.js"]
"""


def long_dockerfile(size: int) -> str:
    """A valid multi-stage Dockerfile of about `size` characters."""
    stages = []
    while sum(map(len, stages)) + len(FINAL) < size - len(STAGE) - 10:
        stages.append(STAGE.format(n=len(stages)))
    return "".join(stages) + FINAL


def grade(client, answer: str, htmx: bool = True):
    data = {"answer": answer, "dockerignore": IGNORE, "token": str(uuid.uuid4())}
    return client.post("/drills/dockerfile-node/grade/", data, headers=HTMX if htmx else {})


def test_a_dockerfile_of_nearly_100_kb_is_graded(client, course):
    dockerfile = long_dockerfile(99_000)
    assert len(dockerfile) > 90_000
    response = grade(client, dockerfile)
    assert response.status_code == 200
    assert "Your score:" in response.content.decode()
    assert DrillSubmission.objects.get().answer == dockerfile


def test_a_dockerfile_over_100_kb_is_422_with_the_limit_and_the_text_kept(client, course):
    dockerfile = long_dockerfile(99_000) + "# padding\n" * 200
    response = grade(client, dockerfile, htmx=False)
    page = response.content.decode()
    assert response.status_code == 422
    assert f"Your answer has {len(dockerfile):,} characters; the limit is 100,000." in page
    assert "FROM node:26-trixie-slim AS deps0" in page
    assert DrillSubmission.objects.count() == 0


def test_the_dockerfile_form_states_its_limit(client, course):
    page = client.get("/drills/dockerfile-node/").content.decode()
    assert 'data-char-limit="100000"' in page  # counted live, never cut by a maxlength
    assert "Up to 100,000 characters." in page


def test_an_empty_line_inside_a_continuation_is_graded_with_a_note(client, course):
    dockerfile = long_dockerfile(0).replace(
        "COPY src ./src\n", "RUN echo one \\\n\n    two\nCOPY src ./src\n"
    )
    fragment = grade(client, dockerfile).content.decode()
    assert "Notes on how the file was read" in fragment
    assert "NoEmptyContinuation" in fragment


def test_a_check_that_cannot_tell_is_shown_and_not_counted(client, course):
    dockerfile = "ARG BASE\n" + long_dockerfile(0).replace(
        "FROM node:26-trixie-slim\n", "FROM ${BASE}\n"
    )
    fragment = grade(client, dockerfile).content.decode()
    submission = DrillSubmission.objects.get()
    statuses = {c["id"]: c["status"] for c in submission.result["criteria"]}
    assert statuses["base-minimal"] == "cannot-tell"
    assert "Cannot tell" in fragment
    assert "This check is not counted in your score." in fragment
    assert submission.max_score == sum(c["max_points"] for c in submission.result["criteria"])
    assert all(
        c["max_points"] == 0 for c in submission.result["criteria"] if c["status"] == "cannot-tell"
    )


def test_the_grade_command_reads_a_100_kb_file(tmp_path):
    path = tmp_path / "Dockerfile"
    path.write_text(long_dockerfile(99_000))
    out = io.StringIO()
    call_command("grade", "dockerfile-node", "--file", str(path), "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["drill"] == "dockerfile-node"
    assert result["notes"] == []


def test_the_grade_command_names_the_limit_for_a_longer_file(tmp_path):
    path = tmp_path / "Dockerfile"
    path.write_text("FROM node:26\n" + "# x\n" * 30_000)
    with pytest.raises(CommandError, match="the limit is 100,000"):
        call_command(
            "grade", "dockerfile-node", "--file", str(path), "--json", stdout=io.StringIO()
        )
