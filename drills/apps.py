"""App configuration: what happens to a learner's records here when they sign in (learners/claims.py)."""

from django.apps import AppConfig


class DrillsConfig(AppConfig):
    name = "drills"
    verbose_name = "Interview drills"

    def ready(self) -> None:
        from learners.claims import register_moved

        register_moved("drills.DrillSubmission")
