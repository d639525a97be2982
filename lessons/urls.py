from django.urls import path

from lessons import views

app_name = "lessons"

urlpatterns = [
    path("<slug:slug>/", views.lesson_detail, name="detail"),
    path("<slug:slug>/read/", views.lesson_read, name="read"),
    path("<slug:slug>/position/", views.lesson_position, name="position"),
]
