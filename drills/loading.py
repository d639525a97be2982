"""Drill files (drills/content/<slug>.yaml) -> validated DrillSpecs, with problems naming file and line."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from drills.grading.code import FACTS as CODE_FACTS
from drills.grading.rubric import Criterion, RedFlag, Rubric
from lessons.loading import Problem, YamlLineLoader, display_path, yaml_line
from lessons.rendering import render_markdown

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KINDS = ("text", "dockerfile")
CALIBRATION_KINDS = (
    "strong",
    "paraphrased",
    "partial",
    "wrong-reason",
    "negated",
    "other-sense",
    "keyword-salad",
    "off-topic",
    "empty",
    "adversarial",
)
CRITERION_FIELDS = {
    "id", "title", "concept", "reasons", "opposite", "reject", "partial", "exclude", "feedback", "lesson",
    "code", "code_partial", "code_reject",
}  # fmt: skip
DRILL_FIELDS = {
    "slug", "title", "kind", "summary", "prompt", "time_limit_seconds", "lessons", "criteria",
    "red_flags", "model_answer", "calibration", "checks", "starter", "order",
}  # fmt: skip


@dataclass(frozen=True)
class Calibration:
    id: str
    kind: str
    answer: str
    expected: dict[str, int | str]
    dockerignore: str = ""
    red_flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class LessonLink:
    slug: str
    anchor: str
    title: str


@dataclass(frozen=True)
class DrillSpec:
    slug: str
    title: str
    kind: str
    summary: str
    prompt_html: str
    time_limit_seconds: int
    model_answer_html: str
    lessons: tuple[LessonLink, ...]
    rubric: Rubric | None = None  # text drills
    checks: tuple[str, ...] = ()  # dockerfile drills
    starter: str = ""
    order: int = 100  # position in the drill list; drills without one follow, by slug
    calibration: tuple[Calibration, ...] = field(default=())
    model_answer: str = ""  # the Markdown source, graded by `grade --model` and the tests

    def to_dict(self) -> dict:
        """JSON-ready, for the Drill row; `from_dict` rebuilds the same spec."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> DrillSpec:
        values = dict(data)
        values["lessons"] = tuple(LessonLink(**link) for link in values["lessons"])
        values["checks"] = tuple(values.get("checks", ()))
        values["calibration"] = tuple(
            Calibration(**{**item, "red_flags": tuple(item.get("red_flags", ()))})
            for item in values.get("calibration", ())
        )
        rubric = values.get("rubric")
        if rubric is not None:
            values["rubric"] = Rubric(
                criteria=tuple(
                    Criterion(
                        **{k: tuple(v) if isinstance(v, list) else v for k, v in criterion.items()}
                    )
                    for criterion in rubric["criteria"]
                ),
                red_flags=tuple(
                    RedFlag(flag["id"], tuple(flag["patterns"]), flag["message"])
                    for flag in rubric.get("red_flags", ())
                ),
            )
        return cls(**values)

    @property
    def rubric_version(self) -> str:
        """A short hash of what grading depends on: changes whenever the rubric or checks change."""
        payload = {"rubric": asdict(self.rubric) if self.rubric else None, "checks": self.checks}
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:12]


@dataclass
class DrillLoadResult:
    drills: list[DrillSpec]
    problems: list[Problem]


def _strings(value: object) -> tuple[str, ...] | None:
    if value is None:
        return ()
    if isinstance(value, list) and all(isinstance(item, str) and item.strip() for item in value):
        return tuple(value)
    return None


def _lesson_link(
    value: object, anchors: Mapping[str, Mapping[str, str]] | None
) -> LessonLink | str:
    """'slug#anchor' -> LessonLink, or the problem with it (unchecked, untitled without anchors)."""
    if not isinstance(value, str) or "#" not in value:
        return "must be 'lesson-slug#heading-id'"
    slug, anchor = value.split("#", 1)
    if anchors is None:
        return LessonLink(slug, anchor, anchor)
    if slug not in anchors:
        return f"there is no lesson '{slug}'"
    if anchor not in anchors[slug]:
        return f"lesson '{slug}' has no heading '#{anchor}'"
    return LessonLink(slug, anchor, anchors[slug][anchor])


