"""App configuration: what happens to a learner's records here when they sign in (learners/claims.py)."""

from django.apps import AppConfig


class QuizConfig(AppConfig):
    name = "quiz"
    verbose_name = "Quizzes"

    def ready(self) -> None:
        from learners.claims import register_moved

        register_moved("quiz.QuizRun")
        register_moved("quiz.Attempt")
