"""Admin for cohorts, memberships, assignments and extensions."""

from django.contrib import admin

from classroom.models import Assignment, Cohort, Extension, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["learner"]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    raw_id_fields = ["created_by"]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "join_code", "start_date", "end_date", "created_by", "created_at"]
    search_fields = ["name", "join_code", "instructors__username"]
    filter_horizontal = ["instructors"]
    inlines = [MembershipInline, AssignmentInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["cohort", "learner", "joined_at"]
    list_filter = ["cohort"]
    search_fields = ["learner__user__username", "cohort__name"]
    raw_id_fields = ["learner"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["cohort", "kind", "lesson", "drill", "due_at", "created_by"]
    list_filter = ["kind", "cohort"]
    search_fields = ["cohort__name", "lesson__title", "drill__title"]
    date_hierarchy = "due_at"


@admin.register(Extension)
class ExtensionAdmin(admin.ModelAdmin):
    list_display = ["assignment", "learner", "due_at", "granted_by", "granted_at"]
    raw_id_fields = ["learner", "assignment", "granted_by"]
