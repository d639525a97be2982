"""Quiz item analysis: hand-computed figures, undefined cases, choice counts and flags."""

from __future__ import annotations

import pytest

from classroom.statistics import (
    Flag,
    ItemResponse,
    QuestionSpec,
    QuizResponse,
    QuizStatistics,
    item_statistics,
    quiz_statistics,
)

# The hand-computed cohort: 5 learners x 3 single-answer questions, 1 = right, 0 = wrong.
#
#            q1  q2  q3  total
#   learner1  1   1   1    3
#   learner2  1   1   0    2
#   learner3  1   0   1    2
#   learner4  0   1   0    1
#   learner5  0   0   0    0
#
# The right choice is "a" on every question; wrong answers picked "b", never "c".
HAND_SCORES = {
    1: (1, 1, 1),
    2: (1, 1, 0),
    3: (1, 0, 1),
    4: (0, 1, 0),
    5: (0, 0, 0),
}
HAND_QUESTIONS = [QuestionSpec(q, ("a", "b", "c"), {"a"}) for q in ("q1", "q2", "q3")]


def hand_responses() -> list[QuizResponse]:
    return [
        QuizResponse(
            learner,
            {
                qid: ItemResponse(score, ("a",) if score else ("b",))
                for qid, score in zip(("q1", "q2", "q3"), scores, strict=True)
            },
        )
        for learner, scores in HAND_SCORES.items()
    ]


def one_question(answers, choices=("a", "b", "c"), correct=("a",)):
    """A one-question quiz "q": ``answers`` is a list of (score, picked choices) per learner.

    With a single question the rest of the quiz is always 0, so discrimination is None and the
    facility and distractor flags can be tested on their own.
    """
    responses = [
        QuizResponse(n, {"q": ItemResponse(score, picked)})
        for n, (score, picked) in enumerate(answers)
    ]
    return responses, [QuestionSpec("q", choices, correct)]


def picks(**counts: int) -> list[tuple[float, tuple[str, ...]]]:
    """Answers to "q" where choice "a" is right: picks(a=3, b=2) is 3 right and 2 wrong "b"."""
    return [
        (1.0 if choice == "a" else 0.0, (choice,)) for choice, n in counts.items() for _ in range(n)
    ]


def typed(*scores: float) -> tuple[list[QuizResponse], list[QuestionSpec]]:
    """A one-question quiz with a typed answer (no choices), one learner per score."""
    return one_question([(score, None) for score in scores], choices=(), correct=())


def by_id(stats):
    return {s.question_id: s for s in stats}


def only(stats):
    (stat,) = stats
    return stat


# --- hand-computed example ----------------------------------------------------------------------


def test_facility_is_the_mean_score_hand_computed():
    """q1: (1+1+1+0+0)/5 = 0.6; q2: (1+1+0+1+0)/5 = 0.6; q3: (1+0+1+0+0)/5 = 0.4."""
    stats = by_id(item_statistics(hand_responses(), HAND_QUESTIONS))

    assert stats["q1"].facility == pytest.approx(0.6)
    assert stats["q2"].facility == pytest.approx(0.6)
    assert stats["q3"].facility == pytest.approx(0.4)
    assert [stats[q].attempts for q in ("q1", "q2", "q3")] == [5, 5, 5]


