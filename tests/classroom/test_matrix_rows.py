"""The dashboard's matrix cells, written in Python (classroom/templatetags/matrix.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from classroom.progress import Cell, Completion, Row, Status
from classroom.templatetags.matrix import matrix_cells


def test_a_cell_escapes_the_link_it_is_given():
    row = Row(7, "ada", [Cell(1, Status.TODO)])
    html = matrix_cells(row, '/x/"><script>alert(1)</script>')
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_the_cells_show_each_status_and_score():
    finished = Completion(datetime(2026, 1, 1, tzinfo=UTC), score=3, max_score=4)
    row = Row(7, "ada", [Cell(1, Status.DONE, finished), Cell(2, Status.OVERDUE)])
    html = matrix_cells(row, "/classroom/cohorts/1/learners/7/")
    assert (
        '<td class="cell cell--done"><a href="/classroom/cohorts/1/learners/7/">Done<br>75%</a></td>'
        in html
    )
    assert (
        '<td class="cell cell--overdue"><a href="/classroom/cohorts/1/learners/7/">Late: not done</a></td>'
        in html
    )
    assert html.count("<td") == 2
