"""Caching headers for URLs that answer both a full page and an htmx fragment.

A browser caches a response under its URL. When htmx fetches the same URL as the page (the quiz's
"Next question" does), the fragment lands in that cache entry, and Back (whenever the back-forward
cache is not used) replays it as the page: an unstyled card. `Vary: HX-Request` keeps the two
apart, as django-htmx's documentation asks. These pages also show one learner's own state, so no
shared cache may keep them (`private`) and the browser checks with us before reusing them
(`no-cache`), while the back-forward cache, which restores the live page, still works.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers


def page_or_fragment(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a view whose URL answers a full page or, for htmx, a fragment of it."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        patch_vary_headers(response, ["HX-Request"])
        patch_cache_control(response, private=True, no_cache=True)
        return response

    return wrapped
