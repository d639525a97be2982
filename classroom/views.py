"""Classroom pages: cohorts for instructors (dashboard, question analysis, drill review, exports) and
joining and assignments for learners. Permission rules live in classroom.permissions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from classroom import exports, selectors, services
from classroom.confirmations import DESTRUCTIVE_ACTIONS, confirmation_for
from classroom.forms import (
    AssignmentForm,
    CohortForm,
    DueDateForm,
    ExtensionForm,
    InstructorForm,
    JoinForm,
    OverrideForm,
)
from classroom.models import Cohort
from classroom.permissions import cohorts_taught_by, is_instructor
from classroom.progress import arrange, matrix_page
from config import throttling
from config.fragments import page_or_fragment
from config.inputs import parse_id
from drills.models import DrillSubmission
from drills.overrides import (
    OverrideRefused,
    cohort_reviewed_scores,
    drill_override_record,
    latest_overrides,
    level_choices,
)
from drills.presenting import criteria_views, highlighted_answer
from labs import selectors as lab_selectors
from learners.services import learner_get_or_create_for_request
from lessons.models import Lesson


def _taught_cohort(request: HttpRequest, cohort_id: int) -> Cohort:
    """The cohort if the user teaches it (or is staff); 404 otherwise, revealing nothing."""
    return get_object_or_404(cohorts_taught_by(request.user), pk=cohort_id)


@login_required
@require_safe
def classroom_home(request: HttpRequest) -> HttpResponse:
    learner = learner_get_or_create_for_request(request=request)
    context = {
        "taught": list(cohorts_taught_by(request.user).prefetch_related("memberships"))
        if is_instructor(request.user)
        else [],
        "is_instructor": is_instructor(request.user),
        "cohorts": selectors.learner_cohorts(learner),
        "assignments": selectors.learner_assignments(learner),
        "join_form": JoinForm(),
    }
    return render(request, "classroom/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def cohort_create(request: HttpRequest) -> HttpResponse:
    if not is_instructor(request.user):
        raise PermissionDenied("Only instructors can create cohorts.")
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cohort = services.cohort_create(instructor=request.user, **form.cleaned_data)
        return redirect(cohort.get_absolute_url())
    status = 422 if request.method == "POST" else 200
    return render(request, "classroom/cohort_form.html", {"form": form}, status=status)


def _join_allowed(request: HttpRequest) -> throttling.Verdict:
    """Joining is rate-limited per account and per address so that codes cannot be guessed."""
    verdicts = [
        throttling.rate_limit_hit(
            "cohort-join-per-user",
            str(request.user.pk),
            **throttling.limit_for("cohort-join-per-user"),
        ),
        throttling.rate_limit_hit(
            "cohort-join-per-address",
            throttling.client_address(request),
            **throttling.limit_for("cohort-join-per-address"),
        ),
    ]
    refused = [verdict for verdict in verdicts if not verdict.allowed]
    return max(refused, key=lambda v: v.retry_after) if refused else verdicts[0]


def _join_signed_out(request: HttpRequest, cohort: Cohort | None) -> HttpResponse:
    """A join link opened signed out: name the class and offer both ways in, each coming back
    here (`next`) to confirm joining once signed in. A stale link says so (404)."""
    context = {"cohort": cohort, "next": request.get_full_path()}
    status = 200 if cohort is not None else 404
    return render(request, "classroom/join_signed_out.html", context, status=status)


@require_http_methods(["GET", "POST"])
def cohort_join(request: HttpRequest, code: str = "") -> HttpResponse:
    """Join with a code typed in, or from a join link (which asks for confirmation first).

    Opening a join link counts against the same limits as the form, signed in or out: a link is a
    code to guess too.
    """
    link = bool(code) and request.method == "GET"
    if not request.user.is_authenticated and not link:
        return redirect_to_login(request.get_full_path())
    if request.method == "POST" or link:
        verdict = _join_allowed(request)
        if not verdict.allowed:
            return throttling.too_many_requests(
                request,
                verdict,
                "Too many join attempts. Check the code with your instructor and try again later.",
            )
    if link:
        # Bound to the link's code, so the page shows it with any problem beside it.
        form = JoinForm({"code": code[:40]})
        cohort = selectors.cohort_by_code(code) if form.is_valid() else None
        if not request.user.is_authenticated:
            return _join_signed_out(request, cohort)
        if cohort is None:
            # A malformed code already has its field error; the link's problem is said once above.
            form.add_error(
                None if form.errors else "code",
                "That join link is not valid any more (the code may have been replaced). "
                "Ask your instructor for the current code or link.",
            )
            return render(request, "classroom/join.html", {"form": form}, status=404)
        return render(request, "classroom/join.html", {"form": form, "cohort": cohort})
    form = JoinForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            cohort = selectors.cohort_by_code(form.cleaned_data["code"])
            if cohort is None:
                form.add_error("code", "No cohort has that code. Check it with your instructor.")
            else:
                learner = learner_get_or_create_for_request(request=request)
                services.cohort_join(cohort=cohort, learner=learner)
                return redirect("classroom:home")
        return render(request, "classroom/join.html", {"form": form}, status=422)
    return render(request, "classroom/join.html", {"form": form})


@login_required
@require_safe
@page_or_fragment
def cohort_dashboard(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = _taught_cohort(request, cohort_id)
    assignments, rows = selectors.cohort_progress(cohort)
    sort = request.GET.get("sort", "name")
    show = request.GET.get("show", "all")
    # The optional lab column costs one more query, whatever the cohort's size.
    show_labs = request.GET.get("labs") == "1"
    page = matrix_page(arrange(rows, sort=sort, show=show), request.GET.get("page"))
    context = {
        "cohort": cohort,
        "assignments": assignments,
        "rows": page.object_list,
        "page": page,  # page.paginator.count: the learners the filter shows, on every page
        "member_count": len(rows),
        "sort": sort,
        "show": show,
        "show_labs": show_labs,
        "lab_solved": lab_selectors.solved_counts([row.learner_id for row in page.object_list])
        if show_labs
        else {},
        "lab_total": lab_selectors.exercise_total(),
        "join_url": request.build_absolute_uri(f"/classroom/join/{cohort.join_code}/"),
    }
    template = "classroom/dashboard.html#matrix" if request.htmx else "classroom/dashboard.html"
    return render(request, template, context)


def _confirmation_page(request: HttpRequest, cohort: Cohort, action) -> HttpResponse | None:
    """A destructive action is asked about first; the same post with confirm=1 carries it out.

    None when there is nothing to ask: confirmed, not destructive, or a form the action itself
    refuses with its own message (a member who is not one, an assignment that is gone).
    """
    if action not in DESTRUCTIVE_ACTIONS or request.POST.get("confirm") == "1":
        return None
    try:
        confirmation = confirmation_for(cohort=cohort, action=action, data=request.POST)
    except services.ClassroomError:
        return None
    context = {"cohort": cohort, "confirmation": confirmation}
    return render(request, "classroom/confirm.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def cohort_manage(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """Members, the join code, co-instructors; POST actions change them."""
    cohort = _taught_cohort(request, cohort_id)
    instructor_form = InstructorForm()
    message = error = ""
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        asked = _confirmation_page(request, cohort, action)
        if asked is not None:
            return asked
        try:
            if action == "regenerate-code":
                services.cohort_regenerate_code(cohort=cohort)
                message = "A new join code is ready. The old code and link no longer work."
            elif action == "remove-member":
                learner_id = parse_id(request.POST.get("learner"))
                if learner_id is None:
                    raise services.ClassroomError("Choose a member to remove.")
                services.cohort_remove_member(cohort=cohort, learner_id=learner_id)
                message = "The learner was removed from the cohort. Their own work is kept."
            elif action == "add-instructor":
                instructor_form = InstructorForm(request.POST)
                if not instructor_form.is_valid():
                    raise services.ClassroomError("Enter a username.")
                services.cohort_add_instructor(
                    cohort=cohort, username=instructor_form.cleaned_data["username"]
                )
                message = "Co-instructor added."
                instructor_form = InstructorForm()
            elif action == "remove-instructor":
                user_id = parse_id(request.POST.get("instructor"))
                if user_id is None:
                    raise services.ClassroomError("Choose an instructor to remove.")
                services.cohort_remove_instructor(cohort=cohort, user_id=user_id)
                message = "The instructor was removed: they no longer have access to this cohort."
                if user_id == request.user.pk and not request.user.is_staff:
                    return redirect("classroom:home")
            elif action == "delete-assignment":
                assignment_id = parse_id(request.POST.get("assignment"))
                if assignment_id is None:
                    raise services.ClassroomError("Choose an assignment to remove.")
                services.assignment_delete(cohort=cohort, assignment_id=assignment_id)
                message = "Assignment removed."
            else:
                return HttpResponse("Unknown action.", status=400, content_type="text/plain")
        except services.ClassroomError as problem:
            error, status = str(problem), 422
    context = {
        "cohort": cohort,
        "members": selectors.cohort_members(cohort),
        "access": selectors.cohort_access(cohort),
        "assignments": selectors.cohort_assignments(cohort),
        "instructor_form": instructor_form,
        "message": message,
        "error": error,
        "join_url": request.build_absolute_uri(f"/classroom/join/{cohort.join_code}/"),
    }
    return render(request, "classroom/manage.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def assignment_create(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = _taught_cohort(request, cohort_id)
    form = AssignmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.assignment_create(cohort=cohort, created_by=request.user, **form.cleaned_data)
        return redirect(cohort.get_absolute_url())
    status = 422 if request.method == "POST" else 200
    return render(
        request, "classroom/assignment_form.html", {"cohort": cohort, "form": form}, status=status
    )


@login_required
@require_safe
def learner_detail(request: HttpRequest, cohort_id: int, learner_id: int) -> HttpResponse:
    """One member's work on the cohort's assignments, and their drill submissions."""
    cohort = _taught_cohort(request, cohort_id)
    membership = get_object_or_404(
        cohort.memberships.select_related("learner__user"), learner_id=learner_id
    )
    work = selectors.member_work(cohort, membership.learner)
    drill_ids = [assignment.drill_id for assignment, _ in work if assignment.drill_id]
    submissions = list(
        DrillSubmission.objects.filter(learner_id=learner_id, drill_id__in=drill_ids)
        .select_related("drill")
        .defer("result", "answer", "dockerignore", "drill__spec")
    )
    reviewed = cohort_reviewed_scores(cohort, [(s.pk, s.score) for s in submissions])
    for submission in submissions:
        submission.reviewed_score = reviewed.get(submission.pk)
    context = {
        "cohort": cohort,
        "member": membership,
        "name": selectors.learner_name(membership.learner),
        "work": work,
        "submissions": submissions,
    }
    return render(request, "classroom/learner_detail.html", context)


@login_required
@require_safe
def question_analysis(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = _taught_cohort(request, cohort_id)
    lessons = list(Lesson.objects.filter(is_active=True).order_by("order"))
    slug = request.GET.get("lesson") or (lessons[0].slug if lessons else "")
    lesson = next((lesson for lesson in lessons if lesson.slug == slug), None)
    if lesson is None:
        raise Http404("No such quiz.")
    context = {
        "cohort": cohort,
        "lessons": lessons,
        "lesson": lesson,
        **selectors.quiz_item_analysis(cohort, lesson),
    }
    return render(request, "classroom/questions.html", context)


def _cohort_submission(cohort: Cohort, submission_id: int) -> DrillSubmission:
    """A member's submission to a drill the cohort assigns, or 404."""
    return get_object_or_404(
        selectors.cohort_drill_submissions(cohort).select_related("drill", "learner__user"),
        pk=submission_id,
    )