def test_discrimination_is_correlation_with_rest_of_quiz_hand_computed():
    """r = Sxy / sqrt(Sxx * Syy), x = item score, y = total minus the item.

    q1: x = [1,1,1,0,0] (mean 0.6), y = q2+q3 = [2,1,1,1,0] (mean 1.0)
        dx = [.4,.4,.4,-.6,-.6], dy = [1,0,0,0,-1]
        Sxy = .4*1 + (-.6)*(-1) = 1.0;  Sxx = 3*.16 + 2*.36 = 1.2;  Syy = 1 + 1 = 2
        r = 1.0 / sqrt(2.4) = 0.645497
    q2: x = [1,1,0,1,0] (mean 0.6), y = q1+q3 = [2,1,2,0,0] (mean 1.0)
        dx = [.4,.4,-.6,.4,-.6], dy = [1,0,1,-1,-1]
        Sxy = .4 + 0 - .6 - .4 + .6 = 0  ->  r = 0
    q3: x = [1,0,1,0,0] (mean 0.4), y = q1+q2 = [2,2,1,1,0] (mean 1.2)
        dx = [.6,-.4,.6,-.4,-.4], dy = [.8,.8,-.2,-.2,-1.2]
        Sxy = .48 - .32 - .12 + .08 + .48 = 0.6;  Sxx = 2*.36 + 3*.16 = 1.2
        Syy = .64 + .64 + .04 + .04 + 1.44 = 2.8
        r = 0.6 / sqrt(1.2 * 2.8) = 0.6 / sqrt(3.36) = 0.327327
    """
    stats = by_id(item_statistics(hand_responses(), HAND_QUESTIONS))

    assert stats["q1"].discrimination == pytest.approx(1.0 / 2.4**0.5)
    assert stats["q1"].discrimination == pytest.approx(0.645497, abs=1e-6)
    assert stats["q2"].discrimination == pytest.approx(0.0, abs=1e-12)
    assert stats["q3"].discrimination == pytest.approx(0.327327, abs=1e-6)


def test_hand_example_flags():
    """Facilities 0.6 / 0.6 / 0.4 are neither too easy (> 0.9) nor too hard (< 0.2).

    q1: r = 0.645 is fine; distractor "b" got 2 picks (learners 4, 5): 40%, not more, and fewer
        than the 3 who picked "a" -> no flag.
    q2: r = 0 < 0.2 -> low discrimination; "b" got 2 picks (learners 3, 5) -> fine.
    q3: r = 0.327 is fine; "b" got 3 picks (learners 2, 4, 5) against 2 for "a" -> misleading.
    """
    stats = by_id(item_statistics(hand_responses(), HAND_QUESTIONS))

    assert stats["q1"].flags == ()
    assert stats["q2"].flags == (Flag.LOW_DISCRIMINATION,)
    assert stats["q3"].flags == (Flag.MISLEADING_DISTRACTOR,)
    assert stats["q3"].misleading_choices == ("b",)


def test_hand_example_choice_counts():
    stats = by_id(item_statistics(hand_responses(), HAND_QUESTIONS))

    assert stats["q1"].choice_counts == {"a": 3, "b": 2, "c": 0}
    assert stats["q3"].choice_counts == {"a": 2, "b": 3, "c": 0}


def test_hand_example_quiz_figures():
    """Mean score: fractions 3/3, 2/3, 2/3, 1/3, 0/3 -> (3+2+2+1+0)/15 = 8/15 = 0.5333.

    Cronbach's alpha, k = 3, sample variances (n-1 = 4):
      each item's Sxx = 1.2 (see above) -> variance 0.3, sum 0.9
      totals [3,2,2,1,0], mean 1.6, deviations [1.4,.4,.4,-.6,-1.6]
      squares 1.96+.16+.16+.36+2.56 = 5.2 -> variance 1.3
      alpha = 3/2 * (1 - 0.9/1.3) = 1.5 * 0.4/1.3 = 0.461538
    """
    stats = quiz_statistics(hand_responses(), HAND_QUESTIONS)

    assert stats.responses == 5
    assert stats.mean_score == pytest.approx(8 / 15)
    assert stats.cronbach_alpha == pytest.approx(0.461538, abs=1e-6)
    assert stats.alpha_responses == 5


def test_results_follow_the_question_order():
    order = [HAND_QUESTIONS[2], HAND_QUESTIONS[0], HAND_QUESTIONS[1]]

    stats = item_statistics(hand_responses(), order)

    assert [s.question_id for s in stats] == ["q3", "q1", "q2"]


# --- undefined figures ---------------------------------------------------------------------------


def test_discrimination_is_none_when_everyone_scores_the_same_on_the_item():
    """q is right for all five, so its variance is zero even though the rest (q2) varies."""
    responses = [
        QuizResponse(n, {"q": ItemResponse(1.0), "q2": ItemResponse(float(n % 2))})
        for n in range(5)
    ]

    stats = by_id(item_statistics(responses, [QuestionSpec("q"), QuestionSpec("q2")]))

    assert stats["q"].discrimination is None
    assert stats["q"].facility == pytest.approx(1.0)


