"""Finding the learner behind a request without creating one.

Reading pages must not write: a first-time visitor has no learner yet, and that is fine.
"""

from __future__ import annotations

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest

from config.rows import fetch_one
from learners.models import Learner

SESSION_KEY = "learner_id"
REMEMBERED = "_learner_for_request"  # (who asked, the learner or None), on the request


def learner_for_request(request: HttpRequest) -> Learner | None:
    """The request's learner, or None if this visitor has never saved anything (one query, or none).

    Asked on every page a learner sees, so it is one plain SELECT rather than an ORM query, whose
    building costs many times the query (see config/sessions.py for the figures).
    """
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        who, condition, value = "user", "user_id = %s", user.pk
    else:
        learner_id = request.session.get(SESSION_KEY)
        if learner_id is None:
            return None
        who, condition, value = "session", "id = %s AND user_id IS NULL", learner_id
    # Asked more than once by some requests (an answer asks before and while saving it): the answer
    # is remembered on the request for this user or session learner. Signing in, or a learner
    # remembered in the session, changes the key; creating one forgets it (learners/services.py).
    key = (who, value)
    remembered = request.__dict__.get(REMEMBERED)
    if remembered is not None and remembered[0] == key:
        return remembered[1]
    learner = _learner_where(condition, value)
    request.__dict__[REMEMBERED] = (key, learner)
    return learner


def forget_learner_for_request(request: HttpRequest) -> None:
    """After a learner is created for this request, the next `learner_for_request` asks again."""
    request.__dict__.pop(REMEMBERED, None)


# Read with the learner on every page: the token says whether the progress a worker keeps for them
# is still current (lessons/caching.py, `kept_progress`).
_FIELDS = ["id", "user_id", "progress_token"]


def _learner_where(condition: str, value: object) -> Learner | None:
    db = connections[DEFAULT_DB_ALIAS]  # looked up once, not for every attribute as `connection`
    table = db.ops.quote_name(Learner._meta.db_table)
    row = fetch_one(
        f"SELECT {', '.join(_FIELDS)} FROM {table} WHERE {condition} ORDER BY id LIMIT 1", [value]
    )
    # The other fields load if something asks for them.
    return Learner.from_db(db.alias, _FIELDS, row) if row else None


def anonymous_progress_days() -> int:
    """How long an anonymous learner's progress lasts after the last thing they saved, in days."""
    return settings.SESSION_COOKIE_AGE // 86_400
