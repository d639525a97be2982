from django.urls import path

from classroom import views

app_name = "classroom"

urlpatterns = [
    path("", views.classroom_home, name="home"),
    path("join/", views.cohort_join, name="join"),
    path("join/<str:code>/", views.cohort_join, name="join-link"),
    path("cohorts/new/", views.cohort_create, name="create"),
    path("cohorts/<int:cohort_id>/", views.cohort_dashboard, name="dashboard"),
    path("cohorts/<int:cohort_id>/manage/", views.cohort_manage, name="manage"),
    path("cohorts/<int:cohort_id>/assignments/new/", views.assignment_create, name="assign"),
    path(
        "cohorts/<int:cohort_id>/assignments/<int:assignment_id>/",
        views.assignment_edit,
        name="assignment",
    ),
    path(
        "cohorts/<int:cohort_id>/learners/<int:learner_id>/", views.learner_detail, name="learner"
    ),
    path("cohorts/<int:cohort_id>/questions/", views.question_analysis, name="questions"),
    path("cohorts/<int:cohort_id>/drills/", views.drill_review, name="drills"),
    path(
        "cohorts/<int:cohort_id>/submissions/<int:submission_id>/",
        views.submission_review,
        name="submission",
    ),
    path("cohorts/<int:cohort_id>/export/grades.csv", views.export_grades, name="export-grades"),
    path(
        "cohorts/<int:cohort_id>/export/attempts.csv", views.export_attempts, name="export-attempts"
    ),
]
