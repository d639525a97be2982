"""No input gets a 5xx: every URL pattern and every form field of the site, with malformed values.

For each role (anonymous, learner, instructor, staff) the test walks every pattern of the URLconf
(read from the resolver, so a new page is covered without editing this file). Path parameters get
real values (a cohort, a member, a submission, a lesson...) and malformed ones (unknown, zero, past
the database's range, 40 digits, unicode digits, NUL, very long). Each real page is fetched with and
without htmx, with malformed query strings, and with wrong methods; then every form found on it is
sent back with each field in turn replaced by a malformed value (wrong types, unicode digits, huge
numbers, NUL and control characters, 1 MB strings, repeated fields). Any 5xx fails the test with
the request that caused it and the exception raised.

The Django admin's URLs are walked too (paths, methods, query strings); its forms are Django's own
and are not fuzzed field by field. Rate limits are lifted so that every request reaches the code
that checks its input. Runs on SQLite, and on PostgreSQL in `make test-postgres` (where NUL bytes
and out-of-range numbers used to reach the database).
"""

from __future__ import annotations

import html
import re
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.signals import got_request_exception
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern
from django.utils import timezone
from django.utils.regex_helper import normalize

from classroom import services as classroom_services
from classroom.permissions import instructor_group
from drills.models import Drill
from drills.services import drill_grade
from learners.models import Learner
from quiz.models import Question, QuizRun
from tests.conftest import sync_real_course

# Committed requests, as in production: a request that breaks its transaction cannot hide the
# next one's answer behind the test's own transaction.
pytestmark = pytest.mark.django_db(transaction=True)

ROLES = ["anonymous", "learner", "instructor", "staff"]
HTMX = {"HX-Request": "true"}
MEGABYTE = "x" * 1_000_000
# Values any field might receive from a hostile or broken client.
MALFORMED = [
    "",
    "²",
    "٣٤",
    "9" * 5000,
    str(2**64),
    "-1",
    "1.5e308",
    "\x00",
    "a\x00b\x07c",
    "true",
]
# Values for path segments of each converter, after the real ones.
MALFORMED_SEGMENTS = {
    "id": ["0", "9" * 19, str(2**63 - 1), "1" * 40],
    "int": ["0", "9" * 19, "1" * 40],
    "slug": ["no-such-thing", "a" * 300],
    "str": ["%C2%B2", "%00", "x" * 3000, "AAAA-BBBB-CCCC"],
    "path": ["9" * 40, "%00", "abc", "1/2"],
}
QUERY_KEYS = ["submission", "lesson", "sort", "show", "next", "q", "p", "o", "page", "all"]
QUERY_VALUES = ["²", "9" * 5000, "\x00", str(2**64)]
WRONG_METHODS = ["put", "patch", "delete", "options", "head"]
# The admin's pages are Django's and slower to render: fewer variations of each.
ADMIN_QUERY_VALUES = ["9" * 5000, "\x00"]
ADMIN_WRONG_METHODS = ["put", "head"]


@dataclass
class Findings:
    """Every 5xx answer, with the exception behind it; and how many requests were sent."""

    failures: list[str] = field(default_factory=list)
    requests: int = 0
    forms: list[str] = field(default_factory=list)

    last_exception: list[str] = field(default_factory=list)

    def record(self, what: str, status: int) -> None:
        self.requests += 1

        if status >= 500:
            reason = self.last_exception[-1] if self.last_exception else "no exception"
            self.failures.append(f"{status} {what[:300]!r}: {reason}")
        self.last_exception.clear()


@dataclass
class World:
    users: dict[str, User | None]
    values: dict[str, list[str]]  # real values per path parameter name


