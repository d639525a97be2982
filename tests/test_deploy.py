"""Production settings as an operator meets them: `check --deploy`, required variables, the database."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "test-only-0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829",
    "DJANGO_ALLOWED_HOSTS": "course.example.org",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**environment, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def settings_with(**env: str) -> dict:
    with mock.patch.dict(os.environ, env, clear=False):
        for name in [n for n in os.environ if n.startswith("DJANGO_") and n not in env]:
            del os.environ[name]
        return runpy.run_path(str(ROOT / "config" / "settings.py"))


def test_the_deploy_checklist_passes_with_the_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION}
    del env["DJANGO_SECRET_KEY"]
    result = manage("check", **env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0" in result.stderr


def test_a_short_secret_key_fails_the_deploy_checklist():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **{**PRODUCTION, "DJANGO_SECRET_KEY": "short"},
    )
    assert result.returncode != 0
    assert "security.W009" in result.stderr


def test_database_url_switches_to_postgresql_with_persistent_checked_connections():
    settings = settings_with(DATABASE_URL="postgres://contained:pw@db.internal:5432/contained")
    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["NAME"]) == ("db.internal", "contained")
    assert database["CONN_MAX_AGE"] == 600
    assert database["CONN_HEALTH_CHECKS"] is True


def test_a_sqlite_database_url_keeps_the_sqlite_tuning():
    settings = settings_with(DATABASE_URL="sqlite:////tmp/contained.sqlite3")
    assert settings["DATABASES"]["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_production_logs_are_json_lines_on_standard_error():
    handler = settings_with(**PRODUCTION)["LOGGING"]["handlers"]["console"]
    assert handler["formatter"] == "json"
    assert handler["stream"] == "ext://sys.stderr"


def test_development_logs_stay_readable():
    assert settings_with()["LOGGING"]["handlers"]["console"]["formatter"] == "plain"


def test_a_malformed_number_in_the_environment_is_named():
    with pytest.raises(ImproperlyConfigured, match="DJANGO_HSTS_SECONDS"):
        settings_with(**PRODUCTION, DJANGO_HSTS_SECONDS="a year")


def test_https_can_be_turned_off_to_try_the_image_on_plain_http():
    settings = settings_with(**PRODUCTION, DJANGO_HTTPS="0")
    assert settings["SECURE_SSL_REDIRECT"] is False
    assert settings["SESSION_COOKIE_SECURE"] is False
