"""What a graded drill answer looks like on the page: levels, highlighted evidence, links to lessons."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from drills.grading.dockerfile import CHECK_TITLES
from drills.loading import DrillSpec

LEVEL_LABELS = {"missing": "Missing", "named": "Named", "explained": "Explained"}
# "n/a" and "cannot-tell" are worth no points either way (max_points 0): they never count against anyone.
STATUS_LABELS = {
    "pass": "Pass",
    "fail": "Fail",
    "n/a": "Not applicable",
    "cannot-tell": "Cannot tell",
}
# Dockerfile checks link to the lesson section that teaches them.
CHECK_SECTIONS = {
    "base-pinned": "dockerfiles#pinning",
    "base-minimal": "dockerfiles#base-images",
    "multi-stage": "dockerfiles#multi-stage",
    "deps-before-source": "dockerfiles#layer-order",
    "prod-deps-only": "dockerfiles#installing-deps",
    "non-root": "dockerfiles#non-root",
    "exec-form": "dockerfiles#signals",
    "no-secrets": "dockerfiles#build-secrets",
    "copy-not-add": "dockerfiles#copy-vs-add",
    "workdir-absolute": "dockerfiles#healthcheck-workdir",
    "apt-hygiene": "dockerfiles#installing-deps",
    "healthcheck": "dockerfiles#healthcheck-workdir",
    "dockerignore": "dockerfiles#dockerignore",
}


@dataclass(frozen=True)
class CriterionReview:
    """One class's override of one criterion: the level in force, the comment, who gave it."""

    cohort_name: str
    level: int
    comment: str
    by: str


@dataclass(frozen=True)
class CriterionView:
    id: str
    title: str
    verdict: str  # missing/named/explained or pass/fail/n/a
    label: str
    points: int
    max_points: int
    feedback: SafeString
    quotes: list[str]
    lines: list[int]
    section_url: str
    # What the quotes are: words that earned the level, or words that counted against it (a
    # missing criterion quotes only the bad practice it turned down).
    evidence_label: str = "From your answer"
    # Each class's instructor override in force, shown beside the grader's verdict.
    reviews: tuple[CriterionReview, ...] = ()

    @property
    def css(self) -> str:
        return {
            "missing": "bad",
            "fail": "bad",
            "named": "partial",
            "explained": "good",
            "pass": "good",
        }.get(self.verdict, "neutral")


@dataclass(frozen=True)
class RubricLine:
    """One line of the rubric shown before answering: what is judged, and what earns full marks."""

    title: str
    full_marks: str
    points: int


def rubric_preview(spec: DrillSpec) -> list[RubricLine]:
    """The rubric as a candidate should see it up front, as an interviewer's checklist would read.

    Text drills: each criterion, 2 points for the idea with its reason. Dockerfile drills: each
    check the file is reviewed against, 1 point each.
    """
    if spec.rubric is None:
        return [RubricLine(CHECK_TITLES[check], "", 1) for check in spec.checks]
    return [
        RubricLine(criterion.title, criterion.feedback_missing, 2)
        for criterion in spec.rubric.criteria
    ]


def score_verdict(percent: int) -> str:
    """One line that says what a score means and what to do next."""
    if percent == 100:
        return "Full marks: an interviewer would be happy with that."
    if percent >= 70:
        return "A strong answer. The feedback below shows what would complete it."
    if percent >= 40:
        return "A fair start. Add the missing points and the reasons behind them."
    return "Not there yet. Read the feedback and the model answer, then try again."


def code_spans(text: str) -> SafeString:
    """Feedback text, escaped, with `backticked` words shown as code (the only markup feedback uses)."""
    parts = escape(text).split("`")
    html = "".join(
        f"<code>{part}</code>" if index % 2 else part for index, part in enumerate(parts)
    )
    return mark_safe(html)  # escaped above


def _criterion_reviews(reviews, criterion_id: str) -> tuple[CriterionReview, ...]:
    return tuple(
        CriterionReview(review.cohort_name, view.level, view.comment, view.instructor)
        for review in reviews or ()
        if (view := review.overrides.get(criterion_id)) is not None
    )


