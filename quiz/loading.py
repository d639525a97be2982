"""Question bank files (quiz/content/<lesson-slug>.yaml) -> validated QuestionSpecs.

Every problem names the file and the line, like the lesson checks. Nothing here touches the database.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from lessons.loading import Problem, YamlLineLoader, display_path, fence_problems, yaml_line
from lessons.rendering import render_inline, render_markdown
from quiz.grading.questions import (
    DEFAULT_TEXT_LIMIT,
    Choice,
    OrderItem,
    QuestionSpec,
    QuestionType,
)

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_TEXT_LIMIT = 500

COMMON_FIELDS = {"id", "type", "anchor", "prompt", "explanation"}
FIELDS_BY_TYPE = {
    QuestionType.SINGLE: {"choices"},
    QuestionType.MULTIPLE: {"choices"},
    QuestionType.TRUE_FALSE: {"answer", "if_true", "if_false"},
    QuestionType.ORDERING: {"items"},
    QuestionType.SHORT_TEXT: {"accepted", "placeholder", "max_length", "wrong_feedback"},
    QuestionType.NUMERIC: {"answer", "tolerance", "unit", "placeholder", "wrong_feedback"},
}
REQUIRED_BY_TYPE = {
    QuestionType.SINGLE: {"choices"},
    QuestionType.MULTIPLE: {"choices"},
    QuestionType.TRUE_FALSE: {"answer", "if_true", "if_false"},
    QuestionType.ORDERING: {"items"},
    QuestionType.SHORT_TEXT: {"accepted"},
    QuestionType.NUMERIC: {"answer"},
}


@dataclass
class BankResult:
    questions: list[QuestionSpec]
    problems: list[Problem]


class _Bank:
    def __init__(self, path: Path):
        self.path = path
        self.display = display_path(path)
        self.problems: list[Problem] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.display, line, message))


def _text(bank: _Bank, raw: Mapping, key: str, *, where: str, required: bool = True) -> str:
    value = raw.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            bank.problem(yaml_line(raw, key), f"{where}: missing '{key}'")
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        bank.problem(yaml_line(raw, key), f"{where}: '{key}' must be text")
        return ""
    return str(value)


def _check_markdown_fences(bank: _Bank, raw: Mapping, key: str, where: str) -> None:
    """Code in a prompt or explanation must name its language, as in lessons."""
    value = raw.get(key)
    if isinstance(value, str):
        for offset, message in fence_problems(value.splitlines()):
            # A block scalar's text starts on the line after its key.
            bank.problem(yaml_line(raw, key) + offset, f"{where}: {message}")


def _parse_choices(bank: _Bank, raw: Mapping, question_type: QuestionType, where: str):
    choices_raw = raw.get("choices")
    if not isinstance(choices_raw, list) or len(choices_raw) < 2:
        bank.problem(
            yaml_line(raw, "choices"), f"{where}: 'choices' must list at least two choices"
        )
        return ()
    choices: list[Choice] = []
    seen: set[str] = set()
    for index, choice in enumerate(choices_raw, start=1):
        label = f"{where}, choice {index}"
        if not isinstance(choice, Mapping):
            bank.problem(
                yaml_line(raw, "choices"),
                f"{label}: must be a mapping with id, text, correct, feedback",
            )
            continue
        for key in sorted(set(choice) - {"id", "text", "correct", "feedback"}):
            bank.problem(yaml_line(choice, key), f"{label}: unknown field '{key}'")
        choice_id = _text(bank, choice, "id", where=label)
        if choice_id and (not ID_RE.match(choice_id) or choice_id in seen):
            bank.problem(
                yaml_line(choice, "id"),
                f"{label}: id '{choice_id}' must be unique and lowercase-hyphenated",
            )
        seen.add(choice_id)
        text = _text(bank, choice, "text", where=label)
        feedback = _text(bank, choice, "feedback", where=label)
        correct = choice.get("correct")
        if not isinstance(correct, bool):
            bank.problem(yaml_line(choice, "correct"), f"{label}: 'correct' must be true or false")
            correct = False
        choices.append(Choice(choice_id, render_inline(text), correct, render_inline(feedback)))
    correct_count = sum(choice.correct for choice in choices)
    if question_type is QuestionType.SINGLE and correct_count != 1:
        bank.problem(
            yaml_line(raw, "choices"),
            f"{where}: a single-choice question needs exactly one correct choice (it has {correct_count})",
        )
    if question_type is QuestionType.MULTIPLE and correct_count < 1:
        bank.problem(
            yaml_line(raw, "choices"),
            f"{where}: a multiple-select question needs at least one correct choice",
        )
    return tuple(choices)


def _parse_items(bank: _Bank, raw: Mapping, where: str) -> tuple[OrderItem, ...]:
    items_raw = raw.get("items")
    if not isinstance(items_raw, list) or not 3 <= len(items_raw) <= 8:
        bank.problem(
            yaml_line(raw, "items"), f"{where}: 'items' must list 3 to 8 items in the correct order"
        )
        return ()
    items: list[OrderItem] = []
    seen: set[str] = set()
    for index, item in enumerate(items_raw, start=1):
        label = f"{where}, item {index}"
        if not isinstance(item, Mapping):
            bank.problem(yaml_line(raw, "items"), f"{label}: must be a mapping with id and text")
            continue
        for key in sorted(set(item) - {"id", "text"}):
            bank.problem(yaml_line(item, key), f"{label}: unknown field '{key}'")
        item_id = _text(bank, item, "id", where=label)
        if item_id and (not ID_RE.match(item_id) or item_id in seen):
            bank.problem(
                yaml_line(item, "id"),
                f"{label}: id '{item_id}' must be unique and lowercase-hyphenated",
            )
        seen.add(item_id)
        items.append(OrderItem(item_id, render_inline(_text(bank, item, "text", where=label))))
    return tuple(items)


def _number(bank: _Bank, raw: Mapping, key: str, where: str, *, default: float | None = None):
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        bank.problem(yaml_line(raw, key), f"{where}: '{key}' must be a number")
        return default
    return float(value)


def _parse_question(
    bank: _Bank, raw: object, lesson: str, anchors: set[str]
) -> QuestionSpec | None:
    if not isinstance(raw, Mapping):
        bank.problem(yaml_line(raw), "each entry under 'questions' must be a mapping")
        return None
    question_id = raw.get("id")
    where = f"question '{question_id}'" if isinstance(question_id, str) else "question"
    if not isinstance(question_id, str) or not ID_RE.match(question_id):
        bank.problem(yaml_line(raw, "id"), f"{where}: 'id' must be lowercase-hyphenated text")
        return None
    try:
        question_type = QuestionType(raw.get("type"))
    except ValueError:
        kinds = ", ".join(kind.value for kind in QuestionType)
        bank.problem(yaml_line(raw, "type"), f"{where}: 'type' must be one of {kinds}")
        return None
    allowed = COMMON_FIELDS | FIELDS_BY_TYPE[question_type]
    for key in sorted(set(raw) - allowed):
        bank.problem(
            yaml_line(raw, key), f"{where}: unknown field '{key}' for a {question_type} question"
        )
    for key in sorted(REQUIRED_BY_TYPE[question_type] - set(raw)):
        bank.problem(yaml_line(raw), f"{where}: missing '{key}'")

    anchor = _text(bank, raw, "anchor", where=where)
    if anchor and anchor not in anchors:
        bank.problem(
            yaml_line(raw, "anchor"),
            f"{where}: anchor '#{anchor}' is not a heading in lesson '{lesson}'",
        )
    prompt = _text(bank, raw, "prompt", where=where)
    explanation = _text(bank, raw, "explanation", where=where)
    for key in ("prompt", "explanation"):
        _check_markdown_fences(bank, raw, key, where)

    fields: dict = {}
    if question_type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        fields["choices"] = _parse_choices(bank, raw, question_type, where)
    elif question_type is QuestionType.TRUE_FALSE:
        answer = raw.get("answer")
        if not isinstance(answer, bool):
            bank.problem(yaml_line(raw, "answer"), f"{where}: 'answer' must be true or false")
        fields["answer_bool"] = bool(answer)
        fields["if_true_html"] = render_inline(_text(bank, raw, "if_true", where=where))
        fields["if_false_html"] = render_inline(_text(bank, raw, "if_false", where=where))
    elif question_type is QuestionType.ORDERING:
        fields["items"] = _parse_items(bank, raw, where)
    elif question_type is QuestionType.SHORT_TEXT:
        accepted = raw.get("accepted")
        if (
            not isinstance(accepted, list)
            or not accepted
            or not all(isinstance(value, str | int) and str(value).strip() for value in accepted)
        ):
            bank.problem(
                yaml_line(raw, "accepted"), f"{where}: 'accepted' must list at least one answer"
            )
            accepted = []
        fields["accepted"] = tuple(str(value) for value in accepted)
        limit = raw.get("max_length", DEFAULT_TEXT_LIMIT)
        if (
            isinstance(limit, bool)
            or not isinstance(limit, int)
            or not 1 <= limit <= MAX_TEXT_LIMIT
        ):
            bank.problem(
                yaml_line(raw, "max_length"),
                f"{where}: 'max_length' must be from 1 to {MAX_TEXT_LIMIT}",
            )
            limit = DEFAULT_TEXT_LIMIT
        elif any(len(value) > limit for value in fields["accepted"]):
            bank.problem(
                yaml_line(raw, "max_length"),
                f"{where}: an accepted answer is longer than 'max_length'",
            )
        fields["max_length"] = limit
        fields["placeholder"] = _text(bank, raw, "placeholder", where=where, required=False)
        fields["wrong_feedback_html"] = render_inline(
            _text(bank, raw, "wrong_feedback", where=where, required=False)
        )
    elif question_type is QuestionType.NUMERIC:
        fields["answer_number"] = _number(bank, raw, "answer", where)
        tolerance = _number(bank, raw, "tolerance", where, default=0.0)
        if tolerance is not None and tolerance < 0:
            bank.problem(yaml_line(raw, "tolerance"), f"{where}: 'tolerance' cannot be negative")
        fields["tolerance"] = tolerance or 0.0
        fields["unit"] = _text(bank, raw, "unit", where=where, required=False)
        fields["placeholder"] = _text(bank, raw, "placeholder", where=where, required=False)
        fields["wrong_feedback_html"] = render_inline(
            _text(bank, raw, "wrong_feedback", where=where, required=False)
        )
    return QuestionSpec(
        id=question_id,
        type=question_type,
        lesson=lesson,
        anchor=anchor,
        prompt_html=render_markdown(prompt).html,
        explanation_html=render_markdown(explanation).html,
        **fields,
    )


def load_bank(path: Path, anchors_by_lesson: Mapping[str, set[str]]) -> BankResult:
    """One lesson's question bank, validated against the lessons' headings."""
    bank = _Bank(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=YamlLineLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        bank.problem(
            mark.line + 1 if mark else 1, f"not valid YAML: {getattr(error, 'problem', error)}"
        )
        return BankResult([], bank.problems)
    if not isinstance(data, Mapping):
        bank.problem(1, "a question bank is a mapping with 'lesson' and 'questions'")
        return BankResult([], bank.problems)
    for key in sorted(set(data) - {"lesson", "questions"}):
        bank.problem(yaml_line(data, key), f"unknown field '{key}'")
    lesson = data.get("lesson")
    if lesson != path.stem:
        bank.problem(yaml_line(data, "lesson"), f"'lesson' must be '{path.stem}', the file's name")
    if lesson not in anchors_by_lesson:
        bank.problem(yaml_line(data, "lesson"), f"there is no lesson '{lesson}'")
        return BankResult([], bank.problems)
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        bank.problem(yaml_line(data, "questions"), "'questions' must list at least one question")
        return BankResult([], bank.problems)
    questions = []
    for raw in raw_questions:
        spec = _parse_question(bank, raw, lesson, anchors_by_lesson[lesson])
        if spec is not None:
            questions.append(spec)
    return BankResult(questions, bank.problems)


def load_question_banks(content_dir: Path, anchors_by_lesson: Mapping[str, set[str]]) -> BankResult:
    """Every question bank, with ids checked for uniqueness across the whole course."""
    questions: list[QuestionSpec] = []
    problems: list[Problem] = []
    first_seen: dict[str, str] = {}
    for path in sorted(content_dir.glob("*.yaml")):
        result = load_bank(path, anchors_by_lesson)
        problems.extend(result.problems)
        for spec in result.questions:
            if spec.id in first_seen:
                problems.append(
                    Problem(
                        display_path(path),
                        _find_line(path, f"id: {spec.id}"),
                        f"question id '{spec.id}' is used twice (also in {first_seen[spec.id]})",
                    )
                )
                continue
            first_seen[spec.id] = display_path(path)
            questions.append(spec)
    return BankResult(questions, problems)


def _find_line(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next((number for number, line in enumerate(lines, 1) if needle in line), 1)
