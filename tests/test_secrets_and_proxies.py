"""Issue 11 on deployment: production refuses a weak DJANGO_SECRET_KEY, and gunicorn believes
X-Forwarded-Proto only as far as DJANGO_TRUSTED_PROXIES says (gunicorn's own default believes
anyone on 127.0.0.1)."""

from __future__ import annotations

import os
import runpy
import subprocess
import time
import urllib.error
import urllib.request
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.test_deploy import PRODUCTION, ROOT, settings_with
from tests.test_production_server import BIN, NoRedirect, free_port

STRONG_KEY = PRODUCTION["DJANGO_SECRET_KEY"]


@pytest.mark.parametrize(
    "key",
    [
        "short",
        "ab" * 40,  # long, but only two different characters
        "django-insecure-" + STRONG_KEY,  # what startproject writes, not meant for production
    ],
)
def test_production_refuses_a_weak_secret_key(key):
    with pytest.raises(ImproperlyConfigured, match=r"security\.W009"):
        settings_with(**{**PRODUCTION, "DJANGO_SECRET_KEY": key})


def test_production_accepts_a_strong_secret_key():
    assert settings_with(**PRODUCTION)["SECRET_KEY"] == STRONG_KEY


def test_development_does_not_mind_a_short_key():
    assert settings_with(DJANGO_DEBUG="1", DJANGO_SECRET_KEY="short")["SECRET_KEY"] == "short"


def gunicorn_setting(**env: str) -> object:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_TRUSTED_PROXIES", "FORWARDED_ALLOW_IPS"}
    }
    with mock.patch.dict(os.environ, {**clean, **env}, clear=True):
        return runpy.run_path(str(ROOT / "gunicorn.conf.py"))["forwarded_allow_ips"]


def test_without_a_proxy_gunicorn_believes_no_forwarded_header():
    assert gunicorn_setting() == ""
    assert gunicorn_setting(DJANGO_TRUSTED_PROXIES="0") == ""


def test_behind_a_proxy_gunicorn_believes_it():
    assert gunicorn_setting(DJANGO_TRUSTED_PROXIES="1") == "*"


def test_the_proxy_addresses_can_be_named():
    setting = gunicorn_setting(DJANGO_TRUSTED_PROXIES="1", FORWARDED_ALLOW_IPS="10.0.0.0/8")
    assert setting == "10.0.0.0/8"


@pytest.fixture
def server_without_proxy(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env |= {
        **PRODUCTION,
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
    }
    env.pop("FORWARDED_ALLOW_IPS", None)
    command = [
        str(BIN / "gunicorn"),
        "--config",
        "gunicorn.conf.py",
        "--no-control-socket",
        "config.wsgi",
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=2)
            break
        except urllib.error.HTTPError:
            break  # it answers
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("gunicorn did not start")
            time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(timeout=30)


def test_a_forwarded_https_header_from_localhost_is_not_believed_without_a_proxy(
    server_without_proxy,
):
    request = urllib.request.Request(
        f"{server_without_proxy}/drills/",
        headers={"Host": "localhost", "X-Forwarded-Proto": "https"},
    )
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.build_opener(NoRedirect).open(request, timeout=10)
    assert raised.value.code == 301
    assert raised.value.headers["Location"] == "https://localhost/drills/"