def build_world() -> World:
    """A course with a class: an instructor, a member with a quiz run and a drill answer, staff."""
    sync_real_course()
    password = "a-long-fuzz-password-42"
    teacher = User.objects.create_user("teacher", password=password)
    teacher.groups.add(instructor_group())
    member = User.objects.create_user("member", password=password)
    staff = User.objects.create_user("staffer", password=password, is_staff=True, is_superuser=True)
    learner = Learner.objects.create(user=member)
    cohort = classroom_services.cohort_create(name="Fuzzed class", instructor=teacher)
    classroom_services.cohort_join(cohort=cohort, learner=learner)
    drill = Drill.objects.get(slug="containerize-service")
    classroom_services.assignment_create(
        cohort=cohort,
        kind="drill",
        drill=drill,
        due_at=timezone.now() + timedelta(days=3),
        created_by=teacher,
    )
    submission = drill_grade(
        learner=learner,
        drill=drill,
        answer="Run it as a non-root user, with a multi-stage build.",
        submission_token=uuid.uuid4(),
    )
    member_client = Client()
    member_client.force_login(member)
    member_client.post("/lessons/networking/quiz/start/")
    run = QuizRun.objects.get(learner=learner)
    return World(
        users={"anonymous": None, "learner": member, "instructor": teacher, "staff": staff},
        values={
            "cohort_id": [str(cohort.pk)],
            "learner_id": [str(learner.pk)],
            "submission_id": [str(submission.pk)],
            "slug": ["networking", "containerize-service", "dockerfile-node"],
            # One question of each type, the first in the member's quiz run.
            "question_id": [run.question_order[0], *one_question_per_type()],
            "code": [cohort.join_code],
            "object_id": ["1"],
            "content_type_id": ["1"],
            "uidb64": ["MQ"],
            "token": ["set-password"],
            "app_label": sorted({model._meta.app_label for model in admin.site._registry}),
        },
    )


def one_question_per_type() -> list[str]:
    firsts = {}
    for question in Question.objects.filter(is_active=True).order_by("question_id"):
        firsts.setdefault(question.type, question.question_id)
    return sorted(firsts.values())


