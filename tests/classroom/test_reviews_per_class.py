"""Issue 13's bug 6 (the reviewed score wherever a score is shown, a notice of each review) on top of
issue 11's per-class overrides: each class's review is shown under its name, counts in that class
only, and a class the learner has left no longer reviews their work. Issue 13's bug 2 (a join link
opened signed out) keeps issue 11's limits and its message for a stale link."""

from __future__ import annotations

import pytest
from django.test import Client

from classroom import services
from drills.overrides import drill_override_record

pytestmark = pytest.mark.django_db

DRILL_PAGE = "/drills/containerize-service/"


def review(classroom, cohort_key: str, teacher_key: str, level: int, criterion="multi-stage"):
    return drill_override_record(
        submission=classroom["submission"],
        cohort=classroom[cohort_key],
        criterion_id=criterion,
        level=level,
        comment="Reviewed in class.",
        instructor=classroom[teacher_key],
    )


def page_for(user, url: str) -> str:
    client = Client()
    client.force_login(user)
    return client.get(url).content.decode()


def score_text(classroom, added: int) -> str:
    submission = classroom["submission"]
    score = submission.score + added
    return f"{score} of {submission.max_score} ({round(100 * score / submission.max_score)}%)"


@pytest.fixture
def in_two_classes(classroom):
    """Alice in Bootcamp A and Bootcamp B; A's instructor gives +2, B's +1 on one criterion."""
    services.cohort_join(cohort=classroom["other"], learner=classroom["alice"].learner)
    review(classroom, "cohort", "teacher", 2)
    review(classroom, "other", "other_teacher", 1)
    return classroom


def test_the_attempts_table_shows_each_classs_reviewed_score_by_name(in_two_classes):
    history = page_for(in_two_classes["alice"], DRILL_PAGE).split('id="drill-history"')[1]
    assert (
        f"{score_text(in_two_classes, 2)} after your instructor's review in Bootcamp A" in history
    )
    assert (
        f"{score_text(in_two_classes, 1)} after your instructor's review in Bootcamp B" in history
    )


def test_the_notice_names_each_classs_review(in_two_classes):
    page = page_for(in_two_classes["alice"], "/")
    assert "Your instructor reviewed 2 drill answers" in page
    submission = in_two_classes["submission"]
    assert (
        f"{submission.score + 2} of {submission.max_score}</strong> after their review in Bootcamp A"
        in page
    )
    assert (
        f"{submission.score + 1} of {submission.max_score}</strong> after their review in Bootcamp B"
        in page
    )


def test_the_drills_list_shows_the_best_reviewed_score_across_classes(in_two_classes):
    page = page_for(in_two_classes["alice"], "/drills/")
    assert f"Best: {score_text(in_two_classes, 2)}" in page


def test_a_lowered_score_in_one_class_leaves_the_graders_where_another_did_not_review(classroom):
    submission = classroom["submission"]
    grader = next(c for c in submission.result["criteria"] if c["id"] == "non-root")["points"]
    services.cohort_join(cohort=classroom["other"], learner=classroom["alice"].learner)
    review(classroom, "cohort", "teacher", grader - 1, criterion="non-root")
    page = page_for(classroom["alice"], "/drills/")
    assert f"Best: {score_text(classroom, 0)}" in page


def test_a_lowered_score_in_the_learners_only_class_is_their_best(classroom):
    submission = classroom["submission"]
    grader = next(c for c in submission.result["criteria"] if c["id"] == "non-root")["points"]
    review(classroom, "cohort", "teacher", grader - 1, criterion="non-root")
    page = page_for(classroom["alice"], "/drills/")
    assert f"Best: {score_text(classroom, -1)}" in page


def test_a_class_the_learner_left_no_longer_shows_its_review(classroom):
    review(classroom, "cohort", "teacher", 2)
    services.cohort_remove_member(
        cohort=classroom["cohort"], learner_id=classroom["alice"].learner.pk
    )
    alice = classroom["alice"]
    assert "Your instructor reviewed" not in page_for(alice, "/")
    assert "after your instructor's review" not in page_for(alice, DRILL_PAGE)
    assert f"Best: {score_text(classroom, 0)}" in page_for(alice, "/drills/")


def test_another_classs_drill_review_does_not_show_this_classs_reviewed_score(classroom):
    services.cohort_join(cohort=classroom["other"], learner=classroom["alice"].learner)
    services.assignment_create(
        cohort=classroom["other"],
        kind="drill",
        drill=classroom["submission"].drill,
        due_at=classroom["assignments"]["drill"].due_at,
        created_by=classroom["other_teacher"],
    )
    review(classroom, "cohort", "teacher", 2)
    page = page_for(
        classroom["other_teacher"], f"/classroom/cohorts/{classroom['other'].pk}/drills/"
    )
    row = page.split("<tbody>")[1]
    submission = classroom["submission"]
    assert f"<td>{submission.score} of {submission.max_score}</td>" in row
    assert f"<td>{submission.score + 2} of {submission.max_score}</td>" not in row
    assert "<td>—</td>" in row


def test_a_stale_join_link_signed_out_answers_404(classroom):
    response = Client().get("/classroom/join/AAAA-BBBB-CCCC/")
    assert response.status_code == 404
    assert "the code may have been replaced" in response.content.decode()


def test_opening_join_links_signed_out_is_rate_limited(classroom):
    client = Client()
    statuses = [client.get(f"/classroom/join/AAAA-BBBB-CC{i:02d}/").status_code for i in range(11)]
    assert statuses[:10] == [404] * 10
    assert statuses[10] == 429


def test_the_override_picker_starts_at_this_classs_level_not_anothers(classroom):
    services.cohort_join(cohort=classroom["other"], learner=classroom["alice"].learner)
    review(classroom, "other", "other_teacher", 2)
    submission = classroom["submission"]
    grader = next(c for c in submission.result["criteria"] if c["id"] == "multi-stage")["points"]
    page = page_for(
        classroom["teacher"],
        f"/classroom/cohorts/{classroom['cohort'].pk}/submissions/{submission.pk}/",
    )
    multi_stage = page.split('id="criterion-multi-stage"')[1].split("</li>")[0]
    assert f'<option value="{grader}" selected>' in multi_stage
    assert grader != 2
