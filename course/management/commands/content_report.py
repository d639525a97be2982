"""A summary of the course for authors and instructors: lessons, words, questions by type."""

from __future__ import annotations

import json
from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from course.loading import load_course


class Command(BaseCommand):
    help = "Summarise the course files (validated, nothing written). --json for machine-readable output."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options) -> None:
        content = load_course()
        if content.problems:
            for problem in content.problems:
                self.stderr.write(str(problem))
            raise CommandError("The course has problems; run check_content.")
        per_lesson = Counter(question.lesson for question in content.questions)
        report = {
            "lessons": [
                {
                    "slug": lesson.slug,
                    "title": lesson.title,
                    "words": lesson.words,
                    "minutes": lesson.minutes,
                    "questions": per_lesson[lesson.slug],
                }
                for lesson in content.lessons
            ],
            "questions": {
                "total": len(content.questions),
                "by_type": dict(sorted(Counter(q.type.value for q in content.questions).items())),
                "by_lesson": {lesson.slug: per_lesson[lesson.slug] for lesson in content.lessons},
            },
        }
        if options["json"]:
            self.stdout.write(json.dumps(report, indent=2))
            return
        for lesson in report["lessons"]:
            self.stdout.write(
                f"{lesson['slug']:<22} {lesson['words']:>6} words  {lesson['questions']:>3} questions"
            )
        by_type = ", ".join(
            f"{kind} {count}" for kind, count in report["questions"]["by_type"].items()
        )
        self.stdout.write(f"{report['questions']['total']} questions: {by_type}")
