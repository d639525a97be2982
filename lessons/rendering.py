"""Markdown to HTML for lessons and questions: the one place that knows Python-Markdown.

Rendering happens when content is synced, never per request. Besides the HTML it reports what the
validator needs to check (headings, links, embedded questions), so there is one parser, not two.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

# Bump when the renderer's output changes, so `sync_content` re-renders unchanged files.
RENDERER_VERSION = "3"

# Python-Markdown's fenced-code language for a "check yourself" question embedded in a lesson.
QUESTION_FENCE = "quiz"
# The marker left in the stored HTML where an embedded question goes; the lesson page swaps in
# the live question widget at request time (a template render, not markdown).
QUESTION_MARKER = "<!--question:{id}-->"
QUESTION_MARKER_RE = re.compile(r"<!--question:([a-z0-9-]+)-->")

# A hands-on lab's entry card: a fenced block with the language `lab` and the lab's slug.
LAB_FENCE = "lab"

DIAGRAM_LINE_RE = re.compile(
    r'^\s*!\[(?P<alt>[^\]]*)\]\((?P<src>diagrams/[^\s)]+\.svg)(?:\s+"(?P<caption>[^"]*)")?\)\s*$'
)

DiagramLoader = Callable[[str], str]


@dataclass
class Heading:
    id: str
    title: str
    level: int


@dataclass
class Rendered:
    html: str
    toc: list[Heading] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    diagrams: list[str] = field(default_factory=list)
    question_ids: list[str] = field(default_factory=list)
    lab_slugs: list[str] = field(default_factory=list)
    words: int = 0


class DiagramError(Exception):
    """A diagram referenced by the markdown is missing or breaks the inlining rules."""


def _inline_svg(svg_text: str, *, alt: str) -> str:
    """The SVG as inline markup, labelled for screen readers by the author's alt text."""
    svg_text = re.sub(r"<\?xml[^>]*\?>", "", svg_text).strip()
    svg_text = re.sub(r"<!--.*?-->", "", svg_text, flags=re.DOTALL)
    opening = re.match(r"<svg\b[^>]*>", svg_text)
    if opening is None:
        raise DiagramError("the file does not start with an <svg> element")
    attributes = f' role="img" aria-label="{html.escape(alt, quote=True)}" focusable="false"'
    return svg_text[: opening.end() - 1] + attributes + svg_text[opening.end() - 1 :]


class _DiagramPreprocessor(Preprocessor):
    """Turns a line `![alt](diagrams/x.svg "caption")` into an inline SVG figure."""

    def __init__(self, md: markdown.Markdown, loader: DiagramLoader | None, found: list[str]):
        super().__init__(md)
        self.loader = loader
        self.found = found

    def run(self, lines: list[str]) -> list[str]:
        output = []
        for line in lines:
            match = DIAGRAM_LINE_RE.match(line)
            if match is None:
                output.append(line)
                continue
            src = match["src"].removeprefix("diagrams/")
            self.found.append(src)
            if self.loader is None:
                raise DiagramError(f"diagrams are not allowed here ({src})")
            svg = _inline_svg(self.loader(src), alt=match["alt"])
            caption = match["caption"]
            figure = f'<figure class="diagram">{svg}'
            if caption:
                figure += f"<figcaption>{html.escape(caption)}</figcaption>"
            figure += "</figure>"
            output.extend(["", self.md.htmlStash.store(figure), ""])
        return output


class _CollectAndDecorate(Treeprocessor):
    """Collects link targets and makes tables scrollable (and keyboard-reachable) on phones."""

    def __init__(self, md: markdown.Markdown, links: list[str]):
        super().__init__(md)
        self.links = links

    def run(self, root: ET.Element) -> None:
        tables: list[tuple[ET.Element, int, ET.Element]] = []
        for parent in root.iter():
            for index, child in enumerate(parent):
                if child.tag == "a" and child.get("class") != "headerlink":
                    self.links.append(child.get("href", ""))
                elif child.tag == "table":
                    tables.append((parent, index, child))
        # Wrap after the walk: changing the tree while iterating it would revisit the tables.
        for parent, index, table in tables:
            wrapper = ET.Element("div", {"class": "table-wrap", "tabindex": "0", "role": "region"})
            wrapper.set("aria-label", "Table (scrolls sideways on small screens)")
            parent.remove(table)
            wrapper.append(table)
            parent.insert(index, wrapper)


class _ContainedExtension(Extension):
    def __init__(self, loader: DiagramLoader | None, rendered: Rendered):
        super().__init__()
        self.loader = loader
        self.rendered = rendered

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.register(
            _DiagramPreprocessor(md, self.loader, self.rendered.diagrams), "contained-diagrams", 25
        )
        md.treeprocessors.register(
            _CollectAndDecorate(md, self.rendered.links), "contained-collect", 0
        )


