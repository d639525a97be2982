"""A summary of the course for authors and instructors: lessons, words, questions by type."""

from __future__ import annotations

import json
from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from course.loading import load_course
from quiz.item_lint import lint_questions


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
        lint = lint_questions(content.questions)
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
            "item_lint": {
                "overall": lint.overall.as_dict(),
                "by_lesson": {slug: figures.as_dict() for slug, figures in lint.by_lesson.items()},
                "findings": [
                    {
                        "rule": f.rule,
                        "lesson": f.lesson,
                        "questions": list(f.question_ids),
                        "message": f.message,
                    }
                    for f in lint.findings
                ],
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
        self._write_lint(report["item_lint"])

    def _write_lint(self, lint: dict) -> None:
        """The item-writing lint's figures per bank, then whatever it found (check_content fails on it)."""
        self.stdout.write("")
        self.stdout.write("Item-writing lint")
        self.stdout.write(
            f"{'bank':<22} {'T/F true:false':>14} {'key longest':>12} {'>=1.5x':>7} "
            f"{'all-but-one':>11} {'cued':>5} {'near-dup':>8}"
        )
        rows = [*lint["by_lesson"].items(), ("whole course", lint["overall"])]
        for slug, figures in rows:
            self.stdout.write(
                f"{slug:<22} "
                f"{figures['true_false_true']:>6}:{figures['true_false_false']:<7} "
                f"{figures['key_longest']:>5} of {figures['single_choice']:<3} "
                f"{figures['key_longest_by_ratio']:>7} {figures['multiple_all_but_one']:>11} "
                f"{figures['cued_distractors']:>5} {figures['near_duplicate_pairs']:>8}"
            )
        findings = lint["findings"]
        if not findings:
            self.stdout.write("No findings: every bank passes.")
        for finding in findings:
            self.stdout.write(f"- [{finding['rule']}] {finding['message']}")
