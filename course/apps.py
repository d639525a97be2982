from django.apps import AppConfig


class CourseConfig(AppConfig):
    """The course as a whole: loads lessons and question banks together and checks them against each other."""

    name = "course"
    verbose_name = "Course content"
