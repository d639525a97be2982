"""Grading a free-text answer against a rubric, criterion by criterion, like a careful interviewer.

Each criterion scores 0 (missing, wrong or rejected), 1 (named without a correct reason) or 2 (named,
with a correct reason in the same or the next sentence). What a criterion listens for:

  concept   phrases that name the idea ("non-root user", "unprivileged account")
  opposite  phrases naming the bad practice; denied ("avoid running as root") they name the idea,
            recommended ("run as root") they reject the criterion
  reject    phrases that, recommended, make the criterion 0 ("node:latest"); denied they are ignored
  partial   phrases worth level 1 at most ("pin the base version")
  reasons   phrases that justify the idea ("limits the damage if compromised")
  exclude   the same words in another sense ("users of the service"): concept matches inside these
            phrases do not count

A concept inside a bare list of terms (keyword salad) earns level 1 at most. Every awarded level cites
the evidence: the spans of the answer that earned it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from drills.grading.text import (
    Document,
    Match,
    compile_pattern,
    find_matches,
    in_a_list,
    is_negated,
    read_document,
)

MAX_ANSWER_LENGTH = 5000
LEVEL_NAMES = {0: "missing", 1: "named", 2: "explained"}


@dataclass(frozen=True)
class Criterion:
    id: str
    title: str
    concept: tuple[str, ...]
    reasons: tuple[str, ...] = ()
    opposite: tuple[str, ...] = ()
    reject: tuple[str, ...] = ()
    partial: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    feedback_missing: str = ""
    feedback_named: str = ""
    feedback_explained: str = ""
    feedback_rejected: str = ""
    lesson: str = ""
    anchor: str = ""

    def all_patterns(self) -> tuple[str, ...]:
        return (
            self.concept + self.reasons + self.opposite + self.reject + self.partial + self.exclude
        )


@dataclass(frozen=True)
class RedFlag:
    id: str
    patterns: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class Rubric:
    criteria: tuple[Criterion, ...]
    red_flags: tuple[RedFlag, ...] = ()

    def validate(self) -> list[str]:
        """Problems with the rubric's phrases (each is compiled once here)."""
        problems = []
        for criterion in self.criteria:
            for pattern in criterion.all_patterns():
                try:
                    compile_pattern(pattern)
                except ValueError as error:
                    problems.append(f"criterion '{criterion.id}': {error}")
        for flag in self.red_flags:
            for pattern in flag.patterns:
                try:
                    compile_pattern(pattern)
                except ValueError as error:
                    problems.append(f"red flag '{flag.id}': {error}")
        return problems


@dataclass(frozen=True)
class Evidence:
    text: str
    start: int
    end: int
    role: str  # concept, reason, partial, rejected

    def to_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "role": self.role}


@dataclass(frozen=True)
class CriterionResult:
    id: str
    title: str
    level: int
    evidence: tuple[Evidence, ...]
    feedback: str
    capped_as_list: bool = False
    lesson: str = ""
    anchor: str = ""

    @property
    def points(self) -> int:
        return self.level

    @property
    def max_points(self) -> int:
        return 2

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES[self.level]

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "level": self.level_name,
            "points": self.points,
            "max_points": self.max_points,
            "evidence": [evidence.to_dict() for evidence in self.evidence],
            "feedback": self.feedback,
        }


@dataclass(frozen=True)
class FlagResult:
    id: str
    message: str
    evidence: tuple[Evidence, ...]

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "message": self.message,
            "evidence": [evidence.to_dict() for evidence in self.evidence],
        }


@dataclass(frozen=True)
class TextGrade:
    criteria: tuple[CriterionResult, ...]
    red_flags: tuple[FlagResult, ...] = field(default=())

    @property
    def score(self) -> int:
        return sum(result.points for result in self.criteria)

    @property
    def max_score(self) -> int:
        return sum(result.max_points for result in self.criteria)

    def levels(self) -> dict[str, int]:
        return {result.id: result.level for result in self.criteria}


