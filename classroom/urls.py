from django.urls import path

from classroom import views

app_name = "classroom"

urlpatterns = [
    path("", views.classroom_home, name="home"),
    path("join/", views.cohort_join, name="join"),
    path("join/<str:code>/", views.cohort_join, name="join-link"),
    path("cohorts/new/", views.cohort_create, name="create"),
    path("cohorts/<id:cohort_id>/", views.cohort_dashboard, name="dashboard"),
    path("cohorts/<id:cohort_id>/manage/", views.cohort_manage, name="manage"),
    path("cohorts/<id:cohort_id>/assignments/new/", views.assignment_create, name="assign"),
    path("cohorts/<id:cohort_id>/learners/<id:learner_id>/", views.learner_detail, name="learner"),
    path("cohorts/<id:cohort_id>/questions/", views.question_analysis, name="questions"),
    path("cohorts/<id:cohort_id>/drills/", views.drill_review, name="drills"),
    path(
        "cohorts/<id:cohort_id>/assignments/<id:assignment_id>/",
        views.assignment_edit,
        name="assignment",
    ),
    path(
        "cohorts/<id:cohort_id>/submissions/<id:submission_id>/",
        views.submission_review,
        name="submission",
    ),
    path("cohorts/<id:cohort_id>/export/grades.csv", views.export_grades, name="export-grades"),
    path(
        "cohorts/<id:cohort_id>/export/attempts.csv", views.export_attempts, name="export-attempts"
    ),
]
