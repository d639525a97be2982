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
from functools import lru_cache
from operator import attrgetter

from drills.grading.code import CodeFact, code_facts
from drills.grading.text import (
    Document,
    Match,
    compile_pattern,
    denies_outright,
    find_matches,
    in_a_list,
    is_negated,
    is_recommended,
    linked_in_sentence,
    read_document,
)

MAX_ANSWER_LENGTH = 5000
# How far apart, in sentences, an idea and its reason may stand within one paragraph or list item.
PARAGRAPH_REACH = 3
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
    code: tuple[str, ...] = ()
    code_partial: tuple[str, ...] = ()
    code_reject: tuple[str, ...] = ()

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


_first_token = attrgetter("first")  # Match.first, read in C


def _overlaps(match: Match, others: list[Match]) -> bool:
    return any(match.first <= other.last and other.first <= match.last for other in others)


def _matches(doc: Document, patterns: tuple[str, ...], excluded: list[Match]) -> list[Match]:
    found: list[Match] = []
    for pattern in patterns:
        found += find_matches(doc, pattern)
    if excluded:  # most criteria exclude nothing in most answers
        found = [m for m in found if not _overlaps(m, excluded)]
    return sorted(found, key=_first_token)


def _fact_matches(doc: Document, facts: list[CodeFact], names: tuple[str, ...]) -> list[Match]:
    found = []
    for fact in facts:
        if fact.name in names and (match := doc.tokens_within(fact.start, fact.end)) is not None:
            found.append(match)
    return sorted(set(found))


def _is_code(doc: Document, match: Match, code_matches: list[Match]) -> bool:
    return doc.tokens[match.first].code or match in code_matches


def _near(doc: Document, concept: Match, reason: Match, concept_is_code: bool) -> bool:
    """Whether a reason is close enough to the idea to be its reason (see the module docstring)."""
    idea, why = doc.tokens[concept.first], doc.tokens[reason.first]
    distance = abs(idea.sentence - why.sentence)
    if distance <= 1 or (idea.block == why.block and distance <= PARAGRAPH_REACH):
        return True
    return concept_is_code and abs(idea.block - why.block) <= 1


@dataclass(frozen=True)
class OtherIdeas:
    """Where the other criteria's ideas are named: the phrases, and the sentences holding them."""

    matches: tuple[Match, ...] = ()
    sentences: frozenset[int] = frozenset()


def idea_matches(doc: Document, criterion: Criterion, facts: list[CodeFact]) -> list[Match]:
    """Where the criterion's idea is named (in words or code), denied or not."""
    excluded = _matches(doc, criterion.exclude, [])
    return _matches(doc, criterion.concept, excluded) + _fact_matches(doc, facts, criterion.code)


def _belongs_elsewhere(doc: Document, concept: Match, reason: Match, others: OtherIdeas) -> bool:
    """Whether a reason in another sentence is really the reason of another criterion's idea.

    It is when its own words name another idea ("Data in the writable layer is lost" is the writable
    layer, not the named volume's reason), or when it stands two or more sentences away in a sentence
    about another idea ("tmpfs for secrets, since it is quicker" is tmpfs's reason).
    """
    concept_sentence = doc.tokens[concept.first].sentence
    reason_sentence = doc.tokens[reason.first].sentence
    if reason_sentence == concept_sentence:
        return False
    if _overlaps(reason, list(others.matches)):
        return True
    return abs(reason_sentence - concept_sentence) >= 2 and reason_sentence in others.sentences


