"""Shared fixtures: the real course loaded once, and small lesson trees for pipeline tests."""

from __future__ import annotations

import functools
import textwrap
from pathlib import Path

import pytest
from django.conf import settings

from lessons.loading import LoadResult, load_lessons
from lessons.services import lessons_sync


@functools.cache
def real_course() -> LoadResult:
    """The repo's own course, validated and rendered once per test run."""
    return load_lessons(Path(settings.LESSONS_CONTENT_DIR))


@pytest.fixture
def course(db):
    """The real course synced into the test database; returns the lesson records."""
    result = real_course()
    assert not result.problems, "\n".join(map(str, result.problems))
    lessons_sync(records=result.lessons)
    return result.lessons


def lesson_text(
    slug: str = "first-steps", order: int = 1, body: str = "## Start {#start}\n\nHello.\n", **fields
) -> str:
    """A valid lesson file; keyword arguments replace front-matter lines (None drops one)."""
    meta = {
        "title": f"Lesson {slug}",
        "slug": slug,
        "order": str(order),
        "summary": "A short summary.",
        "minutes": "5",
        "objectives": "\n  - Explain one thing.",
        "sources": '\n  - title: "Docker docs"\n    url: https://docs.docker.com/',
    }
    meta.update(fields)
    lines = ["---"]
    lines += [f"{key}: {value}" for key, value in meta.items() if value is not None]
    lines += ["---", ""]
    return "\n".join(lines) + textwrap.dedent(body)


@pytest.fixture
def lesson_dir(tmp_path: Path):
    """A function writing lesson files into a fresh content folder, which it returns."""
    content = tmp_path / "content"
    (content / "diagrams").mkdir(parents=True)

    def write(name: str, text: str) -> Path:
        path = content / name
        path.write_text(text, encoding="utf-8")
        return path

    write.dir = content  # type: ignore[attr-defined]
    return write
