"""The site as production runs it: gunicorn with gunicorn.conf.py, DJANGO_DEBUG=0, collected static files.

One server is started for the module (on a fresh SQLite file, behind a pretend TLS proxy) and asked
what an operator, a browser and Docker's HEALTHCHECK would ask.
"""

from __future__ import annotations

import gzip
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import brotli
import pytest

from tests.test_compression import AS_A_BROWSER

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"Host": "localhost", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("production")
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "test-only-9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6b5a4938271605f4e3d2c",
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "DJANGO_TRUSTED_PROXIES": "1",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
    }
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput"], ["createcachetable"], ["collectstatic", "--noinput"]):
        subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True, capture_output=True)
    log = (folder / "stdout.log").open("w")
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--config",
            "gunicorn.conf.py",
            "--no-control-socket",
            "config.wsgi",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if fetch(f"{base}/healthz")[0] == 200:
                break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("gunicorn did not start:\n" + (folder / "stdout.log").read_text())
        time.sleep(0.2)
    yield {"base": base, "env": env, "log": folder / "stdout.log", "static": folder / "static"}
    process.terminate()
    process.wait(timeout=30)
    log.close()


HTTPS = {"X-Forwarded-Proto": "https"}


def test_the_health_check_answers_over_plain_http(server):
    status, _, body = fetch(f"{server['base']}/healthz")
    assert (status, json.loads(body)) == (200, {"status": "ok"})


def test_pages_are_served_over_https_through_the_proxy(server):
    status, _, body = fetch(f"{server['base']}/drills/", HTTPS)
    assert status == 200
    assert b"Interview drills" in body


def test_plain_http_pages_are_redirected_to_https(server):
    request = urllib.request.Request(f"{server['base']}/drills/", headers={"Host": "localhost"})
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as raised:
        opener.open(request, timeout=10)
    assert raised.value.code == 301
    assert raised.value.headers["Location"] == "https://localhost/drills/"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_a_missing_page_gets_the_friendly_404(server):
    status, _, body = fetch(f"{server['base']}/no-such-page/", HTTPS)
    assert status == 404
    assert b"We could not find that page" in body


def hashed(server, name: str) -> str:
    manifest = json.loads((server["static"] / "staticfiles.json").read_text())
    return manifest["paths"][name]


def test_static_files_have_content_hashes_in_their_names(server):
    assert hashed(server, "css/site.css") != "css/site.css"


def test_hashed_static_files_are_cached_for_ever(server):
    url = f"{server['base']}/static/{hashed(server, 'css/site.css')}"
    _, headers, _ = fetch(url, HTTPS)
    assert "max-age=315360000" in headers["Cache-Control"]
    assert "immutable" in headers["Cache-Control"]


def test_static_files_are_sent_compressed(server):
    url = f"{server['base']}/static/{hashed(server, 'css/site.css')}"
    _, headers, body = fetch(url, {**HTTPS, "Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip"
    assert b".error-page" in gzip.decompress(body)


def test_static_files_are_sent_as_brotli_to_browsers_that_accept_it(server):
    url = f"{server['base']}/static/{hashed(server, 'css/site.css')}"
    _, headers, body = fetch(url, {**HTTPS, **AS_A_BROWSER})
    assert headers["Content-Encoding"] == "br"
    assert b".error-page" in brotli.decompress(body)


def test_brotli_sends_less_than_gzip_for_the_scripts_and_styles_of_every_page(server):
    for name in ("css/site.css", "js/site.js"):
        url = f"{server['base']}/static/{hashed(server, name)}"
        _, _, as_gzip = fetch(url, {**HTTPS, "Accept-Encoding": "gzip"})
        _, _, as_brotli = fetch(url, {**HTTPS, **AS_A_BROWSER})
        assert len(as_brotli) < 0.9 * len(as_gzip), name


def test_pages_link_the_hashed_static_files(server):
    _, _, body = fetch(f"{server['base']}/drills/", HTTPS)
    assert f"/static/{hashed(server, 'css/site.css')}".encode() in body


def log_lines(server) -> list[dict]:
    time.sleep(0.3)  # let the workers flush
    return [json.loads(line) for line in server["log"].read_text().splitlines() if line.strip()]


def test_every_log_line_is_a_json_object(server):
    fetch(f"{server['base']}/healthz")
    lines = log_lines(server)
    assert lines
    assert all({"time", "level", "logger", "message"} <= line.keys() for line in lines)


def test_each_request_is_logged_with_its_path_status_and_duration(server):
    fetch(f"{server['base']}/no-such-page/", HTTPS)
    access = [line for line in log_lines(server) if line["logger"] == "gunicorn.access"]
    entry = next(line for line in access if line["path"] == "/no-such-page/")
    assert entry["status"] == 404
    assert isinstance(entry["duration_ms"], int)


def test_the_container_health_probe_passes_against_a_healthy_site(server):
    probe = subprocess.run(
        [sys.executable, "-m", "config.healthcheck"], cwd=ROOT, env=server["env"], check=False
    )
    assert probe.returncode == 0


def test_the_container_health_probe_fails_when_nothing_answers(server):
    env = {**server["env"], "PORT": str(free_port())}
    probe = subprocess.run(
        [sys.executable, "-m", "config.healthcheck"],
        cwd=ROOT,
        env=env,
        check=False,
        capture_output=True,
    )
    assert probe.returncode == 1