def _question_fence(rendered: Rendered) -> Callable[..., str]:
    def format_question(source: str, language: str, css_class: str, options, md, **kwargs) -> str:
        question_id = source.strip()
        rendered.question_ids.append(question_id)
        return QUESTION_MARKER.format(id=html.escape(question_id))

    return format_question


@dataclass(frozen=True)
class EmbeddedLab:
    """What a lesson's ```lab fence shows: the lab's entry card. The course passes them in (from
    labs/catalogue.py), so the lesson pipeline does not depend on the labs app."""

    title: str
    summary: str
    url: str


def _lab_fence(rendered: Rendered, labs: Mapping[str, EmbeddedLab]) -> Callable[..., str]:
    """The lab's entry card (an unknown slug is reported by the loader)."""

    def format_lab(source: str, language: str, css_class: str, options, md, **kwargs) -> str:
        slug = source.strip()
        rendered.lab_slugs.append(slug)
        lab = labs.get(slug)
        if lab is None:
            return ""
        title, summary = html.escape(lab.title), html.escape(lab.summary)
        return (
            f'<aside class="lab-embed" aria-label="Hands-on lab: {title}">'
            '<p class="lab-embed__eyebrow">Hands-on lab</p>'
            f'<p class="lab-embed__title">{title}</p>'
            f'<p class="lab-embed__summary">{summary}</p>'
            f'<p class="lab-embed__action"><a class="button button--primary" href="{lab.url}">'
            f'Open the lab<span class="visually-hidden">: {title}</span></a></p>'
            "</aside>"
        )

    return format_lab


def _count_words(markdown_text: str) -> int:
    """Prose words: fenced code and table rows are not reading."""
    prose = re.sub(r"^(```|~~~).*?^\1\s*$", " ", markdown_text, flags=re.DOTALL | re.MULTILINE)
    prose = "\n".join(line for line in prose.splitlines() if not line.lstrip().startswith("|"))
    prose = re.sub(r"\{#[^}]*\}", " ", prose)
    return len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'\u2019.-]*", prose))


def _flatten_toc(tokens: list[dict]) -> list[Heading]:
    headings: list[Heading] = []
    for token in tokens:
        headings.append(Heading(id=token["id"], title=token["name"], level=token["level"]))
        headings.extend(_flatten_toc(token["children"]))
    return headings


def render_markdown(
    text: str,
    *,
    diagram_loader: DiagramLoader | None = None,
    labs: Mapping[str, EmbeddedLab] | None = None,
) -> Rendered:
    """Render course markdown. `diagram_loader(name)` returns an SVG's text; None forbids diagrams.
    `labs` maps a lab's slug to the card a ```lab fence shows (none: lab fences show nothing)."""
    rendered = Rendered(html="")
    md = markdown.Markdown(
        extensions=[
            "toc",
            "attr_list",
            "tables",
            "admonition",
            "sane_lists",
            "pymdownx.highlight",
            "pymdownx.superfences",
            _ContainedExtension(diagram_loader, rendered),
        ],
        extension_configs={
            "toc": {
                "permalink": "#",
                "permalink_title": "Link to this section",
                "toc_depth": "2-3",
            },
            "pymdownx.highlight": {
                "use_pygments": True,
                "guess_lang": False,
                "css_class": "highlight",
            },
            "pymdownx.superfences": {
                "custom_fences": [
                    {
                        "name": QUESTION_FENCE,
                        "class": QUESTION_FENCE,
                        "format": _question_fence(rendered),
                    },
                    {
                        "name": LAB_FENCE,
                        "class": LAB_FENCE,
                        "format": _lab_fence(rendered, labs or {}),
                    },
                ]
            },
        },
        output_format="html",
    )
    body = md.convert(text)
    # Code blocks scroll sideways on narrow screens; tabindex lets keyboard users scroll them too.
    body = body.replace("<pre>", '<pre tabindex="0">')
    rendered.html = body
    rendered.toc = _flatten_toc(getattr(md, "toc_tokens", []))
    rendered.words = _count_words(text)
    return rendered


def render_inline(text: str) -> str:
    """Render a short markdown fragment (a choice, a feedback line) without a wrapping <p>."""
    body = render_markdown(text).html.strip()
    if body.startswith("<p>") and body.endswith("</p>") and body.count("<p>") == 1:
        body = body[3:-4]
    return body


def split_on_questions(html_text: str) -> list[tuple[str, str]]:
    """Stored lesson HTML as ("html", chunk) and ("question", id) parts, in reading order."""
    parts: list[tuple[str, str]] = []
    position = 0
    for match in QUESTION_MARKER_RE.finditer(html_text):
        parts.append(("html", html_text[position : match.start()]))
        parts.append(("question", match[1]))
        position = match.end()
    parts.append(("html", html_text[position:]))
    return [part for part in parts if part != ("html", "")]
