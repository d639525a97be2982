"""Who may see and do what in the classroom.

Learners see their own work and their cohorts' assignments; instructors see the cohorts they teach;
staff see everything. A cohort someone may not see answers 404, so its existence is not revealed.
Teaching needs the instructor role: an account whose role is taken away loses access to every
cohort at once, though it stays listed as an instructor (without access) until removed.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group, Permission
from django.db.models import Q, QuerySet

from classroom.models import Cohort

INSTRUCTORS_GROUP = "Instructors"
TEACH_PERMISSION = "classroom.teach_cohorts"


def is_instructor(user: AbstractBaseUser) -> bool:
    return bool(user.is_authenticated and (user.is_staff or user.has_perm(TEACH_PERMISSION)))


def cohorts_taught_by(user: AbstractBaseUser) -> QuerySet[Cohort]:
    if user.is_authenticated and user.is_staff:
        return Cohort.objects.all()
    if not is_instructor(user):
        return Cohort.objects.none()
    return Cohort.objects.filter(instructors=user)


def instructor_accounts() -> QuerySet:
    """Every account with the instructor role: in the group, granted the permission, or staff."""
    users = get_user_model().objects.filter(is_active=True)
    return users.filter(
        Q(is_staff=True)
        | Q(is_superuser=True)
        | Q(user_permissions__codename="teach_cohorts")
        | Q(groups__permissions__codename="teach_cohorts")
    ).distinct()


def instructor_group() -> Group:
    """The group that carries the teaching permission (created on first use)."""
    group, _ = Group.objects.get_or_create(name=INSTRUCTORS_GROUP)
    permission = Permission.objects.get(
        codename="teach_cohorts", content_type__app_label="classroom"
    )
    group.permissions.add(permission)
    return group
