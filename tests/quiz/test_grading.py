"""Grading each question type, and reading answers from forms (pure Python, no database)."""

from __future__ import annotations

import pytest

from quiz.grading.answers import AnswerProblem, grade, parse_answer
from quiz.grading.normalise import NumberFormatError, normalise_text, parse_number
from quiz.grading.questions import Choice, OrderItem, QuestionSpec, QuestionType


def spec(question_type: QuestionType, **fields) -> QuestionSpec:
    return QuestionSpec(
        id="q",
        type=question_type,
        lesson="l",
        anchor="a",
        prompt_html="<p>?</p>",
        explanation_html="<p>.</p>",
        **fields,
    )


SINGLE = spec(
    QuestionType.SINGLE,
    choices=(
        Choice("a", "A", True, "yes"),
        Choice("b", "B", False, "no"),
        Choice("c", "C", False, "no"),
    ),
)
MULTIPLE = spec(
    QuestionType.MULTIPLE,
    choices=(
        Choice("a", "A", True, ""),
        Choice("b", "B", True, ""),
        Choice("c", "C", False, ""),
    ),
)
TRUE_FALSE = spec(QuestionType.TRUE_FALSE, answer_bool=False)
ORDERING = spec(
    QuestionType.ORDERING,
    items=(OrderItem("from", "FROM"), OrderItem("copy", "COPY"), OrderItem("run", "RUN")),
)
SHORT = spec(QuestionType.SHORT_TEXT, accepted=("--memory=512m", "-m 512m"), max_length=40)
NUMERIC = spec(QuestionType.NUMERIC, answer_number=1500, tolerance=0, unit="millicores")


def form(**values) -> dict[str, list[str]]:
    return {key: value if isinstance(value, list) else [value] for key, value in values.items()}


def test_single_choice_right_answer_is_correct_with_marks_on_every_choice():
    result = grade(SINGLE, parse_answer(SINGLE, form(choice="a")))
    assert result.correct
    assert result.score == 1
    assert [(mark.id, mark.verdict) for mark in result.marks] == [
        ("a", "right"),
        ("b", "neutral"),
        ("c", "neutral"),
    ]


def test_single_choice_wrong_answer_shows_the_missed_right_one():
    result = grade(SINGLE, parse_answer(SINGLE, form(choice="b")))
    assert not result.correct
    assert result.score == 0
    assert [mark.verdict for mark in result.marks] == ["missed", "wrong", "neutral"]


def test_multiple_select_needs_exactly_the_right_set():
    assert grade(MULTIPLE, parse_answer(MULTIPLE, form(choice=["a", "b"]))).correct


def test_multiple_select_is_all_or_nothing():
    result = grade(MULTIPLE, parse_answer(MULTIPLE, form(choice=["a"])))
    assert not result.correct
    assert result.score == 0
    assert [mark.verdict for mark in result.marks] == ["right", "missed", "neutral"]


def test_multiple_select_with_an_extra_wrong_choice_is_wrong():
    result = grade(MULTIPLE, parse_answer(MULTIPLE, form(choice=["a", "b", "c"])))
    assert not result.correct
    assert [mark.verdict for mark in result.marks] == ["right", "right", "wrong"]


def test_true_false():
    assert grade(TRUE_FALSE, parse_answer(TRUE_FALSE, form(choice="false"))).correct
    assert not grade(TRUE_FALSE, parse_answer(TRUE_FALSE, form(choice="true"))).correct


def test_ordering_in_the_right_order_is_correct():
    answer = parse_answer(
        ORDERING, {"position-from": ["1"], "position-copy": ["2"], "position-run": ["3"]}
    )
    assert answer == ("from", "copy", "run")
    assert grade(ORDERING, answer).correct


def test_ordering_marks_each_position():
    answer = parse_answer(
        ORDERING, {"position-from": ["1"], "position-copy": ["3"], "position-run": ["2"]}
    )
    result = grade(ORDERING, answer)
    assert not result.correct
    assert result.positions == (("from", True), ("run", False), ("copy", False))


@pytest.mark.parametrize(
    "typed",
    [
        "--memory=512m",
        "--memory 512m",
        "-m 512m",
        "-m=512m",
        "  --MEMORY = 512M ",
        "`--memory=512m`",
        '"-m 512m"',
    ],
)
def test_short_text_accepts_equivalent_spellings(typed):
    assert grade(SHORT, parse_answer(SHORT, form(text=typed))).correct


@pytest.mark.parametrize("typed", ["--memory=512", "--memory-swap=512m", "512m", "-m 1g"])
def test_short_text_rejects_other_answers(typed):
    assert not grade(SHORT, parse_answer(SHORT, form(text=typed))).correct


def test_normalise_text_ignores_case_spaces_and_quotes():
    assert normalise_text("  \u2018137\u2019 ") == "137"
    assert normalise_text("Docker.IO/library/nginx:latest") == "docker.io/library/nginx:latest"


@pytest.mark.parametrize(
    "typed", ["1500", "1,500", "1500.0", " 1500 ", "1500 millicores", "1500 millicore"]
)
def test_numeric_accepts_the_number_with_or_without_its_unit(typed):
    assert grade(NUMERIC, parse_answer(NUMERIC, form(number=typed))).correct


def test_numeric_wrong_number_is_wrong():
    assert not grade(NUMERIC, parse_answer(NUMERIC, form(number="1.5"))).correct


def test_numeric_tolerance_is_absolute():
    near = spec(QuestionType.NUMERIC, answer_number=100, tolerance=5)
    assert grade(near, 104.0).correct
    assert not grade(near, 106.0).correct


