"""The real course: every lesson loads, renders and carries what a lesson page promises."""

from __future__ import annotations

import pytest

from tests.conftest import real_course

COURSE_SLUGS = [
    "containers-vs-vms",
    "image-layers",
    "dockerfiles",
    "networking",
    "storage",
    "resource-limits",
    "registries",
    "interview-playbook",
]


def lessons():
    return real_course().lessons


def test_the_course_files_have_no_problems():
    assert [str(problem) for problem in real_course().problems] == []


def test_the_course_has_the_eight_lessons_in_order():
    assert [lesson.slug for lesson in lessons()] == COURSE_SLUGS
    assert [lesson.order for lesson in lessons()] == list(range(1, 9))


@pytest.mark.parametrize("slug", COURSE_SLUGS)
def test_lesson_has_a_table_of_contents(slug):
    lesson = next(lesson for lesson in lessons() if lesson.slug == slug)
    assert len([heading for heading in lesson.toc if heading.level == 2]) >= 5


@pytest.mark.parametrize("slug", COURSE_SLUGS)
def test_lesson_has_highlighted_code(slug):
    lesson = next(lesson for lesson in lessons() if lesson.slug == slug)
    assert '<div class="highlight">' in lesson.html
    assert '<span class="' in lesson.html


@pytest.mark.parametrize("slug", COURSE_SLUGS)
def test_lesson_has_a_table_and_a_diagram_with_a_text_alternative(slug):
    lesson = next(lesson for lesson in lessons() if lesson.slug == slug)
    assert "<table>" in lesson.html
    assert '<figure class="diagram"><svg' in lesson.html
    assert 'role="img" aria-label="' in lesson.html


@pytest.mark.parametrize("slug", COURSE_SLUGS)
def test_lesson_has_callouts(slug):
    lesson = next(lesson for lesson in lessons() if lesson.slug == slug)
    assert 'class="admonition' in lesson.html


@pytest.mark.parametrize("slug", COURSE_SLUGS)
def test_lesson_is_a_full_lesson_with_objectives_and_official_sources(slug):
    lesson = next(lesson for lesson in lessons() if lesson.slug == slug)
    assert 1500 <= lesson.words <= 3600
    assert len(lesson.objectives) >= 3
    assert len(lesson.sources) >= 3
    assert all(source["url"].startswith("https://") for source in lesson.sources)


def test_diagram_ids_are_unique_across_the_course():
    """Inline SVGs share the page's id space: a repeated marker id would draw the wrong arrow."""
    import re

    ids = [
        found
        for lesson in lessons()
        for figure in re.findall(r"<svg.*?</svg>", lesson.html, flags=re.DOTALL)
        for found in re.findall(r'\sid="([^"]+)"', figure)
    ]
    assert len(ids) == len(set(ids))
