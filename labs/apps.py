"""App configuration: what happens to a learner's records here when they sign in (learners/claims.py)."""

from django.apps import AppConfig


class LabsConfig(AppConfig):
    name = "labs"
    verbose_name = "Labs"

    def ready(self) -> None:
        from labs.services import lab_results_merge
        from learners.claims import register_merged

        register_merged("labs.LabResult", lab_results_merge)
