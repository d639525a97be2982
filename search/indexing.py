"""The search entries for the course as it is in the database: lesson sections, questions, drills.

A lesson is cut at its h2/h3 headings (the ids the table of contents links to), so a result takes
the reader to the section, not to the top of a long page; the text before the first heading is the
lesson's introduction. Diagrams' SVG markup and the "check yourself" markers are left out: a search
for "rect" or "question" should not find them. Everything is plain text; the result page escapes it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from django.utils.html import strip_tags

from drills.models import Drill
from lessons.models import Lesson
from quiz.models import Question

HEADING_RE = re.compile(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL)
SVG_RE = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
HEADERLINK_RE = re.compile(r'<a class="headerlink".*?</a>', re.DOTALL)
# A question's prompt as a result title is cut here, at a word boundary.
TITLE_LENGTH = 140


@dataclass(frozen=True)
class Entry:
    kind: str
    title: str
    context: str
    url: str
    body: str
    section_url: str = ""


def plain_text(fragment: str) -> str:
    """Readable text of an HTML fragment: no tags, no diagrams' markup, entities decoded."""
    fragment = SVG_RE.sub(" ", COMMENT_RE.sub(" ", HEADERLINK_RE.sub("", fragment)))
    # Block ends become spaces so that "</p><p>" does not glue two words together.
    fragment = re.sub(r"</(p|li|h\d|pre|td|th|figcaption|div)>|<br\s*/?>", " ", fragment)
    return " ".join(html.unescape(strip_tags(fragment)).split())


def shortened(text: str, limit: int = TITLE_LENGTH) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def lesson_sections(lesson: Lesson) -> list[Entry]:
    """The lesson's introduction and each h2/h3 section, each linking to its anchor."""
    url = lesson.get_absolute_url()
    entries = []
    matches = list(HEADING_RE.finditer(lesson.html))
    intro = plain_text(lesson.html[: matches[0].start()] if matches else lesson.html)
    intro = " ".join([lesson.summary, intro]).strip()
    entries.append(Entry("section", lesson.title, f"Lesson {lesson.order}", url, intro))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(lesson.html)
        entries.append(
            Entry(
                kind="section",
                title=plain_text(match.group(3)),
                context=lesson.title,
                url=f"{url}#{match.group(2)}",
                body=plain_text(lesson.html[match.end() : end]),
            )
        )
    return entries


def question_entry(question: Question) -> Entry:
    spec = question.parsed
    prompt = plain_text(spec.prompt_html)
    parts = [prompt]
    parts += [plain_text(choice.html) for choice in spec.choices]
    parts += [plain_text(item.html) for item in spec.items]
    parts.append(plain_text(spec.explanation_html))
    lesson_url = question.lesson.get_absolute_url()
    return Entry(
        kind="question",
        title=shortened(prompt),
        context=question.lesson.title,
        url=f"/quiz/questions/{question.question_id}/",
        body=" ".join(part for part in parts if part),
        section_url=f"{lesson_url}#{question.anchor}" if question.anchor else lesson_url,
    )


def drill_entry(drill: Drill) -> Entry:
    spec = drill.parsed
    return Entry(
        kind="drill",
        title=drill.title,
        context="Interview drill",
        url=drill.get_absolute_url(),
        body=" ".join([spec.summary, plain_text(spec.prompt_html)]),
    )


def course_entries() -> list[Entry]:
    """Every active lesson section, question and drill, in course order (three queries)."""
    entries: list[Entry] = []
    for lesson in Lesson.objects.filter(is_active=True).order_by("order"):
        entries.extend(lesson_sections(lesson))
    questions = Question.objects.filter(is_active=True, lesson__is_active=True)
    for question in questions.select_related("lesson").order_by("lesson__order", "position"):
        entries.append(question_entry(question))
    for drill in Drill.objects.filter(is_active=True).order_by("position", "slug"):
        entries.append(drill_entry(drill))
    return entries
