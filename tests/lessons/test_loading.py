"""check_content's validation: every problem names the file and the line."""

from __future__ import annotations

from pathlib import Path

from lessons.loading import load_lessons
from tests.conftest import lesson_text


def line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


def problems_for(lesson_dir, name: str, text: str) -> list[str]:
    lesson_dir(name, text)
    return [str(problem) for problem in load_lessons(lesson_dir.dir).problems]


def test_a_valid_lesson_loads_without_problems(lesson_dir):
    lesson_dir("01-first-steps.md", lesson_text())
    result = load_lessons(lesson_dir.dir)
    assert result.problems == []
    assert [lesson.slug for lesson in result.lessons] == ["first-steps"]


def test_missing_front_matter_field_is_reported(lesson_dir):
    problems = problems_for(lesson_dir, "01-first-steps.md", lesson_text(summary=None))
    assert len(problems) == 1
    assert problems[0].endswith(
        "01-first-steps.md:1: front matter: missing required field 'summary'"
    )


def test_invalid_front_matter_field_names_its_line(lesson_dir):
    text = lesson_text(minutes="soon")
    problems = problems_for(lesson_dir, "01-first-steps.md", text)
    assert problems == [
        f"{lesson_dir.dir / '01-first-steps.md'}:{line_of(text, 'minutes:')}: front matter: "
        "'minutes' must be a whole number of minutes from 1 to 120"
    ]


def test_unknown_front_matter_field_is_reported(lesson_dir):
    text = lesson_text(autor="Someone")
    problems = problems_for(lesson_dir, "01-first-steps.md", text)
    assert problems == [
        f"{lesson_dir.dir / '01-first-steps.md'}:{line_of(text, 'autor:')}: "
        "front matter: unknown field 'autor'"
    ]


def test_source_without_https_url_is_reported(lesson_dir):
    text = lesson_text(sources='\n  - title: "Docs"\n    url: http://example.com/')
    problems = problems_for(lesson_dir, "01-first-steps.md", text)
    assert problems[0].endswith(
        f":{line_of(text, 'sources:')}: front matter: 'sources' must be a list of "
        "{title, url} with https URLs"
    )


def test_broken_yaml_names_its_line(lesson_dir):
    text = lesson_text(summary="one: two")
    problems = problems_for(lesson_dir, "01-first-steps.md", text)
    assert problems == [
        f"{lesson_dir.dir / '01-first-steps.md'}:{line_of(text, 'summary:')}: "
        "front matter is not valid YAML: mapping values are not allowed in this context"
    ]


def test_slug_that_differs_from_the_file_name_is_reported(lesson_dir):
    text = lesson_text(slug="other-name")
    problems = problems_for(lesson_dir, "01-first-steps.md", text)
    assert problems == [
        f"{lesson_dir.dir / '01-first-steps.md'}:{line_of(text, 'slug:')}: front matter: slug "
        "'other-name' does not match the file name ('first-steps')"
    ]


def test_duplicate_slugs_are_reported(lesson_dir):
    lesson_dir("01-first-steps.md", lesson_text())
    text = lesson_text(order=2)
    lesson_dir("02-first-steps.md", text)
    problems = [str(p) for p in load_lessons(lesson_dir.dir).problems]
    assert problems == [
        f"{lesson_dir.dir / '02-first-steps.md'}:{line_of(text, 'slug:')}: duplicate slug "
        f"'first-steps' (also in {lesson_dir.dir / '01-first-steps.md'})"
    ]


def test_duplicate_orders_are_reported(lesson_dir):
    lesson_dir("01-first-steps.md", lesson_text())
    lesson_dir("01-second-steps.md", lesson_text(slug="second-steps"))
    problems = [str(p) for p in load_lessons(lesson_dir.dir).problems]
    assert len(problems) == 1
    assert "duplicate order '1'" in problems[0]
    assert "01-second-steps.md:4:" in problems[0]


def test_code_fence_without_language_names_its_line(lesson_dir):
    text = lesson_text(body="## Start {#start}\n\n```\ndocker ps\n```\n")
    problems = problems_for(lesson_dir, "01-first-steps.md", text)
    assert problems == [
        f"{lesson_dir.dir / '01-first-steps.md'}:{line_of(text, '```')}: "
        "code fence without a language (e.g. ```dockerfile)"
    ]


