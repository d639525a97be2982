"""Writes to the search index. `manage.py sync_content` calls `search_index_rebuild` after loading."""

from __future__ import annotations

from django.db import transaction

from search import backends
from search.indexing import course_entries
from search.models import SearchEntry


@transaction.atomic
def search_index_rebuild() -> int:
    """Replace the entries with those of the course as it is now; returns how many there are.

    A full rebuild is simplest and cheap (a few hundred short rows): it cannot leave a retired
    lesson, an edited heading or a removed question behind.
    """
    SearchEntry.objects.all().delete()
    SearchEntry.objects.bulk_create(
        SearchEntry(
            kind=entry.kind,
            title=entry.title[:300],
            heading="" if entry.kind == SearchEntry.Kind.QUESTION else entry.title[:300],
            context=entry.context[:300],
            url=entry.url,
            section_url=entry.section_url,
            body=entry.body,
            position=position,
        )
        for position, entry in enumerate(course_entries())
    )
    backends.index_rebuild()
    return SearchEntry.objects.count()
