"""Reading a submitted answer and grading it against its question.

`parse_answer` turns form fields into a typed answer or a problem with the HTTP status it deserves:
422 when a person left something out or typed something unusable (they can fix it), 400 when the
form itself was tampered with or is malformed (a person could not have produced it).
`grade` never fails on a parsed answer.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from quiz.grading.normalise import NumberFormatError, normalise_text, parse_number
from quiz.grading.questions import QuestionSpec, QuestionType

Answer = str | bool | float | tuple[str, ...] | frozenset[str]
FormData = Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class AnswerProblem:
    status: int
    message: str


@dataclass(frozen=True)
class ChoiceMark:
    """How one choice (or ordering item) comes out after grading."""

    id: str
    chosen: bool
    correct: bool

    @property
    def verdict(self) -> str:
        if self.chosen and self.correct:
            return "right"
        if self.chosen:
            return "wrong"
        if self.correct:
            return "missed"
        return "neutral"


@dataclass(frozen=True)
class Grade:
    correct: bool
    score: float
    marks: tuple[ChoiceMark, ...] = field(default=())
    # For ordering questions: the learner's order and whether each position was right.
    positions: tuple[tuple[str, bool], ...] = field(default=())


def _values(form: FormData, name: str) -> list[str]:
    return [value for value in form.get(name, ()) if isinstance(value, str)]


def _one(form: FormData, name: str) -> str | None:
    values = _values(form, name)
    return values[0] if len(values) == 1 else None


def parse_answer(spec: QuestionSpec, form: FormData) -> Answer | AnswerProblem:
    """The learner's answer in a form `grade` understands, or what is wrong with the submission."""
    match spec.type:
        case QuestionType.SINGLE:
            values = _values(form, "choice")
            if not values:
                return AnswerProblem(422, "Choose an answer before checking it.")
            if len(values) > 1:
                return AnswerProblem(400, "This question takes exactly one answer.")
            if values[0] not in spec.choice_ids:
                return AnswerProblem(400, "That answer is not one of this question's choices.")
            return values[0]
        case QuestionType.MULTIPLE:
            values = _values(form, "choice")
            if not values:
                return AnswerProblem(422, "Choose at least one answer before checking.")
            if len(set(values)) != len(values) or not set(values) <= set(spec.choice_ids):
                return AnswerProblem(400, "Those answers do not match this question's choices.")
            return frozenset(values)
        case QuestionType.TRUE_FALSE:
            value = _one(form, "choice")
            if not _values(form, "choice"):
                return AnswerProblem(422, "Choose True or False before checking.")
            if value not in {"true", "false"}:
                return AnswerProblem(400, "This question takes True or False.")
            return value == "true"
        case QuestionType.ORDERING:
            return _parse_order(spec, form)
        case QuestionType.SHORT_TEXT:
            value = _one(form, "text")
            if value is None:
                return AnswerProblem(400, "This question takes one typed answer.")
            if len(value) > spec.max_length:
                return AnswerProblem(
                    422, f"Your answer is too long: keep it under {spec.max_length} characters."
                )
            if not value.strip():
                return AnswerProblem(422, "Type an answer before checking it.")
            return value
        case QuestionType.NUMERIC:
            value = _one(form, "number")
            if value is None:
                return AnswerProblem(400, "This question takes one number.")
            if not value.strip():
                return AnswerProblem(422, "Enter a number before checking it.")
            try:
                number = parse_number(value, unit=spec.unit)
            except NumberFormatError:
                unit = f" (in {spec.unit})" if spec.unit else ""
                return AnswerProblem(422, f"Enter a number{unit}, for example 42 or 0.5.")
            if not math.isfinite(number):
                return AnswerProblem(422, "Enter an ordinary number, for example 42 or 0.5.")
            return number
    return AnswerProblem(400, "This question cannot be answered.")  # pragma: no cover


def _parse_order(spec: QuestionSpec, form: FormData) -> tuple[str, ...] | AnswerProblem:
    """Ordering answers arrive as one position per item: position-<item id> = 1..n."""
    count = len(spec.items)
    positions: dict[str, int] = {}
    for item_id in spec.item_ids:
        value = _one(form, f"position-{item_id}")
        # ASCII digits only ("²".isdigit() is true), and few of them: int() refuses 5,000 digits.
        if value is None or not (value.isascii() and value.isdigit()) or len(value) > 6:
            return AnswerProblem(400, "Every item needs one position number.")
        position = int(value)
        if not 1 <= position <= count:
            return AnswerProblem(400, f"Positions run from 1 to {count}.")
        positions[item_id] = position
    if len(set(positions.values())) != count:
        return AnswerProblem(422, "Give every item a different position: each number once.")
    return tuple(sorted(positions, key=positions.__getitem__))


def grade(spec: QuestionSpec, answer: Answer) -> Grade:
    """Right or wrong (all or nothing), with a mark for every choice or position."""
    match spec.type:
        case QuestionType.SINGLE | QuestionType.MULTIPLE:
            chosen = {answer} if isinstance(answer, str) else set(answer)  # type: ignore[arg-type]
            marks = tuple(
                ChoiceMark(choice.id, choice.id in chosen, choice.correct)
                for choice in spec.choices
            )
            correct = chosen == spec.correct_choice_ids
        case QuestionType.TRUE_FALSE:
            correct = answer == spec.answer_bool
            marks = (
                ChoiceMark("true", answer is True, spec.answer_bool is True),
                ChoiceMark("false", answer is False, spec.answer_bool is False),
            )
        case QuestionType.ORDERING:
            order = tuple(answer)  # type: ignore[arg-type]
            expected = spec.item_ids
            positions = tuple(
                (item_id, index < len(expected) and expected[index] == item_id)
                for index, item_id in enumerate(order)
            )
            correct = order == expected
            return Grade(correct=correct, score=1.0 if correct else 0.0, positions=positions)
        case QuestionType.SHORT_TEXT:
            typed = normalise_text(str(answer))
            correct = any(typed == normalise_text(accepted) for accepted in spec.accepted)
            marks = ()
        case QuestionType.NUMERIC:
            assert spec.answer_number is not None
            correct = abs(float(answer) - spec.answer_number) <= spec.tolerance + 1e-9  # type: ignore[arg-type]
            marks = ()
    return Grade(correct=correct, score=1.0 if correct else 0.0, marks=marks)


def chosen_option_ids(spec: QuestionSpec, stored: object) -> tuple[str, ...] | None:
    """The options a stored answer picked (see QuestionSpec.option_ids); None for typed answers
    and orderings, which pick nothing from a list."""
    match spec.type:
        case QuestionType.SINGLE:
            return (str(stored),)
        case QuestionType.MULTIPLE:
            return tuple(stored)  # type: ignore[arg-type]
        case QuestionType.TRUE_FALSE:
            return ("true" if stored else "false",)
    return None


def answer_to_json(answer: Answer) -> object:
    """The answer as stored on an attempt (JSON has no sets or tuples)."""
    if isinstance(answer, frozenset):
        return sorted(answer)
    if isinstance(answer, tuple):
        return list(answer)
    return answer
