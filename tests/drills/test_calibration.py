"""Every drill's calibration answers grade as labelled (the drill file's own test of its rubric)."""

from __future__ import annotations

import pytest

from drills.management.commands.grade import calibration_report
from tests.conftest import real_course

DRILLS = [drill.slug for drill in real_course().drills]
AGREEMENT_FLOOR = 0.95


def test_every_required_drill_exists():
    assert set(DRILLS) >= {
        "containerize-service",
        "containers-vs-vms",
        "oom-killed",
        "image-layers-cache",
        "choose-network-mode",
        "persist-data",
        "registry-strategy",
        "dockerfile-node",
    }


@pytest.mark.parametrize("slug", DRILLS)
def test_drill_has_at_least_fifteen_calibration_answers_of_varied_kinds(slug):
    drill = next(d for d in real_course().drills if d.slug == slug)
    assert len(drill.calibration) >= 15
    assert len({item.kind for item in drill.calibration}) >= 5


@pytest.mark.parametrize("slug", DRILLS)
def test_calibration_answers_grade_as_labelled(slug, capsys):
    drill = next(d for d in real_course().drills if d.slug == slug)
    agreement, disagreements = calibration_report(drill)
    with capsys.disabled():
        summary = ", ".join(f"{c} {a}/{t}" for c, (a, t) in agreement.items())
        print(f"\n[calibration] {slug}: {summary}")
    agreed = sum(a for a, _ in agreement.values())
    total = sum(t for _, t in agreement.values())
    assert agreed / total >= AGREEMENT_FLOOR, "\n".join(disagreements)
    flag_misses = [line for line in disagreements if "red flag" in line]
    assert not flag_misses, "\n".join(flag_misses)
