"""Question analysis as an instructor reads it: choices by their text, typed answers as typed."""

from __future__ import annotations

import pytest
from django.utils import timezone

from classroom.answer_tables import TYPED_ROWS_SHOWN, typed_answers
from tests.classroom.test_classroom_flows import logged_in


def test_the_same_typed_answer_is_one_row_most_typed_first():
    result = typed_answers([("127.0.0.11", True), ("8.8.8.8", False), (" 127.0.0.11 ", True)])
    assert [(row.text, row.count, row.correct) for row in result.rows] == [
        ("127.0.0.11", 2, True),
        ("8.8.8.8", 1, False),
    ]


def test_numbers_are_shown_in_their_shortest_form():
    assert typed_answers([(512.0, True)]).rows[0].text == "512"


def test_beyond_the_limit_answers_are_counted_not_listed():
    result = typed_answers([(f"answer {n}", False) for n in range(TYPED_ROWS_SHOWN + 3)])
    assert (len(result.rows), result.more) == (TYPED_ROWS_SHOWN, 3)


@pytest.mark.django_db
def test_the_analysis_page_lists_what_learners_typed(classroom):
    from quiz.models import Attempt, Question, QuizRun

    question = Question.objects.get(question_id="net-embedded-dns-address")
    for user, typed in ((classroom["alice"], "127.0.0.11"), (classroom["bob"], "<b>8.8.8.8</b>")):
        run = QuizRun.objects.create(
            learner=user.learner,
            lesson=question.lesson,
            question_order=[question.question_id],
            max_score=1,
            finished_at=timezone.now(),
        )
        Attempt.objects.create(
            learner=user.learner,
            question=question,
            question_version=question.version,
            content_hash=question.content_hash,
            run=run,
            answer=typed,
            is_correct=typed == "127.0.0.11",
            score=1.0 if typed == "127.0.0.11" else 0.0,
        )
    page = (
        logged_in(classroom["teacher"])
        .get(f"/classroom/cohorts/{classroom['cohort'].pk}/questions/?lesson=networking")
        .content.decode()
    )
    section = page[page.index("net-embedded-dns-address") :]
    assert "<caption>What learners typed</caption>" in section
    assert "<tr><td><code>127.0.0.11</code></td><td>✓ right</td><td>1</td></tr>" in section
    assert "<code>&lt;b&gt;8.8.8.8&lt;/b&gt;</code></td><td>✗ wrong</td>" in section


@pytest.mark.django_db
def test_the_analysis_page_shows_choices_by_their_text(classroom):
    page = (
        logged_in(classroom["teacher"])
        .get(f"/classroom/cohorts/{classroom['cohort'].pk}/questions/?lesson=networking")
        .content.decode()
    )
    question_page = page[page.index("net-default-bridge-dns") :]
    from quiz.models import Question

    first_choice = Question.objects.get(question_id="net-default-bridge-dns").parsed.choices[0]
    assert f"<td>{first_choice.html}" in question_page
