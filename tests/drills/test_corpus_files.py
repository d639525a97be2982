"""The labelled grading corpus (drills/corpus/*.yaml) is well formed and covers every level it claims to.

Each file follows the format in docs/grading/README.md: every answer is labelled 0-2 on every criterion of its
drill's rubric, ids are unique, every answer is in the tune or test split (test at least 40%), and every level of
every criterion appears often enough for agreement on it to mean something.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIR = ROOT / "drills" / "corpus"
RUBRIC_DIRS = (ROOT / "drills" / "content",)

MIN_ANSWERS = {"containerize-service": 150, "containers-vs-vms": 150}
MIN_ANSWERS_OTHER = 40
MIN_PER_LEVEL = 8
MIN_TEST_SHARE = 0.4
LEVELS = (0, 1, 2)
SPLITS = {"tune", "test"}
ORIGINS = {"written", "adapted-web"}
STYLES = {
    "prose", "code-dockerfile", "code-compose", "code-k8s", "code-cli", "code-comments", "telegraphic",
    "paraphrase", "non-native", "label-style", "contrast", "distant-reason", "warning-first", "table",
    "wrong-reason", "factual-error", "off-topic", "keyword-list", "short", "long",
}  # fmt: skip
ANSWER_KEYS = {"id", "split", "styles", "origin", "source", "labels", "red_flags", "note", "text"}
ID_RE = re.compile(r"^[a-z]+-\d{3}$")

CORPUS_FILES = sorted(CORPUS_DIR.glob("*.yaml"))


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _rubric(slug: str) -> dict:
    for folder in RUBRIC_DIRS:
        path = folder / f"{slug}.yaml"
        if path.is_file():
            return _load(path)
    raise AssertionError(f"no rubric file for drill '{slug}' in {[str(d) for d in RUBRIC_DIRS]}")


def _criteria(slug: str) -> list[str]:
    return [criterion["id"] for criterion in _rubric(slug)["criteria"]]


corpus_file = pytest.mark.parametrize("path", CORPUS_FILES, ids=[p.stem for p in CORPUS_FILES])


def test_the_corpus_has_files():
    assert CORPUS_FILES, f"no corpus files in {CORPUS_DIR}"


@corpus_file
def test_file_names_its_drill_and_an_existing_guide(path):
    data = _load(path)
    assert data["drill"] == path.stem
    assert (ROOT / data["guide"]).is_file(), f"{path.name}: guide {data['guide']} does not exist"


@corpus_file
def test_enough_answers(path):
    data = _load(path)
    wanted = MIN_ANSWERS.get(data["drill"], MIN_ANSWERS_OTHER)
    assert len(data["answers"]) >= wanted


@corpus_file
def test_ids_are_well_formed_and_unique(path):
    ids = [answer["id"] for answer in _load(path)["answers"]]
    malformed = [answer_id for answer_id in ids if not ID_RE.match(answer_id)]
    duplicated = [answer_id for answer_id, count in Counter(ids).items() if count > 1]
    assert (malformed, duplicated) == ([], [])


@corpus_file
def test_answers_have_only_known_fields_and_a_text(path):
    problems = []
    for answer in _load(path)["answers"]:
        unknown = set(answer) - ANSWER_KEYS
        missing = {"id", "split", "styles", "origin", "labels", "text"} - set(answer)
        if unknown or missing or not isinstance(answer.get("text"), str):
            problems.append((answer.get("id"), sorted(unknown), sorted(missing)))
    assert problems == []


@corpus_file
def test_every_answer_labels_every_criterion_with_a_level(path):
    data = _load(path)
    criteria = set(_criteria(data["drill"]))
    problems = [
        (answer["id"], answer["labels"])
        for answer in data["answers"]
        if set(answer["labels"]) != criteria
        or any(level not in LEVELS for level in answer["labels"].values())
    ]
    assert problems == []


@corpus_file
def test_red_flags_are_the_rubric_s(path):
    data = _load(path)
    known = {flag["id"] for flag in _rubric(data["drill"]).get("red_flags", [])}
    unknown = [
        (answer["id"], flag)
        for answer in data["answers"]
        for flag in answer.get("red_flags") or []
        if flag not in known
    ]
    assert unknown == []


@corpus_file
def test_styles_and_origins_are_known(path):
    problems = [
        answer["id"]
        for answer in _load(path)["answers"]
        if not answer["styles"]
        or not set(answer["styles"]) <= STYLES
        or answer["origin"] not in ORIGINS
    ]
    assert problems == []


@corpus_file
def test_adapted_answers_give_their_source(path):
    missing = [
        answer["id"]
        for answer in _load(path)["answers"]
        if answer["origin"] == "adapted-web"
        and not str(answer.get("source") or "").startswith(("http://", "https://"))
    ]
    assert missing == []


@corpus_file
def test_every_answer_is_in_a_split_and_test_is_at_least_40_percent(path):
    answers = _load(path)["answers"]
    splits = Counter(answer["split"] for answer in answers)
    assert set(splits) <= SPLITS
    assert splits["test"] >= math.ceil(MIN_TEST_SHARE * len(answers))


@corpus_file
def test_every_level_of_every_criterion_appears_often_enough(path):
    data = _load(path)
    counts = {
        criterion: Counter(answer["labels"][criterion] for answer in data["answers"])
        for criterion in _criteria(data["drill"])
    }
    too_rare = {
        (criterion, level): count[level]
        for criterion, count in counts.items()
        for level in LEVELS
        if count[level] < MIN_PER_LEVEL
    }
    assert too_rare == {}
