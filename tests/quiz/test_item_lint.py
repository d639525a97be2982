"""The item-writing lint on small made-up banks: each rule passes a clean bank and fails a cued one."""

from __future__ import annotations

import itertools
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from quiz.grading.questions import Choice, QuestionSpec, QuestionType
from quiz.item_lint import lint_questions
from tests.conftest import lesson_text

_ids = itertools.count(1)


def question(question_type: QuestionType, *, lesson: str = "bank", prompt: str = "", **fields):
    number = next(_ids)
    return QuestionSpec(
        id=f"q{number}",
        type=question_type,
        lesson=lesson,
        anchor="a",
        # Words unique to each made-up question, so that only the tests about duplicates find any.
        prompt_html=f"<p>{prompt or f'topic{number}?'}</p>",
        explanation_html=f"<p>subject{number}.</p>",
        **fields,
    )


def true_false(answer: bool, lesson: str = "bank") -> QuestionSpec:
    return question(QuestionType.TRUE_FALSE, lesson=lesson, answer_bool=answer)


def single(key: str, *distractors: str, lesson: str = "bank", prompt: str = "") -> QuestionSpec:
    choices = [Choice("k", key, True, "yes")]
    choices += [Choice(f"d{n}", text, False, "no") for n, text in enumerate(distractors)]
    return question(QuestionType.SINGLE, lesson=lesson, prompt=prompt, choices=tuple(choices))


def multiple(correct: int, wrong: int) -> QuestionSpec:
    choices = [Choice(f"r{n}", f"right {n}", True, "") for n in range(correct)]
    choices += [Choice(f"w{n}", f"wrong {n}", False, "") for n in range(wrong)]
    return question(QuestionType.MULTIPLE, choices=tuple(choices))


def rules(*specs: QuestionSpec) -> list[str]:
    return [finding.rule for finding in lint_questions(specs).findings]


# true/false balance


def test_true_false_keys_balanced_pass():
    assert rules(true_false(True), true_false(False), true_false(False)) == []


def test_true_false_keys_all_false_fail_in_the_bank_and_the_course():
    report = lint_questions([true_false(False), true_false(False), true_false(True, "other")])
    [bank] = [f for f in report.findings if f.lesson == "bank"]
    assert bank.rule == "true-false-balance"
    assert "0 true/false keys are True and 2 False" in bank.message


def test_course_wide_true_false_balance_counts_single_questions_per_bank():
    specs = [true_false(False, lesson=f"bank{n}") for n in range(3)]
    [finding] = lint_questions(specs).findings
    assert finding.lesson == ""
    assert "the whole course: 0 true/false keys are True and 3 False" in finding.message


def test_a_bank_with_one_true_false_question_is_judged_course_wide_only():
    assert rules(true_false(False, "a"), true_false(True, "b")) == []


# longest option


def test_key_of_ordinary_length_passes():
    bank = [
        single("Short key", "A longer distractor"),
        single("Key", "Other"),
        single("Another key", "Another wrong one"),
    ]
    assert rules(*bank) == []


def test_key_longest_by_half_again_fails_on_its_own():
    report = lint_questions(
        [
            single("A much, much longer right answer", "Wrong one"),
            single("a", "bb"),
            single("a", "bb"),
        ]
    )
    [finding] = report.findings
    assert finding.rule == "longest-option"
    assert "times as long as the longest distractor" in finding.message


def test_key_longest_in_more_than_a_third_of_the_bank_fails():
    bank = [single("Right answer!", "Wrong answer") for _ in range(2)] + [single("a", "bb")]
    [finding] = lint_questions(bank).findings
    assert finding.rule == "longest-option"
    assert "in 2 of 3 single-choice questions the key is the longest option" in finding.message


def test_key_longest_in_a_third_of_the_bank_passes():
    bank = [single("Right answer!", "Wrong answer"), single("a", "bb"), single("a", "bb")]
    assert rules(*bank) == []


def test_lengths_are_measured_without_markup():
    plain = single("<code>x</code>", "yy")
    assert rules(plain, single("a", "bb"), single("a", "bb")) == []


