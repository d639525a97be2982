from django.urls import path

from course import views as course_views
from lessons import views

app_name = "lessons"

urlpatterns = [
    path("<slug:slug>/", course_views.lesson_detail, name="detail"),
    path("<slug:slug>/read/", views.lesson_read, name="read"),
]
