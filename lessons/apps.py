"""App configuration: what happens to a learner's records here when they sign in (learners/claims.py)."""

from django.apps import AppConfig


class LessonsConfig(AppConfig):
    name = "lessons"
    verbose_name = "Lessons"

    def ready(self) -> None:
        from learners.claims import register_merged
        from lessons.services import lesson_reads_merge, reading_positions_merge

        register_merged("lessons.LessonRead", lesson_reads_merge)
        register_merged("lessons.ReadingPosition", reading_positions_merge)
