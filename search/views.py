"""The search page: `/search/?q=…`, a full page, or (htmx, as you type) just the results."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from search.backends import SearchUnavailable
from search.query import MAX_QUERY_LENGTH, parse_query
from search.selectors import search_results

TEMPLATE = "search/search.html"


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    query = parse_query(request.GET.get("q", ""))
    status = 400 if query.problem else 200
    problem = query.problem
    try:
        results = search_results(query)
    except SearchUnavailable:
        results, status = [], 503
        problem = "Search is not available on this database. Browse the course instead."
    context = {
        "query": query,
        "results": results,
        "problem": problem,
        "max_length": MAX_QUERY_LENGTH,
    }
    # As-you-type requests get the results only; a history restore needs the whole page.
    partial = request.htmx and not request.htmx.history_restore_request
    response = render(request, f"{TEMPLATE}#live" if partial else TEMPLATE, context, status=status)
    # One URL, two bodies: the browser's cache must not replay the fragment as a page.
    patch_vary_headers(response, ["HX-Request"])
    return response
