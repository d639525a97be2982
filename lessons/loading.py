"""Lesson files -> validated lesson records, with problems that name the file and the line.

Nothing here touches the database: `check_content` reports the problems, `sync_content` refuses to
write while there are any, and tests run it on small trees of their own.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import frontmatter
import yaml
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from lessons.rendering import (
    LAB_FENCE,
    QUESTION_FENCE,
    RENDERER_VERSION,
    DiagramError,
    EmbeddedLab,
    Heading,
    render_inline,
    render_markdown,
)

LESSON_FILE_RE = re.compile(r"^(?P<order>\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FENCE_RE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*)$")
INTERNAL_LINK_RE = re.compile(r"^/lessons/(?P<slug>[a-z0-9-]+)/(?:#(?P<anchor>[A-Za-z0-9_-]+))?$")
FORBIDDEN_SVG_RE = re.compile(
    r"<style\b|\sstyle\s*=|<script\b|\son[a-z]+\s*=|<image\b|<foreignObject\b|href\s*=\s*[\"']https?:",
    re.IGNORECASE,
)

REQUIRED_FIELDS = ("title", "slug", "order", "summary", "minutes", "objectives", "sources")
MAX_SUMMARY = 200


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class LineMapping(dict):
    """A YAML mapping that remembers the line of each key (1-based) and its own line."""

    line: int = 1
    key_lines: dict


class YamlLineLoader(yaml.SafeLoader):
    """Safe YAML whose mappings remember their lines, so content problems can name file and line."""

    def construct_mapping(self, node, deep=False):
        mapping = LineMapping(super().construct_mapping(node, deep=deep))
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {
            key_node.value: key_node.start_mark.line + 1 for key_node, _ in node.value
        }
        return mapping


YamlLineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, YamlLineLoader.construct_mapping
)


def yaml_line(mapping: object, key: str | None = None) -> int:
    """The line of `key` in a mapping read by YamlLineLoader (or of the mapping itself); 1 if unknown."""
    if isinstance(mapping, LineMapping):
        if key is not None and key in mapping.key_lines:
            return mapping.key_lines[key]
        return mapping.line
    return 1


@dataclass
class LessonRecord:
    slug: str
    order: int
    title: str
    summary: str
    minutes: int
    objectives: list[str]  # rendered inline HTML: objectives may name `commands`
    sources: list[dict[str, str]]
    toc: list[Heading]
    html: str
    words: int
    source_path: str
    question_ids: list[str] = field(default_factory=list)

    @property
    def anchors(self) -> set[str]:
        return {heading.id for heading in self.toc}

    @property
    def content_hash(self) -> str:
        """Changes whenever anything stored for the lesson would change."""
        payload = asdict(self)
        payload["renderer"] = RENDERER_VERSION
        encoded = json.dumps(payload, sort_keys=True, default=str).encode()
        return hashlib.sha256(encoded).hexdigest()


@dataclass
class _LoadedLesson:
    """A valid lesson plus what the cross-lesson checks still need."""

    record: LessonRecord
    links: list[str]
    file: _LessonFile


@dataclass
class LoadResult:
    lessons: list[LessonRecord]
    problems: list[Problem]


def display_path(path: Path) -> str:
    """The path as a person at the repo root would type it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class _LessonFile:
    """One lesson file being checked: its text, where its body starts, and what is wrong."""

    def __init__(self, path: Path):
        self.path = path
        self.display = display_path(path)
        self.text = path.read_text(encoding="utf-8")
        self.lines = self.text.splitlines()
        self.problems: list[Problem] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.display, line, message))

    def line_of(self, needle: str, *, start: int = 0) -> int:
        """1-based line of the first line containing `needle` (after line `start`), else 1."""
        for number, line in enumerate(self.lines[start:], start=start + 1):
            if needle in line:
                return number
        return 1

    def field_line(self, name: str) -> int:
        for number, line in enumerate(self.lines, start=1):
            if re.match(rf"^{re.escape(name)}\s*:", line):
                return number
            if number > 1 and line.strip() == "---":
                break
        return 1

    def body_start_line(self) -> int:
        """Line number (1-based) of the first body line after the closing front-matter fence."""
        if not self.lines or self.lines[0].strip() != "---":
            return 1
        for number, line in enumerate(self.lines[1:], start=2):
            if line.strip() == "---":
                return number + 1
        return 1