class AnswerTooLong(ValueError):
    """Answers are limited so that grading stays fast and fair."""


def _evidence(doc: Document, match: Match, role: str) -> Evidence:
    text, start, end = doc.snippet(match.first, match.last)
    return Evidence(text, start, end, role)


def _overlaps(match: Match, others: list[Match]) -> bool:
    return any(match.first <= other.last and other.first <= match.last for other in others)


def _matches(doc: Document, patterns: tuple[str, ...], excluded: list[Match]) -> list[Match]:
    found: list[Match] = []
    for pattern in patterns:
        found.extend(m for m in find_matches(doc, pattern) if not _overlaps(m, excluded))
    return sorted(found, key=lambda m: m.first)


def grade_criterion(doc: Document, criterion: Criterion) -> CriterionResult:
    excluded = _matches(doc, criterion.exclude, [])
    named: list[Match] = []
    rejected: list[Match] = []
    for match in _matches(doc, criterion.concept, excluded):
        (rejected if is_negated(doc, match) else named).append(match)
    for match in _matches(doc, criterion.opposite, excluded):
        (named if is_negated(doc, match) else rejected).append(match)
    for match in _matches(doc, criterion.reject, excluded):
        if not is_negated(doc, match):
            rejected.append(match)

    def result(level: int, evidence: list[Evidence], feedback: str, capped: bool = False):
        return CriterionResult(
            criterion.id,
            criterion.title,
            level,
            tuple(evidence),
            feedback,
            capped,
            criterion.lesson,
            criterion.anchor,
        )

    if rejected:
        # Recommending the bad practice outweighs naming the good one elsewhere: an interviewer
        # hears a contradiction, not an answer.
        return result(
            0,
            [_evidence(doc, m, "rejected") for m in rejected],
            criterion.feedback_rejected or criterion.feedback_missing,
        )
    if not named:
        partial = [m for m in _matches(doc, criterion.partial, excluded) if not is_negated(doc, m)]
        if partial:
            return result(1, [_evidence(doc, partial[0], "partial")], criterion.feedback_named)
        return result(0, [], criterion.feedback_missing)

    reasons = [m for m in _matches(doc, criterion.reasons, []) if not in_a_list(doc, m)]
    prose_concepts = [m for m in named if not in_a_list(doc, m)]
    for concept in prose_concepts:
        sentence = doc.tokens[concept.first].sentence
        for reason in reasons:
            reason_sentence = doc.tokens[reason.first].sentence
            if reason_sentence in (sentence, sentence + 1):
                if reason.first <= concept.last and concept.first <= reason.last:
                    continue  # the same words cannot be both the idea and its reason
                return result(
                    2,
                    [_evidence(doc, concept, "concept"), _evidence(doc, reason, "reason")],
                    criterion.feedback_explained,
                )
    capped = not prose_concepts
    shown = prose_concepts[0] if prose_concepts else named[0]
    return result(1, [_evidence(doc, shown, "concept")], criterion.feedback_named, capped)


def grade_text(answer: str, rubric: Rubric) -> TextGrade:
    """Grade an answer of at most MAX_ANSWER_LENGTH characters. Deterministic and bounded in time."""
    if len(answer) > MAX_ANSWER_LENGTH:
        raise AnswerTooLong(
            f"Answers are limited to {MAX_ANSWER_LENGTH:,} characters; this one has {len(answer):,}."
        )
    doc = read_document(answer)
    results = tuple(grade_criterion(doc, criterion) for criterion in rubric.criteria)
    flags = []
    for flag in rubric.red_flags:
        found = [m for m in _matches(doc, flag.patterns, []) if not is_negated(doc, m)]
        if found:
            flags.append(
                FlagResult(flag.id, flag.message, tuple(_evidence(doc, m, "flag") for m in found))
            )
    return TextGrade(results, tuple(flags))
