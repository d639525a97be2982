"""View models for the question card: what a template needs, decided here rather than in the template.

A card is in one of two states: asking (a form, maybe with an input problem to fix) or answered
(the verdict, a mark on every choice, feedback, the explanation and where the lesson teaches it).
"""

from __future__ import annotations

import random
import re
import uuid
from dataclasses import dataclass, field
from html import unescape as html_unescape

from django.utils.html import strip_tags

from quiz.grading.answers import Answer, AnswerProblem, Grade
from quiz.grading.questions import QuestionSpec, QuestionType
from quiz.models import Question, QuizRun

VERDICT_TEXT = {
    "right": "Your answer: correct",
    "wrong": "Your answer: not correct",
    "missed": "Correct answer you did not choose",
    "neutral": "",
}


@dataclass(frozen=True)
class CardOption:
    """A choice (or True/False) as shown: its input value, label, and after grading its verdict."""

    value: str
    html: str
    checked: bool = False
    verdict: str = ""  # right / wrong / missed / neutral, once answered
    feedback_html: str = ""

    @property
    def verdict_text(self) -> str:
        return VERDICT_TEXT.get(self.verdict, "")


@dataclass(frozen=True)
class CardItem:
    """An ordering item in the order shown, with its position number and (once answered) whether it is placed right."""

    id: str
    html: str
    position: int
    placed_right: bool | None = None
    correct_position: int = 0
    # The position the learner chose, shown again when their answer was sent back (429, 422).
    chosen_position: int = 0

    @property
    def selected_position(self) -> int:
        return self.chosen_position or self.position


@dataclass
class QuestionCard:
    question: Question
    spec: QuestionSpec
    token: str
    run: QuizRun | None = None
    position: int = 0
    total: int = 0
    options: list[CardOption] = field(default_factory=list)
    items: list[CardItem] = field(default_factory=list)
    typed: str = ""
    problem: AnswerProblem | None = None
    grade: Grade | None = None
    section_title: str = ""
    correct_text: str = ""
    # Answered cards in a run link on to the next question or to the results.
    next_url: str = ""
    next_label: str = ""

    @property
    def answered(self) -> bool:
        return self.grade is not None

    @property
    def summary_text(self) -> str:
        """The prompt's first paragraph as plain text, for one-line summaries (the review list)."""
        match = re.search(r"<p>(.*?)</p>", self.spec.prompt_html, flags=re.DOTALL)
        text = match[1] if match else self.spec.prompt_html
        return re.sub(r"<[^>]+>", "", text).strip()

    @property
    def dom_id(self) -> str:
        return f"question-{self.spec.id}"

    @property
    def type_label(self) -> str:
        return self.spec.type.label

    @property
    def is_choice(self) -> bool:
        return self.spec.type in (
            QuestionType.SINGLE,
            QuestionType.MULTIPLE,
            QuestionType.TRUE_FALSE,
        )

    @property
    def input_type(self) -> str:
        return "checkbox" if self.spec.type is QuestionType.MULTIPLE else "radio"

    @property
    def section_url(self) -> str:
        return f"/lessons/{self.spec.lesson}/#{self.spec.anchor}"


def stable_shuffle(values: list[str], seed: str) -> list[str]:
    """The same order every time for the same seed, never the original order (if it can differ).

    Questions shown outside a quiz run (inside a lesson, or on their own page) have no stored
    shuffle, yet must not list the answer first or the ordering items already in order; and a
    page re-rendered without JavaScript must show the same order as before.
    """
    shuffled = list(values)
    random.Random(seed).shuffle(shuffled)
    if shuffled == list(values) and len(values) > 1:
        shuffled = shuffled[1:] + shuffled[:1]
    return shuffled


def _section_title(question: Question) -> str:
    for heading in question.lesson.toc:
        if heading["id"] == question.spec["anchor"]:
            return heading["title"]
    return question.lesson.title


def _options(
    spec: QuestionSpec, order: list[str] | None, answer: Answer | None, grade: Grade | None
):
    if spec.type is QuestionType.TRUE_FALSE:
        chosen = {"true"} if answer is True else {"false"} if answer is False else set()
        raw = [
            ("true", "True", spec.if_true_html, spec.answer_bool is True),
            ("false", "False", spec.if_false_html, spec.answer_bool is False),
        ]
    else:
        chosen = (
            {answer} if isinstance(answer, str) else set(answer) if answer is not None else set()
        )
        by_id = {choice.id: choice for choice in spec.choices}
        ids = [choice_id for choice_id in (order or []) if choice_id in by_id] or list(by_id)
        raw = [
            (
                choice_id,
                by_id[choice_id].html,
                by_id[choice_id].feedback_html,
                by_id[choice_id].correct,
            )
            for choice_id in ids
        ]
    marks = {mark.id: mark.verdict for mark in grade.marks} if grade else {}
    options = []
    for value, html, feedback, _correct in raw:
        verdict = marks.get(value, "")
        # Feedback explains the choices that matter to this learner: the ones they picked and
        # the right ones they missed.
        show_feedback = verdict in {"right", "wrong", "missed"}
        options.append(
            CardOption(
                value=value,
                html=html,
                checked=value in chosen,
                verdict=verdict,
                feedback_html=feedback if show_feedback else "",
            )
        )
    return options


