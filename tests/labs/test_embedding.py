"""Labs in the lessons: each lab's entry card sits in the lesson section that teaches it."""

from __future__ import annotations

import pytest

from course.loading import embedded_labs
from labs.catalogue import LABS
from labs.tools import TOOLS
from lessons.loading import load_lessons
from tests.conftest import lesson_text, real_course

WIRED = [lab for lab in LABS if lab.slug in TOOLS]


def section_html(lesson_html: str, anchor: str) -> str:
    """The HTML from a heading to the next heading of level 2."""
    start = lesson_html.index(f'id="{anchor}"')
    end = lesson_html.find("<h2", start)
    return lesson_html[start : end if end != -1 else None]


@pytest.mark.parametrize("lab", WIRED, ids=lambda lab: lab.slug)
def test_each_lab_is_embedded_in_its_home_section(lab):
    lessons = {lesson.slug: lesson for lesson in real_course().lessons}
    home = lab.home
    assert f'href="/labs/{lab.slug}/"' in section_html(lessons[home.lesson].html, home.anchor)


@pytest.mark.parametrize("lab", LABS, ids=lambda lab: lab.slug)
def test_each_labs_sections_exist(lab):
    anchors = {lesson.slug: lesson.anchors for lesson in real_course().lessons}
    for section in lab.sections:
        assert section.anchor in anchors[section.lesson]


def test_the_card_names_the_lab_and_links_to_it(lesson_dir):
    lesson_dir(
        "01-first-steps.md",
        lesson_text(body="## Start {#start}\n\n```lab\nimage-references\n```\n"),
    )
    [lesson] = load_lessons(lesson_dir.dir, embedded_labs()).lessons
    assert 'aria-label="Hands-on lab: Image-reference explorer"' in lesson.html
    assert 'href="/labs/image-references/"' in lesson.html


def test_an_unknown_lab_is_a_content_problem(lesson_dir):
    lesson_dir(
        "01-first-steps.md", lesson_text(body="## Start {#start}\n\n```lab\nno-such-lab\n```\n")
    )
    problems = [str(p) for p in load_lessons(lesson_dir.dir, embedded_labs()).problems]
    assert len(problems) == 1
    assert problems[0].endswith("embedded lab 'no-such-lab' is not a lab (see labs/catalogue.py)")
