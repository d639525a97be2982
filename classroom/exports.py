"""CSV exports for instructors, safe to open in a spreadsheet.

A cell starting with = + - @ (or a tab or carriage return) would be run as a formula by Excel,
LibreOffice or Google Sheets: such cells get a leading apostrophe, which spreadsheets show as text.
"""

from __future__ import annotations

import csv
from collections import Counter

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from classroom.models import Cohort
from classroom.selectors import (
    cohort_assigned_work,
    cohort_members,
    cohort_progress,
    learner_name,
)
from drills.models import DrillSubmission
from quiz.models import Attempt
from quiz.presenting import stored_answer_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_response(filename: str) -> tuple[HttpResponse, csv.writer]:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # a BOM, so spreadsheets read UTF-8 names correctly
    return response, csv.writer(response)


def assignment_headings(assignments) -> list[str]:
    """A distinct heading per assignment: its title, with the due date (in the instructor's time
    zone) when two share a title, and a number when they also share the date."""
    titles = Counter(a.short_title for a in assignments)
    headings = [
        f"{a.short_title} (due {timezone.localtime(a.due_at):%Y-%m-%d %H:%M})"
        if titles[a.short_title] > 1
        else a.short_title
        for a in assignments
    ]
    seen: Counter = Counter()
    distinct = []
    for heading in headings:
        seen[heading] += 1
        repeats = headings.count(heading) > 1
        distinct.append(f"{heading} #{seen[heading]}" if repeats else heading)
    return distinct


def grades_csv(cohort: Cohort) -> HttpResponse:
    """One row per learner; per assignment two columns: its status, and the score as a number
    (percent, empty when there is none), so a spreadsheet can sum and sort them."""
    assignments, rows = cohort_progress(cohort)
    response, writer = _csv_response(f"{slugify(cohort.name) or 'cohort'}-grades.csv")
    columns = []
    for heading in assignment_headings(assignments):
        columns += [f"{heading}: status", f"{heading}: score %"]
    writer.writerow(["Learner", *map(safe_cell, columns), "Done", "Overdue"])
    for row in rows:
        cells = []
        for cell in row.cells:
            percent = cell.completion.percent if cell.completion else None
            cells += [cell.status.label, "" if percent is None else percent]
        writer.writerow([safe_cell(row.name), *cells, row.done, row.overdue])
    return response


def attempts_csv(cohort: Cohort) -> HttpResponse:
    """The members' answers to the cohort's quiz and drill assignments, one per row.

    Work for no assignment of this cohort is the learner's own and is not exported.
    """
    members = {m.learner_id: learner_name(m.learner) for m in cohort_members(cohort)}
    quiz_lesson_ids, drill_ids = cohort_assigned_work(cohort)
    response, writer = _csv_response(f"{slugify(cohort.name) or 'cohort'}-attempts.csv")
    writer.writerow(
        ["Learner", "When", "Kind", "Item", "Version", "Answer", "Correct", "Score", "Max score"]
    )
    attempts = (
        Attempt.objects.filter(learner_id__in=members, question__lesson_id__in=quiz_lesson_ids)
        .select_related("question")
        .order_by("learner_id", "created_at")
    )
    for attempt in attempts.iterator():
        writer.writerow(
            [
                safe_cell(members[attempt.learner_id]),
                attempt.created_at.isoformat(),
                "quiz answer",
                attempt.question.question_id,
                attempt.question_version,
                safe_cell(stored_answer_text(attempt.question.parsed, attempt.answer)),
                "yes" if attempt.is_correct else "no",
                attempt.score,
                1,
            ]
        )
    submissions = (
        DrillSubmission.objects.filter(learner_id__in=members, drill_id__in=drill_ids)
        .select_related("drill")
        .order_by("learner_id", "created_at")
    )
    for submission in submissions.iterator():
        writer.writerow(
            [
                safe_cell(members[submission.learner_id]),
                submission.created_at.isoformat(),
                "drill submission",
                submission.drill.slug,
                submission.rubric_version,
                safe_cell(submission.answer),
                "",
                submission.score,
                submission.max_score,
            ]
        )
    return response
