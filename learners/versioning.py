"""Database triggers that give each learner's progress a token (Learner.progress_token).

The lesson pages and the course home show a learner's progress: the lessons they marked read, their
place in each lesson, their best quiz scores, the lab exercises they solved. Reading it takes three
queries on every page a learner opens, yet it changes only when they do something. So each worker
keeps what it read, by the learner and this token (course/progress.py), and the token must change
whenever any of it does.

Rather than trusting every writer to say so (the services, the transfer of anonymous work to an
account, an import, the admin, a test that makes rows), the database says it, as it does for the
content's version (lessons/versioning.py): after any insert, update or delete of a row in the tables
below, a trigger writes a new random token into the learner's row, in the same transaction. When a
row moves from one learner to another, both get one. A random token, not a counter: a rolled-back
transaction cannot bring an old number back to mean different rows.

Used from a migration (learners 0003), so what this module writes must stay valid SQL for SQLite and
PostgreSQL, the two databases the site supports.
"""

from __future__ import annotations

import secrets

LEARNERS = "learners_learner"
FUNCTION = "learners_progress_changed"
# The tables whose rows the course pages show as a learner's progress, each with a learner_id.
PROGRESS_TABLES = (
    "lessons_lessonread",
    "lessons_readingposition",
    "quiz_quizrun",
    "labs_labresult",
)


def new_progress_token() -> str:
    """A learner's first token (the triggers write the later ones)."""
    return secrets.token_hex(16)


def _sqlite_statements(table: str) -> list[str]:
    def renew(learners: str) -> str:
        return (
            f"UPDATE {LEARNERS} SET progress_token = lower(hex(randomblob(16)))"
            f" WHERE id IN ({learners});"
        )

    return [
        f"CREATE TRIGGER {table}_insert_progress AFTER INSERT ON {table} "
        f"BEGIN {renew('NEW.learner_id')} END",
        # A row moved to another learner changes both learners' progress.
        f"CREATE TRIGGER {table}_update_progress AFTER UPDATE ON {table} "
        f"BEGIN {renew('NEW.learner_id, OLD.learner_id')} END",
        f"CREATE TRIGGER {table}_delete_progress AFTER DELETE ON {table} "
        f"BEGIN {renew('OLD.learner_id')} END",
    ]


def _postgresql_statements(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_progress AFTER INSERT OR UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
    ]


def progress_function_create(apps, schema_editor) -> None:
    """On PostgreSQL, the function every progress table's trigger calls."""
    if schema_editor.connection.vendor == "postgresql":
        renew = (
            f"UPDATE {LEARNERS} SET progress_token = md5(random()::text || clock_timestamp()::text)"
        )
        schema_editor.execute(
            f"CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP <> 'INSERT' THEN {renew} WHERE id = OLD.learner_id; END IF; "
            "IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.learner_id <> OLD.learner_id) THEN "
            f"{renew} WHERE id = NEW.learner_id; END IF; "
            "RETURN NULL; END $$"
        )


def progress_function_drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


def triggers_create(apps, schema_editor) -> None:
    """A migration step: every progress table's changes give its learner a new token."""
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = [s for table in PROGRESS_TABLES for s in _sqlite_statements(table)]
    elif vendor == "postgresql":
        statements = [s for table in PROGRESS_TABLES for s in _postgresql_statements(table)]
    else:
        raise NotImplementedError(f"No learner-progress trigger for {vendor} databases.")
    for statement in statements:
        schema_editor.execute(statement)


def triggers_drop(apps, schema_editor) -> None:
    for table in PROGRESS_TABLES:
        if schema_editor.connection.vendor == "sqlite":
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_{event}_progress")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_progress ON {table}")