def test_discrimination_is_none_when_the_rest_of_the_quiz_does_not_vary():
    responses = [
        QuizResponse(n, {"q": ItemResponse(float(n % 2)), "q2": ItemResponse(1.0)})
        for n in range(5)
    ]

    stats = by_id(item_statistics(responses, [QuestionSpec("q"), QuestionSpec("q2")]))

    assert stats["q"].discrimination is None


def test_discrimination_is_none_with_a_single_response():
    responses = [QuizResponse(1, {"q": ItemResponse(1.0), "q2": ItemResponse(0.0)})]

    stats = by_id(item_statistics(responses, [QuestionSpec("q"), QuestionSpec("q2")]))

    assert stats["q"].discrimination is None
    assert stats["q"].facility == pytest.approx(1.0)


def test_constant_partial_credit_counts_as_zero_variance_despite_rounding():
    """0.1 six times has a rounding-error sum of squares of ~1e-33 (the mean comes out a hair off
    0.1); it must not produce a correlation."""
    responses = [
        QuizResponse(n, {"q": ItemResponse(0.1), "q2": ItemResponse(float(n % 2))})
        for n in range(6)
    ]

    stats = by_id(item_statistics(responses, [QuestionSpec("q"), QuestionSpec("q2")]))

    assert stats["q"].discrimination is None


def test_question_nobody_took_has_no_facility_and_zero_counts():
    stats = by_id(
        item_statistics(hand_responses(), [*HAND_QUESTIONS, QuestionSpec("new", ("x", "y"), {"x"})])
    )

    assert stats["new"].attempts == 0
    assert stats["new"].facility is None
    assert stats["new"].discrimination is None
    assert stats["new"].choice_counts == {"x": 0, "y": 0}
    assert stats["new"].flags == ()


def test_cronbach_alpha_is_none_when_totals_do_not_vary():
    """Everyone scores 1 in total (one of two questions right), so the total variance is zero."""
    responses = [
        QuizResponse(n, {"q1": ItemResponse(float(n % 2)), "q2": ItemResponse(float(1 - n % 2))})
        for n in range(4)
    ]

    stats = quiz_statistics(responses, [QuestionSpec("q1"), QuestionSpec("q2")])

    assert stats.cronbach_alpha is None


def test_cronbach_alpha_is_none_for_a_single_question():
    responses, questions = typed(1, 0, 1, 0)

    assert quiz_statistics(responses, questions).cronbach_alpha is None


def test_quiz_figures_with_no_responses():
    stats = quiz_statistics([], HAND_QUESTIONS)

    assert stats == QuizStatistics(
        responses=0, mean_score=None, cronbach_alpha=None, alpha_responses=0
    )


# --- choice counts -------------------------------------------------------------------------------


def test_choice_counts_include_never_picked_choices_in_question_order():
    responses, questions = one_question(picks(b=1, a=2), choices=("d", "c", "b", "a"))

    stat = only(item_statistics(responses, questions))

    assert list(stat.choice_counts.items()) == [("d", 0), ("c", 0), ("b", 1), ("a", 2)]


def test_multiple_response_answers_count_each_picked_choice():
    responses, questions = one_question(
        [(1.0, ("a", "c")), (0.5, ("a",)), (0.0, ("b", "c"))], correct=("a", "c")
    )

    stat = only(item_statistics(responses, questions))

    assert stat.choice_counts == {"a": 2, "b": 1, "c": 2}


def test_a_choice_repeated_in_one_answer_counts_once():
    responses, questions = one_question([(1.0, ("a", "a")), (0.0, ("b",))])

    stat = only(item_statistics(responses, questions))

    assert stat.choice_counts == {"a": 1, "b": 1, "c": 0}


def test_typed_answers_have_no_choice_counts():
    responses, questions = typed(1, 0, 1, 1, 0)

    stat = only(item_statistics(responses, questions))

    assert stat.choice_counts == {}
    assert stat.misleading_choices == ()


def test_unknown_choice_ids_are_not_counted():
    """A choice deleted from the question since the attempt must not appear as a new key."""
    responses, questions = one_question([(0.0, ("gone",)), (1.0, ("a",))])

    stat = only(item_statistics(responses, questions))

    assert stat.choice_counts == {"a": 1, "b": 0, "c": 0}