def _items(
    spec: QuestionSpec,
    order: list[str] | None,
    grade: Grade | None,
    chosen_positions: dict[str, int] | None = None,
):
    by_id = {item.id: item for item in spec.items}
    if grade is not None:
        shown = [item_id for item_id, _ in grade.positions]
        right = dict(grade.positions)
    else:
        shown = [item_id for item_id in (order or []) if item_id in by_id] or list(by_id)
        right = {}
    correct_positions = {item_id: index for index, item_id in enumerate(spec.item_ids, start=1)}
    return [
        CardItem(
            id=item_id,
            html=by_id[item_id].html,
            position=index,
            placed_right=right.get(item_id) if grade else None,
            correct_position=correct_positions[item_id],
            chosen_position=(chosen_positions or {}).get(item_id, 0),
        )
        for index, item_id in enumerate(shown, start=1)
    ]


def _correct_text(spec: QuestionSpec) -> str:
    if spec.type is QuestionType.SHORT_TEXT:
        return spec.accepted[0]
    if spec.type is QuestionType.NUMERIC:
        number = spec.answer_number or 0
        text = f"{int(number)}" if float(number).is_integer() else f"{number:g}"
        if spec.tolerance:
            text += f" (± {spec.tolerance:g})"
        return f"{text} {spec.unit}".strip()
    return ""


@dataclass(frozen=True)
class Selection:
    """What the learner had picked in a form that is sent back to them: choices, true/false, or
    each ordering item's position. Only values the question knows are kept."""

    answer: Answer | None = None
    positions: dict[str, int] = field(default_factory=dict)


def selection_from_form(spec: QuestionSpec, form) -> Selection:
    """The learner's picks from a submitted form (a QueryDict), whatever state the form is in."""
    choices = form.getlist("choice")
    if spec.type is QuestionType.TRUE_FALSE:
        value = choices[0] if choices else ""
        return Selection(answer={"true": True, "false": False}.get(value))
    if spec.type is QuestionType.SINGLE:
        known = [choice for choice in choices if choice in spec.choice_ids]
        return Selection(answer=known[0] if known else None)
    if spec.type is QuestionType.MULTIPLE:
        return Selection(answer=frozenset(c for c in choices if c in spec.choice_ids))
    if spec.type is QuestionType.ORDERING:
        positions = {}
        for item_id in spec.item_ids:
            value = form.get(f"position-{item_id}", "")
            short_number = value.isascii() and value.isdigit() and len(value) <= 3
            if short_number and 1 <= int(value) <= len(spec.items):
                positions[item_id] = int(value)
        return Selection(positions=positions)
    return Selection()


def question_card(
    question: Question,
    *,
    run: QuizRun | None = None,
    answer: Answer | None = None,
    grade: Grade | None = None,
    problem: AnswerProblem | None = None,
    typed: str = "",
    token: str | None = None,
    position: int = 0,
    total: int = 0,
    chosen_positions: dict[str, int] | None = None,
) -> QuestionCard:
    """Everything the question card template shows, in the order the run shuffled it.

    `answer` (before grading) and `chosen_positions` are the learner's selection to show again when
    the answer comes back unchecked (too many requests, positions used twice).
    """
    spec = question.parsed
    order = run.shuffles.get(spec.id) if run is not None else None
    if order is None:
        if spec.type is QuestionType.ORDERING:
            order = stable_shuffle(list(spec.item_ids), spec.id)
        elif spec.type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            order = stable_shuffle(list(spec.choice_ids), spec.id)
    card = QuestionCard(
        question=question,
        spec=spec,
        token=token or str(uuid.uuid4()),
        run=run,
        position=position,
        total=total,
        problem=problem,
        grade=grade,
        typed=typed,
        section_title=_section_title(question),
    )
    if card.is_choice:
        card.options = _options(spec, order, answer, grade)
    elif spec.type is QuestionType.ORDERING:
        card.items = _items(spec, order, grade, chosen_positions)
    if grade is not None:
        card.correct_text = _correct_text(spec)
    return card


def stored_answer_text(spec: QuestionSpec, stored: object) -> str:
    """An attempt's stored answer as a person reads it (exports): choice text, not choice ids.

    Choices and items are plain text (markup stripped); several choices are joined with "; ", an
    ordering is numbered in the learner's order. An id no longer in the question shows as itself.
    """
    texts = {choice.id: choice.html for choice in spec.choices}
    texts |= {item.id: item.html for item in spec.items}

    def plain(key: object) -> str:
        return html_unescape(strip_tags(texts.get(str(key), str(key)))).strip()

    match spec.type:
        case QuestionType.SINGLE:
            return plain(stored)
        case QuestionType.MULTIPLE:
            return "; ".join(plain(key) for key in stored)  # type: ignore[union-attr]
        case QuestionType.TRUE_FALSE:
            return "True" if stored else "False"
        case QuestionType.ORDERING:
            return "; ".join(f"{n}. {plain(key)}" for n, key in enumerate(stored, 1))  # type: ignore[arg-type]
        case QuestionType.NUMERIC:
            number = float(stored)  # type: ignore[arg-type]
            text = f"{int(number)}" if number.is_integer() else f"{number:g}"
            return f"{text} {spec.unit}".strip()
    return str(stored)