def _check_front_matter(lesson_file: _LessonFile, meta: dict) -> None:
    for name in REQUIRED_FIELDS:
        if name not in meta or meta[name] in (None, "", []):
            lesson_file.problem(1, f"front matter: missing required field '{name}'")
    for name in sorted(set(meta) - set(REQUIRED_FIELDS)):
        lesson_file.problem(lesson_file.field_line(name), f"front matter: unknown field '{name}'")

    def expect(name: str, ok: bool, message: str) -> None:
        if name in meta and meta[name] not in (None, "", []) and not ok:
            lesson_file.problem(lesson_file.field_line(name), f"front matter: '{name}' {message}")

    expect("title", isinstance(meta.get("title"), str), "must be text")
    slug = meta.get("slug")
    expect(
        "slug", isinstance(slug, str) and bool(SLUG_RE.match(slug)), "must be lowercase-hyphenated"
    )
    expect(
        "order",
        isinstance(meta.get("order"), int)
        and not isinstance(meta.get("order"), bool)
        and meta.get("order", 0) >= 1,
        "must be a whole number from 1",
    )
    summary = meta.get("summary")
    expect(
        "summary",
        isinstance(summary, str) and len(summary) <= MAX_SUMMARY,
        f"must be text of at most {MAX_SUMMARY} characters",
    )
    minutes = meta.get("minutes")
    expect(
        "minutes",
        isinstance(minutes, int) and not isinstance(minutes, bool) and 1 <= minutes <= 120,
        "must be a whole number of minutes from 1 to 120",
    )
    objectives = meta.get("objectives")
    expect(
        "objectives",
        isinstance(objectives, list) and all(isinstance(o, str) and o for o in objectives),
        "must be a list of sentences",
    )
    sources = meta.get("sources")
    expect(
        "sources",
        isinstance(sources, list)
        and all(
            isinstance(s, dict)
            and set(s) == {"title", "url"}
            and isinstance(s["title"], str)
            and isinstance(s["url"], str)
            and urlsplit(s["url"]).scheme == "https"
            and urlsplit(s["url"]).netloc
            for s in sources
        ),
        "must be a list of {title, url} with https URLs",
    )


def fence_problems(lines: list[str]) -> list[tuple[int, str]]:
    """(line number, message) for each code fence without a known language, in any markdown text."""
    problems: list[tuple[int, str]] = []
    open_fence: str | None = None
    for number, line in enumerate(lines, start=1):
        match = FENCE_RE.match(line)
        if match is None:
            continue
        fence, info = match["fence"], match["info"].strip()
        if open_fence is not None:
            if fence.startswith(open_fence) and not info:
                open_fence = None
            continue
        open_fence = fence
        language = info.split()[0] if info else ""
        if not language:
            problems.append((number, "code fence without a language (e.g. ```dockerfile)"))
        elif language not in (QUESTION_FENCE, LAB_FENCE):
            try:
                get_lexer_by_name(language)
            except ClassNotFound:
                problems.append((number, f"code fence language '{language}' is not known"))
    if open_fence is not None:
        problems.append((len(lines), "code fence is never closed"))
    return problems


def _check_headings(lesson_file: _LessonFile, body_start: int) -> None:
    in_fence = False
    for number, line in enumerate(lesson_file.lines[body_start - 1 :], start=body_start):
        if FENCE_RE.match(line):
            in_fence = not in_fence
        elif not in_fence and re.match(r"^#\s", line):
            lesson_file.problem(
                number, "a level-1 heading: the title comes from the front matter; use ##"
            )


def _diagram_loader(lesson_file: _LessonFile, content_dir: Path):
    def load(name: str) -> str:
        path = content_dir / "diagrams" / name
        line = lesson_file.line_of(f"diagrams/{name}")
        if not path.is_file():
            lesson_file.problem(line, f"image file diagrams/{name} does not exist")
            return "<svg></svg>"
        svg = path.read_text(encoding="utf-8")
        forbidden = FORBIDDEN_SVG_RE.search(svg)
        if forbidden:
            lesson_file.problem(
                line,
                f"diagrams/{name} uses '{forbidden.group().strip()}', which the page's "
                "Content-Security-Policy blocks or which loads outside content",
            )
        if "viewBox" not in svg:
            lesson_file.problem(line, f"diagrams/{name} has no viewBox, so it cannot scale")
        return svg

    return load


