"""Top-level URL routes."""

from django.contrib import admin
from django.urls import include, path, register_converter

from config import auth_views, errors, health
from config.inputs import IdConverter
from course import views as course_views
from learners import views as learner_views

# `<id:…>`: a primary key in the database's range (a 40-digit segment is a 404, not an overflow).
register_converter(IdConverter, "id")

urlpatterns = [
    path("", course_views.course_home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("lessons/", include("lessons.urls")),
    path("", include("quiz.urls")),
    path("drills/", include("drills.urls")),
    path("classroom/", include("classroom.urls")),
    path("labs/", include("labs.urls")),
    path("search/", include("search.urls")),
    path("accounts/signup/", learner_views.signup, name="signup"),
    path("me/", learner_views.my_progress, name="my-progress"),
    path("me/time-zone/", learner_views.time_zone_change, name="time-zone"),
    # django.contrib.auth's pages, with throttled login and password-reset requests in front.
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/password_reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]

# Renders the 400 page without reading the body again (see config/errors.py).
handler400 = errors.bad_request
