"""App configuration: the learner's session and CSRF tokens are made with one draw of randomness."""

from django.apps import AppConfig


class LearnersConfig(AppConfig):
    name = "learners"
    verbose_name = "Learners"

    def ready(self) -> None:
        # Learners are every visitor's sessions and CSRF tokens: the lowest app installs the
        # faster (equally random) way of making them, for the site, the tests and the commands.
        from config.randomness import install

        install()
