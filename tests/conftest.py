"""Shared fixtures: the real course loaded once, and small lesson trees for pipeline tests."""

from __future__ import annotations

import functools
import os
import shutil
import textwrap
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's database setup must still be
# allowed there (the live server runs in its own thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from django.core.management import call_command

from course.loading import CourseContent, load_course
from drills.services import drills_sync
from lessons.services import lessons_sync
from quiz.services import questions_sync
from search.services import search_index_rebuild

REPO = Path(__file__).resolve().parent.parent


@functools.cache
def real_course() -> CourseContent:
    """The repo's own course (lessons and questions), validated and rendered once per test run."""
    return load_course()


def sync_real_course(*, searchable: bool = False):
    """Load the real course; `searchable` also builds the search index (a quarter of a second, so
    only the tests that search pay for it)."""
    content = real_course()
    assert not content.problems, "\n".join(map(str, content.problems))
    lessons_sync(records=content.lessons)
    questions_sync(specs=content.questions)
    drills_sync(specs=content.drills)
    if searchable:
        search_index_rebuild()
    return content.lessons


@pytest.fixture
def course(db):
    """The real course synced into the test database; returns the lesson records."""
    return sync_real_course()


class CourseCopy:
    """The repo's content folders copied under a temporary folder, to edit and sync as an author would."""

    FOLDERS = {"lessons": "--lessons-dir", "quiz": "--questions-dir", "drills": "--drills-dir"}

    def __init__(self, root: Path):
        self.root = root
        for folder in self.FOLDERS:
            shutil.copytree(REPO / folder / "content", root / folder)

    def edit(self, path: str, old: str, new: str) -> None:
        """Replace `old` (which must be there) in the file at `path`, relative to the copy."""
        file = self.root / path
        text = file.read_text(encoding="utf-8")
        assert old in text
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    def sync(self) -> None:
        """`manage.py sync_content` on the copy."""
        arguments = [
            part
            for folder, option in self.FOLDERS.items()
            for part in (option, str(self.root / folder))
        ]
        call_command("sync_content", *arguments)


@pytest.fixture
def course_copy(tmp_path) -> CourseCopy:
    return CourseCopy(tmp_path)


@pytest.fixture
def searchable_course(db):
    """The real course with its search index built."""
    return sync_real_course(searchable=True)


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
    (tmp_path / "questions").mkdir()
    (tmp_path / "drills").mkdir()

    def write(name: str, text: str) -> Path:
        path = content / name
        path.write_text(text, encoding="utf-8")
        return path

    write.dir = content  # type: ignore[attr-defined]
    write.questions_dir = tmp_path / "questions"  # type: ignore[attr-defined]
    # Command-line arguments pointing the content commands at these folders.
    write.args = [  # type: ignore[attr-defined]
        "--lessons-dir",
        str(content),
        "--questions-dir",
        str(tmp_path / "questions"),
        "--drills-dir",
        str(tmp_path / "drills"),
    ]
    return write


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    """Tests create many accounts: a deliberately slow password hash would dominate their time."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_cache(request, django_db_blocker):
    """Every test starts with an empty cache: rate-limit counters must not leak between tests.

    The cache is a database table that test transactions roll back, but browser tests commit, and
    their counters (all from 127.0.0.1) would otherwise still be counting in the next test.
    """
    uses_database = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    if uses_database:
        from django.core.cache import cache

        with django_db_blocker.unblock():
            cache.clear()