def load_lesson_file(
    path: Path, content_dir: Path, labs: Mapping[str, EmbeddedLab] | None = None
) -> tuple[_LoadedLesson | None, list[Problem]]:
    """One lesson file, rendered. `labs`: the labs a ```lab fence may name (None: not checked)."""
    """Parse, validate and render one lesson file."""
    lesson_file = _LessonFile(path)
    name_match = LESSON_FILE_RE.match(path.name)
    if name_match is None:
        lesson_file.problem(1, "file name must look like NN-slug.md (e.g. 01-containers-vs-vms.md)")
    try:
        post = frontmatter.loads(lesson_file.text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        # python-frontmatter hands YAML the text from the opening "---" line on, so mark.line is
        # already counted from that line: +1 makes it 1-based.
        line = mark.line + 1 if mark is not None else 1
        lesson_file.problem(
            line, f"front matter is not valid YAML: {getattr(error, 'problem', error)}"
        )
        return None, lesson_file.problems
    meta = dict(post.metadata)
    if not meta:
        lesson_file.problem(1, "front matter is missing (the file must start with a --- block)")
        return None, lesson_file.problems
    _check_front_matter(lesson_file, meta)
    if name_match and isinstance(meta.get("slug"), str) and meta["slug"] != name_match["slug"]:
        lesson_file.problem(
            lesson_file.field_line("slug"),
            f"front matter: slug '{meta['slug']}' does not match the file name "
            f"('{name_match['slug']}')",
        )
    if (
        name_match
        and isinstance(meta.get("order"), int)
        and meta["order"] != int(name_match["order"])
    ):
        lesson_file.problem(
            lesson_file.field_line("order"),
            f"front matter: order {meta['order']} does not match the file name "
            f"({int(name_match['order'])})",
        )

    body_start = lesson_file.body_start_line()
    for number, message in fence_problems(lesson_file.lines):
        lesson_file.problem(number, message)
    _check_headings(lesson_file, body_start)
    try:
        rendered = render_markdown(
            post.content, diagram_loader=_diagram_loader(lesson_file, content_dir), labs=labs
        )
    except DiagramError as error:
        lesson_file.problem(body_start, f"diagram: {error}")
        return None, lesson_file.problems

    for slug in rendered.lab_slugs:
        if labs is not None and slug not in labs:
            line = next(
                (n for n, text in enumerate(lesson_file.lines, 1) if text.strip() == slug),
                body_start,
            )
            lesson_file.problem(line, f"embedded lab '{slug}' is not a lab (see labs/catalogue.py)")
    if lesson_file.problems:
        return None, lesson_file.problems
    record = LessonRecord(
        slug=meta["slug"],
        order=meta["order"],
        title=meta["title"].strip(),
        summary=meta["summary"].strip(),
        minutes=meta["minutes"],
        objectives=[render_inline(objective.strip()) for objective in meta["objectives"]],
        sources=[{"title": s["title"].strip(), "url": s["url"].strip()} for s in meta["sources"]],
        toc=rendered.toc,
        html=rendered.html,
        words=rendered.words,
        source_path=lesson_file.display,
        question_ids=rendered.question_ids,
    )
    # Links are checked once every lesson is known; keep what is needed for that.
    return _LoadedLesson(record, rendered.links, lesson_file), lesson_file.problems


def _check_links(loaded: list[_LoadedLesson]) -> list[Problem]:
    """Internal links point at a lesson that exists and, if given, a heading it has."""
    anchors_by_slug = {item.record.slug: item.record.anchors for item in loaded}
    problems: list[Problem] = []
    for item in loaded:
        record, lesson_file = item.record, item.file
        for href in item.links:
            if href.startswith("#"):
                slug, anchor = record.slug, href[1:]
            else:
                parts = urlsplit(href)
                if parts.scheme or parts.netloc:
                    continue  # external: checked by people, not by an offline CI
                match = INTERNAL_LINK_RE.match(href)
                if match is None:
                    problems.append(
                        Problem(
                            lesson_file.display,
                            lesson_file.line_of(f"]({href}"),
                            f"link '{href}' is not a lesson link (/lessons/<slug>/#<heading>)",
                        )
                    )
                    continue
                slug, anchor = match["slug"], match["anchor"]
            line = lesson_file.line_of(f"]({href}")
            if slug not in anchors_by_slug:
                problems.append(
                    Problem(
                        lesson_file.display, line, f"link to a lesson that does not exist: {href}"
                    )
                )
            elif anchor and anchor not in anchors_by_slug[slug]:
                problems.append(
                    Problem(
                        lesson_file.display,
                        line,
                        f"link to a heading that does not exist: {href} "
                        f"(lesson '{slug}' has no heading '#{anchor}')",
                    )
                )
    return problems


def _check_unique(loaded: list[_LoadedLesson]) -> list[Problem]:
    problems: list[Problem] = []
    for attribute in ("slug", "order"):
        seen: dict[object, LessonRecord] = {}
        for item in loaded:
            value = getattr(item.record, attribute)
            if value in seen:
                problems.append(
                    Problem(
                        item.file.display,
                        item.file.field_line(attribute),
                        f"duplicate {attribute} '{value}' (also in {seen[value].source_path})",
                    )
                )
            else:
                seen[value] = item.record
    return problems


def load_lessons(content_dir: Path, labs: Mapping[str, EmbeddedLab] | None = None) -> LoadResult:
    """Every lesson in `content_dir`, validated. Callers must not store anything while there are problems."""
    loaded: list[_LoadedLesson] = []
    problems: list[Problem] = []
    paths = sorted(content_dir.glob("*.md"))
    paths = [path for path in paths if path.name.lower() != "readme.md"]
    if not paths:
        problems.append(Problem(str(content_dir), 1, "no lesson files (NN-slug.md) found"))
    for path in paths:
        item, file_problems = load_lesson_file(path, content_dir, labs)
        problems.extend(file_problems)
        if item is not None:
            loaded.append(item)
    problems.extend(_check_unique(loaded))
    problems.extend(_check_links(loaded))
    records = sorted((item.record for item in loaded), key=lambda record: record.order)
    return LoadResult(lessons=records, problems=sorted(problems))
