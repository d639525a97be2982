from django.contrib import admin

from labs.models import LabResult


@admin.register(LabResult)
class LabResultAdmin(admin.ModelAdmin):
    list_display = [
        "learner",
        "lab_slug",
        "exercise_id",
        "last_solved",
        "solved_at",
        "attempted_at",
    ]
    list_filter = ["lab_slug", "last_solved"]
    search_fields = ["learner__user__username", "lab_slug", "exercise_id"]
    raw_id_fields = ["learner"]
