"""Grant a user the instructor role (they can then create and teach cohorts)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from classroom.permissions import INSTRUCTORS_GROUP, instructor_group


class Command(BaseCommand):
    help = f"Add a user to the '{INSTRUCTORS_GROUP}' group, which may create and teach cohorts."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")

    def handle(self, *args, **options) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user '{options['username']}'. They must sign up first.")
        user.groups.add(instructor_group())
        self.stdout.write(self.style.SUCCESS(f"{user.username} is now an instructor."))
