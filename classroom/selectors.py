"""Reads for the classroom. The dashboard's queries are a fixed handful, however big the cohort."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db.models import Max, Min
from django.utils import timezone

from classroom.answer_tables import choice_rows, typed_answers
from classroom.codes import normalise_join_code
from classroom.models import Assignment, Cohort, Extension, Membership
from classroom.permissions import instructor_accounts
from classroom.progress import AssignmentFacts, Completion, Row, progress_matrix
from classroom.statistics import ItemResponse, QuizResponse, item_statistics, quiz_statistics
from classroom.statistics import QuestionSpec as StatisticsQuestion
from drills.models import DrillOverride, DrillSubmission
from drills.overrides import effective_score, latest_overrides
from learners.models import Learner
from lessons.models import LessonRead
from quiz.grading.answers import chosen_option_ids
from quiz.grading.questions import QuestionType
from quiz.models import Attempt, Question, QuizRun


def learner_name(learner: Learner) -> str:
    user = learner.user
    if user is None:
        return f"Learner #{learner.pk}"
    full = user.get_full_name()
    return f"{full} ({user.get_username()})" if full else user.get_username()


def cohort_members(cohort: Cohort) -> list[Membership]:
    return list(
        cohort.memberships.select_related("learner__user").order_by("learner__user__username")
    )


def cohort_assignments(cohort: Cohort) -> list[Assignment]:
    return list(cohort.assignments.select_related("lesson", "drill"))


def cohort_access(cohort: Cohort) -> list[tuple[object, str]]:
    """Who can open the cohort's pages and why: its instructors (and whether their role still
    gives them access), then the site's staff, who see every cohort (two queries)."""
    teaching_ids = set(instructor_accounts().values_list("pk", flat=True))
    people: list[tuple[object, str]] = []
    for user in cohort.instructors.order_by("username"):
        if user.is_staff:
            people.append((user, "instructor (staff)"))
        elif user.pk in teaching_ids:
            people.append((user, "instructor"))
        else:
            people.append((user, "no access: the instructor role was taken away"))
    listed = {user.pk for user, _ in people}
    staff = get_user_model().objects.filter(is_staff=True, is_active=True).order_by("username")
    people += [(user, "site staff") for user in staff if user.pk not in listed]
    return people


def cohort_assigned_work(cohort: Cohort) -> tuple[list[int], list[int]]:
    """(lesson ids of the quizzes, drill ids) the cohort assigns (one query).

    An instructor sees a member's answers only to these: work done for no assignment of the class
    stays the learner's own (the join page says so).
    """
    quizzes, drills = [], []
    for kind, lesson_id, drill_id in cohort.assignments.values_list(
        "kind", "lesson_id", "drill_id"
    ):
        if kind == Assignment.Kind.QUIZ:
            quizzes.append(lesson_id)
        elif kind == Assignment.Kind.DRILL:
            drills.append(drill_id)
    return quizzes, drills


def cohort_drill_submissions(cohort: Cohort):
    """Members' submissions to the drills the cohort assigns, as a queryset (not yet run)."""
    _, drill_ids = cohort_assigned_work(cohort)
    return DrillSubmission.objects.filter(
        learner_id__in=cohort.memberships.values("learner_id"), drill_id__in=drill_ids
    )


def assignment_facts(assignment: Assignment) -> AssignmentFacts:
    target = (
        assignment.drill_id if assignment.kind == Assignment.Kind.DRILL else assignment.lesson_id
    )
    return AssignmentFacts(
        assignment.pk, assignment.kind, target, assignment.short_title, assignment.due_at
    )


