"""Quiz item analysis for an instructor's cohort, in the manner of Moodle's quiz statistics report.

Why this exists: an instructor who sees only "the class averaged 62%" cannot tell which questions
did the work. Item analysis answers, per question: how easy was it (facility), did the learners who
did well on the rest of the quiz also do well on this question (discrimination), and which wrong
answers drew people in (choice counts, misleading distractors). Questions that need rewriting stand
out from these figures long before anyone complains about them.

This module is deliberately pure Python with no Django imports: views and management commands turn
database rows into the small frozen dataclasses below, and everything here is plain arithmetic that
can be tested with hand-computed numbers.

Definitions follow Moodle's "Quiz statistics calculations" page
(https://docs.moodle.org/dev/Quiz_statistics_calculations) and the code that implements it,
``question/classes/statistics/questions/calculator.php`` in moodle/moodle:

* Each response is one learner's first finished pass through the quiz. Moodle uses first attempts
  by default because later attempts build on the earlier ones and break the assumptions of item
  analysis; the caller is expected to pick them.
* Facility index = mean score on the question divided by its maximum. Scores here are already
  0..1, so facility is the plain mean.
* Discrimination index = Pearson correlation between the scores on this question and each
  learner's score on the *rest* of the quiz (total minus this question), over the responses that
  include the question. Moodle computes exactly ``covariance / sqrt(markvariance *
  othermarkvariance)`` and leaves it empty when either variance is zero or there are fewer than two
  attempts; we do the same. Correlating against the rest rather than the total matters: the total
  contains the item itself, which inflates the correlation, most of all on short quizzes.
  Moodle prints the index as a percentage (x 100); here it is a plain correlation in -1..1.
* Coefficient of internal consistency (Cronbach's alpha) = k/(k-1) * (1 - sum of item variances /
  variance of totals). Moodle also prints it as a percentage.

Thresholds for the flags, checked against Moodle's documentation ("Quiz report statistics",
https://docs.moodle.org/28/en/Development:Quiz_report_statistics, and the OU guide it comes from,
https://www.open.edu/openlearncreate/mod/oucontent/view.php?id=52746&section=4.2):

* Facility bands there run "90 - 94 very easy", "95 - 100 extremely easy", "11 - 20 difficult",
  "6 - 10 very difficult", "5 or less extremely difficult". "Too easy" (facility > 0.9) therefore
  means very easy or easier, and "too hard" (facility < 0.2) difficult or harder. The comparisons
  are strict, so exactly 0.9 and exactly 0.2 are not flagged (the docs' bands are fuzzy there: 20
  sits in both "difficult" and "moderately difficult").
* Discrimination bands, as coded in Moodle's question bank statistics filter (qbank_statistics,
  whose interpretation follows the same docs): 50 and above very good, 30-49 adequate, 20-29
  weak, 0-19 very weak, negative "question probably invalid". "Low discrimination" (< 0.2) is
  therefore the "very weak" band plus the negative one.
* Moodle's own report only shades a question as dubious (discriminative efficiency below 15%, or
  in one version a negative discrimination index); the flags here are ours, chosen to match the
  bands above, and every threshold is a keyword argument.

No flag is raised for a question with fewer than ``min_attempts`` attempts (default 5): with two or
three learners one lucky guess moves facility by a third and the correlation means nothing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "Flag",
    "ItemResponse",
    "ItemStatistics",
    "QuestionSpec",
    "QuizResponse",
    "QuizStatistics",
    "item_statistics",
    "quiz_statistics",
]

# Sums of squared deviations at or below this are treated as zero. Without it, a column such as
# [0.1, 0.1, 0.1] has a "variance" of about 1e-34 from rounding and yields a meaningless correlation.
_ZERO_VARIANCE = 1e-12


class Flag(StrEnum):
    """Reasons a question deserves a second look. Values are the human-readable labels."""

    TOO_EASY = "too easy"
    TOO_HARD = "too hard"
    LOW_DISCRIMINATION = "low discrimination"
    MISLEADING_DISTRACTOR = "misleading distractor"


@dataclass(frozen=True)
class ItemResponse:
    """One learner's result on one question.

    ``score`` is the fraction of the question's marks earned, 0..1 (partial credit allowed).
    ``choices`` holds the choice ids the learner picked (several for multiple-response questions,
    none if they picked nothing); it is ``None`` for typed answers, which have no choices to count.
    """

    score: float
    choices: tuple[str, ...] | None = ()

    def __post_init__(self) -> None:
        # Reject bad scores here, where the caller can see which row is wrong, instead of letting a
        # 7 (marks instead of a fraction) silently skew every statistic.
        if not (0.0 <= self.score <= 1.0):  # also false for NaN
            raise ValueError(f"score must be between 0 and 1, got {self.score!r}")


@dataclass(frozen=True)
class QuizResponse:
    """One learner's first finished pass through the quiz: question id -> their result.

    A question missing from ``items`` was not part of this learner's quiz (for example a question
    added after they took it); it is left out of that question's statistics rather than counted as
    wrong. A question the learner saw but skipped should be passed with score 0.
    """

    learner_id: int
    items: Mapping[str, ItemResponse]


@dataclass(frozen=True)
class QuestionSpec:
    """A question of the quiz as the analysis needs it.

    ``choice_ids`` lists every choice so that never-picked choices still get a count of 0; it is
    empty for typed-answer questions. ``correct_choice_ids`` are the choices that earn credit; the
    rest are distractors.
    """

    question_id: str
    choice_ids: tuple[str, ...] = ()
    correct_choice_ids: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        # Accept any iterable for convenience (a list, a tuple) but store hashable, immutable forms.
        # A bare string is an iterable too, and would silently become one choice per character.
        if isinstance(self.choice_ids, str) or isinstance(self.correct_choice_ids, str):
            raise TypeError(
                f"question {self.question_id!r}: choice ids must be a collection, not a string"
            )
        object.__setattr__(self, "choice_ids", tuple(self.choice_ids))
        object.__setattr__(self, "correct_choice_ids", frozenset(self.correct_choice_ids))
        unknown = self.correct_choice_ids - set(self.choice_ids)
        if unknown:
            raise ValueError(
                f"question {self.question_id!r}: correct choices {sorted(unknown)} are not among "
                f"its choice ids"
            )


@dataclass(frozen=True)
class ItemStatistics:
    """Item analysis for one question.

    ``attempts``: responses that include the question. ``facility``: mean score (0..1), ``None``
    with no attempts. ``discrimination``: correlation with the rest of the quiz (-1..1), ``None``
    with fewer than 2 attempts or when the question's or the rest's scores do not vary.
    ``choice_counts``: choice id -> responses that picked it, in the question's choice order,
    including choices nobody picked. ``misleading_choices``: the distractors behind the
    "misleading distractor" flag, in choice order. ``flags``: in the order of :class:`Flag`.
    Below ``min_attempts`` both ``flags`` and ``misleading_choices`` are empty; the figures are
    still given.
    """

    question_id: str
    attempts: int
    facility: float | None
    discrimination: float | None
    choice_counts: Mapping[str, int]
    misleading_choices: tuple[str, ...]
    flags: tuple[Flag, ...]


@dataclass(frozen=True)
class QuizStatistics:
    """Quiz-level figures.

    ``responses``: number of responses. ``mean_score``: mean over responses of the fraction of
    marks earned on the listed questions each response includes (0..1); a response with none of
    them is left out of the mean, and the mean is ``None`` when no response is left.
    ``cronbach_alpha``: coefficient of internal consistency, computed over the
    ``alpha_responses`` responses that include every question (alpha needs a complete table);
    ``None`` with fewer than 2 such responses, fewer than 2 questions, or totals that do not vary.
    It can be negative when questions pull against each other.
    """

    responses: int
    mean_score: float | None
    cronbach_alpha: float | None
    alpha_responses: int


QuestionLike = QuestionSpec | tuple[str, Iterable[str], Iterable[str]]


def item_statistics(
    responses: Sequence[QuizResponse],
    questions: Sequence[QuestionLike],
    *,
    min_attempts: int = 5,
    too_easy_above: float = 0.9,
    too_hard_below: float = 0.2,
    low_discrimination_below: float = 0.2,
    distractor_share_above: float = 0.4,
) -> list[ItemStatistics]:
    """Item analysis for each question, in the order of ``questions``.

    ``questions`` is the quiz in order, as :class:`QuestionSpec` or plain
    ``(question_id, choice_ids, correct_choice_ids)`` tuples. Items in responses whose question is
    not listed are ignored everywhere, including in the rest-of-quiz totals, so that a question
    removed from the quiz does not leak into the figures for the others.

    A distractor (a choice not in ``correct_choice_ids``) is misleading when more responses picked
    it than picked any correct choice, or when more than ``distractor_share_above`` of the attempts
    picked it: either way a good share of the cohort believes something wrong, or the key is wrong.
    Questions without a correct choice (surveys, typed answers) get no distractor analysis.

    Raises ``ValueError`` when a learner has more than one response (the statistics assume one
    first attempt each) or a question id is listed twice.
    """
    specs = _normalise_questions(questions)
    _check_one_response_per_learner(responses)
    listed = {spec.question_id for spec in specs}
    totals = [_total(response, listed) for response in responses]

    results = []
    for spec in specs:
        scores: list[float] = []
        rests: list[float] = []
        counts = dict.fromkeys(spec.choice_ids, 0)
        for response, total in zip(responses, totals, strict=True):
            item = response.items.get(spec.question_id)
            if item is None:
                continue
            scores.append(item.score)
            rests.append(total - item.score)
            # A choice id the question no longer has (deleted since) is not counted.
            for choice in set(item.choices or ()):
                if choice in counts:
                    counts[choice] += 1

        attempts = len(scores)
        facility = math.fsum(scores) / attempts if attempts else None
        discrimination = _correlation(scores, rests)
        enough = attempts >= min_attempts
        misleading = (
            _misleading_choices(spec, counts, attempts, distractor_share_above) if enough else ()
        )

        flags: list[Flag] = []
        if enough:
            if facility is not None and facility > too_easy_above:
                flags.append(Flag.TOO_EASY)
            if facility is not None and facility < too_hard_below:
                flags.append(Flag.TOO_HARD)
            if discrimination is not None and discrimination < low_discrimination_below:
                flags.append(Flag.LOW_DISCRIMINATION)
            if misleading:
                flags.append(Flag.MISLEADING_DISTRACTOR)

        results.append(
            ItemStatistics(
                question_id=spec.question_id,
                attempts=attempts,
                facility=facility,
                discrimination=discrimination,
                choice_counts=counts,
                misleading_choices=misleading,
                flags=tuple(flags),
            )
        )
    return results


def quiz_statistics(
    responses: Sequence[QuizResponse], questions: Sequence[QuestionLike]
) -> QuizStatistics:
    """Number of responses, mean score and Cronbach's alpha for the quiz.

    Only the listed questions count, as in :func:`item_statistics`. Raises ``ValueError`` on the
    same input problems.
    """
    specs = _normalise_questions(questions)
    _check_one_response_per_learner(responses)
    ids = [spec.question_id for spec in specs]
    listed = set(ids)

    fractions = []
    for response in responses:
        taken = [response.items[qid].score for qid in ids if qid in response.items]
        # A response with none of the listed questions has no score to average; skip it rather
        # than invent a 0.
        if taken:
            fractions.append(math.fsum(taken) / len(taken))
    mean_score = math.fsum(fractions) / len(fractions) if fractions else None

    complete = [r for r in responses if listed <= r.items.keys()]
    return QuizStatistics(
        responses=len(responses),
        mean_score=mean_score,
        cronbach_alpha=_cronbach_alpha(complete, ids),
        alpha_responses=len(complete),
    )


def _normalise_questions(questions: Sequence[QuestionLike]) -> list[QuestionSpec]:
    specs = [
        q if isinstance(q, QuestionSpec) else QuestionSpec(q[0], q[1], q[2]) for q in questions
    ]
    seen: set[str] = set()
    for spec in specs:
        if spec.question_id in seen:
            raise ValueError(f"question {spec.question_id!r} is listed twice")
        seen.add(spec.question_id)
    return specs


def _check_one_response_per_learner(responses: Sequence[QuizResponse]) -> None:
    seen: set[int] = set()
    for response in responses:
        if response.learner_id in seen:
            raise ValueError(
                f"learner {response.learner_id} has more than one response; pass only their first "
                f"finished attempt"
            )
        seen.add(response.learner_id)


def _total(response: QuizResponse, listed: set[str]) -> float:
    return math.fsum(item.score for qid, item in response.items.items() if qid in listed)


def _sum_of_squares(values: Sequence[float]) -> float:
    mean = math.fsum(values) / len(values)
    return math.fsum((v - mean) ** 2 for v in values)


def _correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson correlation, or ``None`` when it is undefined (n < 2 or a constant column)."""
    n = len(xs)
    if n < 2:
        return None
    sxx = _sum_of_squares(xs)
    syy = _sum_of_squares(ys)
    if sxx <= _ZERO_VARIANCE or syy <= _ZERO_VARIANCE:
        return None
    mx = math.fsum(xs) / n
    my = math.fsum(ys) / n
    sxy = math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    # Rounding can push a perfect correlation a hair past 1; keep it in range.
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def _misleading_choices(
    spec: QuestionSpec, counts: Mapping[str, int], attempts: int, share_above: float
) -> tuple[str, ...]:
    if not spec.correct_choice_ids or not attempts:
        return ()
    best_correct = max(counts[c] for c in spec.correct_choice_ids)
    return tuple(
        choice
        for choice in spec.choice_ids
        if choice not in spec.correct_choice_ids
        and (counts[choice] > best_correct or counts[choice] / attempts > share_above)
    )


def _cronbach_alpha(complete: Sequence[QuizResponse], ids: Sequence[str]) -> float | None:
    k = len(ids)
    if k < 2 or len(complete) < 2:
        return None
    # Sums of squares stand in for variances: the n-1 divisors cancel in the ratio.
    item_ss = math.fsum(_sum_of_squares([r.items[qid].score for r in complete]) for qid in ids)
    total_ss = _sum_of_squares([math.fsum(r.items[qid].score for qid in ids) for r in complete])
    if total_ss <= _ZERO_VARIANCE:
        return None
    return k / (k - 1) * (1 - item_ss / total_ss)
