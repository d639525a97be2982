"""What a quiz question is, once loaded: plain frozen dataclasses, stored as JSON on the Question row."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum


class QuestionType(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"
    ORDERING = "ordering"
    SHORT_TEXT = "short_text"
    NUMERIC = "numeric"

    @property
    def label(self) -> str:
        return {
            "single": "Choose one answer",
            "multiple": "Choose every answer that applies",
            "true_false": "True or false?",
            "ordering": "Put these in order",
            "short_text": "Type your answer",
            "numeric": "Enter a number",
        }[self.value]


@dataclass(frozen=True)
class Choice:
    id: str
    html: str
    correct: bool
    feedback_html: str


@dataclass(frozen=True)
class OrderItem:
    id: str
    html: str


DEFAULT_TEXT_LIMIT = 200


@dataclass(frozen=True)
class QuestionSpec:
    """Everything needed to show and grade a question. HTML fields are rendered at sync time."""

    id: str
    type: QuestionType
    lesson: str
    anchor: str
    prompt_html: str
    explanation_html: str
    choices: tuple[Choice, ...] = ()
    # true_false
    answer_bool: bool | None = None
    if_true_html: str = ""
    if_false_html: str = ""
    # ordering: items in the correct order
    items: tuple[OrderItem, ...] = ()
    # short_text
    accepted: tuple[str, ...] = ()
    max_length: int = DEFAULT_TEXT_LIMIT
    placeholder: str = ""
    # numeric
    answer_number: float | None = None
    tolerance: float = 0.0
    unit: str = ""
    wrong_feedback_html: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> QuestionSpec:
        values = dict(data)
        values["type"] = QuestionType(values["type"])
        values["choices"] = tuple(Choice(**choice) for choice in values.get("choices", ()))
        values["items"] = tuple(OrderItem(**item) for item in values.get("items", ()))
        values["accepted"] = tuple(values.get("accepted", ()))
        return cls(**values)

    @property
    def correct_choice_ids(self) -> frozenset[str]:
        return frozenset(choice.id for choice in self.choices if choice.correct)

    @property
    def choice_ids(self) -> tuple[str, ...]:
        return tuple(choice.id for choice in self.choices)

    @property
    def option_ids(self) -> tuple[str, ...]:
        """What a learner picks from: the choices, or "true" and "false"."""
        if self.type is QuestionType.TRUE_FALSE:
            return ("true", "false")
        return self.choice_ids

    @property
    def correct_option_ids(self) -> frozenset[str]:
        if self.type is QuestionType.TRUE_FALSE:
            return frozenset({"true" if self.answer_bool else "false"})
        return self.correct_choice_ids

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items)
