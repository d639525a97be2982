"""Agreement statistics between hand labels and grader levels (drills/grading/agreement.py).

Expected values are worked out by hand in each test's comment, with the closed form
kappa = 1 - N * sum((a - b)^2) / (N * sum(a^2) + N * sum(b^2) - 2 * sum(a) * sum(b)),
or taken from a published test: rsmtool's (EducationalTestingService/rsmtool, tests/test_utils.py,
test_quadratic_weighted_kappa), whose value also matches scikit-learn's and SKLL's quadratic kappa.
"""

import json

import pytest

from drills.grading.agreement import (
    Agreement,
    CreditCounts,
    agreement_report,
    credit_counts,
    exact_agreement,
    quadratic_weighted_kappa,
)


def test_identical_levels_give_a_kappa_of_one():
    assert quadratic_weighted_kappa([0, 1, 2, 2, 1], [0, 1, 2, 2, 1]) == 1.0


def test_kappa_matches_rsmtool_s_published_value():
    # rsmtool: quadratic_weighted_kappa([8, 4, 6, 3], [9, 4, 5, 12]) == -0.09210526315789469.
    # By hand: sum of squared differences 1+0+1+81 = 83; sums 21 and 30; sums of squares 125 and 266;
    # 1 - 4*83 / (4*125 + 4*266 - 2*21*30) = 1 - 332/304 = -28/304.
    assert quadratic_weighted_kappa([8, 4, 6, 3], [9, 4, 5, 12]) == pytest.approx(
        -0.09210526315789469, abs=1e-12
    )


def test_kappa_on_three_levels_checked_by_hand():
    # Two misses by one level: 1 - 4*2 / (4*9 + 4*9 - 2*5*5) = 1 - 8/22 = 7/11.
    # The same with the 3x3 table and weights (i-j)^2/4: observed 8/64, expected 22/64.
    assert quadratic_weighted_kappa([0, 1, 2, 2], [0, 2, 2, 1]) == pytest.approx(7 / 11)


def test_with_two_levels_kappa_is_cohen_s_unweighted_kappa():
    # A 2x2 table: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no. Observed agreement 35/50 = 0.7,
    # chance agreement 0.5*0.6 + 0.5*0.4 = 0.5, so Cohen's kappa is (0.7 - 0.5) / 0.5 = 0.4.
    labels = [1] * 20 + [1] * 5 + [0] * 10 + [0] * 15
    levels = [1] * 20 + [0] * 5 + [1] * 10 + [0] * 15
    assert quadratic_weighted_kappa(labels, levels) == pytest.approx(0.4)


def test_a_miss_by_two_levels_costs_more_than_a_miss_by_one():
    labels = [0, 1, 2, 0, 1, 2]
    # One miss by one: 1 - 6*1 / (60 + 66 - 84) = 6/7. One miss by two: 1 - 6*4 / (60 + 84 - 96) = 1/2.
    assert quadratic_weighted_kappa(labels, [1, 1, 2, 0, 1, 2]) == pytest.approx(6 / 7)
    assert quadratic_weighted_kappa(labels, [2, 1, 2, 0, 1, 2]) == pytest.approx(1 / 2)


def test_reversed_levels_give_a_kappa_of_minus_one():
    assert quadratic_weighted_kappa([0, 2], [2, 0]) == pytest.approx(-1.0)


def test_one_shared_level_throughout_counts_as_perfect_agreement():
    # Chance explains everything (expected disagreement 0), but the raters never disagree.
    assert quadratic_weighted_kappa([2, 2, 2], [2, 2, 2]) == 1.0


def test_one_different_level_each_is_no_better_than_chance():
    # 1 - 3*3 / (3*3 + 3*12 - 2*3*6) = 1 - 9/9 = 0.
    assert quadratic_weighted_kappa([1, 1, 1], [2, 2, 2]) == pytest.approx(0.0)


def test_labels_and_levels_of_different_lengths_are_refused():
    with pytest.raises(ValueError, match=r"differ in length \(3 and 2\)"):
        quadratic_weighted_kappa([0, 1, 2], [0, 1])


def test_no_answers_are_refused():
    with pytest.raises(ValueError, match="no answers"):
        quadratic_weighted_kappa([], [])


def test_a_level_that_is_not_an_integer_is_refused():
    with pytest.raises(ValueError, match=r"answer 1: grader level '2' is not an integer level"):
        exact_agreement([0, 2], [0, "2"])


def test_exact_agreement_is_the_share_of_identical_levels():
    assert exact_agreement([0, 1, 2, 2], [0, 2, 2, 1]) == 0.5


def test_credit_counts_answers_the_grader_scored_above_the_label():
    assert credit_counts([0, 0, 1, 2], [1, 2, 1, 2]).over == 2


def test_credit_counts_answers_the_grader_scored_below_the_label():
    assert credit_counts([2, 2, 1, 0], [1, 0, 1, 0]) == CreditCounts(over=0, under=2)


PAIRS = [
    ({"kernel": 2, "isolation": 0}, {"kernel": 2, "isolation": 1}),
    ({"kernel": 1, "isolation": 2}, {"kernel": 0, "isolation": 2}),
    ({"kernel": 0, "isolation": 1}, {"kernel": 0, "isolation": 1}),
    ({"kernel": 2, "isolation": 2}, {"kernel": 2, "isolation": 2}),
]


def test_report_gives_each_criterion_its_own_figures():
    report = agreement_report(PAIRS)
    # kernel: labels 2,1,0,2 vs 2,0,0,2: 1 - 4*1 / (36 + 32 - 40) = 6/7; isolation: labels 0,2,1,2
    # vs 1,2,1,2: 1 - 4*1 / (36 + 40 - 60) = 3/4.
    assert report.criteria == {
        "kernel": Agreement(
            n=4, kappa=pytest.approx(6 / 7), exact=0.75, over_credit=0, under_credit=1
        ),
        "isolation": Agreement(
            n=4, kappa=pytest.approx(0.75), exact=0.75, over_credit=1, under_credit=0
        ),
    }


def test_report_compares_total_scores_summed_over_the_criteria():
    # Totals: labels 2,3,1,4 vs grader 3,2,1,4: 1 - 4*2 / (4*30 + 4*30 - 2*10*10) = 1 - 8/40 = 0.8.
    assert agreement_report(PAIRS).total == Agreement(
        n=4, kappa=pytest.approx(0.8), exact=0.5, over_credit=1, under_credit=1
    )


def test_report_serialises_to_json():
    data = json.loads(json.dumps(agreement_report(PAIRS).to_dict()))
    assert data["total"] == {
        "n": 4,
        "kappa": pytest.approx(0.8),
        "exact": 0.5,
        "over_credit": 1,
        "under_credit": 1,
    }


def test_report_refuses_grader_levels_missing_a_criterion():
    pairs = [*PAIRS, ({"kernel": 1, "isolation": 1}, {"kernel": 1})]
    with pytest.raises(ValueError, match=r"answer 4: grader levels missing \['isolation'\]"):
        agreement_report(pairs)


def test_report_refuses_answers_labelled_on_different_criteria():
    pairs = [*PAIRS, ({"kernel": 1}, {"kernel": 1})]
    with pytest.raises(ValueError, match=r"answer 4: labels cover \['kernel'\]"):
        agreement_report(pairs)


def test_report_refuses_an_empty_corpus():
    with pytest.raises(ValueError, match="no answers"):
        agreement_report([])