# absolute words and jokes


def test_plausible_distractors_pass():
    assert rules(single("Uses the host kernel", "Boots its own kernel")) == []


def test_absolute_word_in_a_distractor_fails():
    [finding] = lint_questions(
        [single("It depends on the flags", "It always works, whatever the flags")]
    ).findings
    assert finding.rule == "absolute-or-joke-distractor"
    assert "absolute word 'always'" in finding.message


def test_absolute_word_is_allowed_when_the_key_uses_one_too():
    assert rules(single("It never reaches the host", "It always reaches the host")) == []


def test_joke_distractor_fails():
    [finding] = lint_questions([single("gVisor", "Containers are immune to exploits")]).findings
    assert "reads like a joke ('immune')" in finding.message


# all but the silly one


def test_multiple_select_with_two_wrong_options_passes():
    assert rules(multiple(correct=2, wrong=2)) == []


def test_multiple_select_with_one_wrong_option_fails():
    [finding] = lint_questions([multiple(correct=3, wrong=1)]).findings
    assert finding.rule == "all-but-one-multiple"
    assert "3 of 4 options are correct" in finding.message


def test_multiple_select_with_every_option_correct_fails():
    assert rules(multiple(correct=3, wrong=0)) == ["all-but-one-multiple"]


# near-duplicate stems


def test_questions_on_different_things_pass():
    first = single(
        "Port 53", "Port 80", prompt="Which port does DNS resolution use inside a network?"
    )
    second = single(
        "SIGKILL", "SIGTERM", prompt="What signal ends a process after the grace period?"
    )
    assert rules(first, second) == []


def test_questions_with_the_same_stem_and_key_fail():
    prompt = "Why does copying package.json before the source keep the npm install layer cached?"
    first = single(
        "The install layer's inputs did not change",
        "Layers are compressed before they are stored",
        prompt=prompt,
    )
    second = single(
        "The install layer's inputs did not change",
        "Layers are signed before they leave the builder",
        prompt=prompt,
    )
    [finding] = lint_questions([first, second]).findings
    assert finding.rule == "near-duplicate"
    assert finding.question_ids == (first.id, second.id)


# the commands


@pytest.fixture
def cued_bank(lesson_dir):
    """A one-lesson course whose bank breaks the lint (two true/false questions, both False)."""
    lesson_dir("01-first-steps.md", lesson_text())
    statements = "".join(
        f"""  - id: tf-{n}
    type: true_false
    anchor: start
    prompt: "Statement {n} about subject{n}."
    answer: false
    if_true: "No."
    if_false: "Yes."
    explanation: "Because of thing{n}."
"""
        for n in (1, 2)
    )
    (lesson_dir.questions_dir / "first-steps.yaml").write_text(
        f"lesson: first-steps\nquestions:\n{statements}", encoding="utf-8"
    )
    return lesson_dir.args


def test_check_content_fails_on_a_lint_finding_naming_the_file_and_question(cued_bank, capsys):
    with pytest.raises(CommandError, match=r"problems? in the course content"):
        call_command("check_content", *cued_bank)
    errors = capsys.readouterr().err
    assert (
        "first-steps.yaml:3: bank 'first-steps': 0 true/false keys are True and 2 False" in errors
    )


def test_content_report_has_an_item_lint_section():
    out = StringIO()
    call_command("content_report", stdout=out)
    text = out.getvalue()
    assert "Item-writing lint" in text
    assert "whole course" in text


def test_absolute_words_inside_code_are_quoted_values_not_cues():
    spec = single("Pin the digest", "Set <code>imagePullPolicy: Always</code>")
    assert rules(spec) == []


def test_content_report_json_carries_the_lint_figures_and_findings():
    out = StringIO()
    call_command("content_report", "--json", stdout=out)
    lint = json.loads(out.getvalue())["item_lint"]
    assert set(lint) == {"overall", "by_lesson", "findings"}
    assert lint["overall"]["key_longest"] <= lint["overall"]["single_choice"] / 3
    assert lint["findings"] == []