def drill_best_scores(
    learner_ids: list[int], drill_ids: list[int], cohort_id: int
) -> dict[tuple[int, int], Completion]:
    """Best score per (learner, drill) after this cohort's overrides, and when the first answer came in.

    Only the cohort's own overrides count: another class's review never changes this class's grades.
    """
    submissions = list(
        DrillSubmission.objects.filter(learner_id__in=learner_ids, drill_id__in=drill_ids).values(
            "id", "learner_id", "drill_id", "score", "max_score", "created_at"
        )
    )
    overrides_by_submission = defaultdict(list)
    for override in DrillOverride.objects.filter(
        submission_id__in=[row["id"] for row in submissions], cohort_id=cohort_id
    ).select_related("instructor"):
        overrides_by_submission[override.submission_id].append(override)
    best: dict[tuple[int, int], Completion] = {}
    for row in submissions:
        score = effective_score(row["score"], latest_overrides(overrides_by_submission[row["id"]]))
        key = (row["learner_id"], row["drill_id"])
        current = best.get(key)
        first = min(row["created_at"], current.finished_at) if current else row["created_at"]
        top = max(score, current.score) if current else score
        best[key] = Completion(first, top, row["max_score"])
    return best


def completions_for(learner_ids: list[int], assignments: list[Assignment], cohort_id: int) -> dict:
    """Everything the matrix needs about the learners' work for one cohort's assignments, in four
    queries (extensions aside)."""
    lessons = [a.lesson_id for a in assignments if a.kind == Assignment.Kind.LESSON]
    quizzes = [a.lesson_id for a in assignments if a.kind == Assignment.Kind.QUIZ]
    drills = [a.drill_id for a in assignments if a.kind == Assignment.Kind.DRILL]
    completions: dict[tuple[str, int, int], Completion] = {}
    if lessons:
        for learner_id, lesson_id, read_at in LessonRead.objects.filter(
            learner_id__in=learner_ids, lesson_id__in=lessons
        ).values_list("learner_id", "lesson_id", "read_at"):
            completions[("lesson", learner_id, lesson_id)] = Completion(read_at)
    if quizzes:
        rows = (
            QuizRun.objects.filter(
                learner_id__in=learner_ids,
                lesson_id__in=quizzes,
                finished_at__isnull=False,
                retry_of__isnull=True,  # a retry of missed questions is practice, not a score
            )
            .values("learner_id", "lesson_id")
            .annotate(best=Max("score"), size=Max("max_score"), first=Min("finished_at"))
        )
        for row in rows:
            completions[("quiz", row["learner_id"], row["lesson_id"])] = Completion(
                row["first"], row["best"], row["size"]
            )
    if drills:
        for (learner_id, drill_id), completion in drill_best_scores(
            learner_ids, drills, cohort_id
        ).items():
            completions[("drill", learner_id, drill_id)] = completion
    return completions


def extensions_for(learner_ids: list[int], assignments: list[Assignment]) -> dict:
    """(assignment id, learner id) -> the learner's extended due date (one query)."""
    rows = Extension.objects.filter(
        learner_id__in=learner_ids, assignment_id__in=[a.pk for a in assignments]
    ).values_list("assignment_id", "learner_id", "due_at")
    return {(assignment_id, learner_id): due for assignment_id, learner_id, due in rows}


def assignment_extensions(assignment: Assignment) -> list[Extension]:
    """The assignment's extensions, with each learner's name at hand (one query)."""
    return list(assignment.extensions.select_related("learner__user").order_by("due_at"))


def cohort_progress(cohort: Cohort) -> tuple[list[Assignment], list[Row]]:
    """The progress matrix: assignments as columns, a row per member."""
    members = cohort_members(cohort)
    assignments = cohort_assignments(cohort)
    learner_ids = [m.learner_id for m in members]
    completions = completions_for(learner_ids, assignments, cohort.pk)
    rows = progress_matrix(
        [(m.learner_id, learner_name(m.learner)) for m in members],
        [assignment_facts(a) for a in assignments],
        completions,
        timezone.now(),
        extensions_for(learner_ids, assignments),
    )
    return assignments, rows


