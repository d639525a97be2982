"""The import rules of docs/architecture.md, read from the code with `ast`, so the map stays true.

- Engines (`quiz/grading/`, `drills/grading/`, `labs/simulators/`) are plain Python: they import no
  Django and nothing of the project but other engines.
- Apps are ranked: learners < lessons < quiz, drills, labs < classroom, search < course. A domain module
  (models, loading, services, selectors, presenting, ...) imports only its own app, apps ranked
  below it, and engines. Nothing imports upward.
- Edges (views, urls, forms, admin, management commands, template tags) may compose the domain
  modules of any app, but never another app's edges; only `config.urls` ties the edges together.
- Nothing imports `course` (the top) but `config.urls`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RANK = {
    "learners": 0,
    "lessons": 1,
    "quiz": 2,
    "drills": 2,
    "labs": 2,
    "classroom": 3,
    "search": 3,
    "course": 4,
}
ENGINES = ("quiz.grading", "drills.grading", "labs.simulators")
EDGE_NAMES = {"views", "urls", "forms", "admin", "auth_views"}
EDGE_PACKAGES = {"management", "templatetags"}
# Infrastructure any module may use: settings, rate limits, logging, reading untrusted input,
# page-or-fragment caching headers, compressed pages spliced from kept pieces, database triggers,
# model fields.
CONFIG_INFRASTRUCTURE = {
    "config.settings",
    "config.throttling",
    "config.logging",
    "config.inputs",
    "config.fragments",
    "config.randomness",
    "config.rows",
    "config.compression",
    "config.triggers",
    "config.fields",
}
PROJECT = {*RANK, "config"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> list[Path]:
    return sorted(
        path
        for app in PROJECT
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    )


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every absolute import in the file, nested ones included."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
    return found


def is_engine(module: str) -> bool:
    return any(module == engine or module.startswith(engine + ".") for engine in ENGINES)


def is_edge(module: str) -> bool:
    parts = module.split(".")
    return parts[-1] in EDGE_NAMES or any(part in EDGE_PACKAGES for part in parts)


def app_of(module: str) -> str:
    return module.split(".")[0]


def broken_rule(importer: str, imported: str) -> str | None:
    """Why `importer` may not import `imported`, or None when the import keeps the rules."""
    if app_of(imported) not in PROJECT:
        if is_engine(importer) and app_of(imported) == "django":
            return "an engine imports no Django"
        return None
    if is_engine(importer):
        return None if is_engine(imported) else "an engine imports only other engines"
    if importer == "config.urls":
        return None
    if app_of(imported) == "course" and app_of(importer) != "course":
        return "nothing imports course (the top)"
    if is_engine(imported) or imported in CONFIG_INFRASTRUCTURE or imported == "config":
        return None
    if app_of(importer) == "config":
        return None if not is_edge(imported) else "config imports no app's edges"
    if app_of(imported) == "config":
        return f"{imported} is not shared infrastructure"
    if is_edge(imported) and app_of(imported) != app_of(importer):
        return "an edge of another app"
    if is_edge(importer) or app_of(imported) == app_of(importer):
        return None
    if RANK[app_of(imported)] < RANK[app_of(importer)]:
        return None
    return "a domain module imports upward or sideways"


def test_every_import_keeps_the_architecture_rules():
    broken = [
        f"{path.relative_to(ROOT)}:{line}: {module_name(path)} -> {imported}: {reason}"
        for path in project_modules()
        for line, imported in imports_of(path)
        if (reason := broken_rule(module_name(path), imported))
    ]
    assert broken == [], "\n".join(broken)


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("drills.grading.rubric", "django.db"),
        ("drills.grading.rubric", "drills.loading"),
        ("quiz.selectors", "drills.models"),
        ("learners.services", "quiz.models"),
        ("lessons.models", "classroom.models"),
        ("classroom.views", "course.views"),
        ("lessons.views", "quiz.views"),
    ],
)
def test_the_rules_refuse_what_the_map_forbids(importer, imported):
    assert broken_rule(importer, imported) is not None


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("drills.grading.rubric", "drills.grading.text"),
        ("drills.loading", "lessons.rendering"),
        ("classroom.selectors", "drills.overrides"),
        ("lessons.views", "quiz.presenting"),
        ("course.loading", "drills.loading"),
        ("config.urls", "course.views"),
        ("quiz.views", "config.throttling"),
    ],
)
def test_the_rules_allow_what_the_map_allows(importer, imported):
    assert broken_rule(importer, imported) is None


def test_quiz_holds_no_drill_code():
    drill_words = [
        f"{path.relative_to(ROOT)}"
        for path in (ROOT / "quiz").rglob("*.py")
        if "migrations" not in path.parts and "drill" in path.read_text(encoding="utf-8").lower()
    ]
    assert drill_words == []
