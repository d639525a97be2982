"""Each person's own time zone: times are shown in it, and due dates an instructor types are read in it.

The browser knows its zone (`Intl.DateTimeFormat().resolvedOptions().timeZone`); static/js/site.js
keeps it in the `tz` cookie. A signed-in learner's zone is kept on their account (Learner.time_zone):
the cookie fills it the first time, and "My progress" changes it. Without JavaScript and without an
account, times stay in UTC, and every time on the site says which zone it is in.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from zoneinfo import ZoneInfo, available_timezones

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from learners.models import Learner
from learners.services import learner_set_time_zone

COOKIE = "tz"
SESSION_KEY = "time_zone"  # the account's zone, remembered for the session (no query per request)


@functools.cache
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def valid_zone(name: str) -> str:
    """The IANA zone name if it is one ("Europe/Paris"), else "" (made-up or tampered values)."""
    name = (name or "").strip()
    return name if name in _zone_names() else ""


def zone_choices() -> list[str]:
    """Every zone a learner can choose, sorted (UTC first)."""
    return ["UTC", *sorted(zone for zone in _zone_names() if zone != "UTC")]


def _account_zone(request: HttpRequest, browser_zone: str) -> str:
    """The signed-in user's zone: from the session, else the account (filled from the browser's
    zone the first time), remembered in the session: one query per session, or two when the
    browser's zone arrives after the first page (its script sets the cookie on that page)."""
    cached = request.session.get(SESSION_KEY)
    if cached or (cached == "" and not browser_zone):
        return cached
    learner = Learner.objects.filter(user=request.user).first()
    zone = learner.time_zone if learner else ""
    if learner and not zone and browser_zone:
        learner_set_time_zone(learner=learner, zone=browser_zone)
        zone = browser_zone
    request.session[SESSION_KEY] = zone
    return zone


class TimeZoneMiddleware:
    """Activate the person's zone for the request (after sessions and authentication)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        browser_zone = valid_zone(request.COOKIES.get(COOKIE, ""))
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            zone = _account_zone(request, browser_zone) or browser_zone
        else:
            zone = browser_zone
        if not zone:
            # Nothing to activate, and nothing is active: this middleware is the only code that
            # activates a zone, and it always deactivates what it activated (below).
            return self.get_response(request)
        timezone.activate(ZoneInfo(zone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
