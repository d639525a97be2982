"""check_content on question banks: schema, answers, feedback, anchors, with file and line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from quiz.loading import load_bank, load_question_banks

ANCHORS = {"networking": {"veth", "dns"}}


def write_bank(tmp_path: Path, body: str, name: str = "networking.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def messages(path: Path) -> list[str]:
    return [f"{problem.line}: {problem.message}" for problem in load_bank(path, ANCHORS).problems]


GOOD = """\
    lesson: networking
    questions:
      - id: net-one
        type: single
        anchor: dns
        prompt: "Which address?"
        choices:
          - id: a
            text: "`127.0.0.11`"
            correct: true
            feedback: "Right."
          - id: b
            text: "`8.8.8.8`"
            correct: false
            feedback: "No."
        explanation: "Because."
"""


def test_a_good_bank_loads(tmp_path):
    result = load_bank(write_bank(tmp_path, GOOD), ANCHORS)
    assert result.problems == []
    [question] = result.questions
    assert question.id == "net-one"
    assert question.choices[0].html == "<code>127.0.0.11</code>"


def test_single_choice_with_two_correct_answers_names_the_line(tmp_path):
    path = write_bank(tmp_path, GOOD.replace("correct: false", "correct: true"))
    assert messages(path) == [
        "7: question 'net-one': a single-choice question needs exactly one correct choice (it has 2)"
    ]


def test_multiple_select_without_a_correct_answer_is_reported(tmp_path):
    body = GOOD.replace("type: single", "type: multiple").replace("correct: true", "correct: false")
    assert messages(write_bank(tmp_path, body)) == [
        "7: question 'net-one': a multiple-select question needs at least one correct choice"
    ]


def test_choice_without_feedback_names_the_choice(tmp_path):
    body = GOOD.replace('            feedback: "No."\n', "")
    assert messages(write_bank(tmp_path, body)) == [
        "12: question 'net-one', choice 2: missing 'feedback'"
    ]


def test_anchor_that_is_not_a_heading_is_reported(tmp_path):
    body = GOOD.replace("anchor: dns", "anchor: nowhere")
    assert messages(write_bank(tmp_path, body)) == [
        "5: question 'net-one': anchor '#nowhere' is not a heading in lesson 'networking'"
    ]


def test_unknown_type_is_reported(tmp_path):
    body = GOOD.replace("type: single", "type: essay")
    [message] = messages(write_bank(tmp_path, body))
    assert message.startswith("4: question 'net-one': 'type' must be one of single, multiple")


def test_unknown_field_is_reported(tmp_path):
    body = GOOD.replace("    explanation:", '    hint: "psst"\n    explanation:')
    assert "16: question 'net-one': unknown field 'hint' for a single question" in messages(
        write_bank(tmp_path, body)
    )


def test_missing_explanation_is_reported(tmp_path):
    body = GOOD.replace('    explanation: "Because."\n', "")
    assert messages(write_bank(tmp_path, body)) == ["3: question 'net-one': missing 'explanation'"]


def test_code_fence_without_language_in_a_prompt_is_reported(tmp_path):
    body = GOOD.replace(
        '    prompt: "Which address?"',
        "    prompt: |\n          ```\n          docker ps\n          ```",
    )
    [message] = messages(write_bank(tmp_path, body))
    assert message == "7: question 'net-one': code fence without a language (e.g. ```dockerfile)"


def test_true_false_needs_a_boolean_answer(tmp_path):
    body = """\
        lesson: networking
        questions:
          - id: net-tf
            type: true_false
            anchor: dns
            prompt: "Claim."
            answer: "yes"
            if_true: "a"
            if_false: "b"
            explanation: "c"
    """
    assert messages(write_bank(tmp_path, body)) == [
        "7: question 'net-tf': 'answer' must be true or false"
    ]


def test_ordering_needs_three_items(tmp_path):
    body = """\
        lesson: networking
        questions:
          - id: net-order
            type: ordering
            anchor: dns
            prompt: "Order."
            items:
              - {id: one, text: "1"}
            explanation: "c"
    """
    assert messages(write_bank(tmp_path, body)) == [
        "7: question 'net-order': 'items' must list 3 to 8 items in the correct order"
    ]


def test_short_text_needs_accepted_answers(tmp_path):
    body = """\
        lesson: networking
        questions:
          - id: net-short
            type: short_text
            anchor: dns
            prompt: "Type."
            accepted: []
            explanation: "c"
    """
    assert messages(write_bank(tmp_path, body)) == [
        "7: question 'net-short': 'accepted' must list at least one answer"
    ]


def test_numeric_needs_a_number(tmp_path):
    body = """\
        lesson: networking
        questions:
          - id: net-number
            type: numeric
            anchor: dns
            prompt: "How many?"
            answer: "many"
            explanation: "c"
    """
    assert messages(write_bank(tmp_path, body)) == [
        "7: question 'net-number': 'answer' must be a number"
    ]


def test_bank_for_an_unknown_lesson_is_reported(tmp_path):
    path = write_bank(
        tmp_path, GOOD.replace("lesson: networking", "lesson: kubernetes"), "kubernetes.yaml"
    )
    assert messages(path) == ["1: there is no lesson 'kubernetes'"]


def test_broken_yaml_names_the_line(tmp_path):
    path = write_bank(
        tmp_path, GOOD.replace('prompt: "Which address?"', 'prompt: "Which: address?')
    )
    [message] = messages(path)
    assert "not valid YAML" in message


@pytest.mark.parametrize("twice", ["net-one"])
def test_question_ids_are_unique_across_the_course(tmp_path, twice):
    write_bank(tmp_path, GOOD)
    write_bank(tmp_path, GOOD.replace("lesson: networking", "lesson: storage"), "storage.yaml")
    result = load_question_banks(tmp_path, {**ANCHORS, "storage": {"dns"}})
    assert [problem.message for problem in result.problems] == [
        f"question id '{twice}' is used twice (also in {tmp_path / 'networking.yaml'})"
    ]
