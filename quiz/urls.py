from django.urls import path

from quiz import views

app_name = "quiz"

urlpatterns = [
    path("lessons/<slug:slug>/quiz/", views.lesson_quiz, name="lesson-quiz"),
    path("lessons/<slug:slug>/quiz/start/", views.quiz_start, name="start"),
    path("quiz/questions/<slug:question_id>/", views.question_page, name="question"),
    path("quiz/questions/<slug:question_id>/answer/", views.question_answer, name="answer"),
]
