"""Writes for the classroom: cohorts, joining, membership, instructors, assignments, extensions."""

from __future__ import annotations

from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from classroom.codes import new_join_code
from classroom.models import Assignment, Cohort, Extension, Membership
from classroom.permissions import instructor_accounts
from learners.models import Learner


class ClassroomError(ValueError):
    """A request that cannot be carried out, with a message for the person who made it."""


def _unique_code() -> str:
    while True:
        code = new_join_code()
        if not Cohort.objects.filter(join_code=code).exists():
            return code


@transaction.atomic
def cohort_create(
    *, name: str, instructor, start_date: date | None = None, end_date: date | None = None
) -> Cohort:
    if start_date and end_date and end_date < start_date:
        raise ClassroomError("The end date is before the start date.")
    cohort = Cohort.objects.create(
        name=name.strip(),
        start_date=start_date,
        end_date=end_date,
        join_code=_unique_code(),
        created_by=instructor,
    )
    cohort.instructors.add(instructor)
    return cohort


def cohort_join(*, cohort: Cohort, learner: Learner) -> tuple[Membership, bool]:
    """Join (idempotent): returns the membership and whether it is new."""
    try:
        with transaction.atomic():
            return Membership.objects.get_or_create(cohort=cohort, learner=learner)
    except IntegrityError:  # joined twice at once
        return Membership.objects.get(cohort=cohort, learner=learner), False


def cohort_regenerate_code(*, cohort: Cohort) -> str:
    """A new join code; the old one stops working at once. Members stay members."""
    cohort.join_code = _unique_code()
    cohort.save(update_fields=["join_code"])
    return cohort.join_code


def cohort_remove_member(*, cohort: Cohort, learner_id: int) -> None:
    """Remove a learner from the cohort. Their own work is theirs and is kept."""
    deleted, _ = Membership.objects.filter(cohort=cohort, learner_id=learner_id).delete()
    if not deleted:
        raise ClassroomError("That learner is not a member of this cohort.")


def cohort_add_instructor(*, cohort: Cohort, username: str) -> None:
    """Give another instructor full access to the cohort. Only instructor accounts can be added:
    a co-instructor sees every member's work."""
    user = get_user_model().objects.filter(username=username.strip()).first()
    if user is None:
        raise ClassroomError(
            f"There is no account '{username.strip()}'. Ask them to sign up first."
        )
    if not instructor_accounts().filter(pk=user.pk).exists():
        raise ClassroomError(
            f"'{user.get_username()}' does not have the instructor role, so they cannot teach a "
            "cohort. Ask the site's staff to grant it first."
        )
    cohort.instructors.add(user)


@transaction.atomic
def cohort_remove_instructor(*, cohort: Cohort, user_id: int) -> None:
    """Take away an instructor's access to the cohort; the last instructor cannot be removed."""
    # Locked, so two instructors removing each other at once cannot leave the cohort with nobody.
    Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
    instructors = list(cohort.instructors.values_list("pk", flat=True))
    if user_id not in instructors:
        raise ClassroomError("That account is not an instructor of this cohort.")
    if len(instructors) == 1:
        raise ClassroomError(
            "A cohort needs at least one instructor: add another before removing this one."
        )
    cohort.instructors.remove(user_id)


def assignment_create(
    *, cohort: Cohort, kind: str, due_at: datetime, created_by, lesson=None, drill=None
) -> Assignment:
    if kind == Assignment.Kind.DRILL:
        if drill is None:
            raise ClassroomError("Choose the drill to assign.")
        lesson = None
    else:
        if lesson is None:
            raise ClassroomError("Choose the lesson to assign.")
        drill = None
    return Assignment.objects.create(
        cohort=cohort, kind=kind, lesson=lesson, drill=drill, due_at=due_at, created_by=created_by
    )


def assignment_delete(*, cohort: Cohort, assignment_id: int) -> None:
    deleted, _ = Assignment.objects.filter(cohort=cohort, pk=assignment_id).delete()
    if not deleted:
        raise ClassroomError("That assignment does not exist.")


def assignment_reschedule(*, assignment: Assignment, due_at: datetime) -> None:
    """A new due date for everyone; statuses follow it (extensions stay as granted)."""
    assignment.due_at = due_at
    assignment.save(update_fields=["due_at"])


def extension_grant(
    *, assignment: Assignment, learner_id: int, due_at: datetime, granted_by
) -> Extension:
    """Give one member a later due date (granting again replaces the earlier extension)."""
    if not assignment.cohort.memberships.filter(learner_id=learner_id).exists():
        raise ClassroomError("That learner is not a member of this cohort.")
    if due_at <= assignment.due_at:
        raise ClassroomError(
            "An extension must be later than the assignment's due date: change the due date "
            "for everyone instead, or choose a later date."
        )
    extension, _ = Extension.objects.update_or_create(
        assignment=assignment,
        learner_id=learner_id,
        defaults={"due_at": due_at, "granted_by": granted_by},
    )
    return extension


def extension_remove(*, assignment: Assignment, extension_id: int) -> None:
    """Take an extension back: the learner is judged by the assignment's due date again."""
    deleted, _ = assignment.extensions.filter(pk=extension_id).delete()
    if not deleted:
        raise ClassroomError("That extension does not exist.")
