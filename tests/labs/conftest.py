"""Fixtures for lab tests: the classroom set-up (an instructor's cohort) for the dashboard column."""

from tests.classroom.conftest import classroom, make_user  # noqa: F401 - fixtures, used by name