# --- flags ---------------------------------------------------------------------------------------


def test_too_easy_above_ninety_percent():
    responses, questions = typed(*[1.0] * 19, 0.0)  # 19/20 = 0.95

    assert only(item_statistics(responses, questions)).flags == (Flag.TOO_EASY,)


def test_not_too_easy_at_exactly_ninety_percent():
    responses, questions = typed(*[1.0] * 9, 0.0)  # 9/10 = 0.9

    assert only(item_statistics(responses, questions)).flags == ()


def test_too_hard_below_twenty_percent():
    responses, questions = typed(1.0, *[0.0] * 9)  # 1/10 = 0.1

    assert only(item_statistics(responses, questions)).flags == (Flag.TOO_HARD,)


def test_not_too_hard_at_exactly_twenty_percent():
    responses, questions = typed(1.0, 1.0, *[0.0] * 8)  # 2/10 = 0.2

    assert only(item_statistics(responses, questions)).flags == ()


def test_low_discrimination_when_the_item_pulls_against_the_rest():
    """q = [1,1,0,0,1,0], rest q2 = [1,0,1,0,0,1], both mean 0.5, dx = +-.5, dy = +-.5:
    Sxy = .25 - .25 - .25 + .25 - .25 - .25 = -0.5, Sxx = Syy = 6 * .25 = 1.5, r = -1/3."""
    q = [1, 1, 0, 0, 1, 0]
    q2 = [1, 0, 1, 0, 0, 1]
    responses = [
        QuizResponse(n, {"q": ItemResponse(a), "q2": ItemResponse(b)})
        for n, (a, b) in enumerate(zip(q, q2, strict=True))
    ]

    stats = by_id(item_statistics(responses, [QuestionSpec("q"), QuestionSpec("q2")]))

    assert stats["q"].discrimination == pytest.approx(-1 / 3)
    assert stats["q"].flags == (Flag.LOW_DISCRIMINATION,)


def test_no_low_discrimination_flag_when_discrimination_is_undefined():
    """All right: facility 1.0 is too easy, but the undefined discrimination is not "low"."""
    responses = [
        QuizResponse(n, {"q": ItemResponse(1.0), "q2": ItemResponse(float(n % 2))})
        for n in range(6)
    ]

    stats = by_id(item_statistics(responses, [QuestionSpec("q"), QuestionSpec("q2")]))

    assert stats["q"].flags == (Flag.TOO_EASY,)


def test_no_low_discrimination_flag_at_or_above_threshold():
    """q1 of the hand example has r = 0.645; requiring 0.7 flags it, requiring 0.6 does not."""
    strict = by_id(item_statistics(hand_responses(), HAND_QUESTIONS, low_discrimination_below=0.7))
    lenient = by_id(item_statistics(hand_responses(), HAND_QUESTIONS, low_discrimination_below=0.6))

    assert Flag.LOW_DISCRIMINATION in strict["q1"].flags
    assert Flag.LOW_DISCRIMINATION not in lenient["q1"].flags


def test_misleading_distractor_picked_more_than_the_correct_choice():
    """b: 4 of 10 picks (40%, not above the share) but more than a's 3 -> misleading.
    c: 3 picks, not more than a's 3 -> fine."""
    responses, questions = one_question(picks(a=3, b=4, c=3))

    stat = only(item_statistics(responses, questions))

    assert stat.misleading_choices == ("b",)
    assert stat.flags == (Flag.MISLEADING_DISTRACTOR,)


def test_misleading_distractor_picked_by_more_than_forty_percent():
    """b ties with a at 5 of 10 (50% > 40%) -> misleading although not more than a."""
    responses, questions = one_question(picks(a=5, b=5))

    stat = only(item_statistics(responses, questions))

    assert stat.misleading_choices == ("b",)
    assert stat.flags == (Flag.MISLEADING_DISTRACTOR,)


def test_distractor_at_exactly_forty_percent_and_below_the_correct_choice_is_fine():
    responses, questions = one_question(picks(a=6, b=4))

    stat = only(item_statistics(responses, questions))

    assert stat.misleading_choices == ()
    assert stat.flags == ()


