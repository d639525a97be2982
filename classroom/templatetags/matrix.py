"""The progress matrix's cells, written in Python: a 200-learner cohort has over a thousand cells.

As template markup each cell cost a loop step and five variable lookups and renders, which made the
template most of the dashboard's time; here a row is a few string formats with the standard
library's escape (the one Django's own `escape` calls). The markup is the template's.
"""

from __future__ import annotations

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from classroom.progress import Cell, Row

register = template.Library()

CELL = '<td class="cell cell--{status}"><a href="{url}">{label}{score}</a></td>'


@register.filter
def matrix_cell(cell: Cell, learner_url: str) -> SafeString:
    """One <td>: the status (as a class and in words), the score if any, a link to the learner."""
    score = f"<br>{escape(cell.score_text)}" if cell.score_text else ""
    # Every value is escaped here, so the cell is safe to show as it is.
    return mark_safe(
        CELL.format(
            status=escape(cell.status.value),
            url=escape(learner_url),
            label=escape(cell.status.label),
            score=score,
        )
    )


@register.filter
def matrix_cells(row: Row, learner_url: str) -> SafeString:
    """A learner's cells, one per assignment (the row around them stays in the template)."""
    # Every value is escaped by matrix_cell, so the cells are safe to show as they are.
    return mark_safe("".join(matrix_cell(cell, learner_url) for cell in row.cells))
