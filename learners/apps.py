"""App configuration: the learner's session and CSRF tokens are made with one draw of randomness,
and CSRF tokens masked with table lookups."""

from django.apps import AppConfig


class LearnersConfig(AppConfig):
    name = "learners"
    verbose_name = "Learners"

    def ready(self) -> None:
        # Learners are every visitor's sessions and CSRF tokens: the lowest app installs the
        # faster (equally random) way of making them, for the site, the tests and the commands.
        from config import csrf_masking, randomness

        randomness.install()
        csrf_masking.install()  # and masks CSRF tokens with table lookups (same tokens)
