"""Reads for the search page: what a query finds, ready to show."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search import backends
from search.models import SearchEntry
from search.query import ParsedQuery


@dataclass(frozen=True)
class Result:
    kind: str
    kind_label: str
    title: str
    context: str
    url: str
    section_url: str
    snippet: SafeString


def highlighted(snippet: str) -> SafeString:
    """The snippet escaped, with the engine's match markers turned into <mark>."""
    text = escape(snippet).replace(backends.START, "<mark>").replace(backends.STOP, "</mark>")
    # Escaped just above: only our own <mark> tags remain.
    return mark_safe(text)


def search_results(query: ParsedQuery) -> list[Result]:
    """The entries matching every term, best first (two queries: the match, then the rows)."""
    if not query.is_searchable:
        return []
    hits = backends.matching_entries(query.terms)
    entries = SearchEntry.objects.in_bulk([hit.entry_id for hit in hits])
    return [
        Result(
            kind=entry.kind,
            kind_label=entry.get_kind_display(),
            title=entry.title,
            context=entry.context,
            url=entry.url,
            section_url=entry.section_url,
            snippet=highlighted(hit.snippet),
        )
        for hit in hits
        if (entry := entries.get(hit.entry_id)) is not None
    ]
