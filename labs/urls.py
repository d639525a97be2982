from django.urls import path

from labs import views

app_name = "labs"

urlpatterns = [
    path("", views.lab_index, name="index"),
    path("<slug:slug>/", views.lab_detail, name="detail"),
    path("<slug:slug>/exercises/<slug:exercise_id>/", views.exercise_check, name="exercise"),
]
