"""The dashboard's matrix rows, written in Python (classroom/templatetags/matrix.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from classroom.progress import Cell, Completion, Row, Status
from classroom.templatetags.matrix import matrix_row


def test_a_row_escapes_the_learners_name():
    row = Row(7, '<script>alert("x")</script>', [Cell(1, Status.TODO)])
    html = matrix_row(row, "/classroom/cohorts/1/learners/7/")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_a_row_shows_each_cells_status_score_and_the_count_done():
    finished = Completion(datetime(2026, 1, 1, tzinfo=UTC), score=3, max_score=4)
    row = Row(7, "ada", [Cell(1, Status.DONE, finished), Cell(2, Status.OVERDUE)])
    html = matrix_row(row, "/classroom/cohorts/1/learners/7/")
    assert (
        '<td class="cell cell--done"><a href="/classroom/cohorts/1/learners/7/">Done<br>75%</a></td>'
        in html
    )
    assert (
        '<td class="cell cell--overdue"><a href="/classroom/cohorts/1/learners/7/">Late: not done</a></td>'
        in html
    )
    assert html.endswith("<td>1 / 2</td></tr>")