def test_distractor_share_is_a_parameter():
    responses, questions = one_question(picks(a=7, b=3))

    stat = only(item_statistics(responses, questions, distractor_share_above=0.25))

    assert stat.misleading_choices == ("b",)


def test_correct_choices_are_never_misleading_in_multiple_response_questions():
    """c is picked by 4 of 6 (67%, above the 40% share) but it is correct, so not a distractor."""
    answers = [(1.0, ("a", "c"))] * 4 + [(0.5, ("a",))] * 2
    responses, questions = one_question(answers, correct=("a", "c"))

    stat = only(item_statistics(responses, questions))

    assert stat.flags == ()


def test_questions_without_a_correct_choice_get_no_distractor_analysis():
    """A survey-style question: every choice is "wrong", none is misleading."""
    responses, questions = one_question(picks(b=5, c=1), correct=())

    stat = only(item_statistics(responses, questions))

    assert stat.misleading_choices == ()
    assert Flag.MISLEADING_DISTRACTOR not in stat.flags


# --- minimum attempts ----------------------------------------------------------------------------


def test_no_flags_below_the_minimum_number_of_attempts():
    """4 learners, all right: facility 1.0 would be too easy, but 4 < 5 attempts."""
    responses, questions = typed(1, 1, 1, 1)

    stat = only(item_statistics(responses, questions))

    assert stat.facility == pytest.approx(1.0)
    assert stat.flags == ()


def test_flags_from_the_minimum_number_of_attempts():
    responses, questions = typed(1, 1, 1, 1, 1)

    assert only(item_statistics(responses, questions)).flags == (Flag.TOO_EASY,)


def test_no_misleading_choices_below_the_minimum_number_of_attempts():
    responses, questions = one_question(picks(a=1, b=3))

    stat = only(item_statistics(responses, questions))

    assert stat.choice_counts == {"a": 1, "b": 3, "c": 0}
    assert stat.misleading_choices == ()
    assert stat.flags == ()


def test_minimum_attempts_is_a_parameter():
    responses, questions = typed(1, 1, 1)

    stat = only(item_statistics(responses, questions, min_attempts=3))

    assert stat.flags == (Flag.TOO_EASY,)


def test_minimum_attempts_counts_attempts_at_the_question_not_responses():
    """Ten responses, but the new question appears in only four of them: no flag."""
    responses = [
        QuizResponse(n, {"old": ItemResponse(1.0)} | ({"new": ItemResponse(1.0)} if n < 4 else {}))
        for n in range(10)
    ]

    stats = by_id(item_statistics(responses, [QuestionSpec("old"), QuestionSpec("new")]))

    assert stats["old"].flags == (Flag.TOO_EASY,)
    assert stats["new"].attempts == 4
    assert stats["new"].flags == ()


# --- questions missing from some responses -------------------------------------------------------


def hand_responses_without_q3_for_learner2() -> list[QuizResponse]:
    responses = hand_responses()
    learner2 = responses[1]
    responses[1] = QuizResponse(2, {q: i for q, i in learner2.items.items() if q != "q3"})
    return responses


def test_missing_question_is_left_out_of_its_attempts_and_facility():
    """Learner 2 (who had q3 wrong) did not get q3: q3 is (1 + 1 + 0 + 0) / 4 = 0.5, not 0.4."""
    stats = by_id(item_statistics(hand_responses_without_q3_for_learner2(), HAND_QUESTIONS))

    assert stats["q3"].attempts == 4
    assert stats["q3"].facility == pytest.approx(0.5)
    assert stats["q3"].choice_counts == {"a": 2, "b": 2, "c": 0}
    assert stats["q1"].attempts == 5


