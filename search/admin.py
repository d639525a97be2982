"""Search entries are derived from the course by `sync_content`: the admin shows them, read only."""

from django.contrib import admin

from search.models import SearchEntry


@admin.register(SearchEntry)
class SearchEntryAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "context", "url"]
    list_filter = ["kind"]
    search_fields = ["title", "body"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
