"""Issue 11 on `export_data`: no browser sessions in the file, the file readable by its owner only,
and an older export that carried sessions still imports (without them)."""

from __future__ import annotations

import io
import json
import stat

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client

from tests.test_data_transfer import empty_the_database, import_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in_staff(db):
    client = Client()
    client.force_login(User.objects.create_user("boss", password="a long password", is_staff=True))
    return client


def export_to(path) -> dict:
    call_command("export_data", "--output", str(path), stderr=io.StringIO())
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_export_holds_no_sessions(signed_in_staff, tmp_path):
    assert Session.objects.exists()
    document = export_to(tmp_path / "history.json")
    assert "sessions.session" not in {item["model"] for item in document["objects"]}
    key = Session.objects.get().session_key
    assert key not in (tmp_path / "history.json").read_text(encoding="utf-8")


def test_the_export_file_is_readable_by_its_owner_only(signed_in_staff, tmp_path):
    path = tmp_path / "history.json"
    export_to(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_existing_file_is_narrowed_to_its_owner(signed_in_staff, tmp_path):
    path = tmp_path / "history.json"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o644)
    export_to(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_older_export_with_sessions_imports_without_them(signed_in_staff, tmp_path):
    document = export_to(tmp_path / "history.json")
    session = Session.objects.get()
    document["objects"].append(
        {
            "model": "sessions.session",
            "pk": session.session_key,
            "fields": {"session_data": session.session_data, "expire_date": "2999-01-01T00:00:00Z"},
        }
    )
    empty_the_database()
    Session.objects.all().delete()
    import_document(document)
    assert User.objects.filter(username="boss").exists()
    assert not Session.objects.exists()
