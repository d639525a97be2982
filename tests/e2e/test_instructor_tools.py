"""Issue 13's instructor tools in a browser: due dates, one learner's extension, question analysis."""

from __future__ import annotations

import re
from datetime import timedelta

from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import expect

from classroom import services
from classroom.permissions import instructor_group
from learners.models import Learner
from lessons.models import Lesson
from tests.e2e.conftest import axe_violations
from tests.e2e.test_classroom_journey import PASSWORD, sign_in


def test_instructor_moves_a_due_date_and_gives_one_learner_an_extension(watched, site):
    teacher = User.objects.create_user("teacher", password=PASSWORD)
    teacher.groups.add(instructor_group())
    sam = Learner.objects.create(user=User.objects.create_user("sam", password=PASSWORD))
    cohort = services.cohort_create(name="Evening class", instructor=teacher)
    services.cohort_join(cohort=cohort, learner=sam)
    services.assignment_create(
        cohort=cohort,
        kind="lesson",
        lesson=Lesson.objects.get(slug="storage"),
        due_at=timezone.now() + timedelta(days=7),
        created_by=teacher,
    )
    page = watched
    sign_in(page, site, "teacher")
    page.goto(site + f"/classroom/cohorts/{cohort.pk}/manage/")
    page.get_by_role("link", name=re.compile(r"^Due date and extensions\W+Read: Storage")).click()
    assert axe_violations(page) == []
    page.get_by_label("Due:", exact=True).fill(
        (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_role("button", name="Change the due date").click()
    expect(page.locator("[role=status]:not(#announcer)")).to_contain_text("Due date changed")
    page.get_by_label("Learner:", exact=True).select_option(label="sam")
    page.get_by_label("Their due date:", exact=True).fill(
        (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_role("button", name="Give the extension").click()
    expect(page.locator("[role=status]:not(#announcer)")).to_contain_text("Extension given")
    expect(page.locator("table")).to_contain_text("sam")
    assert axe_violations(page) == []
    page.goto(site + f"/classroom/cohorts/{cohort.pk}/")
    expect(page.locator(".matrix")).to_contain_text("To do")
    expect(page.locator(".matrix")).not_to_contain_text("Late: not done")


def test_question_analysis_shows_choice_text_and_typed_answers(watched, site):
    from quiz.models import Attempt, Question, QuizRun

    teacher = User.objects.create_user("teacher", password=PASSWORD)
    teacher.groups.add(instructor_group())
    sam = Learner.objects.create(user=User.objects.create_user("sam", password=PASSWORD))
    cohort = services.cohort_create(name="Evening class", instructor=teacher)
    services.cohort_join(cohort=cohort, learner=sam)
    question = Question.objects.get(question_id="net-embedded-dns-address")
    run = QuizRun.objects.create(
        learner=sam,
        lesson=question.lesson,
        question_order=[question.question_id],
        max_score=1,
        finished_at=timezone.now(),
    )
    Attempt.objects.create(
        learner=sam,
        question=question,
        question_version=question.version,
        content_hash=question.content_hash,
        run=run,
        answer="8.8.8.8",
        is_correct=False,
        score=0.0,
    )
    page = watched
    sign_in(page, site, "teacher")
    page.goto(site + f"/classroom/cohorts/{cohort.pk}/questions/?lesson=networking")
    typed = page.get_by_role("table", name="What learners typed")
    expect(typed).to_contain_text("8.8.8.8")
    expect(typed).to_contain_text("✗ wrong")
    assert axe_violations(page) == []
