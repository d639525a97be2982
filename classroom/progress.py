"""Where each learner stands on each assignment: plain Python over facts gathered in a few queries.

A cell is done (finished by the due date), late (finished after it), overdue (not finished and past
due) or to do. The due date is the learner's own when an instructor gave them an extension. Quizzes count their best finished score; drills their best score, with instructors'
overrides applied.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from django.core.paginator import Page, Paginator

# Learners per page of the dashboard's matrix. Every row is still worked out (sorting by progress
# needs the whole cohort), but only a page is drawn: the drawing was most of a big cohort's time.
MATRIX_PAGE_SIZE = 100


class Status(StrEnum):
    TODO = "todo"
    DONE = "done"
    LATE = "late"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return {
            "todo": "To do",
            "done": "Done",
            "late": "Done late",
            "overdue": "Late: not done",
        }[self.value]


@dataclass(frozen=True)
class AssignmentFacts:
    id: int
    kind: str  # lesson, quiz, drill
    target_id: int  # the lesson's or the drill's id
    title: str
    due_at: datetime


@dataclass(frozen=True)
class Completion:
    """A learner's best result on one piece of work: when first finished, and the best score."""

    finished_at: datetime
    score: float | None = None
    max_score: float | None = None

    @property
    def percent(self) -> int | None:
        if self.score is None or not self.max_score:
            return None
        return round(100 * self.score / self.max_score)


@dataclass(frozen=True)
class Cell:
    assignment_id: int
    status: Status
    completion: Completion | None = None
    # Set when this learner has an extension: their own due date, which the status was judged by.
    extended_to: datetime | None = None

    @property
    def score_text(self) -> str:
        if self.completion is None or self.completion.percent is None:
            return ""
        return f"{self.completion.percent}%"


@dataclass
class Row:
    learner_id: int
    name: str
    cells: list[Cell] = field(default_factory=list)

    @property
    def done(self) -> int:
        return sum(cell.status in (Status.DONE, Status.LATE) for cell in self.cells)

    @property
    def overdue(self) -> int:
        return sum(cell.status is Status.OVERDUE for cell in self.cells)

    @property
    def late(self) -> int:
        return sum(cell.status is Status.LATE for cell in self.cells)


def cell_status(due_at: datetime, completion: Completion | None, now: datetime) -> Status:
    if completion is not None:
        return Status.DONE if completion.finished_at <= due_at else Status.LATE
    return Status.OVERDUE if now > due_at else Status.TODO


def progress_matrix(
    learners: list[tuple[int, str]],
    assignments: list[AssignmentFacts],
    completions: dict[tuple[str, int, int], Completion],
    now: datetime,
    extensions: Mapping[tuple[int, int], datetime] | None = None,
) -> list[Row]:
    """Rows of cells, one per learner, a cell per assignment.

    `completions` is keyed by (kind, learner id, target id): lesson reads, best quiz runs and best
    drill submissions, each with when the work was first finished. `extensions` maps (assignment
    id, learner id) to that learner's later due date.
    """
    extensions = extensions or {}
    rows = []
    for learner_id, name in learners:
        row = Row(learner_id, name)
        for assignment in assignments:
            completion = completions.get((assignment.kind, learner_id, assignment.target_id))
            extended_to = extensions.get((assignment.id, learner_id))
            status = cell_status(extended_to or assignment.due_at, completion, now)
            row.cells.append(Cell(assignment.id, status, completion, extended_to))
        rows.append(row)
    return rows


SORTS = {
    "name": lambda row: row.name.lower(),
    "progress": lambda row: (-row.done, row.name.lower()),
    "behind": lambda row: (-row.overdue, row.done, row.name.lower()),
}
FILTERS = {
    "all": lambda row: True,
    "behind": lambda row: row.overdue > 0,
    "late": lambda row: row.late > 0 or row.overdue > 0,
    "complete": lambda row: row.cells and row.done == len(row.cells),
}


def arrange(rows: list[Row], *, sort: str = "name", show: str = "all") -> list[Row]:
    """The rows an instructor asked for, in the order they asked for (unknown options: defaults)."""
    keep = FILTERS.get(show, FILTERS["all"])
    return sorted((row for row in rows if keep(row)), key=SORTS.get(sort, SORTS["name"]))


def matrix_page(rows: list[Row], number: str | None) -> Page:
    """One page of the arranged rows. A page number that is not a number gives the first page, one
    out of range the last (Django's `get_page`), so an old link never fails."""
    return Paginator(rows, MATRIX_PAGE_SIZE).get_page(number)