def test_missing_question_discrimination_uses_the_responses_that_include_it():
    """q3 over learners 1, 3, 4, 5: x = [1,1,0,0] (mean .5), rest q1+q2 = [2,1,1,0] (mean 1)
    dx = [.5,.5,-.5,-.5], dy = [1,0,0,-1]; Sxy = .5 + .5 = 1, Sxx = 1, Syy = 2 -> r = 1/sqrt(2).

    q1 keeps r = 0.645497: learner 2's rest is q2 alone = 1, the same as q2 + q3 = 1 + 0 before,
    so a missing question counts as absent, not as a zero that changes the others.
    """
    stats = by_id(item_statistics(hand_responses_without_q3_for_learner2(), HAND_QUESTIONS))

    assert stats["q3"].discrimination == pytest.approx(0.707107, abs=1e-6)
    assert stats["q1"].discrimination == pytest.approx(0.645497, abs=1e-6)


def test_missing_question_quiz_figures():
    """Mean score: learner 2 got 2 of the 2 questions they had, so fractions are
    1, 1, 2/3, 1/3, 0 -> (3 + 3 + 2 + 1 + 0) / 15 = 0.6.

    Alpha uses the 4 complete responses (learners 1, 3, 4, 5):
      q1 = [1,1,0,0], q2 = [1,0,1,0], q3 = [1,1,0,0]: each sum of squares 4 * .25 = 1, total 3
      totals [3,2,1,0], mean 1.5, sum of squares 2.25 + .25 + .25 + 2.25 = 5
      alpha = 3/2 * (1 - 3/5) = 0.6  (the n-1 divisors cancel)
    """
    stats = quiz_statistics(hand_responses_without_q3_for_learner2(), HAND_QUESTIONS)

    assert stats.responses == 5
    assert stats.mean_score == pytest.approx(0.6)
    assert stats.alpha_responses == 4
    assert stats.cronbach_alpha == pytest.approx(0.6)


def test_items_for_unlisted_questions_are_ignored():
    """A question removed from the quiz must not change the rest-of-quiz totals of the others."""
    responses = [
        QuizResponse(r.learner_id, {**r.items, "removed": ItemResponse(float(r.learner_id % 2))})
        for r in hand_responses()
    ]

    stats = item_statistics(responses, HAND_QUESTIONS)

    assert [s.question_id for s in stats] == ["q1", "q2", "q3"]
    assert by_id(stats)["q1"].discrimination == pytest.approx(0.645497, abs=1e-6)
    assert quiz_statistics(responses, HAND_QUESTIONS).mean_score == pytest.approx(8 / 15)


def test_a_response_without_any_listed_question_has_no_score_to_average():
    """Its only item is for a question no longer in the quiz: counted as a response, but it
    neither lowers nor raises the mean score (8/15, as in the hand example)."""
    responses = [*hand_responses(), QuizResponse(6, {"removed": ItemResponse(1.0)})]

    stats = quiz_statistics(responses, HAND_QUESTIONS)

    assert stats.responses == 6
    assert stats.mean_score == pytest.approx(8 / 15)


# --- input -------------------------------------------------------------------------------------


def test_questions_may_be_plain_tuples():
    questions = [
        ("q1", ["a", "b", "c"], ["a"]),
        ("q2", ("a", "b", "c"), {"a"}),
        ("q3", ["a", "b", "c"], ("a",)),
    ]

    assert item_statistics(hand_responses(), questions) == item_statistics(
        hand_responses(), HAND_QUESTIONS
    )


def test_more_than_one_response_per_learner_is_rejected():
    responses = [*hand_responses(), hand_responses()[0]]

    with pytest.raises(ValueError, match="learner 1 has more than one response"):
        item_statistics(responses, HAND_QUESTIONS)


def test_a_question_listed_twice_is_rejected():
    with pytest.raises(ValueError, match="listed twice"):
        item_statistics(hand_responses(), [*HAND_QUESTIONS, HAND_QUESTIONS[0]])


@pytest.mark.parametrize("score", [-0.1, 1.5, float("nan")])
def test_scores_outside_zero_to_one_are_rejected(score):
    with pytest.raises(ValueError, match="between 0 and 1"):
        ItemResponse(score)


def test_correct_choices_must_be_among_the_choices():
    with pytest.raises(ValueError, match="not among its choice ids"):
        QuestionSpec("q", ("a", "b"), {"z"})


def test_a_string_of_choice_ids_is_rejected():
    """ "abc" would silently become three one-letter choices; a multi-letter id would be split."""
    with pytest.raises(TypeError, match="not a string"):
        QuestionSpec("q", "abc", "a")
