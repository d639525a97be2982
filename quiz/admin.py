"""Admin for questions, quiz runs and answers: for staff fixing data by hand.

Questions are content files: edit the file and run sync_content rather than the row.
"""

from django.contrib import admin

from quiz.models import Attempt, Question, QuizRun


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["question_id", "lesson", "type", "version", "is_active", "updated_at"]
    list_filter = ["type", "is_active", "lesson"]
    search_fields = ["question_id", "anchor"]
    readonly_fields = ["content_hash", "version", "updated_at"]


@admin.register(QuizRun)
class QuizRunAdmin(admin.ModelAdmin):
    list_display = ["id", "learner", "lesson", "score", "max_score", "started_at", "finished_at"]
    list_filter = ["lesson", ("finished_at", admin.EmptyFieldListFilter)]
    search_fields = ["learner__user__username"]
    raw_id_fields = ["learner"]
    date_hierarchy = "started_at"


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "learner",
        "question",
        "question_version",
        "is_correct",
        "run",
        "created_at",
    ]
    list_filter = ["is_correct", "question__lesson"]
    search_fields = ["learner__user__username", "question__question_id"]
    raw_id_fields = ["learner", "run", "question"]
    date_hierarchy = "created_at"
