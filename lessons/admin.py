from django.contrib import admin

from lessons.models import ContentVersion, Lesson, LessonRead, ReadingPosition


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ["order", "title", "slug", "minutes", "words", "is_active", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["title", "slug", "summary"]
    # Lessons are content files: edit the file and run sync_content rather than the row.
    readonly_fields = ["content_hash", "source_path", "updated_at"]


@admin.register(LessonRead)
class LessonReadAdmin(admin.ModelAdmin):
    list_display = ["learner", "lesson", "read_at"]
    list_filter = ["lesson"]
    search_fields = ["learner__user__username", "lesson__slug"]
    raw_id_fields = ["learner"]


@admin.register(ContentVersion)
class ContentVersionAdmin(admin.ModelAdmin):
    """Shown, never edited: the database changes the token whenever content rows change."""

    list_display = ["token"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReadingPosition)
class ReadingPositionAdmin(admin.ModelAdmin):
    list_display = ["learner", "lesson", "section", "updated_at"]
    list_filter = ["lesson"]
    search_fields = ["learner__user__username", "lesson__slug", "section"]
    raw_id_fields = ["learner"]