@login_required
@require_safe
def drill_review(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """Members' answers to the cohort's drill assignments, with how many of its own overrides each has."""
    cohort = _taught_cohort(request, cohort_id)
    submissions = list(
        selectors.cohort_drill_submissions(cohort)
        .select_related("drill", "learner__user")
        .annotate(override_count=Count("overrides", filter=Q(overrides__cohort=cohort)))
        .order_by("-created_at")[:300]
    )
    reviewed = cohort_reviewed_scores(cohort, [(s.pk, s.score) for s in submissions])
    for submission in submissions:
        submission.reviewed_score = reviewed.get(submission.pk)
    context = {"cohort": cohort, "submissions": submissions, "name_of": selectors.learner_name}
    return render(request, "classroom/drill_review.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def submission_review(request: HttpRequest, cohort_id: int, submission_id: int) -> HttpResponse:
    """A submission with the grader's levels and evidence; the instructor can override a level."""
    cohort = _taught_cohort(request, cohort_id)
    submission = _cohort_submission(cohort, submission_id)
    error = ""
    status = 200
    if request.method == "POST":
        form = OverrideForm(request.POST)
        if form.is_valid():
            try:
                drill_override_record(
                    submission=submission,
                    cohort=cohort,
                    criterion_id=form.cleaned_data["criterion"],
                    level=form.cleaned_data["level"],
                    comment=form.cleaned_data["comment"],
                    instructor=request.user,
                )
                return redirect(f"{request.path}#criterion-{form.cleaned_data['criterion']}")
            except OverrideRefused as refused:
                error = str(refused)
        else:
            error = "Choose a level and write a comment for the learner."
        status = 422
    overrides = list(submission.overrides.filter(cohort=cohort).select_related("instructor"))
    in_force = latest_overrides(overrides)
    criteria = criteria_views(submission.drill.parsed, submission.result)
    context = {
        "cohort": cohort,
        "submission": submission,
        "name": selectors.learner_name(submission.learner),
        "criteria": criteria,
        "overrides": in_force,
        # The picker starts at the level in force and names every level (issue 13).
        "level_choices": {
            c.id: level_choices(
                c.max_points, in_force[c.id].level if c.id in in_force else c.points
            )
            for c in criteria
        },
        "history": overrides,
        "highlighted": highlighted_answer(submission.answer, submission.result)
        if submission.drill.kind == "text"
        else None,
        "error": error,
    }
    return render(request, "classroom/submission.html", context, status=status)


@login_required
@require_safe
def export_grades(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = _taught_cohort(request, cohort_id)
    return exports.grades_csv(cohort)


@login_required
@require_safe
def export_attempts(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = _taught_cohort(request, cohort_id)
    return exports.attempts_csv(cohort)


@login_required
@require_http_methods(["GET", "POST"])
def assignment_edit(request: HttpRequest, cohort_id: int, assignment_id: int) -> HttpResponse:
    """An assignment's due date for everyone, and extensions for single learners (POST actions)."""
    cohort = _taught_cohort(request, cohort_id)
    assignment = get_object_or_404(
        cohort.assignments.select_related("lesson", "drill"), pk=assignment_id
    )
    members = [
        (m.learner_id, selectors.learner_name(m.learner)) for m in selectors.cohort_members(cohort)
    ]
    due_form = DueDateForm(initial={"due_at": assignment.due_at})
    extension_form = ExtensionForm(members=members)
    message = error = ""
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "reschedule":
                due_form = DueDateForm(request.POST)
                if not due_form.is_valid():
                    raise services.ClassroomError("Enter the new due date.")
                services.assignment_reschedule(
                    assignment=assignment, due_at=due_form.cleaned_data["due_at"]
                )
                message = "Due date changed. Every learner's status follows it."
            elif action == "extend":
                extension_form = ExtensionForm(request.POST, members=members)
                if not extension_form.is_valid():
                    raise services.ClassroomError("Choose a learner and enter their due date.")
                services.extension_grant(
                    assignment=assignment,
                    learner_id=extension_form.cleaned_data["learner"],
                    due_at=extension_form.cleaned_data["due_at"],
                    granted_by=request.user,
                )
                message = "Extension given. That learner's status now follows their own due date."
                extension_form = ExtensionForm(members=members)
            elif action == "remove-extension":
                extension_id = parse_id(request.POST.get("extension"))
                if extension_id is None:
                    raise services.ClassroomError("Choose an extension to take back.")
                services.extension_remove(assignment=assignment, extension_id=extension_id)
                message = "Extension taken back."
            else:
                return HttpResponse("Unknown action.", status=400, content_type="text/plain")
        except services.ClassroomError as problem:
            error, status = str(problem), 422
    context = {
        "cohort": cohort,
        "assignment": assignment,
        "due_form": due_form,
        "extension_form": extension_form,
        "extensions": selectors.assignment_extensions(assignment),
        "has_members": bool(members),
        "message": message,
        "error": error,
    }
    return render(request, "classroom/assignment_edit.html", context, status=status)
