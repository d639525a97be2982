"""Admin for drills, drill submissions and overrides: for staff fixing data by hand.

Drills are content files: edit the file and run sync_content rather than the row.
"""

from django.contrib import admin

from drills.models import Drill, DrillOverride, DrillSubmission


@admin.register(Drill)
class DrillAdmin(admin.ModelAdmin):
    list_display = ["position", "title", "slug", "kind", "rubric_version", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["title", "slug"]
    readonly_fields = ["rubric_version", "updated_at"]


class DrillOverrideInline(admin.TabularInline):
    model = DrillOverride
    extra = 0
    raw_id_fields = ["cohort", "instructor"]


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
        "cohort",
        "criterion_id",
        "from_level",
        "to_level",
        "instructor",
        "created_at",
    ]
    list_filter = ["criterion_id"]
    search_fields = ["comment", "instructor__username"]
    raw_id_fields = ["submission", "cohort", "instructor"]
