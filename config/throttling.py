"""Rate limits: fixed-window counters kept in Django's cache, shared by every gunicorn worker.

A limit is a number of requests per window (settings.RATE_LIMITS). The learner endpoints (answering a
question, grading a drill) count per learner: the signed-in user, else the browser session. A visitor
with no session yet is counted by address with RATE_LIMIT_ADDRESS_FACTOR times the allowance, so a
client that drops its cookies is still bounded while a classroom behind one address is not refused
its first answers. Login and password-reset requests count per address and per account.

A scope may also have a ceiling per address (`<scope>-per-address` in settings.RATE_LIMITS), counted
whatever the cookies: drill grading costs real CPU, and a client that starts a new anonymous session
for every request would otherwise get a fresh allowance each time.

Counting happens before anything is saved: a refused request changes nothing but its counter.

An endpoint that stores one row per accepted request (an answer) can instead count those rows: a
returning learner's allowance is then the rows stored in the last window (a sliding window, one
indexed read) rather than a counter written on every request. Only accepted requests count, so a
refused or invalid request writes nothing at all; that is what the limit protects.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from config.counters import counter_increment, counter_value

SLOW_DOWN = "You are going faster than we can keep up with."


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window ends and the count starts again
    # True when the ceiling for the whole address was reached, not this learner's own allowance.
    by_address: bool = False

    @property
    def wait(self) -> str:
        """When to try again, in words: "in 40 seconds", "in about 15 minutes"."""
        if self.retry_after < 90:
            return f"in {self.retry_after} second{'s' if self.retry_after != 1 else ''}"
        return f"in about {math.ceil(self.retry_after / 60)} minutes"


def client_address(request: HttpRequest) -> str:
    """The client's IP address, believing X-Forwarded-For only as far as DJANGO_TRUSTED_PROXIES says.

    Each trusted proxy appends the address it was reached from, so the client is the entry that many
    places from the right; anything to its left was written by the client and proves nothing.
    """
    hops = settings.TRUSTED_PROXIES
    if hops:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def now() -> float:
    """The clock the windows are cut from (a seam for tests; the cache keeps its own time)."""
    return time.time()


def _key(scope: str, identity: str, seconds: int, moment: float) -> str:
    # Hashed: identities can be e-mail addresses, which should not sit in the cache in clear,
    # and cache keys must stay short and free of spaces.
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}:{int(moment // seconds)}"


def _retry_after(seconds: int, moment: float) -> int:
    return max(1, math.ceil((int(moment // seconds) + 1) * seconds - moment))


def rate_limit_hit(scope: str, identity: str, *, requests: int, seconds: int) -> Verdict:
    """Count one request for `identity` and say whether it is within `requests` per `seconds`."""
    moment = now()
    key = _key(scope, identity, seconds, moment)
    # One atomic write shared by every worker (config/counters.py says why not the cache API).
    real_now = time.time()
    count = counter_increment(key, expires_at=real_now + seconds + 1, now=real_now)
    return Verdict(count <= requests, _retry_after(seconds, moment))


def rate_limit_peek(scope: str, identity: str, *, requests: int, seconds: int) -> Verdict:
    """Whether `identity` still has room in the current window, without counting anything."""
    moment = now()
    count = counter_value(_key(scope, identity, seconds, moment), now=time.time())
    return Verdict(count < requests, _retry_after(seconds, moment))


def limit_for(scope: str) -> dict[str, int]:
    return settings.RATE_LIMITS[scope]


# When the n-th most recent row counted by a limit was stored, if it was stored less than `seconds`
# ago; None otherwise (fewer than n rows in the window). Called as stored_at(n, seconds).
StoredAt = Callable[[int, int], datetime | None]


def stored_rate_limit(*, requests: int, seconds: int, stored_at: StoredAt) -> Verdict:
    """Whether one more row fits: fewer than `requests` rows stored in the last `seconds`.

    A sliding window over rows stored anyway: when refused, the wait is until the oldest row of the
    full allowance is `seconds` old.
    """
    if requests <= 0:
        return Verdict(False, seconds)
    oldest = stored_at(requests, seconds)
    if oldest is None:
        return Verdict(True, seconds)
    wait = (oldest + timedelta(seconds=seconds) - timezone.now()).total_seconds()
    return Verdict(wait <= 0, max(1, math.ceil(wait)))


def learner_rate_limit_hit(
    request: HttpRequest, scope: str, *, stored_at: StoredAt | None = None
) -> Verdict:
    """Count one request on a learner endpoint (`answer`, `drill-grade`) for whoever is learning.

    `stored_at`, given when the learner already exists and the endpoint stores one row per accepted
    request, counts the learner's rows instead of writing a counter (see the module's docstring).
    """
    limit = limit_for(scope)
    requests = limit["requests"]
    if stored_at is not None:
        verdict = stored_rate_limit(
            requests=requests, seconds=limit["seconds"], stored_at=stored_at
        )
    else:
        user = getattr(request, "user", None)
        session_key = request.session.session_key if hasattr(request, "session") else None
        if user is not None and user.is_authenticated:
            identity = f"user:{user.pk}"
        elif session_key:
            identity = f"session:{session_key}"
        else:
            identity = f"address:{client_address(request)}"
            requests *= settings.RATE_LIMIT_ADDRESS_FACTOR
        verdict = rate_limit_hit(scope, identity, requests=requests, seconds=limit["seconds"])
    ceiling = settings.RATE_LIMITS.get(f"{scope}-per-address")
    if ceiling is None:
        return verdict
    address = rate_limit_hit(f"{scope}-per-address", client_address(request), **ceiling)
    if not address.allowed and (verdict.allowed or address.retry_after > verdict.retry_after):
        return Verdict(False, address.retry_after, by_address=True)
    return verdict


def with_retry_after(response: HttpResponse, verdict: Verdict) -> HttpResponse:
    response["Retry-After"] = str(verdict.retry_after)
    return response


def too_many_requests(request: HttpRequest, verdict: Verdict, message: str) -> HttpResponse:
    """The full 429 page: what happened, and when to try again."""
    response = render(request, "429.html", {"message": message, "wait": verdict.wait}, status=429)
    return with_retry_after(response, verdict)
