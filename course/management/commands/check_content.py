"""Validate the course files (lessons and question banks) without writing anything."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from course.lint import lint_problems
from course.loading import load_course


class Command(BaseCommand):
    help = (
        "Validate lessons (front matter, code fences, links, diagrams) and question banks "
        "(schema, answers, feedback, anchors, and the item-writing lint: true/false balance, longest "
        "option, absolute words and jokes, all-but-one multiple selects, near-duplicates) and drills "
        "(rubrics, calibration labels) without writing to the database."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--lessons-dir", type=Path, default=None, help="default: lessons/content"
        )
        parser.add_argument(
            "--questions-dir", type=Path, default=None, help="default: quiz/content"
        )
        parser.add_argument("--drills-dir", type=Path, default=None, help="default: drills/content")

    def handle(self, *args, **options) -> None:
        content = load_course(
            options["lessons_dir"], options["questions_dir"], options["drills_dir"]
        )
        questions_dir = Path(options["questions_dir"] or settings.QUESTIONS_CONTENT_DIR)
        lint = lint_problems(content.questions, questions_dir)
        problems = [*content.problems, *lint]
        for problem in problems:
            self.stderr.write(str(problem))
        if problems:
            count = len(problems)
            raise CommandError(f"{count} problem{'s' if count != 1 else ''} in the course content.")
        words = sum(lesson.words for lesson in content.lessons)
        self.stdout.write(
            self.style.SUCCESS(
                f"Course content is valid: {len(content.lessons)} lessons, {words} words, "
                f"{len(content.questions)} questions, {len(content.drills)} drills."
            )
        )
