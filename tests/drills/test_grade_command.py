"""python manage.py grade: one answer, a JSON-lines batch, the model answer, the calibration report."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command


def run(*args: str, stdin: str = "") -> str:
    out = io.StringIO()
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        call_command("grade", *args, stdout=out)
    finally:
        sys.stdin = old
    return out.getvalue()


def test_grade_reads_stdin_and_prints_each_criterion():
    output = run(
        "containerize-service", stdin="Run as a non-root user so a compromise does less damage."
    )
    assert "Containerize a Node.js service: 2 of 10" in output
    assert "non-root" in output
    assert "explained" in output


def test_grade_json_has_the_documented_shape(tmp_path):
    answer = tmp_path / "answer.txt"
    answer.write_text(
        "I'd use a multi-stage build so dev dependencies stay behind in the build stage."
    )
    result = json.loads(run("containerize-service", "--file", str(answer), "--json"))
    assert set(result) == {"drill", "score", "max_score", "criteria", "red_flags"}
    criterion = result["criteria"][1]
    assert set(criterion) == {"id", "level", "points", "max_points", "evidence", "feedback"}
    assert criterion["id"] == "multi-stage"
    assert criterion["level"] == "explained"


def test_grade_jsonl_grades_each_line_and_reports_bad_lines():
    lines = '{"id": "a", "answer": "USER node"}\n{"id": "b", "answer": 5}\nnot json\n'
    results = [
        json.loads(line)
        for line in run("containerize-service", "--jsonl", stdin=lines).splitlines()
    ]
    assert results[0]["id"] == "a"
    assert results[0]["max_score"] == 10
    assert results[1] == {"id": "b", "line": 2, "error": "each line needs an 'answer' string"}
    assert results[2]["line"] == 3
    assert "error" in results[2]


def test_grade_calibration_prints_agreement_per_criterion():
    output = run("containerize-service", "--calibration")
    assert "base-image" in output
    assert "(100%)" in output


def test_unknown_drill_is_a_clear_error():
    with pytest.raises(CommandError, match="No drill 'nope'"):
        run("nope")


def test_grade_reads_only_its_own_drill_file(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("grade must not load the lessons or the other drills")

    monkeypatch.setattr("lessons.loading.load_lessons", refuse)
    monkeypatch.setattr("drills.loading.load_drills", refuse)
    result = json.loads(run("oom-killed", "--model", "--json"))
    assert result["drill"] == "oom-killed"


def test_grade_model_grades_the_dockerfile_drills_model_files():
    result = json.loads(run("dockerfile-node", "--model", "--json"))
    assert result["score"] == result["max_score"]


def test_grade_names_a_missing_answer_file():
    with pytest.raises(CommandError, match=r"No file 'missing\.txt'"):
        run("containerize-service", "--file", "missing.txt")


def test_grade_json_output_is_only_json_when_run_as_a_program(tmp_path):
    """Logs go to standard error, so `grade … --json | python -m json.tool` works."""
    answer = tmp_path / "answer.txt"
    answer.write_text("Run it as a non-root user so a compromise does less damage.")
    root = Path(__file__).resolve().parents[2]
    completed = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "grade",
            "containerize-service",
            "--file",
            str(answer),
            "--json",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(completed.stdout)["drill"] == "containerize-service"
