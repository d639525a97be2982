"""What a cohort answered, as an instructor reads it on the question analysis page.

Choices are shown by their text (the letters or ids a learner never saw mean nothing to the person
reading), and the answers typed to short-text and numeric questions are listed as typed, the same
text once with how many typed it, so the misconceptions the grader refused are visible at a glance.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from classroom.statistics import ItemStatistics
from quiz.grading.questions import QuestionSpec, QuestionType

# Beyond this many distinct answers the rest are counted, not listed: the page stays readable.
TYPED_ROWS_SHOWN = 15
TRUE_FALSE_LABELS = {"true": "True", "false": "False"}


@dataclass(frozen=True)
class ChoiceRow:
    html: str  # the choice's own HTML, rendered from the course files at sync time
    count: int
    correct: bool
    misleading: bool


@dataclass(frozen=True)
class TypedRow:
    text: str
    count: int
    correct: bool


@dataclass(frozen=True)
class TypedAnswers:
    rows: list[TypedRow]
    more: int  # distinct answers not listed


def choice_rows(spec: QuestionSpec, stats: ItemStatistics) -> list[ChoiceRow]:
    """Each choice by its text, with how many picked it, in the question's order."""
    if spec.type is QuestionType.TRUE_FALSE:
        labels = TRUE_FALSE_LABELS
    else:
        labels = {choice.id: choice.html for choice in spec.choices}
    return [
        ChoiceRow(
            html=labels.get(choice_id, choice_id),
            count=count,
            correct=choice_id in spec.correct_option_ids,
            misleading=choice_id in stats.misleading_choices,
        )
        for choice_id, count in stats.choice_counts.items()
    ]


def typed_answers(answers: Iterable[tuple[object, bool]]) -> TypedAnswers:
    """(stored answer, was it right) pairs as rows: the most typed first, then alphabetically."""
    counts: Counter[tuple[str, bool]] = Counter()
    for answer, correct in answers:
        text = f"{answer:g}" if isinstance(answer, float) else " ".join(str(answer).split())
        counts[(text, correct)] += 1
    rows = sorted(
        (TypedRow(text, count, correct) for (text, correct), count in counts.items()),
        key=lambda row: (-row.count, row.text.casefold()),
    )
    return TypedAnswers(rows[:TYPED_ROWS_SHOWN], max(0, len(rows) - TYPED_ROWS_SHOWN))