def _section_url(link: str) -> str:
    slug, _, anchor = link.partition("#")
    return f"/lessons/{slug}/#{anchor}" if slug else ""


def criteria_views(
    spec: DrillSpec, result: dict, reviews: list | None = None
) -> list[CriterionView]:
    """Each criterion as shown, with every class review (drills.overrides.ClassReview) beside it."""
    titles: dict[str, str] = {}
    sections: dict[str, str] = {}
    if spec.rubric is not None:
        for criterion in spec.rubric.criteria:
            titles[criterion.id] = criterion.title
            sections[criterion.id] = _section_url(f"{criterion.lesson}#{criterion.anchor}")
    else:
        titles.update(CHECK_TITLES)
        sections.update({check: _section_url(link) for check, link in CHECK_SECTIONS.items()})
    views = []
    for item in result["criteria"]:
        verdict = item.get("level") or item.get("status")
        evidence = item.get("evidence", [])
        quotes = distinct_quotes(evidence)
        against = quotes and all(e.get("role") == "rejected" for e in evidence if "start" in e)
        views.append(
            CriterionView(
                id=item["id"],
                title=titles.get(item["id"], item["id"]),
                verdict=verdict,
                label=LEVEL_LABELS.get(verdict) or STATUS_LABELS.get(verdict, verdict),
                points=item["points"],
                max_points=item["max_points"],
                feedback=code_spans(item["feedback"]),
                quotes=quotes,
                evidence_label="Counted against it" if against else "From your answer",
                lines=[e["line"] for e in evidence if "line" in e],
                section_url=sections.get(item["id"], ""),
                reviews=_criterion_reviews(reviews, item["id"]),
            )
        )
    return views


def distinct_quotes(evidence: list[dict]) -> list[str]:
    """The quoted words of an answer's evidence, in reading order, each once.

    Two patterns can match overlapping words ("FROM node:latest" and "node:latest"): a quote that
    lies within another adds nothing and would run the two together, so only the longer is kept.
    """
    spans = sorted(
        (e for e in evidence if "start" in e and e.get("text", "").strip()),
        key=lambda e: (e["start"], -e["end"]),
    )
    kept: list[dict] = []
    for span in spans:
        if kept and span["end"] <= kept[-1]["end"]:
            continue  # inside the previous span
        kept.append(span)
    return [span["text"] for span in kept]


@dataclass(frozen=True)
class RedFlagView:
    message: SafeString
    quotes: list[str]


def red_flag_views(result: dict) -> list[RedFlagView]:
    """Each red flag's message, and the distinct words of the answer that raised it."""
    return [
        RedFlagView(code_spans(flag["message"]), distinct_quotes(flag.get("evidence", [])))
        for flag in result.get("red_flags", [])
    ]


def highlighted_answer(answer: str, result: dict) -> SafeString:
    """The learner's answer, escaped, with every evidence span wrapped in <mark>.

    Marks carry the criterion's title so a reader (and a screen reader) knows what earned it.
    """
    spans: list[tuple[int, int, str, str]] = []
    for item in result["criteria"]:
        for evidence in item.get("evidence", []):
            if "start" in evidence:
                spans.append(
                    (evidence["start"], evidence["end"], item["id"], evidence.get("role", ""))
                )
    for flag in result.get("red_flags", []):
        for evidence in flag.get("evidence", []):
            spans.append((evidence["start"], evidence["end"], flag["id"], "flag"))
    spans.sort()
    pieces: list[str] = []
    position = 0
    for start, end, criterion, role in spans:
        if start < position:  # overlapping evidence: the first one shown keeps the words
            continue
        pieces.append(escape(answer[position:start]))
        css = (
            "evidence evidence--flag"
            if role == "flag"
            else f"evidence evidence--{role or 'concept'}"
        )
        pieces.append(
            f'<mark class="{css}" title="{escape(criterion)}: {escape(role)}">{escape(answer[start:end])}</mark>'
        )
        position = end
    pieces.append(escape(answer[position:]))
    return mark_safe("".join(pieces))
