"""Database triggers that give the course content a version token (lessons.models.ContentVersion).

Pages kept per content version (lessons/caching.py) must never outlive the rows they were made from.
Rather than trusting every writer to say "I changed the content" (sync_content, the admin, an import,
a test that makes rows), the database says it: after any insert, update or delete on a content table
a trigger writes a new random token into the one ContentVersion row, in the same transaction. A
random token, not a counter: a rolled-back transaction cannot bring an old number back to mean
different rows.

Used from migrations (lessons 0002 for lessons_lesson, quiz 0005 for quiz_question), so what this
module writes must stay valid SQL for SQLite and PostgreSQL, the two databases the site supports.
"""

from __future__ import annotations

from config.triggers import RANDOM_TOKEN, execute_for_vendor

TABLE = "lessons_contentversion"
FUNCTION = "lessons_content_changed"


def _sqlite_statements(table: str) -> list[str]:
    upsert = (
        f"INSERT INTO {TABLE} (id, token) VALUES (1, {RANDOM_TOKEN['sqlite']}) "
        "ON CONFLICT (id) DO UPDATE SET token = excluded.token"
    )
    return [
        f"CREATE TRIGGER {table}_{event.lower()}_content AFTER {event} ON {table} "
        f"BEGIN {upsert}; END"
        for event in ("INSERT", "UPDATE", "DELETE")
    ]


def _postgresql_statements(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_content AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
    ]


def version_function_create(apps, schema_editor) -> None:
    """The first token, and on PostgreSQL the function every content table's trigger calls."""
    schema_editor.execute(f"INSERT INTO {TABLE} (id, token) VALUES (1, 'initial')")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"INSERT INTO {TABLE} (id, token) VALUES (1, {RANDOM_TOKEN['postgresql']}) "
            "ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token; "
            "RETURN NULL; END $$"
        )


def version_function_drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


def triggers_create(table: str):
    """A migration step: `table`'s changes give the content a new version token."""

    def create(apps, schema_editor) -> None:
        statements = {
            "sqlite": _sqlite_statements(table),
            "postgresql": _postgresql_statements(table),
        }
        execute_for_vendor(schema_editor, statements, "content-version")

    return create


def triggers_drop(table: str):
    def drop(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "sqlite":
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_{event}_content")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_content ON {table}")

    return drop
