"""The free-text grader on the fixed containerize-service rubric: how a careful interviewer would judge."""

from __future__ import annotations

import pytest

from drills.grading.rubric import AnswerTooLong, grade_text
from drills.grading.text import (
    PatternError,
    compile_pattern,
    find_matches,
    is_negated,
    read_document,
)
from tests.conftest import real_course
from tests.drills.rubrics import RubricProbe, drill_rubric

drill = RubricProbe("containerize-service")
levels = drill.levels


def test_paraphrase_with_synonyms_earns_full_marks():
    answer = (
        "Create an unprivileged account and switch to it, because least privilege means a breach "
        "gives the attacker very little."
    )
    assert levels(answer)["non-root"] == 2


def test_inflections_and_word_order_are_understood():
    answer = "The install layer gets reused when only the code changes, because I copy the lockfile first."
    assert levels(answer)["layer-order"] == 2


def test_naming_without_a_reason_earns_one():
    assert levels("I would run the app as a non-root user.")["non-root"] == 1


def test_a_reason_in_the_same_paragraph_counts():
    answer = (
        "I'd use a non-root user. The service listens on port 3000. It logs to stdout. "
        "If the app is compromised, the attacker gets far less."
    )
    assert levels(answer)["non-root"] == 2


def test_a_reason_paragraphs_away_about_something_else_does_not():
    answer = (
        "I'd use a non-root user.\n\nThe service listens on port 3000 and logs to stdout.\n\n"
        "Health checks matter too.\n\nIf the app is compromised, the attacker gets far less."
    )
    assert levels(answer)["non-root"] == 1


def test_rejecting_an_idea_earns_nothing():
    assert levels("I wouldn't bother with a non-root user.")["non-root"] == 0
    assert levels("There's no need for resource limits.")["resource-limits"] == 0
    assert levels("A multi-stage build is overkill here.")["multi-stage"] == 0


def test_a_negative_phrase_that_is_right_earns_credit():
    answer = "Avoid running as root: if the container is compromised the attacker doesn't get root."
    assert levels(answer)["non-root"] == 2


def test_recommending_the_bad_practice_is_zero_even_with_the_right_words_elsewhere():
    answer = "Use a non-root user in general, but here I'd just run it as root to avoid permission issues."
    assert levels(answer)["non-root"] == 0


def test_the_same_word_in_another_sense_earns_nothing():
    answer = (
        "The users of the service reach it through a load balancer. We test in a staging environment. "
        "A Redis cache speeds up reads, and I limit the number of layers."
    )
    assert levels(answer) == {
        "base-image": 0,
        "multi-stage": 0,
        "layer-order": 0,
        "non-root": 0,
        "resource-limits": 0,
    }


def test_keyword_salad_earns_at_most_one_per_criterion():
    answer = "alpine attack surface, multi-stage devDependencies behind, non-root compromise, memory limits noisy neighbours"
    assert max(levels(answer).values()) == 1


def test_random_characters_and_off_topic_text_earn_nothing():
    assert sum(levels("zzqx 8899 ;;; !!! qwerty").values()) == 0
    assert sum(levels("I like hiking and my favourite language is Rust.").values()) == 0


@pytest.mark.parametrize(
    "appendix",
    [
        " I enjoy cooking pasta on weekends.",
        "\nOur office is in Leeds and the team plays football on Fridays, because it's fun.",
        "\n" + "lorem ipsum " * 100,
    ],
)
def test_appending_text_never_raises_the_score_of_any_calibration_answer(appendix):
    for drill in real_course().drills:
        if drill.rubric is None:
            continue
        for item in drill.calibration:
            before = grade_text(item.answer, drill.rubric).score
            after = grade_text(item.answer + appendix, drill.rubric).score
            assert after <= before, (drill.slug, item.id)


def test_every_awarded_level_cites_evidence_from_the_answer():
    answer = "Use node:26-slim because a slim image has fewer CVEs. Run as a non-root user."
    for result in grade_text(answer, drill_rubric(drill.slug)).criteria:
        if result.level:
            assert result.evidence
            for evidence in result.evidence:
                assert answer[evidence.start : evidence.end] == evidence.text


def test_red_flags_are_reported_with_evidence():
    graded = grade_text(
        "FROM node:latest and I'd keep it running as root.", drill_rubric(drill.slug)
    )
    flags = {flag.id: flag for flag in graded.red_flags}
    assert set(flags) == {"latest-tag", "runs-as-root"}
    assert "node:latest" in flags["latest-tag"].evidence[0].text.lower()


