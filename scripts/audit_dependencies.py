"""Audit the installed dependencies for known vulnerabilities; exit 1 if any has one.

    .venv/bin/python scripts/audit_dependencies.py

1. pip-audit checks every installed distribution (the pinned ones and what they pull in) against
   PyPI's vulnerability data for its exact version.
2. A distribution pip-audit could not look up (PyPI's per-version API unreachable, as on networks
   that only mirror package pages) is checked against PyPI's project page instead, whose
   `vulnerabilities` describe the latest release: exact for a pin that is the latest release.
   One that is behind the latest release cannot be checked that way and is listed as unaudited.

Exit status: 1 when a known vulnerability is found, or when no vulnerability data could be reached
at all (the audit never silently passes); 0 otherwise, with unaudited distributions listed loudly.
AUDIT_REQUIRE_COMPLETE=1 also fails when any distribution stays unaudited.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_URL = "https://pypi.org/pypi/{name}/json"


@dataclass
class Report:
    vulnerable: list[str] = field(default_factory=list)  # "name version: ID (fixed in ...)"
    audited: list[str] = field(default_factory=list)
    unaudited: list[str] = field(default_factory=list)  # "name version: why"
    unreachable: bool = False

    @property
    def failed(self) -> bool:
        nothing_checked = not self.audited and not self.vulnerable
        return bool(self.vulnerable) or self.unreachable or nothing_checked


def run_pip_audit() -> dict:
    """pip-audit's JSON report on this environment (its own exit status only says "found some")."""
    pip_audit = Path(sys.executable).parent / "pip-audit"
    result = subprocess.run(
        [str(pip_audit), "--format", "json", "--progress-spinner", "off"],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        return json.loads(result.stdout)
    except ValueError:
        # pip-audit stops with a traceback when its service does not answer at all.
        sys.stderr.write(result.stderr[-2000:])
        return {"dependencies": [], "error": result.stderr.strip().splitlines()[-1:]}


def fetch_project(name: str) -> dict | None:
    try:
        with urllib.request.urlopen(PROJECT_URL.format(name=name), timeout=20) as response:
            return json.load(response)
    except (OSError, ValueError):
        return None


def describe(vulnerability: dict) -> str:
    ident = vulnerability.get("id", "?")
    aliases = [a for a in vulnerability.get("aliases", []) if a.startswith("CVE-")]
    fixed = ", ".join(vulnerability.get("fix_versions") or vulnerability.get("fixed_in") or [])
    return f"{ident}{' (' + ', '.join(aliases) + ')' if aliases else ''}" + (
        f", fixed in {fixed}" if fixed else ""
    )


def audit(pip_audit_report: dict, fetch: Callable[[str], dict | None] = fetch_project) -> Report:
    report = Report()
    skipped = []
    for dependency in pip_audit_report.get("dependencies", []):
        name, version = dependency["name"], dependency.get("version", "?")
        if "skip_reason" in dependency:
            skipped.append(dependency)
            continue
        report.audited.append(name)
        for vulnerability in dependency.get("vulns", []):
            report.vulnerable.append(f"{name} {version}: {describe(vulnerability)}")
    if pip_audit_report.get("error"):
        report.unreachable = True
    if not skipped:
        return report

    def check(dependency: dict) -> tuple[dict, dict | None]:
        return dependency, fetch(dependency["name"])

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(check, skipped))
    if all(project is None for _, project in answers):
        report.unreachable = True
    for dependency, project in answers:
        name = dependency["name"]
        version = dependency.get("version") or dependency["skip_reason"].rsplit("(", 1)[-1][:-1]
        if project is None:
            report.unaudited.append(f"{name} {version}: PyPI did not answer")
            continue
        latest = project["info"]["version"]
        if latest != version:
            report.unaudited.append(f"{name} {version}: behind the latest release {latest}")
            continue
        report.audited.append(name)
        for vulnerability in project.get("vulnerabilities", []):
            if not vulnerability.get("withdrawn"):
                report.vulnerable.append(f"{name} {version}: {describe(vulnerability)}")
    return report


def main() -> int:
    report = audit(run_pip_audit())
    print(f"Audited {len(report.audited)} installed distributions for known vulnerabilities.")
    for line in report.vulnerable:
        print(f"VULNERABLE  {line}")
    if report.unaudited:
        print(
            f"\n!!! {len(report.unaudited)} distributions could NOT be audited "
            "(no per-version vulnerability data reachable):"
        )
        for line in report.unaudited:
            print(f"!!!   {line}")
    if report.unreachable:
        print("\n!!! AUDIT FAILED: no vulnerability data could be reached.")
    if report.failed:
        return 1
    if report.unaudited and os.environ.get("AUDIT_REQUIRE_COMPLETE") == "1":
        print("\n!!! AUDIT_REQUIRE_COMPLETE=1: failing because the audit is incomplete.")
        return 1
    print("No known vulnerabilities found.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