def load_drill(
    path: Path, anchors: Mapping[str, Mapping[str, str]] | None
) -> tuple[DrillSpec | None, list[Problem]]:
    """`anchors` maps each lesson slug to {heading id: heading title}.

    With `anchors=None` the links to lessons are taken as written, unchecked: enough to grade an
    answer without rendering the whole course (the `grade` command); `check_content` checks them.
    """
    display = display_path(path)
    problems: list[Problem] = []

    def problem(line: int, message: str) -> None:
        problems.append(Problem(display, line, message))

    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=YamlLineLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem(mark.line + 1 if mark else 1, f"not valid YAML: {getattr(error, 'problem', error)}")
        return None, problems
    if not isinstance(data, Mapping):
        problem(1, "a drill file is a mapping (slug, title, kind, prompt, ...)")
        return None, problems
    for key in sorted(set(data) - DRILL_FIELDS):
        problem(yaml_line(data, key), f"unknown field '{key}'")
    for key in ("slug", "title", "kind", "summary", "prompt", "model_answer"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            problem(yaml_line(data, key), f"missing '{key}' (text)")
    if problems:
        return None, problems
    if data["slug"] != path.stem or not SLUG_RE.match(data["slug"]):
        problem(yaml_line(data, "slug"), f"'slug' must be '{path.stem}', the file's name")
    kind = data["kind"]
    if kind not in KINDS:
        problem(yaml_line(data, "kind"), f"'kind' must be one of {', '.join(KINDS)}")
        return None, problems
    limit = data.get("time_limit_seconds", 180)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 30 <= limit <= 3600:
        problem(
            yaml_line(data, "time_limit_seconds"), "'time_limit_seconds' must be from 30 to 3600"
        )
        limit = 180

    lessons: list[LessonLink] = []
    raw_lessons = data.get("lessons") or []
    if not isinstance(raw_lessons, list) or not raw_lessons:
        problem(
            yaml_line(data, "lessons"), "'lessons' must list at least one 'lesson-slug#heading-id'"
        )
    else:
        for value in raw_lessons:
            link = _lesson_link(value, anchors)
            if isinstance(link, str):
                problem(yaml_line(data, "lessons"), f"lessons: '{value}': {link}")
            else:
                lessons.append(link)

    rubric = None
    checks: tuple[str, ...] = ()
    if kind == "text":
        rubric = _load_rubric(data, anchors, problem)
    else:
        from drills.grading.dockerfile import CHECKS

        raw_checks = _strings(data.get("checks"))
        if not raw_checks:
            problem(yaml_line(data, "checks"), "'checks' must list the Dockerfile checks to run")
        else:
            for check in raw_checks:
                if check not in CHECKS:
                    problem(
                        yaml_line(data, "checks"),
                        f"unknown check '{check}' (known: {', '.join(CHECKS)})",
                    )
            checks = raw_checks

    order = data.get("order", 100)
    if isinstance(order, bool) or not isinstance(order, int) or order < 1:
        problem(yaml_line(data, "order"), "'order' must be a whole number from 1")
    calibration = _load_calibration(data, kind, rubric, checks, problem)
    if problems:
        return None, problems
    return (
        DrillSpec(
            slug=data["slug"],
            title=data["title"].strip(),
            kind=kind,
            summary=data["summary"].strip(),
            prompt_html=render_markdown(data["prompt"]).html,
            time_limit_seconds=limit,
            model_answer_html=render_markdown(data["model_answer"]).html,
            model_answer=data["model_answer"],
            lessons=tuple(lessons),
            rubric=rubric,
            checks=checks,
            starter=data.get("starter") or "",
            order=order,
            calibration=calibration,
        ),
        problems,
    )


def _load_rubric(data: Mapping, anchors, problem) -> Rubric | None:
    raw_criteria = data.get("criteria")
    if not isinstance(raw_criteria, list) or not raw_criteria:
        problem(yaml_line(data, "criteria"), "'criteria' must list the rubric's criteria")
        return None
    criteria: list[Criterion] = []
    seen: set[str] = set()
    for raw in raw_criteria:
        if not isinstance(raw, Mapping) or not isinstance(raw.get("id"), str):
            problem(yaml_line(raw), "each criterion needs an 'id'")
            continue
        where = f"criterion '{raw['id']}'"
        if raw["id"] in seen:
            problem(yaml_line(raw, "id"), f"{where}: id used twice")
        seen.add(raw["id"])
        for key in sorted(set(raw) - CRITERION_FIELDS):
            problem(yaml_line(raw, key), f"{where}: unknown field '{key}'")
        lists = {}
        for key in ("concept", "reasons", "opposite", "reject", "partial", "exclude"):
            value = _strings(raw.get(key))
            if value is None:
                problem(yaml_line(raw, key), f"{where}: '{key}' must be a list of phrases")
                value = ()
            lists[key] = value
        for key in ("code", "code_partial", "code_reject"):
            value = _strings(raw.get(key))
            unknown = sorted(set(value or ()) - CODE_FACTS)
            if value is None or unknown:
                problem(
                    yaml_line(raw, key),
                    f"{where}: '{key}' must list code facts (unknown: {', '.join(unknown) or '-'}; "
                    f"known: {', '.join(sorted(CODE_FACTS))})",
                )
                value = ()
            lists[key] = value
        if not lists["concept"] and not lists["opposite"]:
            problem(yaml_line(raw), f"{where}: needs 'concept' (or 'opposite') phrases")
        if not lists["reasons"]:
            problem(
                yaml_line(raw),
                f"{where}: needs 'reasons' phrases (level 2 is a concept with a reason)",
            )
        feedback = raw.get("feedback")
        if not isinstance(feedback, Mapping) or not all(
            isinstance(feedback.get(level), str) and feedback[level].strip()
            for level in ("missing", "named", "explained")
        ):
            problem(
                yaml_line(raw, "feedback"),
                f"{where}: 'feedback' needs missing, named and explained texts",
            )
            feedback = {}
        link = _lesson_link(raw.get("lesson"), anchors)
        if isinstance(link, str):
            problem(yaml_line(raw, "lesson"), f"{where}: lesson {link}")
            link = LessonLink("", "", "")
        title = raw.get("title")
        if not isinstance(title, str) or not title.strip():
            problem(yaml_line(raw, "title"), f"{where}: missing 'title'")
            title = raw["id"]
        criteria.append(
            Criterion(
                id=raw["id"],
                title=title.strip(),
                feedback_missing=feedback.get("missing", "").strip(),
                feedback_named=feedback.get("named", "").strip(),
                feedback_explained=feedback.get("explained", "").strip(),
                feedback_rejected=(feedback.get("rejected") or "").strip(),
                lesson=link.slug,
                anchor=link.anchor,
                **lists,
            )
        )
    flags: list[RedFlag] = []
    for raw in data.get("red_flags") or []:
        patterns = _strings(raw.get("patterns")) if isinstance(raw, Mapping) else None
        if not isinstance(raw, Mapping) or not isinstance(raw.get("id"), str) or not patterns:
            problem(yaml_line(raw), "each red flag needs 'id', 'patterns' and 'message'")
            continue
        if not isinstance(raw.get("message"), str):
            problem(yaml_line(raw, "message"), f"red flag '{raw['id']}': missing 'message'")
            continue
        flags.append(RedFlag(raw["id"], patterns, raw["message"].strip()))
    rubric = Rubric(tuple(criteria), tuple(flags))
    for message in rubric.validate():
        problem(yaml_line(data, "criteria"), message)
    return rubric


def _load_calibration(data: Mapping, kind: str, rubric, checks, problem) -> tuple[Calibration, ...]:
    raw_list = data.get("calibration")
    if not isinstance(raw_list, list) or len(raw_list) < 15:
        problem(
            yaml_line(data, "calibration"), "'calibration' must list at least 15 labelled answers"
        )
        return ()
    criterion_ids = {c.id for c in rubric.criteria} if rubric else set(checks)
    flag_ids = {f.id for f in rubric.red_flags} if rubric else set()
    calibration: list[Calibration] = []
    seen: set[str] = set()
    for raw in raw_list:
        if not isinstance(raw, Mapping) or not isinstance(raw.get("id"), str):
            problem(yaml_line(raw), "each calibration answer needs an 'id'")
            continue
        where = f"calibration '{raw['id']}'"
        if raw["id"] in seen:
            problem(yaml_line(raw, "id"), f"{where}: id used twice")
        seen.add(raw["id"])
        if raw.get("kind") not in CALIBRATION_KINDS:
            problem(
                yaml_line(raw, "kind"),
                f"{where}: 'kind' must be one of {', '.join(CALIBRATION_KINDS)}",
            )
        answer = raw.get("answer", "")
        if not isinstance(answer, str):
            problem(yaml_line(raw, "answer"), f"{where}: 'answer' must be text")
            answer = ""
        expected = raw.get("expected")
        allowed = {0, 1, 2} if kind == "text" else {"pass", "fail", "n/a", "cannot-tell"}
        if (
            not isinstance(expected, Mapping)
            or set(expected) != criterion_ids
            or not all(value in allowed for value in expected.values())
        ):
            problem(
                yaml_line(raw, "expected"),
                f"{where}: 'expected' must give every criterion ({', '.join(sorted(criterion_ids))}) "
                f"one of {sorted(allowed, key=str)}",
            )
            expected = {}
        flags = _strings(raw.get("red_flags")) or ()
        for flag in flags:
            if flag not in flag_ids:
                problem(yaml_line(raw, "red_flags"), f"{where}: unknown red flag '{flag}'")
        calibration.append(
            Calibration(
                raw["id"],
                raw.get("kind", ""),
                answer,
                dict(expected),
                str(raw.get("dockerignore") or ""),
                flags,
            )
        )
    return tuple(calibration)


def load_drills(drills_dir: Path, anchors: Mapping[str, Mapping[str, str]]) -> DrillLoadResult:
    drills: list[DrillSpec] = []
    problems: list[Problem] = []
    for path in sorted(drills_dir.glob("*.yaml")):
        drill, drill_problems = load_drill(path, anchors)
        problems.extend(drill_problems)
        if drill is not None:
            drills.append(drill)
    return DrillLoadResult(drills, problems)