def grade_criterion(
    doc: Document,
    criterion: Criterion,
    facts: list[CodeFact],
    others: OtherIdeas = OtherIdeas(),
) -> CriterionResult:
    """The criterion's level. `others`: where the other criteria's ideas are named, whose reasons
    belong to them (see `_belongs_elsewhere`)."""
    excluded = _matches(doc, criterion.exclude, [])
    code_named = _fact_matches(doc, facts, criterion.code)
    named: list[Match] = list(code_named)
    rejected: list[Match] = [
        m for m in _fact_matches(doc, facts, criterion.code_reject) if is_recommended(doc, m)
    ]
    denied: list[Match] = []
    for match in _matches(doc, criterion.concept, excluded):
        (denied if is_negated(doc, match) else named).append(match)
    concepts = named + denied
    for match in _matches(doc, criterion.opposite, excluded):
        if _overlaps(match, concepts):
            continue  # "root user" inside "a non-root user" is the idea, not its opposite
        if is_negated(doc, match):
            named.append(match)
        elif is_recommended(doc, match):
            rejected.append(match)
    for match in _matches(doc, criterion.reject, excluded):
        if is_recommended(doc, match):
            rejected.append(match)
    if not named:
        # The idea itself turned down ("I wouldn't bother with a non-root user"), and never named.
        rejected += [match for match in denied if denies_outright(doc, match)]

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
            [_evidence(doc, m, "rejected") for m in sorted(set(rejected))],
            criterion.feedback_rejected or criterion.feedback_missing,
        )
    if not named:
        partial = [m for m in _matches(doc, criterion.partial, excluded) if not is_negated(doc, m)]
        partial += _fact_matches(doc, facts, criterion.code_partial)
        if partial:
            return result(1, [_evidence(doc, partial[0], "partial")], criterion.feedback_named)
        return result(0, [], criterion.feedback_missing)

    named = sorted(set(named), key=lambda m: (m.first, m.last))
    reasons = _matches(doc, criterion.reasons, [])
    for concept in named:
        concept_is_code = _is_code(doc, concept, code_named)
        concept_listed = not concept_is_code and in_a_list(doc, concept)
        for reason in reasons:
            if reason.first <= concept.last and concept.first <= reason.last:
                continue  # the same words cannot be both the idea and its reason
            if not _near(doc, concept, reason, concept_is_code):
                continue
            if _belongs_elsewhere(doc, concept, reason, others):
                continue
            reason_listed = not doc.tokens[reason.first].code and in_a_list(doc, reason)
            if (concept_listed or reason_listed) and not linked_in_sentence(doc, concept, reason):
                continue  # terms side by side in a list, not an explanation
            return result(
                2,
                [_evidence(doc, concept, "concept"), _evidence(doc, reason, "reason")],
                criterion.feedback_explained,
            )
    prose = [m for m in named if _is_code(doc, m, code_named) or not in_a_list(doc, m)]
    capped = not prose
    shown = prose[0] if prose else named[0]
    return result(1, [_evidence(doc, shown, "concept")], criterion.feedback_named, capped)


@lru_cache(maxsize=64)
def rubric_vocabulary(rubric: Rubric) -> frozenset[str]:
    """Every word the rubric's phrases name: the words a misspelling may be read as."""
    words: set[str] = set()
    patterns = [p for c in rubric.criteria for p in c.all_patterns()]
    patterns += [p for flag in rubric.red_flags for p in flag.patterns]
    for pattern in patterns:
        for element in compile_pattern(pattern):
            words.update(element.words)
            for alternative in element.group:
                for inner in alternative:
                    words.update(inner.words)
    return frozenset(words)


def grade_text(answer: str, rubric: Rubric) -> TextGrade:
    """Grade an answer of at most MAX_ANSWER_LENGTH characters. Deterministic and bounded in time."""
    if len(answer) > MAX_ANSWER_LENGTH:
        raise AnswerTooLong(
            f"Answers are limited to {MAX_ANSWER_LENGTH:,} characters; this one has {len(answer):,}."
        )
    doc = read_document(answer, rubric_vocabulary(rubric))
    facts = code_facts(answer)
    ideas = {c.id: idea_matches(doc, c, facts) for c in rubric.criteria}

    def other_ideas(criterion: Criterion) -> OtherIdeas:
        mine = {doc.tokens[m.first].sentence for m in ideas[criterion.id]}
        matches = tuple(m for other, found in ideas.items() if other != criterion.id for m in found)
        sentences = {doc.tokens[m.first].sentence for m in matches} - mine
        return OtherIdeas(matches, frozenset(sentences))

    results = tuple(
        grade_criterion(doc, criterion, facts, other_ideas(criterion))
        for criterion in rubric.criteria
    )
    flags = []
    for flag in rubric.red_flags:
        found = [m for m in _matches(doc, flag.patterns, []) if is_recommended(doc, m)]
        if found:
            flags.append(
                FlagResult(flag.id, flag.message, tuple(_evidence(doc, m, "flag") for m in found))
            )
    return TextGrade(results, tuple(flags))
