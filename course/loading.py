"""The whole course from its files: lessons, question banks and drills, checked against each other."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from drills.loading import DrillSpec, load_drills
from labs.catalogue import LABS
from lessons.loading import LessonRecord, Problem, load_lessons
from lessons.rendering import EmbeddedLab
from quiz.grading.questions import QuestionSpec
from quiz.loading import load_question_banks


@dataclass
class CourseContent:
    lessons: list[LessonRecord]
    questions: list[QuestionSpec]
    drills: list[DrillSpec]
    problems: list[Problem]


def embedded_labs() -> dict[str, EmbeddedLab]:
    """The cards a lesson's ```lab fence may show: every lab of labs/catalogue.py."""
    return {lab.slug: EmbeddedLab(lab.title, lab.summary, lab.url) for lab in LABS}


def load_course(
    lessons_dir: Path | None = None,
    questions_dir: Path | None = None,
    drills_dir: Path | None = None,
) -> CourseContent:
    """Validate and render every lesson, question and drill. Nothing is written anywhere."""
    lessons_dir = Path(lessons_dir or settings.LESSONS_CONTENT_DIR)
    questions_dir = Path(questions_dir or settings.QUESTIONS_CONTENT_DIR)
    drills_dir = Path(drills_dir or settings.DRILLS_CONTENT_DIR)
    lessons = load_lessons(lessons_dir, embedded_labs())
    anchors = {lesson.slug: lesson.anchors for lesson in lessons.lessons}
    banks = load_question_banks(questions_dir, anchors)
    headings = {lesson.slug: {h.id: h.title for h in lesson.toc} for lesson in lessons.lessons}
    drills = load_drills(drills_dir, headings)
    problems = [*lessons.problems, *banks.problems, *drills.problems]

    known_ids = {question.id for question in banks.questions}
    for lesson in lessons.lessons:
        path = Path(lesson.source_path)
        lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
        for question_id in lesson.question_ids:
            if question_id not in known_ids:
                line = next(
                    (n for n, text in enumerate(lines, 1) if text.strip() == question_id), 1
                )
                problems.append(
                    Problem(
                        lesson.source_path,
                        line,
                        f"embedded question '{question_id}' is not in any question bank",
                    )
                )
    return CourseContent(lessons.lessons, banks.questions, drills.drills, sorted(problems))