def routes(patterns=None, prefix: str = "") -> Iterator[tuple[str, dict[str, str]]]:
    """Every URL pattern as a %-format string (Django's own normalisation) and its converters."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + pattern.pattern.regex.pattern)
        elif isinstance(pattern, URLPattern):
            regex = prefix + pattern.pattern.regex.pattern
            converters = getattr(pattern.pattern, "converters", {})
            kinds = {name: _converter_kind(converter) for name, converter in converters.items()}
            if isinstance(pattern.pattern, RegexPattern):
                kinds = dict.fromkeys(pattern.pattern.regex.groupindex, "regex")
            for template, names in normalize(regex.replace("^", "").replace(r"\Z", "")):
                yield template, {name: kinds.get(name, "str") for name in names}


def _converter_kind(converter) -> str:
    for kind in ("id", "int", "slug", "path", "str"):
        if type(converter).__name__.lower().startswith(kind):
            return kind
    return "str"


def paths_for(template: str, params: dict[str, str], world: World) -> Iterator[tuple[str, bool]]:
    """(path, is_real) for a pattern: real values first, then each parameter malformed in turn."""
    real = {name: (world.values.get(name) or ["1"])[0] for name in params}
    if "%(" not in template:
        yield "/" + template, True
        return
    for name in params:
        for value in world.values.get(name, [])[1:]:
            yield "/" + template % {**real, name: value}, True
    yield "/" + template % real, True
    for name, kind in params.items():
        for value in MALFORMED_SEGMENTS.get(kind, []):
            yield "/" + template % {**real, name: value}, False


FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.DOTALL)
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
FIELD = re.compile(r"<(input|textarea|select)\b([^>]*)>", re.DOTALL)


def forms_in(page: str, page_path: str) -> list[tuple[str, dict[str, str]]]:
    """(action, fields) of each POST form on a page, with the values the page gave them."""
    found = []
    for attributes, body in FORM.findall(page):
        attrs = dict(ATTRIBUTE.findall(attributes))
        if attrs.get("method", "get").lower() != "post":
            continue
        fields: dict[str, str] = {}
        for tag, field_attributes in FIELD.findall(body):
            field_attrs = dict(ATTRIBUTE.findall(field_attributes))
            name = field_attrs.get("name")
            if not name or name == "csrfmiddlewaretoken" or name in fields:
                continue
            fields[name] = html.unescape(field_attrs.get("value", "")) if tag == "input" else "1"
        found.append((html.unescape(attrs.get("action") or page_path), fields))
    return found


def client_for(world: World, role: str) -> Client:
    client = Client(raise_request_exception=False)
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


def fuzz_as(role: str, world: World, findings: Findings, seen_forms: set[tuple]) -> None:
    """Walk every URL as `role`; fuzz each form no earlier role has fuzzed."""

    def on_exception(sender, request, **kwargs):
        error = sys.exc_info()[1]
        findings.last_exception.append(f"{type(error).__name__}: {str(error)[:200]}")

    got_request_exception.connect(on_exception)
    client = client_for(world, role)
    try:
        for template, params in routes():
            is_admin = template.startswith("admin/")
            for path, real in paths_for(template, params, world):
                if is_admin and role != "staff" and not real:
                    continue  # everything in the admin sends them to its login page
                response = client.get(path)
                findings.record(f"GET {path}", response.status_code)
                if is_admin and role != "staff":
                    continue
                if not is_admin:
                    findings.record(f"GET {path} htmx", client.get(path, headers=HTMX).status_code)
                    findings.record(f"POST {path} empty", client.post(path).status_code)
                if not real:
                    continue
                for method in ADMIN_WRONG_METHODS if is_admin else WRONG_METHODS:
                    findings.record(
                        f"{method.upper()} {path}", getattr(client, method)(path).status_code
                    )
                for value in ADMIN_QUERY_VALUES if is_admin else QUERY_VALUES:
                    query = urlencode(dict.fromkeys(QUERY_KEYS, value))
                    findings.record(
                        f"GET {path}?{query}", client.get(f"{path}?{query}").status_code
                    )
                if is_admin or response.status_code != 200:
                    continue
                page = response.content.decode(errors="replace")
                for action, fields in forms_in(page, path):
                    key = (re.sub(r"\d+", "N", action), tuple(sorted(fields)))
                    if key in seen_forms or action.startswith("/accounts/logout"):
                        continue
                    seen_forms.add(key)
                    findings.forms.append(f"{role}: {action} ({', '.join(fields)})")
                    fuzz_form(client, action, fields, findings)
            if "logout" in template:  # the requests above signed the client out: sign in again
                client = client_for(world, role)
    finally:
        got_request_exception.disconnect(on_exception)


UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def fresh_tokens(fields: dict[str, str]) -> dict[str, str]:
    """The form's values with a new submission token each time: a reused token would only bring
    back the first answer (double submits are stored once), and the values would never be stored."""
    return {
        name: str(uuid.uuid4()) if UUID.match(value) else value for name, value in fields.items()
    }


def fuzz_form(client: Client, action: str, fields: dict[str, str], findings: Findings) -> None:
    """Each field in turn gets every malformed value, a 1 MB string and two values at once."""
    for index, name in enumerate(fields):
        for number, value in enumerate([*MALFORMED, MEGABYTE, ["1", "2"], ["\x00", "²"]]):
            data = {**fresh_tokens(fields), name: value}
            headers = HTMX if (index + number) % 2 else {}
            what = f"POST {action} {name}={str(value)[:40]!r}{' htmx' if headers else ''}"
            findings.record(what, client.post(action, data, headers=headers).status_code)
    findings.record(f"POST {action} no fields", client.post(action, {}).status_code)


NO_LIMITS = {
    scope: {"requests": 1_000_000, "seconds": limit["seconds"]}
    for scope, limit in settings.RATE_LIMITS.items()
}


def test_no_input_gets_a_server_error():
    """Every URL as each role; every form field (each form once, as the first role that reaches it)."""
    started = time.monotonic()
    findings = Findings()
    seen_forms: set[tuple] = set()
    with override_settings(RATE_LIMITS=NO_LIMITS, AXES_ENABLED=False):
        world = build_world()
        for role in ROLES:
            fuzz_as(role, world, findings, seen_forms)
    elapsed = time.monotonic() - started
    print(f"fuzz: {findings.requests} requests in {elapsed:.1f} s, {len(findings.forms)} forms:")
    print("\n".join(findings.forms))
    assert len(findings.forms) >= 20
    assert findings.failures == [], "\n".join(findings.failures[:40])
