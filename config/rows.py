"""Plain reads and one-row writes for the statements on every page and every answer.

Reads: `fetch_one` and `fetch_all` run a plain statement (written with %s placeholders, as for
Django's cursor) on the database driver's own connection; `insert_row` writes with `fetch_one` too.
Django's cursor wraps every statement in several layers (a cursor wrapper, the debug check, the
execute wrappers, the placeholder conversion): about 5 µs of a 9 µs one-row read here, on
statements that each page runs several of. These keep what matters of it: the health check, the
connection opened if needed, the thread check, refusing to run in a broken transaction, and
database errors raised as Django's. When something watches the queries (DEBUG, a test counting
them, an execute wrapper) they go through Django's cursor instead, so every statement is still seen.

Writes:

`Model.objects.create()` builds its INSERT through the ORM's query compiler, which costs several
times the statement itself: for an answer, a quarter of the whole request (measured in process:
about 0.2 of 0.8 ms). `insert_row` writes the same row: every concrete field prepared as the ORM
prepares it for saving (`pre_save` fills `auto_now_add`, `get_db_prep_save` turns UUIDs, JSON and
dates into what the database takes), one INSERT ... RETURNING the primary key, database errors
raised as Django's (an IntegrityError for a unique constraint). What it skips are the `pre_save` and
`post_save` signals, so it is only for models nothing listens to.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field

_FORMAT_PLACEHOLDER = re.compile(r"(?<!%)%s")  # as Django's SQLite cursor finds them


@cache
def _native(sql: str, vendor: str) -> str:
    """The statement in the driver's own placeholder style: SQLite's "?", psycopg's "%s"."""
    if vendor == "sqlite":
        return _FORMAT_PLACEHOLDER.sub("?", sql).replace("%%", "%")
    return sql


def _run[T](sql: str, params: Sequence, using: str, fetch: str) -> T:
    db: BaseDatabaseWrapper = connections[using]
    if db.queries_logged or db.execute_wrappers:
        with db.cursor() as cursor:
            cursor.execute(sql, params)
            return getattr(cursor, fetch)()
    db.close_if_health_check_failed()
    db.ensure_connection()
    db.validate_thread_sharing()
    db.validate_no_broken_transaction()
    with db.wrap_database_errors:
        cursor = db.connection.cursor()
        try:
            cursor.execute(_native(sql, db.vendor), params)
            return getattr(cursor, fetch)()
        finally:
            cursor.close()


def fetch_one(sql: str, params: Sequence = (), *, using: str = DEFAULT_DB_ALIAS) -> tuple | None:
    """The first row of a plain statement (a SELECT, or an INSERT ... RETURNING), or None."""
    return _run(sql, params, using, "fetchone")


def fetch_all(sql: str, params: Sequence = (), *, using: str = DEFAULT_DB_ALIAS) -> list[tuple]:
    """Every row of a plain SELECT."""
    return _run(sql, params, using, "fetchall")


@cache
def _insert_for(model: type[models.Model], vendor: str) -> tuple[str, list[Field]]:
    """The INSERT statement for `model` on this kind of database, and the fields it fills in order."""
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    statement = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"
        f" RETURNING {quote(meta.pk.column)}"
    )
    return statement, fields


def insert_row[M: models.Model](instance: M) -> M:
    """Insert the unsaved `instance`, set its primary key, and return it."""
    # This thread's connection itself: `django.db.connection` looks it up again for every attribute
    # read, and preparing a row's values reads several.
    db = connections[DEFAULT_DB_ALIAS]
    statement, fields = _insert_for(type(instance), db.vendor)
    values = [field.get_db_prep_save(field.pre_save(instance, add=True), db) for field in fields]
    instance.pk = fetch_one(statement, values)[0]
    instance._state.adding = False
    instance._state.db = db.alias
    return instance
