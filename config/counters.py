"""Rate-limit counters: one atomic statement per counted request, shared by every worker.

The counters must be shared: gunicorn runs several worker processes (and a deployment may run
several containers), and a learner's requests land on any of them. A per-process store (local
memory) would give each worker its own count, so the real limit would be the limit times the
workers, and which request is refused would depend on which worker took it. A file-based cache is
shared only by processes on one disk, and its increment is a read followed by a write: two workers
read 5 and both write 6. So the counters stay in the database, which every worker already shares.

They live in the table of Django's database cache (`manage.py createcachetable` makes it; clearing
the cache clears them; its culling may drop them, which only restarts a count), but they are not
written through the cache API. `cache.add` + `cache.incr` on the database cache cost two write
transactions, two `COUNT(*)` over the whole table and three more queries per request, and `incr` is
that same read-then-write, so concurrent requests lost counts. Here a request costs one
`INSERT ... ON CONFLICT DO UPDATE ... RETURNING`: one write, atomic on SQLite and PostgreSQL.
Counter rows are named `counter:...`, a prefix the cache's own keys (`:1:...`) never have, and
hold the count as text.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime

from django.conf import settings
from django.db import connection

PREFIX = "counter:"
# One counted request in this many also deletes the counters whose window has ended.
CLEAN_UP_ONE_IN = 200


def _table() -> str:
    return connection.ops.quote_name(settings.CACHES["default"]["LOCATION"])


def _database_time(moment: float) -> object:
    value = datetime.fromtimestamp(moment, tz=UTC)
    if not settings.USE_TZ:
        value = value.replace(tzinfo=None)
    return connection.ops.adapt_datetimefield_value(value)


def counter_increment(key: str, *, expires_at: float, now: float) -> int:
    """Add one to the counter `key` (a new or expired counter starts at 1) and return its count."""
    table = _table()
    # No transaction around it: one statement is its own, and holds the write lock only while it runs.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, '1', %s) "
            "ON CONFLICT (cache_key) DO UPDATE SET "
            f"value = CASE WHEN {table}.expires < %s THEN '1' "
            f"ELSE CAST(CAST({table}.value AS INTEGER) + 1 AS TEXT) END, "
            "expires = excluded.expires "
            "RETURNING value",
            [PREFIX + key, _database_time(expires_at), _database_time(now)],
        )
        count = int(cursor.fetchone()[0])
        if random.random() < 1 / CLEAN_UP_ONE_IN:
            cursor.execute(
                f"DELETE FROM {table} WHERE cache_key LIKE %s AND expires < %s",
                [PREFIX + "%", _database_time(now)],
            )
    return count


def counter_value(key: str, *, now: float) -> int:
    """The counter's count, 0 when there is none or its window has ended."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT value FROM {_table()} WHERE cache_key = %s AND expires >= %s",
            [PREFIX + key, _database_time(now)],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else 0