def test_code_fence_with_unknown_language_is_reported(lesson_dir):
    text = lesson_text(body="## Start {#start}\n\n```dockerfil\nFROM scratch\n```\n")
    problems = problems_for(lesson_dir, "01-first-steps.md", text)
    assert problems[0].endswith(
        f":{line_of(text, '```dockerfil')}: code fence language 'dockerfil' is not known"
    )


def test_link_to_a_missing_lesson_names_its_line(lesson_dir):
    text = lesson_text(body="## Start {#start}\n\nSee [volumes](/lessons/no-such-lesson/).\n")
    problems = problems_for(lesson_dir, "01-first-steps.md", text)
    assert problems == [
        f"{lesson_dir.dir / '01-first-steps.md'}:{line_of(text, 'no-such-lesson')}: "
        "link to a lesson that does not exist: /lessons/no-such-lesson/"
    ]


def test_link_to_a_missing_heading_in_another_lesson_is_reported(lesson_dir):
    lesson_dir("01-first-steps.md", lesson_text())
    text = lesson_text(
        slug="second-steps",
        order=2,
        body="## Go {#go}\n\nSee [it](/lessons/first-steps/#nowhere).\n",
    )
    lesson_dir("02-second-steps.md", text)
    problems = [str(p) for p in load_lessons(lesson_dir.dir).problems]
    assert problems == [
        f"{lesson_dir.dir / '02-second-steps.md'}:{line_of(text, '#nowhere')}: link to a heading "
        "that does not exist: /lessons/first-steps/#nowhere (lesson 'first-steps' has no heading '#nowhere')"
    ]


def test_link_to_a_heading_in_the_same_lesson_is_checked(lesson_dir):
    text = lesson_text(body="## Start {#start}\n\nBack to [the start](#start) or [away](#away).\n")
    problems = problems_for(lesson_dir, "01-first-steps.md", text)
    assert len(problems) == 1
    assert "#away" in problems[0]


def test_links_that_resolve_are_accepted(lesson_dir):
    lesson_dir("01-first-steps.md", lesson_text())
    lesson_dir(
        "02-second-steps.md",
        lesson_text(
            slug="second-steps",
            order=2,
            body="## Go {#go}\n\n[a](/lessons/first-steps/#start), [b](/lessons/first-steps/), "
            "[c](#go), [d](https://docs.docker.com/).\n",
        ),
    )
    assert load_lessons(lesson_dir.dir).problems == []


def test_missing_image_file_names_its_line(lesson_dir):
    text = lesson_text(body='## Start {#start}\n\n![A diagram](diagrams/missing.svg "Caption")\n')
    problems = problems_for(lesson_dir, "01-first-steps.md", text)
    assert problems == [
        f"{lesson_dir.dir / '01-first-steps.md'}:{line_of(text, 'missing.svg')}: "
        "image file diagrams/missing.svg does not exist"
    ]


def test_diagram_with_inline_style_is_rejected(lesson_dir):
    (lesson_dir.dir / "diagrams" / "styled.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect style="fill:red"/></svg>'
    )
    text = lesson_text(body="## Start {#start}\n\n![A box](diagrams/styled.svg)\n")
    problems = problems_for(lesson_dir, "01-first-steps.md", text)
    assert len(problems) == 1
    assert "Content-Security-Policy" in problems[0]


def test_level_one_heading_in_the_body_is_reported(lesson_dir):
    text = lesson_text(body="# Big title\n\nText.\n")
    problems = problems_for(lesson_dir, "01-first-steps.md", text)
    assert problems[0].endswith(
        f":{line_of(text, '# Big title')}: a level-1 heading: the title comes from the front matter; use ##"
    )


def test_badly_named_file_is_reported(lesson_dir):
    problems = problems_for(lesson_dir, "first steps.md", lesson_text())
    assert any("file name must look like NN-slug.md" in problem for problem in problems)


def test_an_empty_content_folder_is_a_problem(tmp_path: Path):
    problems = load_lessons(tmp_path).problems
    assert [problem.message for problem in problems] == ["no lesson files (NN-slug.md) found"]
