"""Top-level URL routes."""

from django.contrib import admin
from django.urls import include, path

from config import health
from course import views as course_views

urlpatterns = [
    path("", course_views.course_home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("lessons/", include("lessons.urls")),
    path("", include("quiz.urls")),
    path("drills/", include("quiz.drill_urls")),
    path("admin/", admin.site.urls),
]
