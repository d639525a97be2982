"""The real question bank: big enough, well formed, and covering every lesson and type."""

from __future__ import annotations

import json
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from quiz.grading.answers import grade, parse_answer
from quiz.grading.questions import QuestionType
from quiz.item_lint import lint_questions
from tests.conftest import real_course


def questions():
    return real_course().questions


def test_the_bank_has_at_least_eighty_questions():
    assert len(questions()) >= 80


@pytest.mark.parametrize("lesson", [lesson.slug for lesson in real_course().lessons])
def test_every_lesson_has_at_least_ten_questions(lesson):
    assert Counter(q.lesson for q in questions())[lesson] >= 10


def test_every_question_type_is_used():
    assert {q.type for q in questions()} == set(QuestionType)


@pytest.mark.parametrize("lesson", [lesson.slug for lesson in real_course().lessons])
def test_every_lesson_has_scenario_questions_with_highlighted_code(lesson):
    with_code = [
        q for q in questions() if q.lesson == lesson and 'class="highlight"' in q.prompt_html
    ]
    assert len(with_code) >= 3


def test_every_choice_has_feedback_and_every_question_an_explanation():
    for question in questions():
        assert question.explanation_html.strip(), question.id
        for choice in question.choices:
            assert choice.feedback_html.strip(), (question.id, choice.id)


def test_every_short_text_question_accepts_its_own_answers():
    for question in questions():
        if question.type is QuestionType.SHORT_TEXT:
            for accepted in question.accepted:
                assert grade(question, accepted).correct, (question.id, accepted)


def test_every_lesson_embeds_a_question_from_the_bank():
    ids = {q.id for q in questions()}
    for lesson in real_course().lessons:
        assert lesson.question_ids, lesson.slug
        assert set(lesson.question_ids) <= ids


def test_content_report_summarises_the_course_as_json():
    out = StringIO()
    call_command("content_report", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert [lesson["slug"] for lesson in report["lessons"]] == [
        lesson.slug for lesson in real_course().lessons
    ]
    assert set(report["lessons"][0]) >= {"slug", "title", "words", "questions"}
    assert report["questions"]["total"] == len(questions())
    assert sum(report["questions"]["by_type"].values()) == len(questions())
    assert sum(report["questions"]["by_lesson"].values()) == len(questions())


# Answers people type that are right, for the questions where the review found them refused.
TYPED_FORMS = {
    "limits-cpus-millicores": ["1500", "1500m", "1500 m", "1,500 millicores"],
    "df-stop-grace-numeric": ["10", "10s", "10 s", "10 seconds"],
    "net-loopback-publish-flag": [
        "-p 127.0.0.1:8080:80",
        "-p127.0.0.1:8080:80",
        "--publish=127.0.0.1:8080:80",
    ],
    "limits-docker-memory-flag": [
        "--memory=512m",
        "--memory 512M",
        "-m512m",
        "--memory=512Mi",
        "-m 512mi",
        "--memory=512MiB",
        "-m 512mb",
        "--memory=0.5g",
        "-m 536870912",
    ],
    "df-user-short": ["USER", "user node", "USER node:node", "USER 10001", "USER 1000:1000"],
    "cvm-uts-short": ["uts", "UTS namespace", "the UTS namespace", "The uts namespace."],
}


@pytest.mark.parametrize(
    ("question_id", "typed"),
    [(question_id, typed) for question_id, forms in TYPED_FORMS.items() for typed in forms],
)
def test_equivalent_spellings_of_a_right_answer_are_accepted(question_id, typed):
    question = next(q for q in questions() if q.id == question_id)
    answer = parse_answer(
        question, {"number" if question.type is QuestionType.NUMERIC else "text": [typed]}
    )
    assert grade(question, answer).correct


@pytest.mark.parametrize(
    ("question_id", "typed"),
    [
        ("limits-docker-memory-flag", "--memory=512"),
        ("limits-docker-memory-flag", "--memory=512k"),
        ("limits-cpus-millicores", "1.5"),
        ("df-stop-grace-numeric", "30 s"),
        ("net-loopback-publish-flag", "-p 8080:80"),
    ],
)
def test_wrong_answers_stay_wrong(question_id, typed):
    question = next(q for q in questions() if q.id == question_id)
    answer = parse_answer(
        question, {"number" if question.type is QuestionType.NUMERIC else "text": [typed]}
    )
    assert not grade(question, answer).correct


def test_the_real_banks_pass_the_item_writing_lint():
    assert [finding.message for finding in lint_questions(questions()).findings] == []
