"""Validate the course files and load them into the database. Safe to run again and again."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lessons.loading import load_lessons
from lessons.services import lessons_sync


class Command(BaseCommand):
    help = "Render and load the course files into the database (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--lessons-dir", type=Path, default=None)

    def handle(self, *args, **options) -> None:
        content_dir = options["lessons_dir"] or settings.LESSONS_CONTENT_DIR
        result = load_lessons(Path(content_dir))
        if result.problems:
            for problem in result.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                "Nothing was written: fix the problems above and run sync_content again."
            )
        report = lessons_sync(records=result.lessons)
        for label, slugs in (
            ("created", report.created),
            ("updated", report.updated),
            ("unchanged", report.unchanged),
            ("retired", report.retired),
        ):
            if slugs:
                self.stdout.write(f"Lessons {label} ({len(slugs)}): {', '.join(slugs)}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Lessons: {len(report.created)} created, {len(report.updated)} updated, "
                f"{len(report.unchanged)} unchanged, {len(report.retired)} retired."
            )
        )
