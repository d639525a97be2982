"""Validate the course files without writing anything. Exits non-zero when something is wrong."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lessons.loading import load_lessons


class Command(BaseCommand):
    help = "Validate lessons (front matter, code fences, links, diagrams) without writing to the database."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--lessons-dir",
            type=Path,
            default=None,
            help="Folder of lesson files (default: lessons/content).",
        )

    def handle(self, *args, **options) -> None:
        content_dir = options["lessons_dir"] or settings.LESSONS_CONTENT_DIR
        result = load_lessons(Path(content_dir))
        for problem in result.problems:
            self.stderr.write(str(problem))
        if result.problems:
            count = len(result.problems)
            raise CommandError(f"{count} problem{'s' if count != 1 else ''} in the course content.")
        words = sum(lesson.words for lesson in result.lessons)
        self.stdout.write(
            self.style.SUCCESS(
                f"Course content is valid: {len(result.lessons)} lessons, {words} words."
            )
        )
