"""How far a grader agrees with hand labels: quadratic weighted kappa, exact agreement, over- and under-credit.

Pure Python (standard library only), so the calibration command, tests and notebooks can all use it.

The figures, for two raters giving integer levels to the same answers (here: the hand label and the
grader's level, 0-2 per criterion, or the total score over all criteria):

- **Quadratic weighted kappa** (Cohen 1968): 1 minus the ratio of the observed to the chance-expected
  disagreement, where a disagreement of d levels costs d squared. 1 is perfect agreement, 0 is what two
  raters would reach by chance with the same level frequencies, below 0 is worse than chance. Because
  it weighs a miss by two levels four times a miss by one, it suits ordinal levels and total scores.
- **Exact agreement**: the share of answers where the grader gave exactly the label's level.
- **Over-credit / under-credit**: how many answers the grader scored above / below the label. The
  issue's guard is over-credit: a grader that hands out levels the candidate did not earn.

With the full k x k weight matrix w[i][j] = (i - j)^2 (the usual normalisation by (k - 1)^2 cancels in
the ratio), kappa = 1 - sum_items (a - b)^2 / ((1/N) sum_i sum_j (a_i - b_j)^2), and the double sum has
the closed form N * sum(a^2) + N * sum(b^2) - 2 * sum(a) * sum(b). So nothing depends on which levels
are possible, only on those given, and the arithmetic stays in exact integers until the one division.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass

__all__ = [
    "Agreement",
    "AgreementReport",
    "CreditCounts",
    "agreement",
    "agreement_report",
    "credit_counts",
    "exact_agreement",
    "quadratic_weighted_kappa",
]


@dataclass(frozen=True)
class CreditCounts:
    """Answers the grader scored above (over) and below (under) the label."""

    over: int
    under: int


@dataclass(frozen=True)
class Agreement:
    """Agreement between labels and grader levels on one criterion, or on the total score."""

    n: int
    kappa: float
    exact: float
    over_credit: int
    under_credit: int

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class AgreementReport:
    """Per-criterion figures (in the labels' criterion order) and the figures for the total score."""

    criteria: dict[str, Agreement]
    total: Agreement

    def to_dict(self) -> dict:
        return {
            "criteria": {name: figures.to_dict() for name, figures in self.criteria.items()},
            "total": self.total.to_dict(),
        }


def _checked_pairs(labels: Sequence[int], levels: Sequence[int]) -> list[tuple[int, int]]:
    if len(labels) != len(levels):
        raise ValueError(
            f"labels and grader levels differ in length ({len(labels)} and {len(levels)}): "
            "each answer needs exactly one of each"
        )
    if not labels:
        raise ValueError("no answers: agreement needs at least one labelled answer")
    for position, (label, level) in enumerate(zip(labels, levels, strict=True)):
        for name, value in (("label", label), ("grader level", level)):
            # bool is an int subclass, and True as a level is almost certainly a bug upstream.
            if not isinstance(value, int) or isinstance(value, bool):
                raise ValueError(f"answer {position}: {name} {value!r} is not an integer level")
    return list(zip(labels, levels, strict=True))


def quadratic_weighted_kappa(labels: Sequence[int], levels: Sequence[int]) -> float:
    """Cohen's kappa with quadratic weights between two lists of integer levels for the same answers.

    Degenerate cases: when both raters give every answer the same one level, chance already explains
    all the agreement (the expected disagreement is 0); the raters agree perfectly, so this returns 1.0.
    When each rater uses one level but not the same one, kappa is 0.0 (no better than chance).
    """
    pairs = _checked_pairs(labels, levels)
    n = len(pairs)
    observed = sum((a - b) ** 2 for a, b in pairs)
    sum_a = sum(a for a, _ in pairs)
    sum_b = sum(b for _, b in pairs)
    sum_a2 = sum(a * a for a, _ in pairs)
    sum_b2 = sum(b * b for _, b in pairs)
    # n times the chance-expected disagreement: sum over every (label, level) combination.
    expected_times_n = n * sum_a2 + n * sum_b2 - 2 * sum_a * sum_b
    if expected_times_n == 0:
        # Only possible when every label and every level is one and the same value.
        return 1.0
    return 1.0 - (n * observed) / expected_times_n


def exact_agreement(labels: Sequence[int], levels: Sequence[int]) -> float:
    """The share of answers (0.0-1.0) where the grader's level equals the label."""
    pairs = _checked_pairs(labels, levels)
    return sum(1 for a, b in pairs if a == b) / len(pairs)


def credit_counts(labels: Sequence[int], levels: Sequence[int]) -> CreditCounts:
    """How many answers the grader scored above the label (over) and below it (under)."""
    pairs = _checked_pairs(labels, levels)
    return CreditCounts(
        over=sum(1 for a, b in pairs if b > a),
        under=sum(1 for a, b in pairs if b < a),
    )


def agreement(labels: Sequence[int], levels: Sequence[int]) -> Agreement:
    """All the figures for one list of labels against the grader's levels."""
    credit = credit_counts(labels, levels)
    return Agreement(
        n=len(labels),
        kappa=quadratic_weighted_kappa(labels, levels),
        exact=exact_agreement(labels, levels),
        over_credit=credit.over,
        under_credit=credit.under,
    )


def agreement_report(
    pairs: Iterable[tuple[Mapping[str, int], Mapping[str, int]]],
) -> AgreementReport:
    """Per-criterion and total-score agreement over answers given as (labels, grader levels) pairs.

    Each pair maps criterion id to level, one pair per answer. Every answer must label the same
    criteria as the first one, and the grader must give a level for each of them (extra criteria
    from the grader are an error too: they mean the labels and the rubric have drifted apart). The
    total score of an answer is the sum of its levels over those criteria.
    """
    pairs = list(pairs)
    if not pairs:
        raise ValueError("no answers: agreement needs at least one labelled answer")
    criteria = list(pairs[0][0])
    if not criteria:
        raise ValueError("answer 0: the labels name no criteria")
    for position, (labels, levels) in enumerate(pairs):
        if set(labels) != set(criteria):
            raise ValueError(
                f"answer {position}: labels cover {sorted(labels)}, expected {sorted(criteria)}"
            )
        if set(levels) != set(criteria):
            missing = sorted(set(criteria) - set(levels))
            extra = sorted(set(levels) - set(criteria))
            raise ValueError(
                f"answer {position}: grader levels missing {missing} and unexpected {extra}"
            )
    per_criterion = {
        criterion: agreement(
            [labels[criterion] for labels, _ in pairs],
            [levels[criterion] for _, levels in pairs],
        )
        for criterion in criteria
    }
    total = agreement(
        [sum(labels[c] for c in criteria) for labels, _ in pairs],
        [sum(levels[c] for c in criteria) for _, levels in pairs],
    )
    return AgreementReport(criteria=per_criterion, total=total)
