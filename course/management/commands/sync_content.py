"""Validate the course files and load them into the database. Safe to run again and again."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from course.loading import load_course
from drills.services import drills_sync
from lessons.services import lessons_sync
from quiz.services import questions_sync
from search.services import search_index_rebuild


class Command(BaseCommand):
    help = "Render and load the lessons, question banks and drills into the database (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--lessons-dir", type=Path, default=None)
        parser.add_argument("--questions-dir", type=Path, default=None)
        parser.add_argument("--drills-dir", type=Path, default=None)

    def handle(self, *args, **options) -> None:
        content = load_course(
            options["lessons_dir"], options["questions_dir"], options["drills_dir"]
        )
        if content.problems:
            for problem in content.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                "Nothing was written: fix the problems above and run sync_content again."
            )
        with transaction.atomic():
            reports = {
                "Lessons": lessons_sync(records=content.lessons),
                "Questions": questions_sync(specs=content.questions),
                "Drills": drills_sync(specs=content.drills),
            }
            # Rebuilt from the rows just written, so it never lists a retired lesson or question.
            indexed = search_index_rebuild()
        for kind, report in reports.items():
            for label in ("created", "updated", "unchanged", "retired"):
                names = getattr(report, label)
                if names and label != "unchanged":
                    self.stdout.write(f"{kind} {label} ({len(names)}): {', '.join(names)}")
            self.stdout.write(
                self.style.SUCCESS(
                    f"{kind}: {len(report.created)} created, {len(report.updated)} updated, "
                    f"{len(report.unchanged)} unchanged, {len(report.retired)} retired."
                )
            )
        self.stdout.write(self.style.SUCCESS(f"Search: {indexed} entries indexed."))
