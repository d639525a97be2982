"""The Dockerfile corpus: every file is accepted, and every verdict matches the label decided for it.

The labels (expected.yaml) were written from each check's definition before the analysis ran on the file;
a third of the files are a held-out set that was never used to shape the rules.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from quiz.grading.dockerfile import CHECKS, grade_dockerfile

CORPUS = Path(__file__).parent / "dockerfile_corpus"
SPEC = yaml.safe_load((CORPUS / "expected.yaml").read_text())["files"]
STATUSES = {"pass", "fail", "n/a", "cannot-tell"}


def test_the_corpus_has_at_least_eighty_files_a_third_of_them_held_out():
    files = sorted(path.name for path in CORPUS.glob("*.Dockerfile"))
    held_out = [name for name, item in SPEC.items() if item["set"] == "held-out"]
    assert len(files) >= 80
    assert sorted(SPEC) == files
    assert len(held_out) >= len(files) // 4


@pytest.mark.parametrize("name", sorted(SPEC))
def test_every_file_carries_its_origin_and_a_label_for_every_dockerfile_check(name):
    item = SPEC[name]
    assert item["set"] in {"tuning", "held-out"}
    assert item["origin"]
    assert set(item["expected"]) == set(CHECKS) - {"dockerignore"}
    assert set(item["expected"].values()) <= STATUSES


@pytest.mark.parametrize("name", sorted(SPEC))
def test_every_corpus_file_is_accepted_and_graded_as_labelled(name):
    graded = grade_dockerfile((CORPUS / name).read_text()).statuses()
    expected = SPEC[name]["expected"]
    assert {check: graded[check] for check in expected} == expected
