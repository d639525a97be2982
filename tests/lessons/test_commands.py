"""sync_content and check_content as an author runs them."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from lessons.models import Lesson
from tests.conftest import lesson_text

pytestmark = pytest.mark.django_db


def run(command: str, *args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command(command, *args, stdout=out, stderr=out)
    return out.getvalue()


def test_sync_creates_lessons_then_leaves_them_alone(lesson_dir):
    lesson_dir("01-first-steps.md", lesson_text())
    first = run("sync_content", *lesson_dir.args)
    assert "Lessons: 1 created, 0 updated, 0 unchanged, 0 retired." in first
    second = run("sync_content", *lesson_dir.args)
    assert "Lessons: 0 created, 0 updated, 1 unchanged, 0 retired." in second
    assert Lesson.objects.count() == 1


def test_sync_updates_an_edited_lesson(lesson_dir):
    lesson_dir("01-first-steps.md", lesson_text())
    run("sync_content", *lesson_dir.args)
    lesson_dir("01-first-steps.md", lesson_text(body="## Start {#start}\n\nEdited text.\n"))
    output = run("sync_content", *lesson_dir.args)
    assert "Lessons updated (1): first-steps" in output
    assert "Edited text." in Lesson.objects.get(slug="first-steps").html


def test_sync_retires_a_removed_lesson_but_keeps_its_row(lesson_dir):
    lesson_dir("01-first-steps.md", lesson_text())
    second = lesson_dir("02-second-steps.md", lesson_text(slug="second-steps", order=2))
    run("sync_content", *lesson_dir.args)
    second.unlink()
    output = run("sync_content", *lesson_dir.args)
    assert "Lessons retired (1): second-steps" in output
    assert Lesson.objects.get(slug="second-steps").is_active is False


def test_sync_refuses_to_write_broken_content(lesson_dir):
    lesson_dir("01-first-steps.md", lesson_text(minutes="lots"))
    with pytest.raises(CommandError, match="Nothing was written"):
        run("sync_content", *lesson_dir.args)
    assert Lesson.objects.count() == 0


def test_check_content_fails_with_the_problem_listed(lesson_dir, capsys):
    lesson_dir("01-first-steps.md", lesson_text(body="```\nno language\n```\n"))
    with pytest.raises(CommandError, match="1 problem in the course content"):
        call_command("check_content", *lesson_dir.args)
    assert "code fence without a language" in capsys.readouterr().err


def test_check_content_passes_on_the_real_course():
    output = run("check_content")
    assert "Course content is valid: 8 lessons" in output


def test_sync_of_the_real_course_twice_changes_nothing_the_second_time():
    run("sync_content")
    output = run("sync_content")
    assert "Lessons: 0 created, 0 updated, 8 unchanged, 0 retired." in output
    assert "Questions: 0 created, 0 updated" in output
    assert "Drills: 0 created, 0 updated, 8 unchanged, 0 retired." in output
