"""What is the same for every visitor, worked out once per content version and kept in the process.

A lesson page is mostly the same for everyone: the lesson, its "check yourself" cards, the outline,
the counts. Those change only when the content rows do, and every change to them gives the content a
new version token (lessons/versioning.py: database triggers, whoever writes). So a request reads the
token (one query of one row, the only query that is the same for every visitor) and, while it is the
one this process last saw, uses what the process worked out before; a new token drops all of it.

Kept per process rather than in Django's cache: the cache is a database table, so reading a 60 kB
lesson from it would cost more than the query it saves; and what is kept here is small (the rendered
lessons, a few kilobytes of outline), the same in every worker, and rebuilt in milliseconds.

Rendered HTML kept here cannot hold anything that belongs to one request: the CSRF token (masked
afresh for every response) and each card's submission token are left as slots (`Fragment`) that every
request fills with its own values.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.html import escape

from config.compression import Part, Piece
from config.rows import fetch_one
from learners.models import Learner
from lessons.versioning import TABLE


def content_version() -> str | None:
    """The content's version token (one query), or None when the row is missing (nothing is kept)."""
    row = fetch_one(f"SELECT token FROM {TABLE} WHERE id = 1")
    return row[0] if row else None


class _Kept:
    version: str | None = None
    values: dict = {}
    # Pages per visitor state (read or not, a score): many keys, so bounded, see `kept_per_state`.
    states: dict = {}
    # Reads of each learner's progress, by learner and progress token: bounded too, see
    # `kept_progress`.
    learners: dict = {}


STATES_KEPT = 512
LEARNERS_KEPT = 4096  # reads of a learner's progress: small (a set of slugs, a few scores)


def _current(version: str) -> None:
    if _Kept.version != version:
        _Kept.version, _Kept.values, _Kept.states, _Kept.learners = version, {}, {}, {}


def kept[T](version: str | None, key: tuple, compute: Callable[[], T]) -> T:
    """`compute()`, worked out once per content version in this process."""
    if version is None:
        return compute()
    _current(version)
    try:
        return _Kept.values[key]
    except KeyError:
        value = _Kept.values[key] = compute()
        return value


def _kept_at_most[T](values: dict, bound: int, key: tuple, compute: Callable[[], T]) -> T:
    """`values[key]`, computed if missing; when `bound` values are kept they are all dropped first:
    simpler than an LRU, and each is rebuilt as it is asked for."""
    try:
        return values[key]
    except KeyError:
        if len(values) >= bound:
            values.clear()
        value = values[key] = compute()
        return value


def kept_per_state[T](version: str | None, key: tuple, compute: Callable[[], T]) -> T:
    """As `kept`, for values that differ by visitor state; at most STATES_KEPT are kept (a page
    shell is rebuilt in about a millisecond)."""
    if version is None:
        return compute()
    _current(version)
    return _kept_at_most(_Kept.states, STATES_KEPT, key, compute)


def kept_progress[T](
    version: str | None, learner: Learner | None, read: Callable[[Learner | None], T]
) -> T:
    """`read(learner)`, a read of the learner's progress, done again only after that progress changed.

    The lesson pages and the course home show a learner's progress: the lessons they marked read
    and their place in each (lessons.selectors.reading_record), their best quiz scores, the lab
    exercises they solved. Reading it takes three queries, about 40 µs of a lesson page and 70 µs of
    the course home (measured in process by taking them away), yet it changes only when the learner
    does something. Every such change gives the learner a new progress token, written by database
    triggers whoever writes (learners/versioning.py), and the token is read with the learner on
    every request anyway (learners/selectors.py). So this worker keeps each read by the learner and
    their token, and per content version too (a resume point names a lesson's title and heading).

    Never older than its token: the token was read before, so the read sees at least the changes
    the token stands for. The value is shared by this worker's requests: a dict comes back
    read-only, and nothing else returned may be changed either. At most LEARNERS_KEPT are kept.
    """
    if learner is None:
        return read(None)
    if version is None:
        return read(learner)
    _current(version)

    def shared_read() -> T:
        value = read(learner)
        return MappingProxyType(value) if isinstance(value, dict) else value

    key = (read.__module__, read.__qualname__, learner.pk, learner.progress_token)
    return _kept_at_most(_Kept.learners, LEARNERS_KEPT, key, shared_read)


def forget_kept() -> None:
    """Drop everything kept (tests start from nothing, as a new worker does)."""
    _Kept.version, _Kept.values, _Kept.states, _Kept.learners = None, {}, {}, {}


# --- slots for per-request values in kept HTML -------------------------------------------------------

# Random per process, so no lesson text can contain a slot by accident or on purpose.
_MARK = f"slot{secrets.token_hex(8)}"
CSRF_SLOT = f"{_MARK}csrf"  # the request's masked CSRF token
NONCE_SLOT = f"{_MARK}nonce"  # the request's CSP nonce
SUBMISSION_SLOT = f"{_MARK}submission"  # a fresh submission token, one per card
USERNAME_SLOT = f"{_MARK}username"  # the signed-in user's name (escaped when filled)
CONTENT_SLOT = f"{_MARK}content"  # a nested Fragment (a lesson's shared content)
RESUME_SLOT = f"{_MARK}resume"  # the learner's "Continue at ..." link (rendered HTML) or ""
_SLOT_RE = re.compile(f"({_MARK}(?:csrf|nonce|submission|username|content|resume))")


@dataclass(frozen=True)
class ShownUser:
    """What a page shell shows of the visitor: signed in or not; the name is a slot."""

    is_authenticated: bool

    def get_username(self) -> str:
        return USERNAME_SLOT