def test_a_denied_red_flag_is_not_reported():
    graded = grade_text(
        "Never use the latest tag, and never run as root.", drill_rubric(drill.slug)
    )
    assert graded.red_flags == ()


def test_answers_over_the_limit_are_refused_with_a_clear_message():
    with pytest.raises(AnswerTooLong, match="limited to 5,000 characters; this one has 5,001"):
        grade_text("x" * 5001, drill_rubric(drill.slug))


def test_pattern_syntax():
    doc = read_document("We copy the package.json first, then run npm ci.")
    assert find_matches(doc, "copy ... (package json|lockfile) first")
    assert find_matches(doc, "npm ci")
    assert not find_matches(doc, "npm install")
    assert find_matches(read_document("limited memory"), "limit* memory")


def test_a_phrase_is_found_wherever_any_of_its_first_words_begins_it_in_order():
    # A group of first words, one of them a prefix: each place is found once, left to right,
    # whichever first word it begins with.
    doc = read_document(
        "Limits cap memory. Then set memory too. Limiting memory helps, and capping memory works."
    )
    matches = find_matches(doc, "(set|cap*|limit*) memory")
    assert [doc.snippet(m.first, m.last)[0] for m in matches] == [
        "cap memory",
        "set memory",
        "Limiting memory",
        "capping memory",
    ]


def _denied(text: str) -> bool:
    doc = read_document(text)
    return is_negated(doc, find_matches(doc, "named volume")[0])


def test_a_negation_word_shortly_before_a_phrase_denies_it():
    assert _denied("Do not use a named volume here.")
    assert _denied("Rather than a named volume, use a bind mount.")


def test_a_negation_word_six_words_back_does_not_deny_a_phrase():
    assert not _denied("No sane team would ever pick a named volume.")


def test_a_negation_word_in_another_clause_does_not_deny_a_phrase():
    assert not _denied("It is not the image, a named volume keeps the data.")


def test_rather_without_than_does_not_deny_a_phrase():
    assert not _denied("I would rather keep a named volume.")


def test_patterns_do_not_cross_sentences():
    doc = read_document("Copy the package files. First things first.")
    assert not find_matches(doc, "copy ... (package files) ... first")


def test_bad_patterns_are_refused():
    for pattern in ("... start", "end ...", "(open", "(a|)", "[opt] start"):
        with pytest.raises(PatternError):
            compile_pattern(pattern)


def test_contractions_read_as_not():
    doc = read_document("I wouldn't do that")
    assert [token.text for token in doc.tokens] == ["i", "would", "not", "do", "that"]


def test_a_wrapped_line_does_not_end_a_sentence_but_a_list_item_does():
    wrapped = read_document("I'd run it as a non-root user\nso a compromise does less damage.")
    listed = read_document("Plan:\n- non-root user\n- limits")
    assert len(wrapped.sentence_spans) == 1
    assert len(listed.sentence_spans) == 3


def test_each_sentence_spans_its_own_tokens_in_order():
    doc = read_document("Use a slim base. Run as non-root; set limits!\n\n- add a healthcheck")
    spans = [[doc.tokens[i].text for i in range(first, last)] for first, last in doc.sentence_spans]
    assert spans == [
        ["use", "a", "slim", "base"],
        ["run", "as", "non", "root"],
        ["set", "limits"],
        ["add", "a", "healthcheck"],
    ]
    assert [doc.tokens[first].sentence for first, _ in doc.sentence_spans] == [0, 1, 2, 3]


def test_an_answer_without_a_word_has_no_sentence():
    for text in ("", "   \n\n", "... !!! ---"):
        assert read_document(text).sentence_spans == ()


def test_words_in_a_fenced_block_are_code_and_the_others_are_not():
    doc = read_document("Build it:\n\n```\nRUN npm ci\n```\n\nThen ship it.")
    assert [(token.text, token.code) for token in doc.tokens] == [
        ("build", False),
        ("it", False),
        ("run", True),
        ("npm", True),
        ("ci", True),
        ("then", False),
        ("ship", False),
        ("it", False),
    ]


def test_rather_and_instead_deny_only_what_they_point_away_from():
    assert (
        levels("I'd rather run it as a non-root user, because a compromise then does less damage.")[
            "non-root"
        ]
        == 2
    )
    assert (
        levels("Use a non-root user rather than running as root: a breach does less damage.")[
            "non-root"
        ]
        == 2
    )
    assert levels("Instead of a multi-stage build, I'd keep one stage.")["multi-stage"] == 0
