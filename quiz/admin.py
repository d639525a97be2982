"""Admin for questions, quiz runs, answers, drills and drill submissions: for staff fixing data by hand.

Questions and drills are content files: edit the file and run sync_content rather than the row.
"""

from django.contrib import admin

from quiz.models import Attempt, Drill, DrillOverride, DrillSubmission, Question, QuizRun


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


@admin.register(Drill)
class DrillAdmin(admin.ModelAdmin):
    list_display = ["position", "title", "slug", "kind", "rubric_version", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["title", "slug"]
    readonly_fields = ["rubric_version", "updated_at"]


class DrillOverrideInline(admin.TabularInline):
    model = DrillOverride
    extra = 0
    raw_id_fields = ["instructor"]


@admin.register(DrillSubmission)
class DrillSubmissionAdmin(admin.ModelAdmin):
    list_display = ["id", "learner", "drill", "score", "max_score", "is_late", "created_at"]
    list_filter = ["drill", "is_late", "timed"]
    search_fields = ["learner__user__username", "answer"]
    raw_id_fields = ["learner"]
    date_hierarchy = "created_at"
    inlines = [DrillOverrideInline]


@admin.register(DrillOverride)
class DrillOverrideAdmin(admin.ModelAdmin):
    list_display = [
        "submission",
        "criterion_id",
        "from_level",
        "to_level",
        "instructor",
        "created_at",
    ]
    list_filter = ["criterion_id"]
    search_fields = ["comment", "instructor__username"]
    raw_id_fields = ["submission", "instructor"]