@dataclass(frozen=True)
class Fragment:
    """Rendered HTML with slots for what belongs to one request (tokens, nonce, user name).

    The text around the slots is kept encoded (UTF-8, as pages are sent) and compressed
    (config/compression.py), so a request encodes and compresses only its own few values rather
    than the whole 60 kB page again.
    """

    pieces: tuple[Piece, ...]  # the text around the slots: one more piece than slots
    slots: tuple[str, ...]

    @classmethod
    def from_html(cls, html: str) -> Fragment:
        split = _SLOT_RE.split(html)
        return cls(tuple(Piece.of(piece.encode()) for piece in split[0::2]), tuple(split[1::2]))

    def fill(
        self,
        *,
        csrf_token: str,
        nonce: str = "",
        username: str = "",
        content: Fragment | None = None,
        resume: str = "",
    ) -> list[Part]:
        """The page's parts in order: kept pieces, and this request's value in every slot.

        Our templates rendered every piece (escaping what is not ours); slots hold our values.
        `PiecedResponse(parts)` sends them, compressed or not.
        """
        values = {
            CSRF_SLOT: csrf_token.encode(),
            NONCE_SLOT: nonce.encode(),
            USERNAME_SLOT: escape(username).encode(),
            RESUME_SLOT: resume.encode(),  # rendered by our template, its values escaped there
        }
        out: list[Part] = [self.pieces[0]]
        for slot, piece in zip(self.slots, self.pieces[1:], strict=True):
            if slot == SUBMISSION_SLOT:
                out.append(str(uuid.uuid4()).encode())
            elif slot == CONTENT_SLOT:
                out += content.fill(
                    csrf_token=csrf_token, nonce=nonce, username=username, resume=resume
                )
            else:
                out.append(values[slot])
            out.append(piece)
        return out


def page_csrf_token(request: HttpRequest) -> str:
    """The masked CSRF token for a kept page, without sending a visitor's cookie back to them.

    Django's `get_token` has the cookie sent again with every response that uses it, to push its
    expiry a year on (CSRF_COOKIE_AGE): a Set-Cookie header that cost about 40 µs (measured by taking
    it away) on the pages learners load most. A visitor who holds the cookie keeps it as it is here;
    the other pages with forms still renew it, and a visitor without one (or with a malformed one)
    gets a new cookie as before.
    """
    had_cookie = "CSRF_COOKIE" in request.META
    send_cookie = request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False)
    token = get_token(request)
    if had_cookie:
        request.META["CSRF_COOKIE_NEEDS_UPDATE"] = send_cookie
    return token


def request_nonce(request: HttpRequest) -> str:
    """The request's CSP nonce (made now if nothing asked for it yet), or "" without CSP."""
    nonce = get_nonce(request)
    return str(nonce) if nonce is not None else ""


def page_shell(
    template_name: str, request: HttpRequest, context: dict, user: ShownUser
) -> Fragment:
    """A page rendered with slots where the request's own values go, to be kept and filled.

    The template sees the request (for the URL it answers), but every value that belongs to the
    visitor comes from `context` or is a slot: the CSRF token, the CSP nonce, the user's name.
    """
    slots = {"csrf_token": CSRF_SLOT, "csp_nonce": NONCE_SLOT, "user": user}
    return Fragment.from_html(render_to_string(template_name, {**context, **slots}, request))


# --- conditional GET ---------------------------------------------------------------------------------


def _release_digest() -> str:
    """What else shapes a page besides the content and the visitor: the templates and the code."""
    digest = hashlib.blake2b(digest_size=16)
    root = Path(settings.BASE_DIR)
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"  # hashed static names
    files = sorted(
        path
        for pattern in ("templates/**/*.html", "*/*.py", "*/templatetags/*.py")
        for path in root.glob(pattern)
        if ".venv" not in path.parts
    )
    for path in [*files, manifest]:
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


_release: list[str] = []


def release_digest() -> str:
    """Worked out once per process: a deploy restarts the workers."""
    if not _release:
        _release.append(_release_digest())
    return _release[0]


def visitor_etag(request: HttpRequest, parts: Iterable[object]) -> str | None:
    """An ETag for everything a page shows this visitor, or None when it cannot be reused.

    `parts` must name everything the page depends on besides the release and the visitor's CSRF
    secret (the content version, the learner's progress, the signed-in user). The CSRF secret is in
    because a reused page carries tokens masked from it: when the cookie changes (a sign-in rotates
    it), the old page's forms would be refused. A visitor without a CSRF cookie gets a new one with
    this response, so nothing they hold can be reused.
    """
    csrf_secret = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if not csrf_secret:
        return None
    digest = hashlib.blake2b(
        repr((release_digest(), csrf_secret, *parts)).encode(),
        digest_size=16,
        key=settings.SECRET_KEY.encode()[:64],  # the CSRF secret must not be guessable from the tag
    )
    return f'"{digest.hexdigest()}"'


def private_revalidated(response: HttpResponse, etag: str | None) -> HttpResponse:
    """Only the visitor's browser may keep the page, and must ask before showing it again."""
    if etag:
        response.headers["ETag"] = etag
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ("Cookie",))
    return response


def not_modified(request: HttpRequest, etag: str | None) -> HttpResponse | None:
    """A 304 when the visitor already holds this very page (If-None-Match), else None."""
    if etag is None:
        return None
    response = get_conditional_response(request, etag=etag)
    return private_revalidated(response, etag) if response is not None else None
