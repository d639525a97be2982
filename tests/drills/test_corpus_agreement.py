"""The grader agrees with the hand-labelled corpus on the answers it was never tuned on (the test split).

Rubric phrases are changed only while looking at the `tune` split (docs/grading/README.md); these tests
hold the `test` split as it falls. The fixed-rubric drills are held at the issue's floor, 0.85
quadratic weighted kappa on the total. The other drills' target is 0.80; their test splits are small
(18 to 27 answers) and two of them fall short today (README, "How well it agrees with people"), so
they are held at 0.60, a guard against a rubric change that breaks a drill, not a claim of the target. Over-credit (the grader above the label) is
held under 10% of answers per criterion on the fixed drills, twice the issue's 5% target for unseen
answers, as a guard against a rubric turning generous; the README reports the counts themselves.
"""

from __future__ import annotations

import functools

import pytest

from drills.corpus import corpus_report, load_corpus
from drills.management.commands.grade import load_drill_spec

FIXED_DRILLS = ["containerize-service", "containers-vs-vms"]
OTHER_DRILLS = [
    "choose-network-mode",
    "persist-data",
    "image-layers-cache",
    "oom-killed",
    "registry-strategy",
]
FLOORS = {**dict.fromkeys(FIXED_DRILLS, 0.85), **dict.fromkeys(OTHER_DRILLS, 0.60)}
MAX_OVER_CREDIT_SHARE = 0.10


@functools.cache
def held_out_split(slug: str):
    drill = load_drill_spec(slug)
    return corpus_report(drill, load_corpus(slug)).reports["test"]


@pytest.mark.parametrize("slug", FIXED_DRILLS + OTHER_DRILLS)
def test_total_kappa_on_the_test_split_meets_its_floor(slug, capsys):
    report = held_out_split(slug)
    with capsys.disabled():
        print(
            f"\n[corpus] {slug}: test split total kappa {report.total.kappa:.2f} (n={report.total.n})"
        )
    assert report.total.kappa >= FLOORS[slug]


@pytest.mark.parametrize("slug", FIXED_DRILLS)
def test_no_criterion_over_credits_more_than_one_answer_in_ten(slug):
    report = held_out_split(slug)
    too_generous = {
        criterion: figures.over_credit
        for criterion, figures in report.criteria.items()
        if figures.over_credit > MAX_OVER_CREDIT_SHARE * figures.n
    }
    assert too_generous == {}
