"""Top-level URL routes."""

from django.contrib import admin
from django.urls import include, path

from config import health
from lessons import views as lesson_views

urlpatterns = [
    path("", lesson_views.course_home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("lessons/", include("lessons.urls")),
    path("admin/", admin.site.urls),
]