@pytest.mark.parametrize("typed", ["fifteen hundred", "1500 cores", "1e3", "15 00", "--"])
def test_numeric_that_is_not_a_number_is_a_422_problem(typed):
    problem = parse_answer(NUMERIC, form(number=typed))
    assert problem == AnswerProblem(422, "Enter a number (in millicores), for example 42 or 0.5.")


def test_parse_number_refuses_over_long_text():
    with pytest.raises(NumberFormatError):
        parse_number("1" * 41)


def test_no_choice_is_a_422_asking_for_one():
    assert parse_answer(SINGLE, {}) == AnswerProblem(422, "Choose an answer before checking it.")


def test_unknown_choice_is_a_400():
    assert parse_answer(SINGLE, form(choice="z")).status == 400


def test_two_choices_for_a_single_choice_question_is_a_400():
    assert parse_answer(SINGLE, form(choice=["a", "b"])).status == 400


def test_tampered_multiple_select_is_a_400():
    assert parse_answer(MULTIPLE, form(choice=["a", "a"])).status == 400
    assert parse_answer(MULTIPLE, form(choice=["a", "nope"])).status == 400


def test_true_false_with_another_value_is_a_400():
    assert parse_answer(TRUE_FALSE, form(choice="maybe")).status == 400


def test_ordering_with_a_repeated_position_is_a_422():
    problem = parse_answer(
        ORDERING, {"position-from": ["1"], "position-copy": ["1"], "position-run": ["3"]}
    )
    assert problem == AnswerProblem(422, "Give every item a different position: each number once.")


def test_ordering_with_a_missing_or_out_of_range_position_is_a_400():
    assert parse_answer(ORDERING, {"position-from": ["1"], "position-copy": ["2"]}).status == 400
    assert (
        parse_answer(
            ORDERING, {"position-from": ["1"], "position-copy": ["2"], "position-run": ["9"]}
        ).status
        == 400
    )


def test_over_long_text_answer_is_a_422_with_the_limit():
    problem = parse_answer(SHORT, form(text="x" * 41))
    assert problem == AnswerProblem(422, "Your answer is too long: keep it under 40 characters.")


def test_blank_text_answer_is_a_422():
    assert parse_answer(SHORT, form(text="   ")).status == 422


def test_text_answer_of_the_wrong_shape_is_a_400():
    assert parse_answer(SHORT, form(text=["a", "b"])).status == 400
    assert parse_answer(NUMERIC, {}).status == 400


def test_stored_answers_name_the_options_they_picked():
    from quiz.grading.answers import chosen_option_ids

    assert chosen_option_ids(SINGLE, "b") == ("b",)
    assert chosen_option_ids(MULTIPLE, ["a", "c"]) == ("a", "c")
    assert chosen_option_ids(TRUE_FALSE, False) == ("false",)
    assert TRUE_FALSE.option_ids == ("true", "false")
    assert TRUE_FALSE.correct_option_ids == {"false"}
    assert chosen_option_ids(SHORT, "137") is None


@pytest.mark.parametrize(
    "typed",
    ["-m512m", "--memory=512Mi", "-m 512mi", "--memory=512MiB", "-m 0.5g", "--memory=536870912b"],
)
def test_docker_size_spellings_are_equal_as_dockers_parser_reads_them(typed):
    assert grade(SHORT, parse_answer(SHORT, form(text=typed))).correct


def test_a_docker_size_without_a_unit_is_bytes():
    assert normalise_text("--memory=512") != normalise_text("--memory=512m")


def test_sizes_outside_dockers_size_flags_are_left_as_typed():
    # Kubernetes reads 512M and 512Mi as different quantities.
    assert normalise_text("memory: 512M") != normalise_text("memory: 512Mi")


PUBLISH = spec(QuestionType.SHORT_TEXT, accepted=("-p 127.0.0.1:8080:80",), max_length=40)


@pytest.mark.parametrize(
    "typed", ["-p127.0.0.1:8080:80", "-p=127.0.0.1:8080:80", "-p  127.0.0.1:8080:80"]
)
def test_a_short_flag_with_its_value_attached_is_the_same_flag(typed):
    assert grade(PUBLISH, parse_answer(PUBLISH, form(text=typed))).correct


def test_bundled_short_flags_are_not_read_as_a_flag_and_value():
    assert normalise_text("-it") == "-it"
    assert normalise_text("-it") != normalise_text("-i t")


@pytest.mark.parametrize("typed", ["the UTS namespace", "The uts namespace.", "a uts namespace"])
def test_a_leading_article_does_not_matter(typed):
    uts = spec(QuestionType.SHORT_TEXT, accepted=("uts namespace",), max_length=40)
    assert grade(uts, parse_answer(uts, form(text=typed))).correct


@pytest.mark.parametrize("typed", ["1500m", "1500 m", "1500 millicpu", "1500 mcpu"])
def test_millicores_may_be_typed_with_the_kubernetes_suffix(typed):
    assert grade(NUMERIC, parse_answer(NUMERIC, form(number=typed))).correct


@pytest.mark.parametrize("typed", ["10s", "10 s", "10 sec", "10 seconds", "10"])
def test_seconds_may_be_typed_with_their_symbol(typed):
    seconds = spec(QuestionType.NUMERIC, answer_number=10, unit="seconds")
    assert grade(seconds, parse_answer(seconds, form(number=typed))).correct


def test_a_unit_symbol_of_another_unit_is_refused():
    seconds = spec(QuestionType.NUMERIC, answer_number=10, unit="seconds")
    assert isinstance(parse_answer(seconds, form(number="10m")), AnswerProblem)
