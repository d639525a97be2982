"""The dependency audit CI runs (scripts/audit_dependencies.py): when it fails and when it passes."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "audit_dependencies.py"
spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
audit_dependencies = importlib.util.module_from_spec(spec)
sys.modules["audit_dependencies"] = audit_dependencies  # dataclasses look their module up there
spec.loader.exec_module(audit_dependencies)
audit = audit_dependencies.audit

SKIPPED = {"name": "django", "skip_reason": "Dependency not found on PyPI: django (6.1.3)"}
ADVISORY = {"id": "PYSEC-2099-1", "aliases": ["CVE-2099-0001"], "fixed_in": ["6.1.4"]}


def pypi(version: str, vulnerabilities=()):
    return lambda name: {"info": {"version": version}, "vulnerabilities": list(vulnerabilities)}


def test_a_vulnerability_found_by_pip_audit_fails_the_audit():
    report = audit({"dependencies": [{"name": "django", "version": "6.1.3", "vulns": [ADVISORY]}]})
    assert report.failed
    assert report.vulnerable == ["django 6.1.3: PYSEC-2099-1 (CVE-2099-0001), fixed in 6.1.4"]


def test_clean_dependencies_pass():
    report = audit({"dependencies": [{"name": "django", "version": "6.1.3", "vulns": []}]})
    assert not report.failed


def test_a_latest_release_pip_audit_could_not_look_up_is_checked_on_its_project_page():
    report = audit({"dependencies": [SKIPPED]}, fetch=pypi("6.1.3", [ADVISORY]))
    assert report.failed
    assert report.vulnerable[0].startswith("django 6.1.3: PYSEC-2099-1")


def test_a_withdrawn_advisory_does_not_fail_the_audit():
    report = audit(
        {"dependencies": [SKIPPED]}, fetch=pypi("6.1.3", [{**ADVISORY, "withdrawn": "2099-02-01"}])
    )
    assert not report.failed


def test_a_pin_behind_the_latest_release_is_listed_as_unaudited():
    report = audit({"dependencies": [SKIPPED]}, fetch=pypi("6.2"))
    assert report.unaudited == ["django 6.1.3: behind the latest release 6.2"]


def test_the_audit_fails_when_no_vulnerability_data_can_be_reached():
    report = audit({"dependencies": [SKIPPED]}, fetch=lambda name: None)
    assert report.failed
    assert report.unreachable


def test_the_audit_fails_when_pip_audit_itself_cannot_reach_its_service():
    assert audit({"dependencies": [], "error": ["ConnectionError"]}).failed
