"""The labelled grading corpus (drills/corpus/<slug>.yaml) and how far the grader agrees with it.

Each corpus file holds answers written in many styles, each labelled by hand with a level per criterion
(0 missing, 1 named, 2 explained) by the drill's guide in docs/grading/, and split once at random into
`tune` (the answers the grader's phrases may be adjusted against) and `test` (reported as it falls,
never tuned on). `grade <drill> --calibration` prints these figures; the test suite holds the test
split's total kappa of the fixed-rubric drills at 0.85 or better.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings

from drills.grader import AnswerRejected, calibration_levels, grade_answer
from drills.grading.agreement import AgreementReport, agreement_report
from drills.loading import DrillSpec

SPLITS = ("tune", "test")


@dataclass(frozen=True)
class CorpusAnswer:
    id: str
    split: str
    styles: tuple[str, ...]
    labels: dict[str, int]
    text: str


@dataclass(frozen=True)
class Disagreement:
    answer_id: str
    split: str
    criterion: str
    label: int
    level: int


@dataclass(frozen=True)
class CorpusReport:
    """Agreement per split (only the splits that have answers), and every disagreement."""

    drill: str
    reports: dict[str, AgreementReport]
    disagreements: tuple[Disagreement, ...]

    def to_dict(self) -> dict:
        return {
            "drill": self.drill,
            "splits": {split: report.to_dict() for split, report in self.reports.items()},
            "disagreements": [vars(item) for item in self.disagreements],
        }


def corpus_path(slug: str, corpus_dir: Path | None = None) -> Path:
    return Path(corpus_dir or settings.DRILLS_CORPUS_DIR) / f"{slug}.yaml"


def load_corpus(slug: str, corpus_dir: Path | None = None) -> list[CorpusAnswer]:
    """The drill's labelled answers; an empty list when the drill has no corpus file."""
    path = corpus_path(slug, corpus_dir)
    if not path.is_file():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        CorpusAnswer(
            id=item["id"],
            split=item["split"],
            styles=tuple(item.get("styles") or ()),
            labels={key: int(value) for key, value in item["labels"].items()},
            text=item["text"],
        )
        for item in data["answers"]
    ]


def grader_levels(drill: DrillSpec, answer: str) -> dict[str, int]:
    """The grader's level per criterion; an answer the grader refuses scores 0 everywhere."""
    try:
        return calibration_levels(drill, grade_answer(drill, answer))
    except AnswerRejected:
        return {criterion.id: 0 for criterion in drill.rubric.criteria}


def corpus_report(drill: DrillSpec, answers: list[CorpusAnswer]) -> CorpusReport:
    graded = [(answer, grader_levels(drill, answer.text)) for answer in answers]
    reports = {
        split: agreement_report(
            (answer.labels, levels) for answer, levels in graded if answer.split == split
        )
        for split in SPLITS
        if any(answer.split == split for answer, _ in graded)
    }
    disagreements = tuple(
        Disagreement(answer.id, answer.split, criterion, label, levels[criterion])
        for answer, levels in graded
        for criterion, label in answer.labels.items()
        if levels[criterion] != label
    )
    return CorpusReport(drill.slug, reports, disagreements)
