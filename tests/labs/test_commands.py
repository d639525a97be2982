"""The two lab commands: explain_image_ref (--json, --jsonl) and convert_units --jsonl."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]


def run(command: str, *args: str, stdin: str = "", monkeypatch) -> list[dict]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_explain_prints_one_object_per_reference(monkeypatch):
    answers = run("explain_image_ref", "nginx", "app:5000", "--json", monkeypatch=monkeypatch)
    assert answers == [
        {
            "input": "nginx",
            "valid": True,
            "domain": "docker.io",
            "path": "library/nginx",
            "tag": None,
            "digest": None,
            "normalized": "docker.io/library/nginx:latest",
            "error": None,
        },
        {
            "input": "app:5000",
            "valid": True,
            "domain": "docker.io",
            "path": "library/app",
            "tag": "5000",
            "digest": None,
            "normalized": "docker.io/library/app:5000",
            "error": None,
        },
    ]


def test_explain_reports_an_invalid_reference_with_dockers_error(monkeypatch):
    [answer] = run("explain_image_ref", "docker/Docker", "--json", monkeypatch=monkeypatch)
    assert answer["valid"] is False
    assert answer["normalized"] is None
    assert answer["error"] == (
        "invalid reference format: repository name (docker/Docker) must be lowercase"
    )


def test_explain_jsonl_reads_input_lines(monkeypatch):
    stdin = '{"input": "localhost:5000/app"}\n\n{"input": "Uppercase:tag"}\n'
    answers = run("explain_image_ref", "--jsonl", stdin=stdin, monkeypatch=monkeypatch)
    assert [(a["input"], a["domain"], a["valid"]) for a in answers] == [
        ("localhost:5000/app", "localhost:5000", True),
        ("Uppercase:tag", None, False),
    ]


def test_explain_jsonl_answers_an_unreadable_line_with_its_number(monkeypatch):
    answers = run(
        "explain_image_ref", "--jsonl", stdin='not json\n{"ref": "x"}\n', monkeypatch=monkeypatch
    )
    assert [answer["line"] for answer in answers] == [1, 2]
    assert answers[1]["error"] == 'each line needs an "input" string'


def test_explain_without_references_is_an_error():
    with pytest.raises(CommandError, match="at least one image reference"):
        call_command("explain_image_ref", "--json")


def test_convert_units_answers_each_line(monkeypatch):
    stdin = (
        '{"docker": "--memory=512m", "k8s": "512Mi", "field": "limits.memory"}\n'
        '{"docker": "--cpus=0.5", "k8s": "1.5m", "field": "limits.cpu"}\n'
    )
    answers = run("convert_units", "--jsonl", stdin=stdin, monkeypatch=monkeypatch)
    assert answers == [
        {
            "docker": {"bytes": 536870912},
            "k8s": {"valid": True, "canonical": "512Mi", "bytes": 536870912},
            "equivalent": True,
        },
        {
            "docker": {
                "nano_cpus": 500000000,
                "cfs_period_us": None,
                "cfs_quota_us": None,
                "cpu_shares": None,
            },
            "k8s": {"valid": True, "canonical": "1500u", "millicores": 2},
            "equivalent": False,
        },
    ]


def test_convert_units_reports_an_invalid_quantity(monkeypatch):
    stdin = '{"k8s": "12Mib", "field": "limits.memory"}\n'
    [answer] = run("convert_units", "--jsonl", stdin=stdin, monkeypatch=monkeypatch)
    assert answer["docker"] is None
    assert answer["k8s"]["valid"] is False
    assert answer["k8s"]["bytes"] is None


def test_convert_units_answers_a_bad_line_with_its_number(monkeypatch):
    [answer] = run("convert_units", "--jsonl", stdin='{"field": 1}\n', monkeypatch=monkeypatch)
    assert answer["line"] == 1
    assert answer["error"].startswith("field must be one of")


def test_standard_output_holds_only_json():
    # A real process: django-axes logs at start-up, and that line must not reach stdout.
    completed = subprocess.run(
        [sys.executable, "manage.py", "explain_image_ref", "nginx", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert json.loads(completed.stdout)["normalized"] == "docker.io/library/nginx:latest"
