from django.contrib import admin

from learners.models import Learner


@admin.register(Learner)
class LearnerAdmin(admin.ModelAdmin):
    list_display = ["id", "user", "created_at"]
    search_fields = ["user__username", "user__email"]
    list_filter = [("user", admin.EmptyFieldListFilter)]