def _statuses(learner: Learner, assignments: list[Assignment]) -> list[tuple[Assignment, object]]:
    """Each assignment with this one learner's cell (status, score), in five queries at most per
    cohort: each cohort's assignments are scored with that cohort's overrides and the learner's
    extended due dates."""
    by_cohort: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in assignments:
        by_cohort[assignment.cohort_id].append(assignment)
    cells = {}
    for cohort_id, group in by_cohort.items():
        completions = completions_for([learner.pk], group, cohort_id)
        [row] = progress_matrix(
            [(learner.pk, "")],
            [assignment_facts(a) for a in group],
            completions,
            timezone.now(),
            extensions_for([learner.pk], group),
        )
        cells.update(zip((a.pk for a in group), row.cells, strict=True))
    return [(assignment, cells[assignment.pk]) for assignment in assignments]


def learner_assignments(learner: Learner | None) -> list[tuple[Assignment, object]]:
    """A learner's assignments across their cohorts, each with its status (for home and /me/)."""
    if learner is None or learner.user_id is None:
        return []  # only signed-in learners join a cohort: no query for an anonymous one
    assignments = list(
        Assignment.objects.filter(cohort__memberships__learner=learner)
        .select_related("lesson", "drill", "cohort")
        .order_by("due_at")
    )
    return _statuses(learner, assignments)


def member_work(cohort: Cohort, learner: Learner) -> list[tuple[Assignment, object]]:
    """One member's status on each of the cohort's assignments (not the whole cohort's matrix)."""
    return _statuses(learner, cohort_assignments(cohort))


def cohort_by_code(typed: str) -> Cohort | None:
    """The cohort a join code (as typed, or from a join link) belongs to, if any."""
    code = normalise_join_code(typed)
    return Cohort.objects.filter(join_code=code).first() if code else None


def learner_cohorts(learner: Learner | None) -> list[Cohort]:
    if learner is None:
        return []
    return list(Cohort.objects.filter(memberships__learner=learner))


def quiz_item_analysis(cohort: Cohort, lesson) -> dict:
    """Question statistics for one quiz in one cohort, from each member's first finished run."""
    member_ids = list(cohort.memberships.values_list("learner_id", flat=True))
    first_runs: dict[int, int] = {}
    for run_id, learner_id in (
        QuizRun.objects.filter(
            learner_id__in=member_ids, lesson=lesson, finished_at__isnull=False, retry_of=None
        )
        .order_by("finished_at")
        .values_list("id", "learner_id")
    ):
        first_runs.setdefault(learner_id, run_id)
    # Each question's spec is parsed once, not once per attempt (a cohort answers it hundreds of
    # times), and attempts come as plain values: the page stays a fixed number of queries.
    lesson_questions = list(Question.objects.filter(lesson=lesson).order_by("position"))
    questions = [question for question in lesson_questions if question.is_active]
    spec_by_pk = {question.pk: question.parsed for question in lesson_questions}
    attempts = list(
        Attempt.objects.filter(run_id__in=list(first_runs.values())).values_list(
            "learner_id", "question_id", "score", "answer", "is_correct"
        )
    )
    if missing := {attempt[1] for attempt in attempts} - spec_by_pk.keys():
        # A question moved to another lesson since the run: still this run's answer.
        spec_by_pk |= {q.pk: q.parsed for q in Question.objects.filter(pk__in=missing)}
    responses: dict[int, dict] = defaultdict(dict)
    typed: dict[str, list[tuple[object, bool]]] = defaultdict(list)
    for learner_id, question_pk, score, answer, is_correct in attempts:
        spec = spec_by_pk[question_pk]
        responses[learner_id][spec.id] = ItemResponse(score, chosen_option_ids(spec, answer))
        if spec.type in (QuestionType.SHORT_TEXT, QuestionType.NUMERIC):
            typed[spec.id].append((answer, is_correct))
    specs = [
        StatisticsQuestion(q.parsed.id, q.parsed.option_ids, q.parsed.correct_option_ids)
        for q in questions
    ]
    quiz_responses = [QuizResponse(learner_id, items) for learner_id, items in responses.items()]
    return {
        "questions": [
            (
                question,
                stats,
                choice_rows(question.parsed, stats),
                typed_answers(typed[question.question_id]),
            )
            for question, stats in zip(
                questions, item_statistics(quiz_responses, specs), strict=True
            )
        ],
        "summary": quiz_statistics(quiz_responses, specs),
    }
