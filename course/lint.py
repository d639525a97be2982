"""The item-writing lint (quiz/item_lint.py) as check_content reports it: problems that name the
question bank file and the line of the question."""

from __future__ import annotations

from pathlib import Path

from lessons.loading import Problem, display_path
from quiz.grading.questions import QuestionSpec
from quiz.item_lint import lint_questions


def lint_problems(questions: list[QuestionSpec], questions_dir: Path) -> list[Problem]:
    """Lint every question; each finding becomes a problem at its bank file and question line."""
    report = lint_questions(questions)
    problems = []
    for finding in report.findings:
        if not finding.lesson:  # a course-wide rule: point at the folder of banks
            problems.append(Problem(display_path(questions_dir), 1, finding.message))
            continue
        path = questions_dir / f"{finding.lesson}.yaml"
        problems.append(
            Problem(display_path(path), _question_line(path, finding.question_ids), finding.message)
        )
    return sorted(problems)


def _question_line(path: Path, question_ids: tuple[str, ...]) -> int:
    """The line of the first question named (a bank-wide finding points at its first question)."""
    if not path.is_file() or not question_ids:
        return 1
    wanted = f"id: {question_ids[0]}"
    lines = path.read_text(encoding="utf-8").splitlines()
    return next((n for n, line in enumerate(lines, 1) if line.strip().lstrip("- ") == wanted), 1)
