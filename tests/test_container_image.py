"""The app's own image, proved without a Docker engine: the site's Dockerfile drill, hadolint, and the
shape of .dockerignore and compose.yaml."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from dockerfile_parse import DockerfileParser

from drills.grading.dockerfile import grade_dockerfile

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
DOCKERIGNORE = (ROOT / ".dockerignore").read_text(encoding="utf-8")
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))


def instructions(keyword: str) -> list[dict]:
    parser = DockerfileParser(fileobj=io.BytesIO(DOCKERFILE.encode()))
    return [entry for entry in parser.structure if entry["instruction"] == keyword]


# Graded like a learner's answer


def test_the_sites_dockerfile_drill_gives_the_repos_dockerfile_full_marks():
    grade = grade_dockerfile(DOCKERFILE, DOCKERIGNORE)
    failed = {check.id: check.feedback for check in grade.checks if check.status == "fail"}
    assert failed == {}
    assert grade.score == grade.max_score


def test_hadolint_finds_nothing_at_warning_level_or_above():
    hadolint = Path(sys.executable).parent / "hadolint"
    result = subprocess.run(
        [str(hadolint), "--failure-threshold", "warning", "--format", "json", "-"],
        input=DOCKERFILE,
        capture_output=True,
        text=True,
        check=False,
    )
    findings = json.loads(result.stdout or "[]")
    assert [f for f in findings if f["level"] in {"warning", "error"}] == []
    assert result.returncode == 0


# What the image is


def test_both_stages_start_from_the_same_pinned_slim_python():
    bases = [entry["value"].split()[0] for entry in instructions("FROM")]
    assert bases == ["python:3.12-slim-trixie", "python:3.12-slim-trixie"]


def test_the_dependencies_come_from_the_pinned_runtime_group_before_the_code():
    runs = [entry for entry in instructions("RUN") if "--group=runtime" in entry["value"]]
    copy_code = next(e for e in instructions("COPY") if e["value"] == ". .")
    assert runs
    assert runs[0]["startline"] < copy_code["startline"]


def test_the_code_is_compiled_to_bytecode_at_build_time():
    assert any("python -m compileall" in entry["value"] for entry in instructions("RUN"))


def test_static_files_are_collected_hashed_and_compressed_at_build_time():
    run = next(e["value"] for e in instructions("RUN") if "collectstatic" in e["value"])
    assert "DJANGO_STATIC_MANIFEST=1" in run


def test_the_image_runs_as_a_numeric_unprivileged_user():
    assert instructions("USER")[-1]["value"] == "10001:10001"


def test_gunicorn_is_the_exec_form_command_without_a_control_socket():
    command = json.loads(instructions("CMD")[-1]["value"])
    assert command[0] == "gunicorn"
    assert "--no-control-socket" in command
    assert command[-1] == "config.wsgi"


def test_the_healthcheck_runs_the_python_probe_of_healthz():
    healthcheck = instructions("HEALTHCHECK")[-1]["value"]
    assert healthcheck.endswith('CMD ["python", "-m", "config.healthcheck"]')
    assert (ROOT / "config" / "healthcheck.py").is_file()


def test_production_mode_is_the_images_default():
    env = " ".join(entry["value"] for entry in instructions("ENV"))
    assert "DJANGO_DEBUG=0" in env


# What goes into the build context


def allowed_paths() -> set[str]:
    return {line[1:].rstrip("/") for line in DOCKERIGNORE.splitlines() if line.startswith("!")}


def test_the_dockerignore_lets_in_every_app_the_site_runs():
    local_apps = {
        app.split(".")[0] for app in settings.INSTALLED_APPS if (ROOT / app.split(".")[0]).is_dir()
    }
    assert local_apps - allowed_paths() == set()


def test_the_dockerignore_lets_in_the_templates_static_files_and_config():
    needed = {"config", "templates", "static", "manage.py", "gunicorn.conf.py", "pyproject.toml"}
    assert needed - allowed_paths() == set()


def test_the_dockerignore_starts_by_keeping_everything_out():
    rules = [line for line in DOCKERIGNORE.splitlines() if line and not line.startswith("#")]
    assert rules[0] == "*"


@pytest.mark.parametrize("secret", [".env", "**/.env", "**/*.pem"])
def test_the_dockerignore_keeps_secrets_out_even_inside_allowed_folders(secret):
    assert secret in DOCKERIGNORE.splitlines()


# compose.yaml


def test_compose_keeps_the_database_in_a_named_volume():
    mount = COMPOSE["services"]["db"]["volumes"][0]
    volume, _, path = mount.partition(":")
    assert volume in COMPOSE["volumes"]
    assert path == "/var/lib/postgresql"


def test_compose_starts_the_app_only_once_postgresql_is_healthy():
    assert "healthcheck" in COMPOSE["services"]["db"]
    for service in ["release", "web"]:
        condition = COMPOSE["services"][service]["depends_on"]["db"]["condition"]
        assert condition == "service_healthy", service


def test_compose_starts_the_web_server_after_the_release_step_succeeded():
    depends = COMPOSE["services"]["web"]["depends_on"]["release"]
    assert depends["condition"] == "service_completed_successfully"
    assert "migrate" in " ".join(COMPOSE["services"]["release"]["command"])


@pytest.mark.parametrize("service", ["db", "release", "web"])
def test_compose_limits_every_services_memory_and_cpu(service):
    limits = COMPOSE["services"][service]["deploy"]["resources"]["limits"]
    assert set(limits) == {"cpus", "memory"}


def test_compose_connects_the_app_to_its_postgresql():
    url = COMPOSE["services"]["web"]["environment"]["DATABASE_URL"]
    assert url.startswith("postgres://contained:")
    assert url.endswith("@db:5432/contained")


def test_compose_refuses_to_start_without_the_secrets():
    environment = COMPOSE["services"]["web"]["environment"]
    assert environment["DJANGO_SECRET_KEY"].startswith("${DJANGO_SECRET_KEY:?")
    assert "${POSTGRES_PASSWORD:?" in environment["DATABASE_URL"]


def test_compose_pins_the_postgresql_image_to_a_major_version():
    assert COMPOSE["services"]["db"]["image"] == "postgres:18-trixie"
